"""Rank what only one account tells: the passages of a document no aligned pair covers, weighted by what they
carry (numbers, day dates, names, stance cues), so a short "Day 4: ..." outranks a long paragraph of names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .analysis import passage_claims
from .claims import Claims
from .dates import DateMention, find_document_dates

__all__ = ["UniquePassage", "rank_unique"]


@dataclass(frozen=True, slots=True)
class UniquePassage:
    """A passage of one account with no counterpart in the other, weighted by what it carries."""

    span: Any                        # compare.document.Span
    sentences: range
    weight: float
    carries: tuple[str, ...]         # "number: 7,000 female textile workers", "date: 1917-02-23 (Day 1)", ...

    def to_dict(self) -> dict[str, Any]:
        span = self.span.to_dict() if hasattr(self.span, "to_dict") else self.span
        return {"span": span, "sentences": [self.sentences.start, self.sentences.stop],
                "weight": round(self.weight, 3), "carries": list(self.carries)}


def _carries(claims: Claims) -> tuple[float, list[str]]:
    """What a passage carries and its weight: numbers and day dates 3 each, months 1, other dates 0.5, names 1
    each (at most 4), stance cues 0.5 each (at most 2): facts first, so a short "Day 4: ..." outranks a long
    paragraph of names."""
    weight = 0.0
    carries: list[str] = []
    for n in claims.numbers:
        if n.approx == "vague":
            continue
        weight += 3.0
        carries.append(f"number: {' '.join(n.text.split())}")
    for d in claims.dates:
        weight += {"day": 3.0, "month": 1.0}.get(d.precision, 0.5)
        carries.append(f"date: {d.date} ({' '.join(d.expression.split())})")
    seen: set[str] = set()
    for a in claims.actors:
        if a.kind != "name" and not a.proper or not a.confirmed:
            continue
        key = " ".join(a.text.split())
        if key in seen:
            continue
        seen.add(key)
        carries.append(f"name: {key}")
    weight += min(4, len(seen))
    stance_weight = 0.0
    for s in claims.stances:
        stance_weight += 0.5 * s.weight
        carries.append(f"stance: {' '.join(s.cue.split())}{' (negated)' if s.negated else ''}"
                       f"{f' ({s.frame})' if s.frame else ''}")
    return weight + min(2.0, stance_weight), carries


def rank_unique(doc: Any, covered_sentences: Iterable[int], *, min_weight: float = 0.0,
                dates: Sequence[DateMention] | None = None) -> list[UniquePassage]:
    """Passages of doc with no counterpart (runs of uncovered, non-boilerplate sentences within a paragraph),
    ranked by what they carry (see _carries: numbers and day dates first, then months, names, stance cues).

    Passages weighing no more than min_weight are left out; ties keep reading order.
    """
    covered = set(covered_sentences)
    if dates is None:
        dates = find_document_dates(doc)
    runs: list[list[Any]] = []
    for s in doc.sentences:
        if s.index in covered or s.boilerplate:
            continue
        if runs and runs[-1][-1].index == s.index - 1 and runs[-1][-1].paragraph == s.paragraph:
            runs[-1].append(s)
        else:
            runs.append([s])
    out: list[UniquePassage] = []
    for run in runs:
        start, end = run[0].span.start, run[-1].span.end
        claims = passage_claims(doc, range(run[0].index, run[-1].index + 1))
        weight, carries = _carries(claims)
        if weight <= min_weight:
            continue
        out.append(UniquePassage(doc.span(start, end), range(run[0].index, run[-1].index + 1), weight,
                                 tuple(carries)))
    out.sort(key=lambda u: -u.weight)
    return out
