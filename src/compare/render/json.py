"""JSON rendering: the envelope every JSON output shares, and JSON Lines."""

from __future__ import annotations

import codecs
import json
import os
import re
from json.encoder import encode_basestring as _STR
from typing import IO, Any, Callable, Sequence

import orjson

from . import View
from .safe import json_safe, json_safe_utf8

# Indented as json.dumps(indent=2); dict keys that are not strings written as json.dumps writes them; dataclasses,
# dates and subclasses of str, int, dict and list left to the walk (json.dumps refuses the first two, and writes
# a subclass by its base's text, not by its own __str__ or __repr__)
_ORJSON_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
                   | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS)

SCHEMA_VERSION = 2
_INF = float("inf")


def envelope(command: str, documents: Sequence[Any], body: dict[str, Any]) -> dict[str, Any]:
    """Wrap a command's JSON body with the fields every output carries (see docs/json.md):
    ``schema_version``, ``command``, ``tool``, ``segmenter`` and ``documents``."""
    from .. import __version__
    from ..segment import SEGMENTER_NAME, segmenter_version

    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "tool": {"name": "compare", "version": __version__},
        "segmenter": {"name": SEGMENTER_NAME, "version": segmenter_version()},
        "documents": [d.to_dict() for d in documents],
    }
    for key, value in body.items():
        if key not in head:  # the envelope's fields are never overridden by a command's body
            head[key] = value
    return head


def render_json(data: dict[str, Any], file: IO[str]) -> None:
    """One JSON object, indented, UTF-8 characters kept as they are (but C1 controls and bidi overrides written
    as ``\\u`` escapes, see :func:`compare.render.safe.json_safe`: the parsed text is the same).

    The text is exactly ``json_safe(dumps_indented(data)) + "\\n"`` (json_safe maps characters one by one),
    written as it is made, never held whole: a 10 MB report's JSON is hundreds of megabytes. The outer
    containers are walked here, and each inner one (a finding, an aligned pair) is written by orjson, a compiled
    encoder about ten times faster than the walk, unless its text could differ from :func:`dumps_indented`'s
    (see :func:`_orjson_text`), when the walk writes it instead."""
    sink = _Sink(file)
    top = _scalar_text(data)
    if top is not None:
        sink.text(top)
    else:
        _write_indented(data, sink.text, whole=sink.whole, ended=sink.ended)
    sink.text("\n")
    sink.flush()


