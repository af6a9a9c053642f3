"""Label an aligned pair of passages (agreement / divergence / elaboration) and rank unmatched passages.

The judge never compares words directly: it extracts what each side asserts (claims.py) and compares slot by
slot. A divergence always carries the two conflicting pieces of evidence, quoted with offsets, and the reason in
one sentence; an elaboration lists the details only one side gives; an agreement lists what was checked and
matched. Scores are confidences in [0, 1] built from how strong the evidence is (exact numbers on the same counted
thing score higher than two stance words about the same party).

Calendar rule: two day dates that are the same day under the Julian and Gregorian calendars are an agreement
with a note, never a date divergence.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from compare.claims import STOP, Actor, Claims, Number, Stance, extract_claims, head_class, same_actor, stem
from compare.analysis import analyse, passage_claims
from compare.lexicon import PERSON_NOUNS, interval
from compare.dates import DateMention, find_document_dates, same_day_other_calendar, to_calendar

__all__ = ["Evidence", "Judgement", "UniquePassage", "judge_pair", "judge_claims", "judge_alignment",
           "rank_unique", "DIVERGENCE_TYPES"]

DIVERGENCE_TYPES = ("number", "date", "actor", "negation", "stance")
_PREC = {"year": 0, "part": 1, "season": 1, "month": 2, "day": 3}
_TYPE_PRIORITY = {"negation": 5, "number": 4, "date": 3, "actor": 2, "stance": 1}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One quoted piece of evidence: which side, which slot, the words, and offsets into that side's text."""

    side: str            # "a" | "b"
    slot: str            # "number" | "date" | "actor" | "negation" | "stance"
    text: str
    start: int
    end: int
    value: str | None = None     # normalised value (ISO date, number, stance sign...) for display

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "slot": self.slot, "text": self.text, "start": self.start, "end": self.end,
                "value": self.value}


@dataclass(frozen=True, slots=True)
class Judgement:
    """The label of one pair of passages, with its confidence, evidence and reasons."""

    label: str                       # "agreement" | "divergence" | "elaboration"
    type: str | None                 # divergence type, or None
    score: float
    evidence: tuple[Evidence, ...]
    reason: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "type": self.type, "score": round(self.score, 3),
                "evidence": [e.to_dict() for e in self.evidence], "reason": self.reason,
                "details": self.details}


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


# --- slot comparisons ------------------------------------------------------------------------------------

@dataclass
class _Conflict:
    type: str
    score: float
    a: Evidence
    b: Evidence
    reason: str


def _ev(side: str, slot: str, text: str, start: int, end: int, value: str | None = None) -> Evidence:
    return Evidence(side, slot, " ".join(text.split()), start, end, value)


def _interval(n: Number) -> tuple[float, float]:
    """The values a figure as written allows: the package's one tolerance (lexicon.interval: "about 100,000" is
    95,000-105,000, so it conflicts with "90,000"; "1.5 million" and "1,500,000" are one value)."""
    if n.approx == "exact":
        return n.value, n.value
    return interval(n.value, n.approx)


def _numbers_conflict(x: Number, y: Number) -> bool:
    if x.approx == "vague" or y.approx == "vague" or x.unit != y.unit:
        return False
    lo1, hi1 = _interval(x)
    lo2, hi2 = _interval(y)
    return hi1 < lo2 or hi2 < lo1


def _same_thing(x: Number, y: Number) -> bool:
    """Whether two figures count one kind of thing: the same head noun, or "people" and a noun for people
    ("100,000 people" / "90,000 workers")."""
    if x.unit == "times" and y.unit == "times":
        return True
    if not x.head or not y.head:
        return False
    return x.head == y.head or {x.head, y.head} <= _PERSON_HEADS and _PEOPLE in (x.head, y.head)


_PERSON_HEADS = frozenset(head_class(w) for w in PERSON_NOUNS) | {"people", "person"}
_PEOPLE = head_class("people")


MAX_DATES_COMPARED = 64    # dates of a passage compared pair by pair with the other's (real sentences: a few)
MAX_FIGURES_COMPARED = 64  # ... and figures
NUMBER_CONTEXT_WORDS = 5   # content words before a figure that say whose or what quantity it is
NUMBER_CONTEXT_AFTER = 4   # ... and after it, within 80 characters ("90,000 people by the next day" / "100,000
                           # people joined on the following day")
RIVAL_MAX_FACTOR = 1.5     # two accounts' counts of one quantity differ by less than this factor ("90,000" /
                           # "about 100,000"); farther apart they are two quantities of one kind (ECB+ dev: "17
                           # passes" / "34 passes", "35 yards" / "364 yards", "16 games" / "10 games": 12 of 21
                           # sampled number divergences, none real)
SMALL_COUNT = 3            # ... except small counts, which are miscounts when they differ ("two blind men" /
                           # "a blind man", Matthew–Mark)
SAME_CONTEXT = 0.6         # ... or told in the same words (Jaccard overlap of the two figures' contexts)
_SUFFIXES = frozenset({"th", "st", "nd", "rd"})
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b",
                      re.I)


def _number_context(claims: Claims, n: Number) -> set[str]:
    """Stems of the NUMBER_CONTEXT_WORDS content words before a figure in its sentence, and the words it counts:
    two figures of one quantity are told about the same things ("the strike spread to 90,000 people" / "about
    100,000 people joined the strike")."""
    rel = n.start - claims.offset
    before = claims.text[max(0, rel - 160):rel]
    cut = max(before.rfind(". "), before.rfind("\n"))
    words = [w for w in re.findall(r"[A-Za-z]+", before[cut + 1:]) if w.lower() not in STOP and len(w) > 2]
    own = [w for w in re.findall(r"[A-Za-z]+", n.text) if w.lower() not in STOP and len(w) > 2]
    after = [w for w in re.findall(r"[A-Za-z]+", claims.text[n.end - claims.offset:n.end - claims.offset + 80])
             if w.lower() not in STOP and len(w) > 2][:NUMBER_CONTEXT_AFTER]
    return {stem(w) for w in words[-NUMBER_CONTEXT_WORDS:] + after} - {stem(w) for w in own}


def _rival_counts(x: Number, y: Number, context: float) -> bool:
    """Whether two figures can be two accounts' counts of one quantity: both ordinals or both cardinals ("his
    11th point" is not "10 points"), and close (RIVAL_MAX_FACTOR) unless both are small counts (SMALL_COUNT) or
    told in the same words (``context``, the overlap of their contexts, at least SAME_CONTEXT: "there were
    100,000 people smashing open food shops" / "ten thousand people")."""
    if bool(_ORDINAL.search(x.text)) != bool(_ORDINAL.search(y.text)) or {x.head, y.head} & _SUFFIXES:
        return False                       # ... and "117th Street" / "97th Avenue" name streets, they count nothing
    lo, hi = sorted((abs(x.value), abs(y.value)))
    return hi <= SMALL_COUNT or hi <= RIVAL_MAX_FACTOR * lo or context >= SAME_CONTEXT


