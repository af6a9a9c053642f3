"""Views: which columns and rows each command shows. Chooses and formats; computes nothing."""

from __future__ import annotations

from typing import Any

from . import Cell, Table, View

# Widest label shown in a table, a header or a CSV/TSV cell; longer labels keep their start and end around "…".
LABEL_WIDTH = 32


def short_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A label that fits a table column: unchanged if short, else its start and end around a middle "…"
    (JSON keeps the full label and the path)."""
    label = " ".join(label.split())
    if len(label) <= width:
        return label
    keep = width - 1
    head = (keep + 1) // 2
    return label[:head].rstrip() + "…" + label[len(label) - (keep - head):].lstrip()


def _kind(p_kind: str, boilerplate: bool) -> str:
    return "boilerplate" if boilerplate else p_kind


def inspect_view(inspection: Any) -> View:
    """Sentences of each document with line numbers, paragraph numbers and kind (text, heading, boilerplate)."""
    view = View()
    for i, doc in enumerate(inspection.documents):
        label = short_label(doc.label)
        n_bp = sum(1 for p in doc.paragraphs if p.boilerplate)
        view.header.append(
            f"{label}: {len(doc.text):,} characters, {len(doc.paragraphs)} paragraphs "
            f"({n_bp} boilerplate), {len(doc.sentences)} sentences, {doc.encoding}, {doc.format}")
        table = Table(name=f"sentences_{i}", title=f"{label}: sentences",
                      columns=["#", "line", "para", "kind", "offsets", "sentence"])
        for s in doc.sentences:
            p = doc.paragraphs[s.paragraph]
            kind = _kind(p.kind, s.boilerplate)
            style = "dim" if s.boilerplate else ("bold" if p.kind == "heading" else None)
            table.rows.append([Cell(str(s.index)), Cell(str(s.line)), Cell(str(s.paragraph)), Cell(kind),
                               Cell(f"{s.start}-{s.end}"), Cell(s.norm, style=style)])
            table.records.append({"doc": i, "label": label, "index": s.index, "line": s.line,
                                  "paragraph": s.paragraph, "kind": kind, "start": s.start, "end": s.end,
                                  "text": s.norm})
        view.tables.append(table)
    return view


def _n(count: int, singular: str, plural: str | None = None) -> str:
    """'1 divergence', '3 divergences'."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _lines(span: Any) -> str:
    return f"{span.line}"


def align_view(result: Any) -> View:
    """Aligned passages side by side: A passage | B passage | score | kind, shared words highlighted."""
    view = View()
    docs = result.documents
    for k, (x, y) in enumerate(result.doc_pairs):
        al = result.alignments[k]
        la, lb = short_label(docs[x].label), short_label(docs[y].label)
        view.header.append(
            f"{la} ↔ {lb}: {_n(len(al.pairs), 'aligned passage')} ({al.method}); coverage "
            f"{al.coverage[0]:.0%} of {la}, {al.coverage[1]:.0%} of {lb}")
        title = "aligned passages" if len(result.doc_pairs) == 1 else f"{la} ↔ {lb}"
        table = Table(name=f"pairs_{x}_{y}", title=title,
                      columns=["A line", "A passage", "B line", "B passage", "score", "kind"],
                      empty="no passages aligned above the threshold", more_what="aligned passages")
        for p in result.shown_pairs(k):
            hl = tuple(p.shared)
            table.rows.append([Cell(_lines(p.a)), Cell(p.a.text, highlight=hl), Cell(_lines(p.b)),
                               Cell(p.b.text, highlight=hl), Cell(f"{p.score:.2f}"), Cell(p.kind)])
            table.records.append({"a_doc": x, "b_doc": y, "a_label": la, "b_label": lb,
                                  "a_line": p.a.line, "a_start": p.a.start, "a_end": p.a.end,
                                  "a_text": " ".join(p.a.text.split()), "b_line": p.b.line, "b_start": p.b.start,
                                  "b_end": p.b.end, "b_text": " ".join(p.b.text.split()),
                                  "score": round(p.score, 4), "kind": p.kind})
        view.tables.append(table)
    return view


