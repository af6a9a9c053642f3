"""Label a pair of passages (agreement / divergence / elaboration) by comparing their claims slot by slot.

The other jobs of the report's judging live beside it: the sentences inside an aligned passage
(compare.sentence_judge), actor stances and outcomes across two accounts (compare.stances), passages only one
account tells (compare.unique).

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
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, Callable, Sequence

from compare.claims import (STOP, Actor, Claims, Negation, Number, Stance, extract_claims, head_class, same_actor,
                            stem)
from compare.analysis import passage_claims
from compare.lexicon import PERSON_NOUNS, interval
from compare.dates import DateMention, same_day_other_calendar

__all__ = ["Evidence", "Judgement", "judge_pair", "judge_claims", "judge_alignment", "DIVERGENCE_TYPES"]

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
MAX_STANCES_COMPARED = 32  # ... and stances (real passages: at most 7 in 5 sentences of the seeds and the NT;
                           # 200 KB of "led led ..." gave 600 a passage and 202 s of `compare report`)
MAX_NEGATIONS_COMPARED = 32  # ... and negated predicates, each against this many uses of its verb on the other
                             # side (a text of "did not lead the workers who organised" repeated: every pair)
MAX_NAMES_COMPARED = 64    # ... and actors (names and groups), each side's first this many against the other's
                           # (real passages: at most 28 actors, 19 of them names, in the seeds and the Eusebian
                           # sections of Matthew-Mark; 25 KB of "Trotsky said " against itself matched every pair
                           # of names: 33 s and 3.2 GB of `compare report`)
MAX_SHARED_LISTED = 64     # matched pairs of each slot listed as shared evidence (real passages: at most 34, actors
                           # of Matthew-Mark sections; the pairs of 64 dates or names a side are 4,096, each quoted)
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
NAME_CACHE_SIZE = 1 << 16  # name foldings and spelling comparisons remembered (a book's pairs repeat its names:
                           # whole New Testament, 112,000 comparisons of a few thousand names)
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
    if bool(_ORDINAL.search(x.text)) != bool(_ORDINAL.search(y.text)):
        return False
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
    for s in ca.stances[:MAX_STANCES_COMPARED]:
        for t in cb.stances[:MAX_STANCES_COMPARED]:
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


_LETTERS = re.compile(r"[A-Za-z]+")


def _negated_at(negations: Sequence[Negation]) -> Callable[[int], bool]:
    """A test of whether a position lies in the scope of one of the negations (by bisection: a passage can have
    thousands)."""
    scopes = sorted((n.scope_start, n.scope_end) for n in negations)
    starts = [a for a, _ in scopes]
    reach = list(accumulate((b for _, b in scopes), max))      # the farthest scope end among those begun so far

    def negated(pos: int) -> bool:
        k = bisect_right(starts, pos)
        return k > 0 and reach[k - 1] > pos
    return negated


def _compare_predicates(ca: Claims, cb: Claims) -> list[_Conflict]:
    """A plain predicate negated on one side and asserted on the other, with the same subject:
    "the male engineering workers ... did not demonstrate" / "the male engineering workers ... demonstrated"."""
    out: list[_Conflict] = []
    index: dict[int, dict[str, list[re.Match[str]]]] = {}

    def uses(claims: Claims) -> dict[str, list[re.Match[str]]]:
        """The passage's words by stem, read the first time a negation needs them."""
        words = index.get(id(claims))
        if words is None:
            words = index[id(claims)] = {}
            for m in _LETTERS.finditer(claims.text):
                words.setdefault(stem(m.group()), []).append(m)
        return words

    for side, x, y in (("a", ca, cb), ("b", cb, ca)):
        negated_in_y = _negated_at(y.negations)
        for neg in x.negations[:MAX_NEGATIONS_COMPARED]:
            cue = neg.cue.lower()
            if cue not in ("not", "never") and not cue.endswith(("n't", "n’t", "n`t")) and \
                    not cue.endswith(" to"):
                continue
            # the first word of the scope that is not an auxiliary (read lazily: a scope can be a long clause)
            first = next((w.group() for w in _LETTERS.finditer(neg.scope, len(neg.cue)) if w.group().lower()
                          not in _AUX), None)
            if first is None or first.lower() in STOP:
                continue
            verb = stem(first)
            if len(verb) < 3:
                continue
            subj = _subject(x, neg.start)
            if subj is None:
                continue
            for m in uses(y).get(verb, [])[:MAX_NEGATIONS_COMPARED]:
                pos = m.start() + y.offset
                if negated_in_y(pos):
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
                                     f"{first}; the other says they did ({m.group()!r})"))
                break
    return out


