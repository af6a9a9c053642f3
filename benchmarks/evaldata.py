"""Loading and scoring the evaluation data in ../shared/eval (Bible translations, Eusebian canons).

Shared by the benchmark scripts. A book becomes a plain text with one verse a line (references stripped), and
every verse (or Eusebian section) keeps its character range in that text, so any tool's output spans can be
mapped back to verses and scored by the rule of ../shared/eval/README.md:

- a returned pair of passages is read as a diagonal alignment: it claims max(|units in A span|, |units in B
  span|) links, the k-th unit of A spread evenly against the units of B;
- a unit (verse or section) is inside a span when at least half of the unit, or half of the span, overlaps it;
- precision = right links / claimed links, summed over the returned pairs (this reading reproduces the README's
  text-matcher figures exactly: 0.963/0.227 and 0.879/0.124); recall = share of A's units that
  have a gold link and got a right one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("COMPARE_EVAL", REPO.parent / "shared" / "eval"))  # $COMPARE_EVAL: data elsewhere
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))


@dataclass(frozen=True)
class Unit:
    """A verse or a section: its id ("MRK 1:3" or "MRK §12") and character range in the book text."""

    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Book:
    """One book of one translation as a text, one verse a line, with the range of every verse."""

    name: str
    translation: str
    text: str
    verses: list[Unit]


def load_book(translation: str, book: str, fraction: float = 1.0) -> Book:
    """Read ``bible/<translation>/<book>.tsv`` (``BOOK C:V<TAB>text``); ``fraction`` keeps the first part."""
    rows = []
    for line in (EVAL / "bible" / translation / f"{book}.tsv").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            ref, verse = line.split("\t", 1)
            rows.append((ref.strip(), verse.strip()))
    if fraction < 1.0:
        rows = rows[: max(1, round(len(rows) * fraction))]
    return _as_book(book, translation, rows)


def load_books(translation: str, books: Sequence[str]) -> Book:
    """Several books one after another as one text (e.g. the whole New Testament)."""
    rows = []
    for book in books:
        for line in (EVAL / "bible" / translation / f"{book}.tsv").read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                ref, verse = line.split("\t", 1)
                rows.append((ref.strip(), verse.strip()))
    return _as_book("+".join(books) if len(books) < 4 else f"{len(books)} books", translation, rows)


def _as_book(name: str, translation: str, rows: list[tuple[str, str]]) -> Book:
    parts: list[str] = []
    verses: list[Unit] = []
    pos = 0
    for ref, verse in rows:
        verses.append(Unit(ref, pos, pos + len(verse)))
        parts.append(verse)
        pos += len(verse) + 1
    return Book(name, translation, "\n".join(parts) + "\n", verses)


def nt_books() -> list[str]:
    """The New Testament books in canonical order (as far as the data folder has them)."""
    order = ["MAT", "MRK", "LUK", "JHN", "ACT", "ROM", "1CO", "2CO", "GAL", "EPH", "PHP", "COL", "1TH", "2TH",
             "1TI", "2TI", "TIT", "PHM", "HEB", "JAS", "1PE", "2PE", "1JN", "2JN", "3JN", "JUD", "REV"]
    have = {p.stem for p in (EVAL / "bible" / "kjv").glob("*.tsv")}
    return [b for b in order if b in have]


GOSPEL_COLUMNS = {"Mt": "MAT", "Mk": "MRK", "Lk": "LUK", "Jn": "JHN"}


def sections(book: Book) -> list[Unit]:
    """The Eusebian sections of a gospel as character ranges of ``book`` (ids like ``"MRK §3"``).

    A section runs over whole verses (``from_ref`` to ``to_ref``), except where it shares a verse with another
    section ("1.7B-8": the verse is cut into parts A, B, ...). Such a verse is cut where the Greek word indices
    put the cut: each section's share of the verse is its Greek words (``from_word``..``to_word``, SBLGNT) less
    an estimate of its words in its other, whole verses (their length in this text times the book's Greek words
    per character, from the sections that share no verse), and the verse's text is cut in those proportions, at
    the nearest clause mark. (Reading the letters alone, as "the middle of the verse", put ``MRK 14:27B``, three Greek
    words of a sixteen-word verse, over the whole second half of the verse, overlapping ``14:27C-28``; and
    "26.39AB" or "19.6D" started at the wrong place.)
    """
    code = book.name
    where = {u.id: u for u in book.verses}
    order = {u.id: i for i, u in enumerate(book.verses)}
    rows: list[tuple[str, int, int, int]] = []  # number, first verse index, last verse index, Greek words
    for line in (EVAL / "eusebian-canons" / f"{code}-sections.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7 or f[3] not in where or f[4] not in where:
            continue
        greek = int(f[6]) - int(f[5]) + 1 if int(f[5]) > 0 else 0
        rows.append((f[0], order[f[3]], order[f[4]], greek))
    sharing: dict[int, list[int]] = {}  # verse index -> rows that touch it, in order
    for k, (_, lo, hi, _) in enumerate(rows):
        for v in range(lo, hi + 1):
            sharing.setdefault(v, []).append(k)
    shared = {v for v, ks in sharing.items() if len(ks) > 1}

    def chars(lo: int, hi: int) -> int:
        return sum(book.verses[v].end - book.verses[v].start for v in range(lo, hi + 1))

    whole = [(chars(lo, hi), g) for _, lo, hi, g in rows if g and not any(v in shared for v in (lo, hi))]
    per_char = sum(g for _, g in whole) / max(1, sum(c for c, _ in whole))
    cuts: dict[tuple[int, int], tuple[int, int]] = {}  # (row, verse) -> the row's character range in the verse
    for v in sorted(shared):
        ks = sorted(sharing[v], key=lambda k: (rows[k][1], rows[k][2]))
        # a part inside this verse alone is known exactly; a part that runs on over other verses is the rest of
        # the verse's estimated Greek words when it is the only such part, else its own estimate, scaled
        exact = {k: float(rows[k][3]) for k in ks if rows[k][1] == rows[k][2] == v and rows[k][3]}
        rough = {k: max(1.0, rows[k][3] - per_char * (chars(rows[k][1], rows[k][2]) - chars(v, v)))
                 for k in ks if k not in exact}
        rest = max(float(len(rough)), per_char * chars(v, v) - sum(exact.values()))
        scale = rest / sum(rough.values()) if rough else 1.0
        shares = [exact[k] if k in exact else rough[k] * scale for k in ks]
        verse = book.verses[v]
        text = book.text[verse.start:verse.end]
        total, acc, prev = sum(shares), 0.0, verse.start
        for i, k in enumerate(ks):
            acc += shares[i]
            if i == len(ks) - 1:
                end = verse.end
            else:
                at = round(len(text) * acc / total)
                end = verse.start + _nearest_break(text, at)
                end = max(end, prev + 1)
            cuts[(k, v)] = (prev, end)
            prev = end
    out: list[Unit] = []
    for k, (num, lo, hi, _) in enumerate(rows):
        start = cuts[(k, lo)][0] if (k, lo) in cuts else book.verses[lo].start
        end = cuts[(k, hi)][1] if (k, hi) in cuts else book.verses[hi].end
        out.append(Unit(f"{code} §{num}", start, max(end, start + 1)))
    return out


def _nearest_break(text: str, at: int) -> int:
    """The cut nearest ``at`` after a clause mark and a space (a section boundary inside a verse is a clause
    boundary), within a third of the verse; else the nearest space; else ``at``."""
    clause = [j for j in range(1, len(text)) if text[j] == " " and text[j - 1] in ",;:.?!"]
    near = [j for j in clause if abs(j - at) * 3 <= len(text)]
    if near:
        return min(near, key=lambda j: abs(j - at))
    spaces = [j for j, ch in enumerate(text) if ch == " "]
    return min(spaces, key=lambda j: abs(j - at)) if spaces else at


def canon_links(a: str, b: str, canons: Iterable[int]) -> set[tuple[str, str]]:
    """Gold links between sections of gospels ``a`` and ``b`` (codes like "MAT") from the canon tables."""
    links: set[tuple[str, str]] = set()
    for c in canons:
        lines = (EVAL / "eusebian-canons" / f"canon-{c}.tsv").read_text(encoding="utf-8").splitlines()
        header = [GOSPEL_COLUMNS.get(h.strip(), h.strip()) for h in lines[0].split("\t")]
        if a not in header or b not in header:
            continue
        ia, ib = header.index(a), header.index(b)
        for line in lines[1:]:
            f = line.split("\t")
            if len(f) > max(ia, ib) and f[ia].strip() and f[ib].strip():
                links.add((f"{a} §{f[ia].strip()}", f"{b} §{f[ib].strip()}"))
    return links


def units_in(units: Sequence[Unit], start: int, end: int, starts: list[int] | None = None) -> list[Unit]:
    """Units inside a span: at least half of the unit, or half of the span, overlaps it."""
    out = []
    span = max(1, end - start)
    for u in units:
        if u.end <= start:
            continue
        if u.start >= end:
            break
        ov = min(u.end, end) - max(u.start, start)
        if ov > 0 and (ov * 2 >= (u.end - u.start) or ov * 2 >= span):
            out.append(u)
    return out


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    claimed: int
    right: int


def score_spans(pairs: Iterable[tuple[tuple[int, int], tuple[int, int]]], a_units: Sequence[Unit],
                b_units: Sequence[Unit], is_right: Callable[[str, str], bool],
                a_gold: set[str], distinct: bool = False) -> Score:
    """Score returned (A span, B span) pairs by the README rule; ``a_gold`` = A units that have a gold link."""
    import bisect

    a_sorted = sorted(a_units, key=lambda u: u.start)
    b_sorted = sorted(b_units, key=lambda u: u.start)
    a_starts = [u.start for u in a_sorted]
    b_starts = [u.start for u in b_sorted]

    def window(units: list[Unit], starts: list[int], s: int, e: int) -> list[Unit]:
        lo = max(0, bisect.bisect_right(starts, s) - 2)
        hi = bisect.bisect_left(starts, e) + 1
        return units_in(units[lo:hi], s, e)

    claims: list[tuple[str, str]] = []
    for (sa, ea), (sb, eb) in pairs:
        ua, ub = window(a_sorted, a_starts, sa, ea), window(b_sorted, b_starts, sb, eb)
        if not ua or not ub:
            continue
        n = max(len(ua), len(ub))
        for k in range(n):
            claims.append((ua[k * len(ua) // n].id, ub[k * len(ub) // n].id))
    claimed = list(set(claims)) if distinct else claims
    right = [link for link in claimed if is_right(*link)]
    p = len(right) / len(claimed) if claimed else 0.0
    found = {x for x, _ in right} & a_gold
    r = len(found) / len(a_gold) if a_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f, len(claimed), len(right))


def same_verse(x: str, y: str) -> bool:
    """Translation task: a link is right when both sides have the same chapter:verse."""
    return x.split(" ", 1)[1] == y.split(" ", 1)[1]