def _compare_numbers(ca: Claims, cb: Claims) -> tuple[list[_Conflict], list[tuple[Number, Number]]]:
    conflicts, matched = [], []
    # a passage that breaks people down ("three bank workers - two women and a man") counts parts of one group:
    # its counts of people are not compared one by one with the other's
    parts = sum(1 for n in ca.numbers if n.head in _PERSON_HEADS) > 1 or \
        sum(1 for n in cb.numbers if n.head in _PERSON_HEADS) > 1
    for x in ca.numbers[:MAX_FIGURES_COMPARED]:
        if parts and x.head in _PERSON_HEADS:
            continue
        same = [y for y in cb.numbers[:MAX_FIGURES_COMPARED] if _same_thing(x, y)]
        if not same:
            continue
        agreeing = [y for y in same if not _numbers_conflict(x, y)]
        if agreeing:
            matched.append((x, agreeing[0]))
            continue
        y = min(same, key=lambda y: abs(y.value - x.value))
        cx, cy = _number_context(ca, x), _number_context(cb, y)
        if not cx & cy:
            continue          # "nine rebounds" of one player, "seven rebounds" of another: not one quantity
        if not _rival_counts(x, y, len(cx & cy) / len(cx | cy)):
            continue
        exact = x.approx == "exact" and y.approx == "exact"
        conflicts.append(_Conflict(
            "number", 0.85 if exact else 0.7,
            _ev("a", "number", x.text, x.start, x.end, _fmt(x)), _ev("b", "number", y.text, y.start, y.end, _fmt(y)),
            f"A counts {_fmt(x)} {x.thing or ''}".rstrip() + f", B counts {_fmt(y)} {y.thing or ''}".rstrip()))
    return conflicts, matched


def _compare_singular(ca: Claims, cb: Claims) -> list[_Conflict]:
    """A small count on one side ("two people possessed") against one ("a man with an unclean spirit") on the
    other, for the same kind of thing, when the other side gives no count of it at all."""
    out: list[_Conflict] = []
    for side, mine, theirs in (("a", ca, cb), ("b", cb, ca)):
        for n in mine.numbers:
            if n.unit or n.head is None or not 2 <= n.value <= SMALL_COUNT or any(
                    m.head == n.head for m in theirs.numbers):
                continue
            for m in re.finditer(r"\b(?:a|an|one)\s+(?:[a-z]+\s+){0,2}?([a-z]+)\b", theirs.text):
                if head_class(m.group(1)) != n.head or m.group(1).lower().endswith("s") and \
                        m.group(1).lower() not in ("bus",):
                    continue
                one = _ev("b" if side == "a" else "a", "number", m.group(), m.start() + theirs.offset,
                          m.end() + theirs.offset, "1")
                mine_ev = _ev(side, "number", n.text, n.start, n.end, _fmt(n))
                a_ev, b_ev = (mine_ev, one) if side == "a" else (one, mine_ev)
                out.append(_Conflict("number", 0.5, a_ev, b_ev,
                                     f"A counts {a_ev.value} {n.thing}, B {b_ev.value}" if side == "a" else
                                     f"A counts {a_ev.value}, B counts {b_ev.value} {n.thing}"))
                break
    return out


def _fmt(n: Number) -> str:
    v = int(n.value) if n.value == int(n.value) else n.value
    pre = {"about": "about ", "at least": "at least ", "at most": "at most ", "vague": "~"}.get(n.approx, "")
    unit = " times" if n.unit == "times" else n.unit
    return f"{pre}{v:,}{unit}" if isinstance(v, int) else f"{pre}{v}{unit}"


def _date_contains(coarse: DateMention, fine: DateMention) -> bool:
    if coarse.date.startswith("--") or fine.date.startswith("--"):
        c, f = coarse.date.lstrip("-"), fine.date.lstrip("-")
        return f.endswith(c) or f.startswith(c) or c == f
    return fine.date.startswith(coarse.date)


def _compare_dates(ca: Claims, cb: Claims, comparable: bool = True) -> tuple[
        list[_Conflict], list[tuple[DateMention, DateMention]], list[str]]:
    conflicts: list[_Conflict] = []
    matched: list[tuple[DateMention, DateMention]] = []
    notes: list[str] = []
    days_a = [d for d in ca.dates if d.precision == "day"]
    days_b = [d for d in cb.dates if d.precision == "day"]
    for x in ca.dates[:MAX_DATES_COMPARED]:       # pairwise: bounded, a passage of dated lines has thousands
        for y in cb.dates[:MAX_DATES_COMPARED]:
            if x.date == y.date or x.precision != y.precision and (
                    _date_contains(x, y) or _date_contains(y, x)):
                if x.date == y.date or x.precision in ("month", "year") or y.precision in ("month", "year"):
                    matched.append((x, y))
            elif x.precision == y.precision == "day":
                same = same_day_other_calendar(_yearless(x, y), _yearless(y, x))
                if same:
                    matched.append((x, y))
                    cal_a = "julian" if same == "a-julian" else "gregorian"
                    cal_b = "gregorian" if cal_a == "julian" else "julian"
                    notes.append(f"same day under two calendars: A's {x.expression!r} ({cal_a}) = "
                                 f"B's {y.expression!r} ({cal_b})")
    if comparable and days_a and days_b and not any(x.precision == y.precision == "day" for x, y in matched):
        # no day in common: the first day each side names is where they disagree
        x, y = days_a[0], days_b[0]
        written = bool(re.search(r"[0-9]{4}", x.expression) and re.search(r"[0-9]{4}", y.expression))
        if x.date.lstrip("-")[-5:] != y.date.lstrip("-")[-5:] or written and x.year and y.year and x.year != y.year:
            # (a year that differs only as inferred — "Feb. 17" read against each article's dateline — is not
            # a conflict: ECB+ gave 4 such false divergences in a sample of 30)
            score = 0.6 if not (x.relative or y.relative) else 0.5
            conflicts.append(_Conflict(
                "date", score, _ev("a", "date", x.expression, x.start, x.end, x.date),
                _ev("b", "date", y.expression, y.start, y.end, y.date),
                f"A dates it {x.date} ({x.expression!r}), B {y.date} ({y.expression!r})"))
    months_a = {d.date for d in ca.dates if d.precision == "month" and not d.date.startswith("--")}
    months_b = {d.date for d in cb.dates if d.precision == "month" and not d.date.startswith("--")}
    if comparable and not conflicts and not days_a and not days_b and months_a and months_b and \
            not months_a & months_b:
        x = next(d for d in ca.dates if d.date in months_a)
        y = next(d for d in cb.dates if d.date in months_b)
        ya, ma = (int(v) for v in x.date.split("-"))
        yb, mb = (int(v) for v in y.date.split("-"))
        written = bool(re.search(r"[0-9]{4}", x.expression) and re.search(r"[0-9]{4}", y.expression))
        # adjacent months may be one day in two calendars; one month whose year each side infers differently
        # ("Last June" / "Last June", read against two datelines) is no conflict
        if abs((ya * 12 + ma) - (yb * 12 + mb)) > 1 and (ma != mb or written):
            conflicts.append(_Conflict(
                "date", 0.45, _ev("a", "date", x.expression, x.start, x.end, x.date),
                _ev("b", "date", y.expression, y.start, y.end, y.date),
                f"A places it in {x.date}, B in {y.date}"))
    return conflicts, matched, notes


def _yearless(x: DateMention, other: DateMention) -> str:
    """A day date with its year; when it has none, borrow the other side's so the calendars can be checked."""
    if x.date.startswith("--") and other.year:
        return f"{other.year:04d}{x.date[1:]}"
    return x.date