class _Sink:
    """Where :func:`render_json` puts its pieces: gathered as UTF-8, each made safe (json_safe), and written to
    the file RENDER_BYTES at a time: as bytes to the file's binary buffer when it encodes UTF-8 with no newline
    translation (no decoding and encoding again), else as text."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.pieces: list[bytes] = []
        self.size = 0
        buffer = getattr(file, "buffer", None)
        encoding = getattr(file, "encoding", None) or ""
        self.binary = (buffer is not None and os.linesep == "\n"
                       and codecs.lookup(encoding).name == "utf-8" if encoding else False)
        # what the file does with a lone surrogate (raise, or write it as its escaped byte); text kept in memory
        # (io.StringIO) takes it as it is, and surrogatepass carries it there and back
        self.errors = (getattr(file, "errors", None) or "strict") if self.binary else "surrogatepass"

    def text(self, piece: str) -> None:
        data = json_safe(piece).encode("utf-8", self.errors)
        self.pieces.append(data)
        self.size += len(data)

    def whole(self, o: Any, nl: str) -> bool:
        data = _orjson_text(o, nl)
        if data is None:
            return False
        data = json_safe_utf8(data)
        self.pieces.append(data)
        self.size += len(data)
        return True

    def ended(self) -> None:
        if self.size >= RENDER_BYTES:
            self.flush()

    def flush(self) -> None:
        data = b"".join(self.pieces)
        self.pieces.clear()
        self.size = 0
        if self.binary:
            self.file.flush()
            self.file.buffer.write(data)    # type: ignore[attr-defined]
        else:
            self.file.write(data.decode("utf-8", self.errors))


INDENT = "  "   # two spaces a level, as json.dumps(indent=2)
RENDER_BYTES = 1 << 22   # bytes of JSON text joined and written at once by render_json (no effect on the text)
# render_json walks the containers down to this depth itself (the envelope and its sections), and below it any
# container with more items than OUTER_ITEMS; every other container is written whole by orjson. No effect on the
# text, only on how much of it is held at once (a report's findings are small; a whole section is not).
OUTER_DEPTH = 1
OUTER_ITEMS = 256
# orjson writes a float below 1e-4 (not zero) as "0.0000…" or "…e-N" where Python writes "…e-0N"; a container
# whose text has either is written by the walk instead (no other float, integer or string differs:
# tests/test_render_json.py). Two searches, each led by a literal (a fast scan); one pattern with both
# alternatives reads 15 times slower.
_ORJSON_EXPONENT = re.compile(rb"e-[0-9](?![0-9])")


def _float_text(o: float) -> str:
    """A float as json.dumps writes it, but ``null`` for NaN and the infinities, which JSON lacks (json.dumps
    writes ``NaN``, which jq and most parsers reject; orjson and JavaScript's JSON.stringify write ``null``)."""
    if o != o or o == _INF or o == -_INF:
        return "null"
    return float.__repr__(o)


def _key_text(k: Any) -> str:
    """A dict key as json.dumps writes it: a string as is, a number or constant as its JSON text."""
    if isinstance(k, str):
        return k
    if k is None or isinstance(k, (int, float)):       # bool is an int
        text = _scalar_text(k)
        if text is not None:
            return text
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _scalar_text(o: Any) -> str | None:
    """The JSON text of a string, number, bool or None (subclasses too, as json.dumps reads them); None for a
    container."""
    t = type(o)
    if t is str:
        return _STR(o)
    if t is int:
        return int.__repr__(o)
    if t is float:
        return _float_text(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, str):
        return _STR(o)
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float_text(o)
    if isinstance(o, (list, tuple, dict)):
        return None
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def dumps_indented(data: Any) -> str:
    """Exactly ``json.dumps(data, ensure_ascii=False, indent=2)`` (but ``null`` for a float that is not a
    finite number), about three times faster.

    The standard library writes indented JSON with its pure-Python generator encoder (its C encoder cannot
    indent), which was a sixth of a big report's time. This is the same layout written by one recursive walk,
    strings escaped by the C string encoder.
    """
    top = _scalar_text(data)
    if top is not None:
        return top
    chunks: list[str] = []
    _write_indented(data, chunks.append)
    return "".join(chunks)


def _write_indented(data: Any, put: Callable[[str], Any], *, whole: Callable[[Any, str], bool] | None = None,
                    ended: Callable[[], Any] | None = None) -> None:
    """The text of :func:`dumps_indented` for a container, given to *put* piece by piece; *ended* (if given) is
    called whenever a container ends.

    *whole* (if given) is offered each container below OUTER_DEPTH with at most OUTER_ITEMS items, with the line
    break and indent it starts at; it writes the container itself and says so, or returns False and the
    container is walked here.

    The common value types (str, dict, list, int) are told apart here by their exact type, before the general
    :func:`_scalar_text`, and each string key's text (with its ``": "``) is encoded once per call."""
    enc = _STR
    scalar = _scalar_text
    int_text = int.__repr__
    key_texts: dict[str, str] = {}
    outer = 1 + len(INDENT) * OUTER_DEPTH     # the length of the line break and indent of OUTER_DEPTH

    def container(o: Any, nl: str) -> None:
        if whole is not None and len(nl) > outer and len(o) <= OUTER_ITEMS and whole(o, nl):
            if ended is not None:
                ended()
            return
        inner = nl + INDENT
        if isinstance(o, dict):
            if not o:
                put("{}")
                return
            sep = "{" + inner
            for k, v in o.items():
                if type(k) is str:
                    key = key_texts.get(k)
                    if key is None:
                        key = key_texts[k] = enc(k) + ": "
                else:
                    key = enc(_key_text(k)) + ": "
                t = type(v)
                if t is str:
                    put(sep + key + enc(v))
                elif t is dict or t is list:
                    put(sep + key)
                    container(v, inner)
                elif t is int:
                    put(sep + key + int_text(v))
                else:
                    text = scalar(v)
                    if text is None:
                        put(sep + key)
                        container(v, inner)
                    else:
                        put(sep + key + text)
                sep = "," + inner
            put(nl + "}")
            if ended is not None:
                ended()
            return
        if not o:
            put("[]")
            return
        sep = "[" + inner
        for v in o:
            t = type(v)
            if t is str:
                put(sep + enc(v))
            elif t is dict or t is list:
                put(sep)
                container(v, inner)
            else:
                text = scalar(v)
                if text is None:
                    put(sep)
                    container(v, inner)
                else:
                    put(sep + text)
            sep = "," + inner
        put(nl + "]")
        if ended is not None:
            ended()

    container(data, "\n")


def _orjson_text(o: Any, nl: str) -> bytes | None:
    """The text of :func:`dumps_indented` for container *o* starting at line break and indent *nl*, written by
    orjson; None where it could differ: a value orjson refuses (a lone surrogate, an integer beyond 64 bits, a
    subclass or type it does not know) or a float it writes otherwise (``_ORJSON_EXPONENT``)."""
    try:
        raw = orjson.dumps(o, option=_ORJSON_OPTIONS)
    except TypeError:       # orjson.JSONEncodeError
        return None
    if b"0.0000" in raw or _ORJSON_EXPONENT.search(raw) is not None:
        return None
    return raw.replace(b"\n", nl.encode())


def render_jsonl(view: View, file: IO[str]) -> None:
    """JSON Lines: one object per record of the view's tables (a ``table`` key names the table)."""
    for table in view.tables:
        for rec in table.records:
            file.write(json_safe(json.dumps({"table": table.name, **rec}, ensure_ascii=False)) + "\n")
