"""Make document text safe to show: no escape sequence reaches a terminal, no cell becomes a spreadsheet formula.

Documents come from the web and from people who may want to break the tool. Every human format (terminal
tables, plain text, TSV, CSV, Markdown) and every message on standard error passes text through
:func:`visible`; CSV and TSV cells also pass through :func:`spreadsheet_safe`. JSON keeps the exact text (its
string escapes already keep control characters out of the byte stream; :func:`json_safe` escapes the few it
leaves raw).

What :func:`visible` escapes, as ``\\xNN`` (or ``\\uNNNN`` above U+00FF):

- C0 control characters U+0000–U+001F (ESC, BEL, backspace, carriage return, …) and DEL U+007F. Tab and line
  feed are layout: they are kept (``keep_layout=True``, for CSV, whose quoting carries them) or escaped too
  (``keep_layout=False``, for TSV, where a raw tab or line break would split a record). A carriage return is
  always escaped: on a terminal it moves back over what was printed. Table, plain and Markdown cells are folded
  onto one line first (all white space, CR and LF included, becomes one space).
- C1 control characters U+0080–U+009F (8-bit CSI, OSC, …).
- Bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069, which can make a line display in a
  different order than it reads (the "Trojan Source" trick).

A backslash is shown as it is: ``\\x1b`` in the output is either an escaped ESC or the four characters a
document wrote; the JSON output tells them apart.
"""

from __future__ import annotations

import re

# The characters escaped, as code point ranges (inclusive). See the module docstring for why each is here.
_C0 = range(0x00, 0x20)
_DEL = 0x7F
_C1 = range(0x80, 0xA0)
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_LAYOUT = (0x09, 0x0A)  # tab, line feed

# The first characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"), and what is put
# before them so the cell stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def _escape(cp: int) -> str:
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}"


def _table(keep_layout: bool) -> dict[int, str]:
    cps = [*_C0, _DEL, *_C1, *_BIDI]
    return {cp: _escape(cp) for cp in cps if not (keep_layout and cp in _LAYOUT)}


_KEEP_LAYOUT = _table(True)
_ESCAPE_ALL = _table(False)
_JSON = {cp: f"\\u{cp:04x}" for cp in (*_C1, *_BIDI, 0x2028, 0x2029)}
_JSON_UNSAFE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in _JSON) + "]")


# The same characters in UTF-8, one pattern per run of leading bytes, each a literal then a class of last bytes
# (tests/test_render_json.py checks they are _JSON's): literal-led patterns are found by a fast scan, where one
# pattern of alternatives, or a class of the characters on decoded text, reads several times slower (372 MB of
# report: 0.55 s against 2.4 s, or 1.8 s on the text).
_JSON_UNSAFE_UTF8 = (
    re.compile(rb"\xc2[\x80-\x9f]"),               # C1 controls U+0080-U+009F
    re.compile(rb"\xe2\x80[\xa8-\xae]"),           # U+2028, U+2029, bidi overrides U+202A-U+202E
    re.compile(rb"\xe2\x81[\xa6-\xa9]"),           # bidi isolates U+2066-U+2069
)


def visible(text: str, *, keep_layout: bool = True) -> str:
    """``text`` with every control character, C1 character and bidi override shown as an escape (``\\x1b``).

    With ``keep_layout`` (the default) tab and line feed are left as they are; without it they are escaped as
    well (``\\x09``, ``\\x0a``). One pass over the text (``str.translate``).
    """
    return text.translate(_KEEP_LAYOUT if keep_layout else _ESCAPE_ALL)


def spreadsheet_safe(cell: str) -> str:
    """A text cell that a spreadsheet will not run as a formula: a leading ``'`` before ``= + - @``, tab or CR.

    Only for text: numbers written by the tool itself (scores, lines, offsets) are not passed here, so a
    negative number stays a number.
    """
    return FORMULA_GUARD + cell if cell.startswith(FORMULA_STARTS) else cell


def json_safe(encoded: str) -> str:
    """JSON text with C1 characters, bidi overrides and U+2028/U+2029 written as ``\\uNNNN`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 characters but leaves these raw; written as escapes they
    decode to exactly the same strings, but cannot act on a terminal that shows the JSON. Outside strings JSON
    text is ASCII, so the replacement only ever touches string contents.
    """
    if _JSON_UNSAFE.search(encoded) is None:       # the usual case: one scan, no copy
        return encoded
    return encoded.translate(_JSON)


def json_safe_utf8(encoded: bytes) -> bytes:
    """:func:`json_safe` on JSON text encoded as UTF-8 (lone surrogates as ``surrogatepass`` writes them)."""
    if all(p.search(encoded) is None for p in _JSON_UNSAFE_UTF8):   # the usual case: no copy
        return encoded
    return json_safe(encoded.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass")