def _stance_actor_match(s: Stance, t: Stance) -> bool:
    if s.actor is not None and t.actor is not None:
        return same_actor(s.actor, t.actor)
    return False


def _compare_stances(ca: Claims, cb: Claims) -> tuple[list[_Conflict], list[tuple[Stance, Stance]]]:
    conflicts: list[_Conflict] = []
    matched: list[tuple[Stance, Stance]] = []
    for s in ca.stances:
        for t in cb.stances:
            comparable = False
            strength = min(s.weight, t.weight)
            if s.dimension == t.dimension == "agency" and _stance_actor_match(s, t):
                comparable = True
            elif s.dimension == t.dimension == "planning":
                comparable, strength = True, strength * 0.8
            elif {s.dimension, t.dimension} == {"agency", "planning"}:
                # "spontaneous" (no one planned it) against "organised by X"
                agency = s if s.dimension == "agency" else t
                planning = t if agency is s else s
                if agency.actor is not None and planning.sign < 0 < agency.sign:
                    comparable, strength = True, strength * 0.6
            if not comparable:
                continue
            if s.sign == t.sign:
                matched.append((s, t))
                continue
            kind = "negation" if (s.negated != t.negated and s.base == t.base) else "stance"
            score = round(0.45 + 0.4 * strength, 3)
            who = (s.actor or t.actor)
            who_text = f" about {' '.join(who.text.split())}" if who else ""
            conflicts.append(_Conflict(
                kind, score,
                _ev("a", kind, s.clause, s.clause_start, s.clause_end, _sign(s)),
                _ev("b", kind, t.clause, t.clause_start, t.clause_end, _sign(t)),
                f"opposite {s.dimension}{who_text}: A {_sign(s)} ({' '.join(s.cue.split())!r}"
                f"{', negated' if s.negated else ''}), B {_sign(t)} ({' '.join(t.cue.split())!r}"
                f"{', negated' if t.negated else ''})"))
    return conflicts, matched


_AUX = frozenset("be been being is are was were do does did have has had at all even ever yet really always "
                 "actually quite".split())
_DET = frozenset("the a an this that these those his her its their our my your mass any some no every each of "
                 "to in on for by with".split())


def _subject(claims: Claims, pos: int) -> Actor | None:
    """The nearest actor before pos in the same sentence and quotation, at most 12 words back: the subject of
    a plain predicate."""
    rel = pos - claims.offset
    lo = max(claims.text.rfind(". ", max(0, rel - 400), rel), claims.text.rfind("\n", max(0, rel - 400), rel),
             rel - 400)
    starts = [a.start for a in claims.actors]
    window = claims.actors[bisect_left(starts, lo + claims.offset):bisect_right(starts, pos)]
    cands = [a for a in window if a.end <= pos and a.start - claims.offset > lo]
    if not cands:
        return None
    best = max(cands, key=lambda a: a.end)
    between = claims.text[best.end - claims.offset:rel]
    if re.search(r"[\"“”‘`!?;]", between) or len(between.split()) > 12:
        return None
    return best


def _strict_same(a: Actor, b: Actor) -> bool:
    ka = {w for w in (stem(x) for x in re.findall(r"[A-Za-z]+", a.text)) if w not in ("the",)}
    kb = {w for w in (stem(x) for x in re.findall(r"[A-Za-z]+", b.text)) if w not in ("the",)}
    return bool(ka) and (ka <= kb or kb <= ka)


def _compare_predicates(ca: Claims, cb: Claims) -> list[_Conflict]:
    """A plain predicate negated on one side and asserted on the other, with the same subject:
    "the male engineering workers ... did not demonstrate" / "the male engineering workers ... demonstrated"."""
    out: list[_Conflict] = []
    index: dict[int, dict[str, list[re.Match[str]]]] = {}
    for claims in (ca, cb):
        words: dict[str, list[re.Match[str]]] = {}
        if ca.negations or cb.negations:
            for m in re.finditer(r"[A-Za-z]+", claims.text):
                words.setdefault(stem(m.group()), []).append(m)
        index[id(claims)] = words
    for side, x, y in (("a", ca, cb), ("b", cb, ca)):
        for neg in x.negations:
            cue = neg.cue.lower()
            if cue not in ("not", "never") and not cue.endswith(("n't", "n’t", "n`t")) and \
                    not cue.endswith(" to"):
                continue
            scope_words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z]+", neg.scope[len(neg.cue):])]
            scope_words = [w for w in scope_words if w[2].lower() not in _AUX]
            if not scope_words or scope_words[0][2].lower() in STOP:
                continue
            verb = stem(scope_words[0][2])
            if len(verb) < 3:
                continue
            subj = _subject(x, neg.start)
            if subj is None:
                continue
            for m in index[id(y)].get(verb, ()):
                pos = m.start() + y.offset
                if any(n.scope_start <= pos < n.scope_end for n in y.negations):
                    continue
                prev = re.findall(r"[A-Za-z]+", y.text[max(0, m.start() - 20):m.start()])
                if prev and prev[-1].lower() in _DET:
                    continue
                if re.match(r"\s+(?:\w+\s+)?(?:not|never)\b", y.text[m.end():m.end() + 20], re.I):
                    continue              # postposed negation: "thy disciples fast not", "ye know not"
                other = _subject(y, pos)
                if other is None or not _strict_same(subj, other):
                    continue
                neg_ev = _ev(side, "negation", x.text[subj.start - x.offset:neg.scope_end - x.offset],
                             subj.start, neg.scope_end)
                lo = other.start
                pos_ev = _ev("b" if side == "a" else "a", "negation",
                             y.text[lo - y.offset:m.end()], lo, m.end() + y.offset)
                a_ev, b_ev = (neg_ev, pos_ev) if side == "a" else (pos_ev, neg_ev)
                out.append(_Conflict("negation", 0.55, a_ev, b_ev,
                                     f"{'A' if side == 'a' else 'B'} says {' '.join(subj.text.split())} did not "
                                     f"{scope_words[0][2]}; the other says they did ({m.group()!r})"))
                break
    return out


def _sign(s: Stance) -> str:
    names = {("agency", 1): "leads/directs", ("agency", -1): "does not lead / lags behind",
             ("planning", 1): "organised", ("planning", -1): "spontaneous"}
    return names[(s.dimension, s.sign)]


_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’`][A-Za-z]+)*|[0-9]+(?:,[0-9]{3})*")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _fold_name(name: str) -> str:
    import unicodedata
    name = re.sub(r"['’`]s\b", "", name).replace("æ", "ae").replace("Æ", "Ae").replace("œ", "oe")
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if c.isalpha()).lower()


def _spelling_variant(x: str, y: str) -> bool:
    """Two spellings or forms of one name: equal once accents, ligatures and possessives are folded, sharing a
    long prefix, or close by edit distance (normalised similarity ≥ 0.8)."""
    fx, fy = _fold_name(x), _fold_name(y)
    if not fx or not fy:
        return False
    if fx == fy:
        return True
    prefix = len(os.path.commonprefix([fx, fy]))
    if prefix >= 5 and prefix >= 0.6 * min(len(fx), len(fy)):
        return True                  # Nazareth / Nazarene, Baptist / Baptizer, Galilee / Galilean
    from rapidfuzz.distance import Indel
    return Indel.normalized_similarity(fx, fy) >= 0.8


