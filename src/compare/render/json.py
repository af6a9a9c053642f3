"""JSON rendering: the envelope every JSON output shares, and JSON Lines."""

from __future__ import annotations

import json
from typing import IO, Any, Sequence

from . import View
from .safe import json_safe

SCHEMA_VERSION = 2


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
    as ``\\u`` escapes, see :func:`compare.render.safe.json_safe`: the parsed text is the same)."""
    file.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def render_jsonl(view: View, file: IO[str]) -> None:
    """JSON Lines: one object per record of the view's tables (a ``table`` key names the table)."""
    for table in view.tables:
        for rec in table.records:
            file.write(json_safe(json.dumps({"table": table.name, **rec}, ensure_ascii=False)) + "\n")
