"""Text renderers of a :class:`~compare.render.View`: rich terminal tables, plain text, CSV/TSV, Markdown."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import IO, Any

from . import Cell, Table, View

_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Fold white space (line breaks included) so a cell prints on one line."""
    return _WS.sub(" ", text).strip()


def render_terminal(view: View, file: IO[str], *, width: int | None = None) -> None:
    """Rich tables for a person at a terminal (colour off when ``NO_COLOR`` is set)."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=file, width=width, highlight=False)
    for line in view.header:
        console.print(Text(line, style="bold"))
    for table in view.tables:
        console.print()
        if not table.rows:
            console.print(Text(f"{table.title}: {table.empty}", style="dim"))
            continue
        rt = RichTable(title=table.title, title_justify="left", title_style="bold", show_lines=True,
                       expand=False)
        for col in table.columns:
            rt.add_column(col, overflow="fold")
        for row in table.rows:
            cells = []
            for cell in row:
                t = Text(one_line(cell.text), style=cell.style or "")
                if cell.highlight:
                    words = [re.escape(w) for w in cell.highlight if w]
                    if words:
                        t.highlight_regex(r"(?i)\b(" + "|".join(words) + r")\b", style="bold yellow")
                cells.append(t)
            rt.add_row(*cells)
        console.print(rt)
    for note in view.notes:
        console.print(Text(note, style="dim"))


def render_plain(view: View, file: IO[str]) -> None:
    """Plain, unwrapped text for pipes: header lines, then each table as a title line, a tab-separated header
    row and one tab-separated line per row (cells folded onto one line, tabs replaced by spaces)."""
    out: list[str] = list(view.header)
    for table in view.tables:
        if out:
            out.append("")
        out.append(f"## {table.title}")
        if not table.rows:
            out.append(f"({table.empty})")
            continue
        out.append("\t".join(table.columns))
        for row in table.rows:
            out.append("\t".join(one_line(c.text).replace("\t", " ") for c in row))
    for note in view.notes:
        out.append(note)
    file.write("\n".join(out) + "\n")


def _flat(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return str(value)


def render_delimited(view: View, file: IO[str], *, delimiter: str) -> None:
    """CSV or TSV of the view's records: a first column ``table`` names each row's table (so the columns do not
    change with the number of documents), then the union of all tables' columns."""
    tables = [t for t in view.tables if t.records]
    many = True
    columns: list[str] = ["table"]
    for t in tables:
        for rec in t.records:
            for key in rec:
                if key not in columns:
                    columns.append(key)
    buf = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for t in tables:
            for rec in t.records:
                row = {**rec, "table": t.name} if many else rec
                writer.writerow([_flat(row.get(c)) for c in columns])
    else:
        # TSV: no quoting; tabs and line breaks inside values become spaces
        buf.write("\t".join(columns) + "\n")
        for t in tables:
            for rec in t.records:
                row = {**rec, "table": t.name} if many else rec
                buf.write("\t".join(one_line(_flat(row.get(c))).replace("\t", " ") for c in columns) + "\n")
    file.write(buf.getvalue())


def _md_cell(cell: Cell) -> str:
    text = one_line(cell.text).replace("|", "\\|")
    for word in sorted(set(cell.highlight), key=len, reverse=True):
        if word:
            text = re.sub(r"(?i)\b(" + re.escape(word) + r")\b", r"**\1**", text)
    text = text.replace("****", "")
    return text


def render_markdown(view: View, file: IO[str]) -> None:
    """Markdown for pasting into notes and issues: header lines as a list, each table as a section."""
    out: list[str] = []
    for line in view.header:
        out.append(f"- {line}")
    for table in view.tables:
        out.append("")
        out.append(f"## {table.title}")
        out.append("")
        if not table.rows:
            out.append(f"_{table.empty}_")
            continue
        out.append("| " + " | ".join(table.columns) + " |")
        out.append("|" + "|".join("---" for _ in table.columns) + "|")
        for row in table.rows:
            out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    for note in view.notes:
        out.append("")
        out.append(f"_{note}_")
    file.write("\n".join(out).lstrip("\n") + "\n")
