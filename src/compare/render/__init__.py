"""Stage 7, render: turn a result into terminal tables, plain text, JSON, CSV/TSV or Markdown.

Renderers never compute. A command's result is turned into a :class:`View` (summary lines and tables of
cells) by a function in :mod:`compare.render.views`; JSON comes straight from the result's ``to_dict()``
wrapped in the common envelope (:func:`compare.render.json.envelope`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, words to highlight in it (shared words), and an optional rich style."""

    text: str
    highlight: tuple[str, ...] = ()
    style: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass
class Table:
    """One table of a view. ``records`` are the same rows as plain dicts (for JSON Lines, CSV, TSV).

    ``more`` counts the rows left out by :func:`limit_rows` (``more_what`` names them, e.g. "divergences").
    """

    name: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    empty: str = "nothing to show"
    more: int = 0
    more_what: str = "rows"


@dataclass
class View:
    """What a command shows: summary lines (a header) and tables."""

    header: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def limit_rows(view: View, top: int | None) -> View:
    """The same view with at most ``top`` rows (and records) per table; ``None`` keeps every row.

    Tables whose ``name`` starts with ``summary`` are never cut.
    """
    if top is None:
        return view
    tables = []
    for t in view.tables:
        if t.name.startswith("summary") or len(t.rows) <= top:
            tables.append(t)
            continue
        tables.append(replace(t, rows=t.rows[:top], records=t.records[:top], more=len(t.rows) - top))
    return replace(view, tables=tables)
