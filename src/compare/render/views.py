"""Views: which columns and rows each command shows. Chooses and formats; computes nothing."""

from __future__ import annotations

from typing import Any

from . import Cell, Table, View


def _kind(p_kind: str, boilerplate: bool) -> str:
    return "boilerplate" if boilerplate else p_kind


def inspect_view(inspection: Any) -> View:
    """Sentences of each document with line numbers, paragraph numbers and kind (text, heading, boilerplate)."""
    view = View()
    for i, doc in enumerate(inspection.documents):
        n_bp = sum(1 for p in doc.paragraphs if p.boilerplate)
        view.header.append(
            f"{doc.label}: {len(doc.text):,} characters, {len(doc.paragraphs)} paragraphs "
            f"({n_bp} boilerplate), {len(doc.sentences)} sentences, {doc.encoding}, {doc.format}")
        table = Table(name=f"sentences_{i}", title=f"{doc.label}: sentences",
                      columns=["#", "line", "para", "kind", "offsets", "sentence"])
        for s in doc.sentences:
            p = doc.paragraphs[s.paragraph]
            kind = _kind(p.kind, s.boilerplate)
            style = "dim" if s.boilerplate else ("bold" if p.kind == "heading" else None)
            table.rows.append([Cell(str(s.index)), Cell(str(s.line)), Cell(str(s.paragraph)), Cell(kind),
                               Cell(f"{s.start}-{s.end}"), Cell(s.norm, style=style)])
            table.records.append({"doc": i, "label": doc.label, "index": s.index, "line": s.line,
                                  "paragraph": s.paragraph, "kind": kind, "start": s.start, "end": s.end,
                                  "text": s.norm})
        view.tables.append(table)
    return view
