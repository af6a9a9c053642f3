"""JSON rendering: the envelope every JSON output shares, and JSON Lines."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _STR
from typing import IO, Any, Callable, Sequence

from . import View
from .safe import json_safe

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

    Written to *file* as it is made, RENDER_BATCH pieces at a time, never as one string: a 10 MB report's JSON
    is hundreds of megabytes, and its pieces, their join and the escaped copy were each held whole at once.
    The text is exactly ``json_safe(dumps_indented(data)) + "\\n"`` (json_safe maps characters one by one)."""
    chunks: list[str] = []

    def flush() -> None:
        file.write(json_safe("".join(chunks)))
        chunks.clear()

    top = _scalar_text(data)
    if top is not None:
        chunks.append(top)
    else:
        _write_indented(data, chunks, flush)
    chunks.append("\n")
    flush()


INDENT = "  "   # two spaces a level, as json.dumps(indent=2)
RENDER_BATCH = 1 << 16   # pieces of JSON text joined and written at once by render_json (no effect on the text)


def _float_text(o: float) -> str:
    """A float as json.dumps writes it (``NaN``, ``Infinity``, ``-Infinity`` for the values JSON lacks)."""
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
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
    """Exactly ``json.dumps(data, ensure_ascii=False, indent=2)``, about three times faster.

    The standard library writes indented JSON with its pure-Python generator encoder (its C encoder cannot
    indent), which was a sixth of a big report's time. This is the same layout written by one recursive walk,
    strings escaped by the C string encoder.
    """
    top = _scalar_text(data)
    if top is not None:
        return top
    chunks: list[str] = []
    _write_indented(data, chunks, None)
    return "".join(chunks)


def _write_indented(data: Any, chunks: list[str], flush: Callable[[], Any] | None) -> None:
    """The text of :func:`dumps_indented` for a container, appended to *chunks* piece by piece; *flush* (if
    given) is called whenever a container ends with RENDER_BATCH pieces or more kept.

    The common value types (str, dict, list, int) are told apart here by their exact type, before the general
    :func:`_scalar_text`, and each string key's text (with its ``": "``) is encoded once per call."""
    put = chunks.append
    enc = _STR
    scalar = _scalar_text
    int_text = int.__repr__
    key_texts: dict[str, str] = {}

    def container(o: Any, nl: str) -> None:
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
            if flush is not None and len(chunks) >= RENDER_BATCH:
                flush()
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
        if flush is not None and len(chunks) >= RENDER_BATCH:
            flush()

    container(data, "\n")


def render_jsonl(view: View, file: IO[str]) -> None:
    """JSON Lines: one object per record of the view's tables (a ``table`` key names the table)."""
    for table in view.tables:
        for rec in table.records:
            file.write(json_safe(json.dumps({"table": table.name, **rec}, ensure_ascii=False)) + "\n")
