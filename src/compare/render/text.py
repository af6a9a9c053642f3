"""Text renderers of a :class:`~compare.render.View`: rich terminal tables, plain text, CSV/TSV, Markdown.

Every one of them shows document text through :func:`compare.render.safe.visible`, so no escape sequence from a
document reaches the terminal; CSV and TSV cells also go through :func:`~compare.render.safe.spreadsheet_safe`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import IO, Any

from . import Cell, Table, View
from .safe import spreadsheet_safe, visible

_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Fold white space (line breaks included) so a cell prints on one line."""
    return _WS.sub(" ", text).strip()


def shown(text: str) -> str:
    """Document text as a human format shows it in a cell or a title: folded onto one line (white space, line
    breaks included, becomes one space), then the remaining control characters visibly escaped."""
    return visible(one_line(text))


def clip(text: str, limit: int | None) -> str:
    """At most ``limit`` characters, cut at a word with "…" (no limit: unchanged)."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + " …"


def render_terminal(view: View, file: IO[str], *, width: int | None = None, color: bool | None = None,
                    max_cell: int | None = None) -> None:
    """Rich tables for a person at a terminal (colour off when ``NO_COLOR`` is set).

    ``color`` forces colour on (for a pager that shows it, ``less -R``) or off; ``None`` lets rich decide.
    ``max_cell`` clips long cells (whole passages) to that many characters.
    """
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=file, width=width, highlight=False, force_terminal=color,
                      no_color=None if color is not False else True)
    for line in view.header:
        console.print(Text(shown(line), style="bold"))
    for table in view.tables:
        console.print()
        if not table.rows:
            console.print(Text(f"{shown(table.title)}: {table.empty}", style="dim"))
            continue
        rt = RichTable(title=Text(shown(table.title), style="bold"), title_justify="left", show_lines=True,
                       expand=False)
        for col in table.columns:
            rt.add_column(Text(shown(col)), overflow="fold")
        for row in table.rows:
            cells = []
            for cell in row:
                t = Text(clip(shown(cell.text), max_cell), style=cell.style or "")
                if cell.highlight:
                    words = [re.escape(shown(w)) for w in cell.highlight if w.strip()]
                    if words:
                        t.highlight_regex(r"(?i)\b(" + "|".join(words) + r")\b", style="bold yellow")
                cells.append(t)
            rt.add_row(*cells)
        console.print(rt)
        if table.more:
            console.print(Text(f"… {table.more} more {table.more_what}; --all shows every row", style="dim"))
    for note in view.notes:
        console.print(Text(shown(note), style="dim"))


def render_plain(view: View, file: IO[str]) -> None:
    """Plain, unwrapped text for pipes: only tables, no prose. Each table is a tab-separated header row and one
    tab-separated line per row (cells folded onto one line). With more than one table, each starts with a
    ``## title`` line and tables are separated by a blank line."""
    out: list[str] = []
    titled = len(view.tables) > 1
    for table in view.tables:
        if titled:
            if out:
                out.append("")
            out.append(f"## {shown(table.title)}")
        out.append("\t".join(shown(c) for c in table.columns))
        for row in table.rows:
            out.append("\t".join(shown(c.text) for c in row))
    if out:
        file.write("\n".join(out) + "\n")


def _flat(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return str(value)


def _delimited_cell(value: Any, keep_layout: bool) -> str:
    """A CSV/TSV cell: numbers as they are; text visibly escaped and guarded against formulas."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return spreadsheet_safe(visible(_flat(value), keep_layout=keep_layout))
    return _flat(value)


def render_delimited(view: View, file: IO[str], *, delimiter: str) -> None:
    """CSV or TSV of the view's records: a first column ``table`` names each row's table (so the columns do not
    change with the number of documents), then the union of all tables' columns.

    CSV quotes cells as RFC 4180 does (tabs and line feeds inside a cell are kept, quoted); TSV has no quoting,
    so a tab or line feed inside a cell is written as ``\\x09``, ``\\x0a``. A carriage return is ``\\x0d`` in both.
    """
    tables = [t for t in view.tables if t.records]
    columns: list[str] = ["table"]
    for t in tables:
        for rec in t.records:
            for key in rec:
                if key not in columns:
                    columns.append(key)
    buf = io.StringIO()
    tsv = delimiter == "\t"
    if not tsv:
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for t in tables:
            for rec in t.records:
                row = {**rec, "table": t.name}
                writer.writerow([_delimited_cell(row.get(c), True) for c in columns])
    else:
        buf.write("\t".join(columns) + "\n")
        for t in tables:
            for rec in t.records:
                row = {**rec, "table": t.name}
                buf.write("\t".join(_delimited_cell(row.get(c), False) for c in columns) + "\n")
    file.write(buf.getvalue())


# Markdown syntax a document could use to plant links, images, HTML or emphasis in rendered notes: a "]" only
# where it would close a link's text ("](" or "]["), an underscore only where it can open or close emphasis
# (not inside a word such as a file name).
_MD_SPECIAL = re.compile(r"([\\`*<>|]|\](?=[(\[])|(?<!\w)_|_(?!\w))")


def _md_text(text: str) -> str:
    """Text safe inside a Markdown table cell: escaped controls, one line, Markdown syntax characters escaped
    (so a document cannot plant links, images or HTML in the rendered notes)."""
    return _MD_SPECIAL.sub(r"\\\1", shown(text))


def _md_cell(cell: Cell) -> str:
    text = _md_text(cell.text)
    for word in sorted({_md_text(w) for w in cell.highlight if w.strip()}, key=len, reverse=True):
        text = re.sub(r"(?i)(?<![\w*])(" + re.escape(word) + r")(?![\w*])", r"**\1**", text)
    return text


def render_markdown(view: View, file: IO[str]) -> None:
    """Markdown for pasting into notes and issues: header lines as a list, each table as a section."""
    out: list[str] = []
    for line in view.header:
        out.append(f"- {_md_text(line)}")
    for table in view.tables:
        out.append("")
        out.append(f"## {_md_text(table.title)}")
        out.append("")
        if not table.rows:
            out.append(f"_{table.empty}_")
            continue
        out.append("| " + " | ".join(_md_text(c) for c in table.columns) + " |")
        out.append("|" + "|".join("---" for _ in table.columns) + "|")
        for row in table.rows:
            out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        if table.more:
            out.append("")
            out.append(f"_… {table.more} more {table.more_what}; --all shows every row_")
    for note in view.notes:
        out.append("")
        out.append(f"_{_md_text(note)}_")
    file.write("\n".join(out).lstrip("\n") + "\n")