def _evidence_text(ev: list[dict[str, Any]], side: str, same: str | None = None) -> str:
    """One side's evidence: “words” (line N), each named by its slot unless that is ``same`` (the type)."""
    return "; ".join((f"{e['slot']} " if e.get("slot") != same else "")
                     + f"“{' '.join(str(e['text']).split())}” (line {e.get('line', '?')})"
                     for e in ev if e.get("side") == side)


def _words(items: list[dict[str, Any]], side: str) -> tuple[str, ...]:
    return tuple(" ".join(e["text"].split()) for e in items if e["side"] == side)


def _first(items: list[str], n: int) -> str:
    shown = " | ".join(items[:n])
    return shown + (f" | (+{len(items) - n} more)" if len(items) > n else "")


def _hl(h: Any, labels: list[str]) -> str:
    """One highlight of the summary: "[0] line 80 “words” ≠ [1] line 22 “words”"."""
    sign = "≠" if h.label == "divergence" else "↔"
    return (f"[{h.a_doc}] line {h.a_line} “{_cut(h.a_words)}” {sign} [{h.b_doc}] line {h.b_line} "
            f"“{_cut(h.b_words)}” ({h.score:.2f})")


def _cut(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def summary_lines(summary: Any, labels: list[str]) -> list[str]:
    """The summary a person reads first: documents, counts per section, strongest findings, timeline span."""
    c = summary.counts
    lines = ["Documents: " + "; ".join(f"[{i}] {lab}" for i, lab in enumerate(labels))]
    found: list[str] = []
    if "divergences" in c:
        kinds = ", ".join(f"{k} {v}" for k, v in summary.divergence_types.items())
        found.append(_n(c["divergences"], "divergence") + (f" ({kinds})" if kinds else ""))
    if "agreements" in c:
        found.append(_n(c["agreements"], "agreement"))
    if "elaborations" in c:
        found.append(_n(c["elaborations"], "elaboration"))
    if "unique" in c:
        found.append(_n(c["unique"], "passage") + " told by one account only")
    if "shared_quotations" in c:
        found.append(f"{_n(c['shared_quotations'], 'shared quotation')} "
                     f"({_n(c['shared_sources'], 'source')} quoted in more than one account)")
    if "timeline" in c:
        span = ""
        if summary.timeline_span:
            first, last = summary.timeline_span
            span = f" from {first} to {last}" if first != last else f" on {first}"
        found.append(f"{_n(c['timeline'], 'dated event')} on the timeline{span}"
                     + (f" ({_calendar_words(summary.calendar)})" if summary.calendar else ""))
    if found:
        lines.append("Found: " + "; ".join(found) + ".")
    for title, items in (("Strongest divergence", summary.divergences), ("Strongest agreement", summary.agreements),
                         ("Shared quotation", summary.shared_quotations)):
        for h in items:
            kind = f" ({h.type})" if h.type else ""
            lines.append(f"{title}{kind}: {_hl(h, labels)}")
    return lines


def summary_table(summary: Any) -> Table:
    """The summary as a table (for ``--section summary``): one row per count, then one per highlight."""
    t = Table(name="summary", title="Summary", columns=["what", "value", "detail"])
    details = {"divergences": ", ".join(f"{k}: {v}" for k, v in summary.divergence_types.items()),
               "timeline": (f"{summary.timeline_span[0]} to {summary.timeline_span[1]}"
                            if summary.timeline_span else "")}
    for key, count in summary.counts.items():
        what = key.replace("_", " ")
        t.rows.append([Cell(what), Cell(str(count)), Cell(details.get(key, ""))])
        t.records.append({"what": what, "value": count, "detail": details.get(key, "")})
    for title, items in (("strongest divergence", summary.divergences), ("strongest agreement", summary.agreements),
                         ("shared quotation", summary.shared_quotations)):
        for h in items:
            detail = (f"{h.type or ''} [{h.a_doc}] line {h.a_line}: {h.a_words} | [{h.b_doc}] line {h.b_line}: "
                      f"{h.b_words}").strip()
            t.rows.append([Cell(title), Cell(f"{h.score:.2f}"), Cell(detail)])
            t.records.append({"what": title, "value": h.score, "detail": detail})
    return t


def report_view(report: Any, data: dict[str, Any] | None = None, summary: Any = None,
                summary_as_table: bool = False) -> View:
    """The report: a summary (header lines, or with ``summary_as_table`` a table), then divergences (the news),
    agreements, elaborations, unique passages, shared quotations and sources, and the timeline with one column
    per account. ``summary`` is a :class:`compare.summary.Summary`."""
    docs = report.documents
    labels = [short_label(d.label) for d in docs]
    data = data if data is not None else report.to_dict()
    view = View()
    if summary is not None:
        if summary_as_table:
            view.tables.append(summary_table(summary))
        else:
            view.header.extend(summary_lines(summary, labels))
    pairs = [f"[{p['a_doc']}]↔[{p['b_doc']}]: {_n(p['aligned'], 'aligned passage')} covering "
             f"{p['coverage']['a']:.0%} of [{p['a_doc']}] and {p['coverage']['b']:.0%} of [{p['b_doc']}]"
             for p in data.get("summary", {}).get("pairs", []) if "aligned" in p and "coverage" in p]
    if view.header:
        view.header[1:1] = pairs

    def pair_table(name: str, title: str, items: list[dict[str, Any]], extra: str, empty: str) -> Table:
        multi = len(docs) > 2
        cols = (["A", "A line", "A passage", "B", "B line", "B passage"] if multi
                else ["A line", "A passage", "B line", "B passage"]) + [extra, "score"]
        t = Table(name=name, title=title, columns=cols, empty=empty, more_what=name)
        # strongest first (stable: equal scores keep the report's order), so the top rows are the best ones
        for f in sorted(items, key=lambda f: -float(f.get("score") or 0.0)):
            ev = f.get("evidence") or []
            if name == "divergences":
                kind = f.get("type")
                what = f"{kind}: A {_evidence_text(ev, 'a', kind)} ≠ B {_evidence_text(ev, 'b', kind)}"
            else:
                what = str(f.get("reason", ""))
            if (f.get("details") or {}).get("basis") == "actor stance":
                what = "across the accounts (not aligned): " + what
            a_cell = Cell(f["a"]["text"], highlight=_words(ev, "a"))
            b_cell = Cell(f["b"]["text"], highlight=_words(ev, "b"))
            row = ([Cell(labels[f["a_doc"]])] if multi else []) + [Cell(str(f["a"]["line"])), a_cell] + \
                  ([Cell(labels[f["b_doc"]])] if multi else []) + [Cell(str(f["b"]["line"])), b_cell] + \
                  [Cell(what), Cell(f"{f['score']:.2f}")]
            t.rows.append(row)
            t.records.append({"a_doc": f["a_doc"], "b_doc": f["b_doc"], "a_line": f["a"]["line"],
                              "a_start": f["a"]["start"], "a_end": f["a"]["end"],
                              "a_text": " ".join(f["a"]["text"].split()), "b_line": f["b"]["line"],
                              "b_start": f["b"]["start"], "b_end": f["b"]["end"],
                              "b_text": " ".join(f["b"]["text"].split()), "label": f.get("label"),
                              "type": f.get("type"), "why": what, "score": f["score"]})
        return t

    if "divergences" in data:
        view.tables.append(pair_table("divergences", "Divergences", data["divergences"], "what conflicts",
                                      "no divergence found"))
    if "agreements" in data:
        view.tables.append(pair_table("agreements", "Agreements", data["agreements"], "why",
                                      "no agreement found"))
    if "elaborations" in data:
        view.tables.append(pair_table("elaborations", "Elaborations (one side adds details)",
                                      data["elaborations"], "added details", "no elaboration found"))
    if "unique" in data:
        for i, label in enumerate(labels):
            items = [u for u in data["unique"] if u["doc"] == i]
            if not items:
                continue
            others = sorted({u["other"] for u in items})
            t = Table(name=f"unique_{i}", title=f"Only in [{i}] {label} (not in "
                      + ", ".join(f"[{o}]" for o in others) + "), most informative first",
                      columns=["line", "passage", "carries", "weight"], empty="nothing",
                      more_what="passages")
            for u in items:
                t.rows.append([Cell(str(u["span"]["line"])), Cell(u["span"]["text"]),
                               Cell("; ".join(u.get("carries", []))), Cell(f"{u.get('weight', 0):.1f}")])
                t.records.append({"doc": i, "other": u["other"], "line": u["span"]["line"],
                                  "start": u["span"]["start"], "end": u["span"]["end"],
                                  "text": " ".join(u["span"]["text"].split()), "carries": u.get("carries", []),
                                  "weight": u.get("weight")})
            view.tables.append(t)
    if "quotes" in data and report.quotes is not None:
        qv = quotes_view(report.quotes)
        view.tables.extend(t for t in qv.tables if t.name in ("shared", "sources"))
    if "timeline" in data:
        from ..dates import calendar_name

        calendar = data.get("summary", {}).get("calendar", "")
        cols = ["date"] + [f"[{i}] {lab}" for i, lab in enumerate(labels)]
        t = Table(name="timeline", title=f"Timeline ({_calendar_words(calendar)})" if calendar else "Timeline",
                  columns=cols, empty="no dated mentions", more_what="dates")
        for entry in data["timeline"]:
            per_doc: list[list[str]] = [[] for _ in docs]
            seen: set[tuple[int, int]] = set()
            for m in entry.get("mentions", []):
                if (m["doc"], m["start"]) in seen:
                    continue
                seen.add((m["doc"], m["start"]))
                expr = " ".join(str(m.get("expression", "")).split())
                per_doc[m["doc"]].append(f"line {m['line']}, “{expr}”: {' '.join(str(m['text']).split())}")
            label = f"{entry['qualifier']} {entry['date']}" if entry.get("qualifier") else str(entry["date"])
            if entry.get("calendar") in ("julian", "gregorian", "mixed"):
                label += f" ({calendar_name(entry['calendar'])})"
            if entry.get("notes"):
                label += " [" + "; ".join(entry["notes"]) + "]"
            t.rows.append([Cell(label)] + [Cell(_first(x, 3)) for x in per_doc])
            t.records.append({"date": entry["date"], "calendar": entry.get("calendar"),
                              "precision": entry.get("precision"),
                              **{f"doc{i}": "; ".join(x) for i, x in enumerate(per_doc)}})
        view.tables.append(t)
    for w in data.get("warnings", []):
        view.notes.append(f"warning: {w}")
    return view


def _calendar_words(calendar: str) -> str:
    return "calendars as written" if calendar == "as-written" else f"{calendar} calendar"


def quotes_view(result: Any, show_all: bool = False) -> View:
    """Shared quotations first (text in each document, lines, match kind and score, speakers), then shared
    sources, repeats inside one document, and with ``show_all`` every quotation of each document."""
    docs_info = list(result.documents)
    labels = [short_label(str(d.get("label", f"doc {i}"))) for i, d in enumerate(docs_info)]
    by_id = {q.id: q for q in result.quotes}
    view = View()
    for i, label in enumerate(labels):
        qs = [q for q in result.quotes if q.doc == i]
        n_q = sum(1 for q in qs if q.kind == "quotation")
        view.header.append(f"[{i}] {label}: {_n(n_q, 'quotation')}, {len(qs) - n_q} terms and titles")
    view.header.append(f"{_n(len(result.shared), 'quotation')} shared; "
                       f"{_n(sum(1 for s in result.sources if s.documents > 1), 'source')} "
                       f"quoted in more than one document")
    multi = len(labels) > 2
    cols = (["A", "A line", "A quotation", "B", "B line", "B quotation"] if multi
            else ["A line", "A quotation", "B line", "B quotation"]) + ["match", "score", "speakers"]
    shared = Table(name="shared", title="Shared quotations", columns=cols,
                   empty="no quotation appears in more than one document", more_what="shared quotations")
    for s in result.shared:
        x, y = s.docs
        speakers = " / ".join(sp or "?" for sp in s.speakers)
        if s.attribution_conflict:
            speakers += " (attributed differently)"
        row = ([Cell(labels[x])] if multi else []) + [Cell(str(s.spans[0].line)), Cell(s.spans[0].text)] + \
              ([Cell(labels[y])] if multi else []) + [Cell(str(s.spans[1].line)), Cell(s.spans[1].text)] + \
              [Cell(s.match), Cell(f"{s.score:.2f}"), Cell(speakers)]
        shared.rows.append(row)
        shared.records.append({"a_doc": x, "b_doc": y, "quotes": list(s.quotes), "a_line": s.spans[0].line,
                               "a_start": s.spans[0].start, "a_end": s.spans[0].end,
                               "a_text": " ".join(s.spans[0].text.split()), "b_line": s.spans[1].line,
                               "b_start": s.spans[1].start, "b_end": s.spans[1].end,
                               "b_text": " ".join(s.spans[1].text.split()), "match": s.match,
                               "score": round(s.score, 3), "speakers": list(s.speakers)})
    view.tables.append(shared)

    sources = Table(name="sources", title="Sources (speakers) quoted",
                    columns=["speaker"] + [f"[{i}] quotations" for i in range(len(labels))] + ["shared words"],
                    empty="no quotation is attributed to a speaker", more_what="sources")
    for src in result.sources:
        matched = ", ".join(src.matched) if src.matched else (
            "none: different words" if src.documents > 1 else "")
        sources.rows.append([Cell(src.speaker)] + [Cell(str(c)) for c in src.counts] + [Cell(matched)])
        sources.records.append({"speaker": src.speaker, "counts": list(src.counts), "documents": src.documents,
                                "matched": list(src.matched)})
    view.tables.append(sources)

    if result.repeats:
        rep = Table(name="repeats", title="Repeated inside one document", columns=["doc", "lines", "quotation",
                                                                                   "matches"])
        for r in result.repeats:
            first = by_id.get(r.quotes[0]) if r.quotes else None
            text = first.text if first else r.spans[0].text
            rep.rows.append([Cell(labels[r.doc]), Cell(", ".join(str(s.line) for s in r.spans)), Cell(text),
                             Cell(", ".join(r.matches))])
            rep.records.append({"doc": r.doc, "lines": [s.line for s in r.spans], "quotes": list(r.quotes),
                                "text": " ".join(text.split()), "matches": list(r.matches)})
        view.tables.append(rep)

    if show_all:
        for i, label in enumerate(labels):
            t = Table(name=f"quotes_{i}", title=f"All quotations in [{i}] {label}",
                      columns=["id", "line", "kind", "speaker", "quotation", "flags"], empty="no quotation")
            for q in result.quotes:
                if q.doc != i:
                    continue
                who = q.speaker or ""
                if q.via:
                    who += f" (via {q.via})"
                t.rows.append([Cell(q.id), Cell(str(q.span.line)), Cell(q.kind), Cell(who), Cell(q.text),
                               Cell(", ".join(q.flags))])
                t.records.append({"id": q.id, "doc": i, "line": q.span.line, "start": q.span.start,
                                  "end": q.span.end, "kind": q.kind, "speaker": q.speaker, "via": q.via,
                                  "parent": q.parent, "text": q.text, "flags": list(q.flags)})
            view.tables.append(t)
    return view