def _compare_actors(ca: Claims, cb: Claims) -> tuple[list[_Conflict], list[tuple[Actor, Actor]], list[Actor],
                                                    list[Actor]]:
    """Names both sides give (matched), names only one gives, and names swapped in a shared frame.

    A swap is a short stretch of words that differs between the two passages while the words around it are
    the same on both sides ("into the country of the Gergesenes, two" / "...of the Gadarenes"), with a name in
    each stretch that the other passage never mentions: one role, two names.
    """
    names_a = [a for a in ca.actors if a.kind == "name" or a.proper]
    names_b = [b for b in cb.actors if b.kind == "name" or b.proper]
    matched = [(a, b) for a in names_a for b in names_b if same_actor(a, b)]
    only_a = [a for a in names_a if not any(same_actor(a, b) or _spelling_variant(a.text, b.text)
                                            for b in cb.actors)]
    only_b = [b for b in names_b if not any(same_actor(a, b) or _spelling_variant(a.text, b.text)
                                            for a in ca.actors)]
    conflicts: list[_Conflict] = []
    swap_a = [a for a in only_a if (a.kind == "name" or a.proper) and a.confirmed]
    swap_b = [b for b in only_b if (b.kind == "name" or b.proper) and b.confirmed]
    # one name in two spellings (Judæa / Judea, Cæsar’s / Caesar`s, Beelzebub / Beelzebul) is not a swap
    swap_a = [a for a in swap_a if not any(_spelling_variant(a.text, b.text) for b in names_b)]
    swap_b = [b for b in swap_b if not any(_spelling_variant(a.text, b.text) for a in names_a)]
    if not swap_a or not swap_b:
        return conflicts, matched, only_a, only_b
    from difflib import SequenceMatcher
    wa, wb = _words(ca.text), _words(cb.text)
    ops = SequenceMatcher(None, [w for *_, w in wa], [w for *_, w in wb], autojunk=False).get_opcodes()
    same_a = {i for tag, i1, i2, _, _ in ops if tag == "equal" for i in range(i1, i2)}
    seen: set[tuple[int, int]] = set()
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace":
            continue
        # the frame: how many of the four words before and after the differing stretch both sides share
        before = sum(1 for i in range(max(0, i1 - 4), i1) if i in same_a)
        after = sum(1 for i in range(i2, min(len(wa), i2 + 4)) if i in same_a)
        windows = []
        if i2 - i1 <= 6 and j2 - j1 <= 6 and before + after >= 2:
            windows.append((i1, i2, j1, j2, before + after))
        else:                                   # a long stretch: only its ends sit in a shared frame
            if before >= 2:
                windows.append((i1, min(i2, i1 + 3), j1, min(j2, j1 + 3), before))
            if after >= 2:
                windows.append((max(i1, i2 - 3), i2, max(j1, j2 - 3), j2, after))
        for w1, w2, v1, v2, context in windows:
            lo_a, hi_a = wa[w1][0] + ca.offset, wa[w2 - 1][1] + ca.offset
            lo_b, hi_b = wb[v1][0] + cb.offset, wb[v2 - 1][1] + cb.offset
            xa = [a for a in swap_a if lo_a <= a.start and a.end <= hi_a]
            xb = [b for b in swap_b if lo_b <= b.start and b.end <= hi_b]
            if not xa or not xb or (xa[0].start, xb[0].start) in seen:
                continue
            if xa[0].kind != xb[0].kind and context < 4:
                continue                  # a group against a person or place needs a longer shared frame
            seen.add((xa[0].start, xb[0].start))
            conflicts.append(_Conflict(
                "actor", round(min(0.85, 0.45 + 0.05 * min(context, 8)), 3),
                _ev("a", "actor", xa[0].text, xa[0].start, xa[0].end),
                _ev("b", "actor", xb[0].text, xb[0].start, xb[0].end),
                f"the same place in the story names {' '.join(xa[0].text.split())!r} in A and "
                f"{' '.join(xb[0].text.split())!r} in B"))
    return conflicts, matched, only_a, only_b


# --- the judge -------------------------------------------------------------------------------------------

def _addition_weight(ev: Evidence) -> float:
    """How much one added detail weighs towards an elaboration: a number or a day date 1, a month 0.5, a name
    1/3 (so one number, one day, or three names make an elaboration)."""
    if ev.slot == "date":
        v = ev.value or ""
        return 1.0 if v.count("-") == (3 if v.startswith("--") else 2) else 0.5      # a day, else a month
    return {"number": 1.0, "actor": 1 / 3}.get(ev.slot, 0.0)


def _covered_by(ev: Evidence, mine: Claims, context: Claims) -> bool:
    """Whether an addition (a number, date or name one side gives) is present anywhere in the other side's
    wider passage: then it is not a detail only one side gives, merely said in another sentence."""
    if ev.slot == "number":
        n = next((x for x in mine.numbers if x.start == ev.start), None)
        return n is not None and any(y.value == n.value and y.unit == n.unit for y in context.numbers)
    if ev.slot == "date":
        d = next((x for x in mine.dates if x.start == ev.start), None)
        return d is not None and any(o.date == d.date or (_PREC[o.precision] >= _PREC[d.precision] and
                                                          _date_contains(d, o)) for o in context.dates)
    a = next((x for x in mine.actors if x.start == ev.start), None)
    return a is not None and any(same_actor(a, b) or _spelling_variant(a.text, b.text) for b in context.actors)


