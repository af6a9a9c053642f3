"""What a reader wants first from a report: counts per section, the strongest divergences and agreements, the
shared quotations and the span of the timeline. Computed from the report's ``to_dict()`` so that it follows
whatever fields the report carries; the renderers only format it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# How many of the strongest divergences, agreements and shared quotations the summary names.
SUMMARY_HIGHLIGHTS = 3


@dataclass(frozen=True)
class Highlight:
    """One finding worth naming in the summary: its label and type, score, and each side's line and words."""

    label: str
    type: str | None
    score: float
    a_doc: int
    b_doc: int
    a_line: int
    b_line: int
    a_words: str
    b_words: str


@dataclass(frozen=True)
class Summary:
    """Counts per section (only the sections the report has), and the highlights."""

    counts: dict[str, int]
    divergence_types: dict[str, int] = field(default_factory=dict)
    divergences: list[Highlight] = field(default_factory=list)
    agreements: list[Highlight] = field(default_factory=list)
    shared_quotations: list[Highlight] = field(default_factory=list)
    timeline_span: tuple[str, str] | None = None
    calendar: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(finding: dict[str, Any], side: str) -> str:
    """The evidence words of one side (joined), else the start of its passage."""
    ev = [e for e in finding.get("evidence") or [] if e.get("side") == side and e.get("text")]
    if ev:
        words = list(dict.fromkeys(" ".join(str(e["text"]).split()) for e in ev))
        return "; ".join(words[:2])
    span = finding.get(side) or {}
    return " ".join(str(span.get("text", "")).split())


def _highlight(f: dict[str, Any]) -> Highlight:
    a, b = f.get("a") or {}, f.get("b") or {}
    return Highlight(label=str(f.get("label", "")), type=f.get("type"), score=float(f.get("score") or 0.0),
                     a_doc=int(f.get("a_doc", 0)), b_doc=int(f.get("b_doc", 1)), a_line=int(a.get("line", 0)),
                     b_line=int(b.get("line", 0)), a_words=_words(f, "a"), b_words=_words(f, "b"))


def _strongest(findings: list[dict[str, Any]]) -> list[Highlight]:
    ranked = sorted(findings, key=lambda f: -float(f.get("score") or 0.0))
    return [_highlight(f) for f in ranked[:SUMMARY_HIGHLIGHTS]]


def summarise(report: dict[str, Any]) -> Summary:
    """The summary of a report given as its ``to_dict()`` (or the ``compare report --json`` object)."""
    counts: dict[str, int] = {}
    for name in ("divergences", "agreements", "elaborations", "unique"):
        if name in report:
            counts[name] = len(report[name])
    quotes = report.get("quotes")
    shared: list[Highlight] = []
    if isinstance(quotes, dict):
        counts["quotations"] = len(quotes.get("quotes", []))
        counts["shared_quotations"] = len(quotes.get("shared", []))
        counts["shared_sources"] = sum(1 for s in quotes.get("sources", []) if s.get("documents", 0) > 1)
        for s in sorted(quotes.get("shared", []), key=lambda s: -float(s.get("score") or 0.0))[:SUMMARY_HIGHLIGHTS]:
            spans = s.get("spans") or [{}, {}]
            docs = s.get("docs") or [0, 1]
            shared.append(Highlight(label="shared quotation", type=s.get("match"),
                                    score=float(s.get("score") or 0.0), a_doc=int(docs[0]), b_doc=int(docs[1]),
                                    a_line=int(spans[0].get("line", 0)), b_line=int(spans[1].get("line", 0)),
                                    a_words=" ".join(str(spans[0].get("text", "")).split()),
                                    b_words=" ".join(str(spans[1].get("text", "")).split())))
    span = None
    calendar = None
    if "timeline" in report:
        counts["timeline"] = len(report["timeline"])
        dates = sorted(str(t["date"]) for t in report["timeline"] if t.get("date"))
        if dates:
            span = (dates[0], dates[-1])
        calendar = (report.get("summary") or {}).get("calendar")
    types: dict[str, int] = {}
    for f in report.get("divergences", []):
        key = str(f.get("type") or "other")
        types[key] = types.get(key, 0) + 1
    return Summary(counts=counts, divergence_types=dict(sorted(types.items())),
                   divergences=_strongest(report.get("divergences", [])),
                   agreements=_strongest(report.get("agreements", [])), shared_quotations=shared,
                   timeline_span=span, calendar=calendar)
