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


def _lines(span: Any) -> str:
    return f"{span.line}"


def align_view(result: Any) -> View:
    """Aligned passages side by side: A passage | B passage | score | kind, shared words highlighted."""
    view = View()
    docs = result.documents
    for k, (x, y) in enumerate(result.doc_pairs):
        al = result.alignments[k]
        a, b = docs[x], docs[y]
        view.header.append(
            f"{a.label} ↔ {b.label}: {len(al.pairs)} aligned passages ({al.method}); coverage "
            f"{al.coverage[0]:.0%} of {a.label}, {al.coverage[1]:.0%} of {b.label}")
        title = "aligned passages" if len(result.doc_pairs) == 1 else f"{a.label} ↔ {b.label}"
        table = Table(name=f"pairs_{x}_{y}", title=title,
                      columns=["A line", "A passage", "B line", "B passage", "score", "kind"],
                      empty="no passages aligned above the threshold")
        for p in result.shown_pairs(k):
            hl = tuple(p.shared)
            table.rows.append([Cell(_lines(p.a)), Cell(p.a.text, highlight=hl), Cell(_lines(p.b)),
                               Cell(p.b.text, highlight=hl), Cell(f"{p.score:.2f}"), Cell(p.kind)])
            table.records.append({"a_doc": x, "b_doc": y, "a_label": a.label, "b_label": b.label,
                                  "a_line": p.a.line, "a_start": p.a.start, "a_end": p.a.end,
                                  "a_text": " ".join(p.a.text.split()), "b_line": p.b.line, "b_start": p.b.start,
                                  "b_end": p.b.end, "b_text": " ".join(p.b.text.split()),
                                  "score": round(p.score, 4), "kind": p.kind})
        view.tables.append(table)
    return view