def judge_claims(ca: Claims, cb: Claims, *, a_context: Claims | None = None,
                 b_context: Claims | None = None, dates_comparable: bool = True) -> Judgement:
    """Label a pair from the claims of its two sides (see judge_pair).

    a_context/b_context: the claims of the wider passages the two sides were cut from (a sentence judged
    inside an aligned passage): a detail one side gives that the other's wider passage also gives is not an
    addition. Conflicts are still judged between the two sides alone.
    dates_comparable=False: the two sides share too little besides their dates to be dating the same event
    ("On 23 February … went on strike" / "Day 3 … the strike becomes general"), so different days or months are
    details each side gives, not a date conflict.
    """
    n_conf, n_match = _compare_numbers(ca, cb)
    n_conf += _compare_singular(ca, cb)
    d_conf, d_match, notes = _compare_dates(ca, cb, dates_comparable)
    s_conf, s_match = _compare_stances(ca, cb)
    s_conf += _compare_predicates(ca, cb)
    a_conf, a_match, only_a, only_b = _compare_actors(ca, cb)
    conflicts, seen_ev = [], set()
    for c in n_conf + d_conf + s_conf + a_conf:
        key = (c.type, c.a.start, c.a.end, c.b.start, c.b.end)
        if key not in seen_ev:
            seen_ev.add(key)
            conflicts.append(c)
    details: dict[str, Any] = {
        "checked": {"numbers": [len(ca.numbers), len(cb.numbers)], "dates": [len(ca.dates), len(cb.dates)],
                    "actors": [len(ca.actors), len(cb.actors)], "stances": [len(ca.stances), len(cb.stances)],
                    "negations": [len(ca.negations), len(cb.negations)]},
        "notes": notes,
    }
    if conflicts:
        conflicts.sort(key=lambda c: (c.score, _TYPE_PRIORITY[c.type]), reverse=True)
        top = conflicts[0]
        # two or more independent conflicts make the divergence surer
        score = min(0.97, top.score + 0.05 * (len(conflicts) - 1))
        details["conflicts"] = [{"type": c.type, "score": c.score, "reason": c.reason,
                                 "a": c.a.to_dict(), "b": c.b.to_dict()} for c in conflicts]
        evidence = (top.a, top.b) + tuple(e for c in conflicts[1:] for e in (c.a, c.b))
        return Judgement("divergence", top.type, score, evidence, top.reason, details)

    # additions: numbers, dates and names only one side gives
    add: dict[str, list[Evidence]] = {"a": [], "b": []}
    weight = {"a": 0.0, "b": 0.0}
    matched_nums_a = {id(x) for x, _ in n_match} | {id(x) for x in ca.numbers if any(
        y.value == x.value and y.unit == x.unit for y in cb.numbers)}
    matched_nums_b = {id(y) for _, y in n_match} | {id(y) for y in cb.numbers if any(
        x.value == y.value and x.unit == y.unit for x in ca.numbers)}
    for side, claims, matched in (("a", ca, matched_nums_a), ("b", cb, matched_nums_b)):
        for n in claims.numbers:
            if id(n) not in matched and n.approx != "vague" and n.unit != "times":
                add[side].append(_ev(side, "number", n.text, n.start, n.end, _fmt(n)))
                weight[side] += 1.0
    for side, mine, theirs in (("a", ca.dates, cb.dates), ("b", cb.dates, ca.dates)):
        for d in mine:
            # covered only by a date at least as precise: a day against a month is a detail the month lacks
            covered = any(o.date == d.date or (_PREC[o.precision] >= _PREC[d.precision] and _date_contains(d, o))
                          for o in theirs) or any((x is d or y is d) and x.precision == y.precision
                                                  for x, y in d_match)
            if not covered and d.precision in ("day", "month"):
                add[side].append(_ev(side, "date", d.expression, d.start, d.end, d.date))
                weight[side] += _addition_weight(add[side][-1])
    for side, only in (("a", only_a), ("b", only_b)):
        seen: set[str] = set()
        for actor in (x for x in only if x.confirmed):
            name = " ".join(actor.text.split())
            if name in seen:
                continue
            seen.add(name)
            add[side].append(_ev(side, "actor", actor.text, actor.start, actor.end))
            weight[side] += _addition_weight(add[side][-1])
    for side, own, context in (("a", ca, b_context), ("b", cb, a_context)):
        if context is not None:
            add[side] = [e for e in add[side] if not _covered_by(e, own, context)]
            weight[side] = sum(_addition_weight(e) for e in add[side])
    shared = ([(_ev("a", "number", x.text, x.start, x.end, _fmt(x)), _ev("b", "number", y.text, y.start, y.end,
                                                                          _fmt(y))) for x, y in n_match]
              + [(_ev("a", "date", x.expression, x.start, x.end, x.date),
                  _ev("b", "date", y.expression, y.start, y.end, y.date)) for x, y in d_match]
              + [(_ev("a", "stance", s.clause, s.clause_start, s.clause_end, _sign(s)),
                  _ev("b", "stance", t.clause, t.clause_start, t.clause_end, _sign(t))) for s, t in s_match]
              + [(_ev("a", "actor", x.text, x.start, x.end), _ev("b", "actor", y.text, y.start, y.end))
                 for x, y in a_match if x.confirmed and y.confirmed])
    # keep each piece of shared evidence once
    seen_pairs: set[tuple[int, int, int, int]] = set()
    shared_unique = []
    for x, y in shared:
        k = (x.start, x.end, y.start, y.end)
        if k not in seen_pairs:
            seen_pairs.add(k)
            shared_unique.append((x, y))
    details["shared"] = [{"a": x.to_dict(), "b": y.to_dict()} for x, y in shared_unique]
    details["additions"] = {side: [e.to_dict() for e in add[side]] for side in ("a", "b")}
    richer = "a" if weight["a"] > weight["b"] else "b"
    if weight[richer] >= 1.0:
        sides = [x for x in ("a", "b") if weight[x] >= 1.0]
        side = sides[0] if len(sides) == 1 else "both"
        listed = "; ".join(f"{x.upper()} adds " + ", ".join(repr(e.text) for e in add[x][:6]) for x in ("a", "b")
                           if add[x] and (weight[x] >= 1.0 or side == "both"))
        score = min(0.9, 0.5 + 0.1 * weight[richer])
        evidence = tuple(add["a"] + add["b"]) if side == "both" else tuple(add[side])
        return Judgement("elaboration", None, score, evidence,
                         f"details only one side gives: {listed}", details | {"side": side})
    n_shared = len(shared_unique)
    score = min(0.9, 0.5 + 0.1 * n_shared)
    if notes:
        score = max(score, 0.7)
    evidence = tuple(e for pair in shared_unique for e in pair)
    shown = list(dict.fromkeys(f"{x.slot} {x.value or x.text!r}" for x, _ in shared_unique))
    reason = ("both give the same " + ", ".join(shown[:5])) if shared_unique else \
        "no number, date, name or stance to compare: the agreement rests on the event words both tell"
    if notes:
        reason += "; " + "; ".join(notes)
    return Judgement("agreement", None, score, evidence, reason, details)


def judge_pair(a_text: str, b_text: str, *, a_offset: int = 0, b_offset: int = 0,
               a_dates: Sequence[DateMention] | None = None,
               b_dates: Sequence[DateMention] | None = None) -> Judgement:
    """Label two passages: agreement, divergence (typed, with the two conflicting quotes) or elaboration.

    Offsets in the evidence are into each side's text plus a_offset/b_offset (pass the passage's start in its
    document to get document offsets). a_dates/b_dates: document-level date mentions (find_document_dates) so
    that "Day 3" or a bare "23 February" is read with the whole account's context; when None, dates are found
    in the passage alone.
    """
    ca = extract_claims(a_text, offset=a_offset, dates=list(a_dates) if a_dates is not None else None)
    cb = extract_claims(b_text, offset=b_offset, dates=list(b_dates) if b_dates is not None else None)
    return judge_claims(ca, cb)


def judge_alignment(alignment: Any, *, progress: Any = None) -> list[Judgement]:
    """Judge every Pair of an align.Alignment (pair.a / pair.b spans), in order, with document-level dates."""
    dates_a = find_document_dates(alignment.a)
    dates_b = find_document_dates(alignment.b)
    out = []
    for i, pair in enumerate(alignment.pairs):
        out.append(judge_pair(pair.a.text, pair.b.text, a_offset=pair.a.start, b_offset=pair.b.start,
                              a_dates=dates_a, b_dates=dates_b))
        if progress is not None:
            progress(i + 1, len(alignment.pairs))
    return out


# --- unique passages -------------------------------------------------------------------------------------

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


# --- sentences inside an aligned passage -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SentenceJudgement:
    """One judged piece of an aligned pair: sentences of A against sentences of B (the whole passages when
    both are single sentences or no sentence pair shares content), and what links them."""

    a: Any                           # compare.document.Span
    b: Any
    a_sentences: range
    b_sentences: range
    judgement: Judgement
    basis: str                       # "passage" | "sentence" | "unlinked sentence"
    links: tuple[str, ...] = ()      # what the two sides share: "date 1917-02-23", "words: strike, textile"


_STOP_STEMS = frozenset(stem(w) for w in STOP) | frozenset("said say says saith answer answered".split())


_SENT_STEMS_CACHE: dict[tuple[int, str], dict[str, int]] = {}


