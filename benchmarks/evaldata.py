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

    Sections that start or end inside a verse ("1.7B-8") start or end at the middle of that verse.
    """
    code = book.name
    where = {u.id: u for u in book.verses}
    out: list[Unit] = []
    for line in (EVAL / "eusebian-canons" / f"{code}-sections.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 5 or f[3] not in where or f[4] not in where:
            continue
        num, rng, first, last = f[0], f[2], where[f[3]], where[f[4]]
        lo_part = rng.split("-")[0]
        hi_part = rng.split("-")[-1]
        start = first.start + (first.end - first.start) // 2 if lo_part.endswith(("B", "C")) else first.start
        end = last.start + (last.end - last.start) // 2 if hi_part.endswith("A") else last.end
        out.append(Unit(f"{code} §{num}", start, max(end, start + 1)))
    return out


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