def _sign(s: Stance) -> str:
    names = {("agency", 1): "leads/directs", ("agency", -1): "does not lead / lags behind",
             ("planning", 1): "organised", ("planning", -1): "spontaneous"}
    return names[(s.dimension, s.sign)]


_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’`][A-Za-z]+)*|[0-9]+(?:,[0-9]{3})*")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


_POSSESSIVE = re.compile(r"['’`]s\b")


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _fold_name(name: str) -> str:
    name = _POSSESSIVE.sub("", name).replace("æ", "ae").replace("Æ", "Ae").replace("œ", "oe")
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if c.isalpha()).lower()


@lru_cache(maxsize=NAME_CACHE_SIZE)
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
    actors_a, actors_b = ca.actors[:MAX_NAMES_COMPARED], cb.actors[:MAX_NAMES_COMPARED]   # pairwise: bounded
    names_a = [a for a in actors_a if a.kind == "name" or a.proper]
    names_b = [b for b in actors_b if b.kind == "name" or b.proper]
    matched = [(a, b) for a in names_a for b in names_b if same_actor(a, b)]
    only_a = [a for a in names_a if not any(same_actor(a, b) or _spelling_variant(a.text, b.text)
                                            for b in actors_b)]
    only_b = [b for b in names_b if not any(same_actor(a, b) or _spelling_variant(a.text, b.text)
                                            for a in actors_a)]
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
    return a is not None and any(same_actor(a, b) or _spelling_variant(a.text, b.text)
                                 for b in context.actors[:MAX_NAMES_COMPARED])


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
    # the dates matched by one as precise on the other side (a set: a passage of dated lines matches thousands)
    same_precision = {id(d) for x, y in d_match if x.precision == y.precision for d in (x, y)}
    for side, mine, theirs in (("a", ca.dates, cb.dates), ("b", cb.dates, ca.dates)):
        for d in mine:
            # covered only by a date at least as precise: a day against a month is a detail the month lacks
            covered = any(o.date == d.date or (_PREC[o.precision] >= _PREC[d.precision] and _date_contains(d, o))
                          for o in theirs) or id(d) in same_precision
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
    most = MAX_SHARED_LISTED
    shared = ([(_ev("a", "number", x.text, x.start, x.end, _fmt(x)), _ev("b", "number", y.text, y.start, y.end,
                                                                          _fmt(y))) for x, y in n_match[:most]]
              + [(_ev("a", "date", x.expression, x.start, x.end, x.date),
                  _ev("b", "date", y.expression, y.start, y.end, y.date)) for x, y in d_match[:most]]
              + [(_ev("a", "stance", s.clause, s.clause_start, s.clause_end, _sign(s)),
                  _ev("b", "stance", t.clause, t.clause_start, t.clause_end, _sign(t))) for s, t in s_match[:most]]
              + [(_ev("a", "actor", x.text, x.start, x.end), _ev("b", "actor", y.text, y.start, y.end))
                 for x, y in [(x, y) for x, y in a_match if x.confirmed and y.confirmed][:most]])
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
    """Judge every Pair of an align.Alignment whole, in order, from the claims its sentences' analyses hold
    (analysis.passage_claims: found once per document, dates read with the whole account's context)."""
    out = []
    for i, pair in enumerate(alignment.pairs):
        out.append(judge_claims(passage_claims(alignment.a, pair.a_sentences),
                                passage_claims(alignment.b, pair.b_sentences)))
        if progress is not None:
            progress(i + 1, len(alignment.pairs))
    return out