def _sentence_stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z\u00c0-\u024f]+", text)
            if len(w) > 2 and w.lower() not in STOP} - _STOP_STEMS


def _document_frequency(doc: Any) -> dict[str, int]:
    """In how many sentences of doc each content stem occurs (cached per document)."""
    key = (id(doc), getattr(doc, "sha256", ""))
    df = _SENT_STEMS_CACHE.get(key)
    if df is None:
        df = {}
        for sent in doc.sentences:
            for st in _sentence_stems(sent.text):
                df[st] = df.get(st, 0) + 1
        if len(_SENT_STEMS_CACHE) > 16:
            _SENT_STEMS_CACHE.clear()
        _SENT_STEMS_CACHE[key] = df
    return df


def _content(claims: Claims) -> tuple[set[str], set[str], set[float], list[Actor]]:
    stems = _sentence_stems(claims.text)
    dates = {f"{d.precision}:{d.date}" for d in claims.dates if d.precision in ("day", "month")}
    numbers = {n.value for n in claims.numbers if n.approx != "vague" and n.unit != "times"}
    actors = [a for a in claims.actors if a.confirmed and (a.proper or a.kind == "group")]
    return stems, dates, numbers, actors


def _link_strength(links: tuple[str, ...]) -> float:
    return sum(2.0 if lk.startswith(("date ", "number ")) else
               len(lk.split(": ", 1)[1].split(", ")) * (1.0 if lk.startswith("words") else 0.5) for lk in links)


def _links(x: tuple[set[str], set[str], set[float], list[Actor]],
           y: tuple[set[str], set[str], set[float], list[Actor]], common: set[str]) -> tuple[str, ...]:
    """What two sentences share that makes them worth judging against each other: a day date, a number above
    ten, or two distinctive content stems (a month or a small number, or an actor both name, counts as one of
    them). Stems in ``common`` (words most sentences of the two accounts use, "revolution" in two accounts of
    a revolution) do not count: one shared topic word is not a shared claim."""
    days = sorted(d.split(":", 1)[1] for d in x[1] & y[1] if d.startswith("day:"))
    months = sorted(d.split(":", 1)[1] for d in x[1] & y[1] if d.startswith("month:"))
    big = sorted(v for v in x[2] & y[2] if v > 10)
    small = sorted(v for v in x[2] & y[2] if v <= 10)
    words = sorted((x[0] & y[0]) - common)
    actors = sorted({" ".join(a.text.split()) for a in x[3] if any(same_actor(a, b) for b in y[3])})
    weak = len(months) + len(small) + (1 if actors else 0)
    if not (days or big or len(words) >= 2 or (words and weak) or weak >= 2):
        return ()
    out = [f"date {d}" for d in days + months] + [f"number {v:g}" for v in big + small]
    if words:
        out.append("words: " + ", ".join(words[:8]))
    if actors:
        out.append("actors: " + ", ".join(actors[:4]))
    return tuple(out)


_DATE_STEMS = frozenset(stem(w) for w in "january february march april may june july august september october "
                        "november december monday tuesday wednesday thursday friday saturday sunday day days "
                        "year years month months".split())


def _same_event(x: set[str], y: set[str], common: set[str]) -> bool:
    """Whether two passages share enough besides their dates to be dating the same event: at least 30 % of
    the smaller side's distinctive content stems (topic words in ``common`` and date words left out; all
    stems when that leaves a side none)."""
    x, y = x - _DATE_STEMS, y - _DATE_STEMS
    xd, yd = x - common, y - common
    if xd and yd:
        x, y = xd, yd
    if not x or not y:
        return True                   # nothing to tell them apart: leave the dates to decide
    return len(x & y) >= 0.3 * min(len(x), len(y))


def _carries_claims(claims: Claims) -> bool:
    return any(n.approx != "vague" for n in claims.numbers) or any(
        d.precision in ("day", "month") for d in claims.dates) or any(
        a.confirmed and (a.kind == "name" or a.proper) for a in claims.actors) or bool(claims.stances)


def judge_sentences(a_doc: Any, b_doc: Any, pair: Any, *, a_dates: Sequence[DateMention] | None = None,
                    b_dates: Sequence[DateMention] | None = None) -> list[SentenceJudgement]:
    """Judge an aligned pair (align.Pair) sentence by sentence, because claims live in sentences.

    When both sides are single sentences, the pair is judged whole. Otherwise each A sentence is judged against
    each B sentence that shares content with it (a date, a number, or two content stems; see _links), with
    the two whole passages as context, so that a detail given in another sentence of the other passage is not
    counted as an addition. A sentence that shares content with no sentence of the other side is judged against
    the whole other passage, and reported only if it adds details (an elaboration on its side), never as a
    divergence, since it shares nothing with what it would be compared to. If no sentence pair shares content,
    the passages are judged whole, as before. Two sides that share too little besides their dates to be dating
    the same event (_same_event) get no date conflict: their different days are details each gives.
    """
    if a_dates is None:
        a_dates = find_document_dates(a_doc)
    if b_dates is None:
        b_dates = find_document_dates(b_doc)
    ca_all = passage_claims(a_doc, pair.a_sentences)
    cb_all = passage_claims(b_doc, pair.b_sentences)
    # a stem used by more than one sentence in ten (and at least three) of both accounts is a topic word
    df_a, df_b = _document_frequency(a_doc), _document_frequency(b_doc)
    n_sent = len(a_doc.sentences) + len(b_doc.sentences)
    common = {w for w in _sentence_stems(pair.a.text) | _sentence_stems(pair.b.text)
              if df_a.get(w, 0) + df_b.get(w, 0) > max(3.0, 0.1 * n_sent)}
    whole = judge_claims(ca_all, cb_all, dates_comparable=_same_event(
        _sentence_stems(pair.a.text), _sentence_stems(pair.b.text), common))
    whole_item = [SentenceJudgement(pair.a, pair.b, pair.a_sentences, pair.b_sentences, whole, "passage")]
    if len(pair.a_sentences) <= 1 and len(pair.b_sentences) <= 1:
        return whole_item
    sa = [(i, a_doc.sentences[i]) for i in pair.a_sentences]
    sb = [(j, b_doc.sentences[j]) for j in pair.b_sentences]
    an_a, an_b = analyse(a_doc), analyse(b_doc)
    ca = {i: an_a.sentences[i].claims for i, _ in sa}
    cb = {j: an_b.sentences[j].claims for j, _ in sb}
    xa = {i: _content(c) for i, c in ca.items()}
    xb = {j: _content(c) for j, c in cb.items()}
    links = {(i, j): lk for i, _ in sa for j, _ in sb if (lk := _links(xa[i], xb[j], common))}
    # keep a link only if it is the strongest of its A sentence or of its B sentence: inside an aligned pair
    # the sentences mostly correspond one to one, and a weaker cross link pairs sentences that do not
    strength = {k: _link_strength(v) for k, v in links.items()}
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), v in strength.items():
        best_a[i] = max(best_a.get(i, 0.0), v)
        best_b[j] = max(best_b.get(j, 0.0), v)
    links = {(i, j): lk for (i, j), lk in links.items() if strength[(i, j)] >= min(best_a[i], best_b[j])}
    if not links:
        return whole_item
    out: list[SentenceJudgement] = []
    for (i, j), lk in sorted(links.items()):
        jd = judge_claims(ca[i], cb[j], a_context=ca_all, b_context=cb_all,
                          dates_comparable=_same_event(xa[i][0], xb[j][0], common))
        jd = Judgement(jd.label, jd.type, jd.score, jd.evidence, jd.reason,
                       jd.details | {"links": list(lk)})
        out.append(SentenceJudgement(a_doc.sentences[i].span, b_doc.sentences[j].span, range(i, i + 1),
                                     range(j, j + 1), jd, "sentence", lk))
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    for side, items, linked, claims in (("a", sa, linked_a, ca), ("b", sb, linked_b, cb)):
        for k, sent in items:
            if k in linked or sent.boilerplate or not _carries_claims(claims[k]):
                continue
            if side == "a":
                jd = judge_claims(claims[k], cb_all, a_context=ca_all, b_context=cb_all)
                spans = (sent.span, pair.b, range(k, k + 1), pair.b_sentences)
            else:
                jd = judge_claims(ca_all, claims[k], a_context=ca_all, b_context=cb_all)
                spans = (pair.a, sent.span, pair.a_sentences, range(k, k + 1))
            # it shares no claim with any sentence of the other side: what it adds is worth showing, but a
            # "conflict" with it would compare two different things
            if jd.label != "elaboration" or jd.details.get("side") != side:
                continue
            out.append(SentenceJudgement(*spans, jd, "unlinked sentence"))
    out.sort(key=lambda x: (x.a.start, x.b.start))
    return out


# --- actor stances across two accounts ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActorStance:
    """What two accounts say about one actor's role, compared across the accounts (not within an aligned
    pair): a and b are the sentences of each side's strongest claim; the judgement's evidence quotes every
    claim that produced it."""

    a: Any                           # compare.document.Span
    b: Any
    actor: str                       # the actor as A names it ("Bolshevik party")
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class _Claim:
    side: str
    sentence: Any                    # compare.document.Sentence
    stance: Stance
    value: float                     # signed weight, reported views counted at 0.6
    resolved: str | None = None      # how a pronoun subject was read, if it was

    @property
    def actor(self) -> Actor:
        """The particular actor the claim is about (_actor_claims keeps only claims that have one)."""
        assert self.stance.actor is not None
        return self.stance.actor


_MIN_SIDE = 0.6          # a side needs at least one clear cue ("leaders of X", weight 0.6) about the actor
_MIN_CONSISTENCY = 0.75  # and its claims must mostly point one way
_MIN_AGREE = 1.2         # an agreement needs two claims or more a side, this strong together


_PRONOUN = re.compile(r"\b(?P<p>they|he|she)\s+(?:[a-z]+\s+){0,2}$", re.I)


def _actor_claims(doc: Any, side: str, keep_boilerplate: bool) -> list[_Claim]:
    """Agency claims about a particular actor (a name, or a named group such as the Bolsheviks), one per
    sentence and actor: a generic actor ("any party") or a bare group noun ("the workers") is too vague to be
    matched across two accounts, and a planning cue ("spontaneous") speaks of the event, not of the actor.

    A cue whose subject is a pronoun ("In October, they led…") is read as the actor of the previous sentence
    of the same paragraph when that sentence made a claim about exactly one particular actor, in the right
    number ("they" a group, "he"/"she" a person); such a claim weighs 0.8 of a named one.
    """
    out: list[_Claim] = []
    prev: tuple[int, int, _Claim] | None = None         # (paragraph, sentence index, the one claim there)
    an = analyse(doc)
    for sent in doc.content_sentences(keep_boilerplate):
        claims = an.sentences[sent.index].claims
        per_actor: dict[frozenset[str], list[tuple[float, Stance, str | None]]] = {}
        antecedent = prev[2] if prev is not None and prev[0] == sent.paragraph and \
            prev[1] == sent.index - 1 else None
        for st in claims.stances:
            if st.dimension != "agency":
                continue
            a = st.actor
            value = st.sign * st.weight * (0.6 if st.frame == "reported" else 1.0)
            resolved = None
            if a is None and antecedent is not None:
                m = _PRONOUN.search(claims.text[:st.start - claims.offset])
                ante = antecedent.stance.actor
                if m is not None and ante is not None and (
                        (m["p"].lower() == "they") == (ante.kind == "group" or ante.text.rstrip().endswith("s"))):
                    a, value = ante, value * 0.8
                    resolved = (f"{m['p']!r} read as {' '.join(ante.text.split())!r} "
                                f"(previous sentence, line {antecedent.sentence.line})")
            if a is None or a.generic or not a.proper or not a.confirmed:
                continue
            per_actor.setdefault(a.proper, []).append((value, st if resolved is None else Stance(
                st.start, st.end, st.cue, st.dimension, st.base, st.negated, st.weight, a, st.clause_start,
                st.clause_end, st.clause, st.negation, st.frame), resolved))
        best: dict[frozenset[str], _Claim] = {}
        for key, items in per_actor.items():
            # one claim per sentence and actor: the strongest cue, and half of each further cue of the same
            # polarity ("the leaders of the Bolshevik party which saw that…"), at most 1
            items.sort(key=lambda vs: (-abs(vs[0]), vs[1].frame != ""))
            v0, st0, res0 = items[0]
            extra = sum(abs(v) for v, _, _ in items[1:] if v * v0 > 0) * 0.5
            best[key] = _Claim(side, sent, st0, (1 if v0 > 0 else -1) * min(1.0, abs(v0) + extra), res0)
        out.extend(best.values())
        prev = (sent.paragraph, sent.index, next(iter(best.values()))) if len(best) == 1 else None
    return out


def _claim_evidence(c: _Claim) -> Evidence:
    st = c.stance
    kind = "negation" if st.negated else "stance"
    notes = [f"cue {' '.join(st.cue.split())!r} at {st.start}–{st.end}"]
    if st.negated:
        notes.append("negated")
    if st.frame:
        notes.append(st.frame + (" by its writer" if st.frame == "refuted" else ""))
    if c.resolved:
        notes.append(c.resolved)
    return _ev(c.side, kind, st.clause, st.clause_start, st.clause_end, f"{_sign(st)} ({', '.join(notes)})")


def _claim_detail(c: _Claim) -> dict[str, Any]:
    st = c.stance
    return {"side": c.side, "sentence": c.sentence.span.to_dict(), "cue": " ".join(st.cue.split()),
            "cue_start": st.start, "cue_end": st.end, "actor": " ".join(st.actor.text.split()) if st.actor else None,
            "sign": st.sign, "negated": st.negated, "frame": st.frame, "weight": round(abs(c.value), 3),
            "pronoun": c.resolved}


def compare_actor_stances(a_doc: Any, b_doc: Any, *, keep_boilerplate: bool = False,
                          agreements: bool = True) -> list[ActorStance]:
    """Compare, actor by actor, the role the two accounts give to each actor both make claims about.

    Two accounts can disagree about who led an event without telling the same part of the story, so no
    aligned pair shows it ("only the leaders of the Bolshevik party saw the way" in one, "the Bolsheviks were
    quite behind the People" in the other). For each particular actor (see _actor_claims) both accounts make
    agency claims about (led, guided, organised / lagged behind, not called by...; negations and the writer's
    own refutations — "… not at all true!" — taken into account), each side's claims are summed into one
    polarity. Opposite polarities, each at least _MIN_SIDE strong and _MIN_CONSISTENCY consistent, are a
    divergence (type "negation" when the two top claims differ by a negation of the same cue, else "stance");
    the same polarity is an agreement (when ``agreements``, and only when each side makes two claims or more,
    _MIN_AGREE strong together). An actor merely mentioned, or weakly or
    inconsistently described on either side, gives nothing. The score grows with the weaker side's strength
    and both sides' consistency.
    """
    claims_a = _actor_claims(a_doc, "a", keep_boilerplate)
    claims_b = _actor_claims(b_doc, "b", keep_boilerplate)
    # group the claims by actor: mentions whose name stems overlap are one actor (Bolshevik party ~ Bolsheviks)
    groups: list[tuple[set[str], list[_Claim]]] = []
    for c in claims_a + claims_b:
        names = set(c.actor.proper)
        hits = [g for g in groups if g[0] & names]
        merged: tuple[set[str], list[_Claim]] = (names, [c])
        for g in hits:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    out: list[ActorStance] = []
    for _, members in groups:
        sides = {s: [c for c in members if c.side == s] for s in ("a", "b")}
        if not sides["a"] or not sides["b"]:
            continue
        summary = {}
        for s, cs in sides.items():
            net = sum(c.value for c in cs)
            total = sum(abs(c.value) for c in cs)
            sign = 1 if net > 0 else -1
            support = [c for c in cs if c.value * sign > 0]
            summary[s] = (net, abs(net) / total if total else 0.0, sign, support,
                          [c for c in cs if c.value * sign < 0])
        (net_a, cons_a, sign_a, sup_a, against_a) = summary["a"]
        (net_b, cons_b, sign_b, sup_b, against_b) = summary["b"]
        if min(abs(net_a), abs(net_b)) < _MIN_SIDE or min(cons_a, cons_b) < _MIN_CONSISTENCY:
            continue
        if sign_a == sign_b and (not agreements or min(len(sup_a), len(sup_b)) < 2 or
                                 min(abs(net_a), abs(net_b)) < _MIN_AGREE):
            continue          # an agreement is news only when both accounts insist on it
        for sup in (sup_a, sup_b):     # the plainest claims first: strongest, asserted by the writer, earliest
            sup.sort(key=lambda c: (-abs(c.value), c.stance.frame != "", c.sentence.index))
        top_a, top_b = sup_a[0], sup_b[0]
        strength = min(1.0, min(abs(net_a), abs(net_b)) / 1.5)
        score = round(min(0.85, 0.35 + 0.4 * strength + 0.1 * cons_a * cons_b), 3)
        who_a = " ".join(top_a.actor.text.split())
        who_b = " ".join(top_b.actor.text.split())
        evidence = tuple(_claim_evidence(c) for c in sup_a[:3]) + tuple(_claim_evidence(c) for c in sup_b[:3])
        details: dict[str, Any] = {
            "basis": "actor stance", "actor": {"a": who_a, "b": who_b}, "dimension": "agency",
            "polarity": {"a": round(net_a, 3), "b": round(net_b, 3)},
            "consistency": {"a": round(cons_a, 3), "b": round(cons_b, 3)},
            "claims": [_claim_detail(c) for c in sup_a + sup_b],
            "against": [_claim_detail(c) for c in against_a + against_b],
        }
        pol = {1: "leads/directs", -1: "does not lead / lags behind"}
        if sign_a != sign_b:
            # "negation" when one side denies what the other asserts with the same word ("led" / "not led")
            kind = "negation" if (top_a.stance.negated != top_b.stance.negated and stem(
                top_a.stance.cue.split()[0]) == stem(top_b.stance.cue.split()[0])) else "stance"
            reason = (f"opposite roles for {who_a} across the accounts: A {pol[sign_a]} "
                      f"({len(sup_a)} claim{'s' if len(sup_a) > 1 else ''}, first "
                      f"{' '.join(top_a.stance.cue.split())!r}), B {pol[sign_b]} ({len(sup_b)} "
                      f"claim{'s' if len(sup_b) > 1 else ''}, first {' '.join(top_b.stance.cue.split())!r})")
            jd = Judgement("divergence", kind, score, evidence, reason, details)
        else:
            reason = (f"both accounts say {who_a} {pol[sign_a]} ({len(sup_a)} and {len(sup_b)} claims; first "
                      f"{' '.join(top_a.stance.cue.split())!r} / {' '.join(top_b.stance.cue.split())!r})")
            jd = Judgement("agreement", None, score, evidence, reason, details)
        out.append(ActorStance(top_a.sentence.span, top_b.sentence.span, who_a, jd))
    out.sort(key=lambda x: -x.judgement.score)
    return out


# --- how it turned out, across two accounts -----------------------------------------------------------------

_MIN_OUTCOME = 0.6       # each account needs at least one clear outcome cue (weight 0.8, net of the others)


def compare_outcomes(a_doc: Any, b_doc: Any, *, keep_boilerplate: bool = False) -> list[ActorStance]:
    """Whether the two accounts say opposite things about how it turned out: one that what was built lasted
    or thrived ("sustained", "flourished", "endured"), the other that it decayed ("degenerated", "collapsed").

    Like actor stances, this is compared across the accounts, since an account's verdict on the outcome is
    rarely aligned with the other's. Each account's outcome cues the writer asserts (not refuted, not
    reported) are summed, a negation flipping a cue; opposite sums, each at least _MIN_OUTCOME strong, are a
    ``stance`` divergence quoting every cue's clause.
    """
    sides: dict[str, list[tuple[Any, Stance, float]]] = {"a": [], "b": []}
    for side, doc in (("a", a_doc), ("b", b_doc)):
        an = analyse(doc)
        for sent in doc.content_sentences(keep_boilerplate):
            for st in an.sentences[sent.index].claims.stances:
                if st.dimension == "outcome" and st.frame == "":
                    sides[side].append((sent, st, st.sign * st.weight))
    net = {k: sum(v for _, _, v in xs) for k, xs in sides.items()}
    if min(abs(net["a"]), abs(net["b"])) < _MIN_OUTCOME or (net["a"] > 0) == (net["b"] > 0):
        return []
    top = {k: sorted((x for x in xs if x[2] * net[k] > 0), key=lambda x: -abs(x[2])) for k, xs in sides.items()}
    evidence = tuple(_ev(k, "stance", st.clause, st.clause_start, st.clause_end,
                         f"{'+' if v > 0 else '-'} ({' '.join(st.cue.split())!r})")
                     for k in ("a", "b") for _, st, v in top[k][:3])
    word = {True: "lasted or thrived", False: "decayed"}
    ca, cb = top["a"][0][1], top["b"][0][1]
    reason = (f"opposite outcomes across the accounts: A says it {word[net['a'] > 0]} "
              f"({' '.join(ca.cue.split())!r}), B says it {word[net['b'] > 0]} ({' '.join(cb.cue.split())!r})")
    score = round(min(0.8, 0.4 + 0.2 * min(abs(net["a"]), abs(net["b"]))), 3)
    details = {"basis": "outcome", "dimension": "outcome",
               "polarity": {"a": round(net["a"], 3), "b": round(net["b"], 3)}}
    jd = Judgement("divergence", "stance", score, evidence, reason, details)
    return [ActorStance(top["a"][0][0].span, top["b"][0][0].span, "outcome", jd)]
