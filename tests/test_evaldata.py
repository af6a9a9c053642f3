"""benchmarks/evaldata.py: the Eusebian sections read as character ranges (needs ../shared/eval)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import evaldata as E  # noqa: E402

pytestmark = pytest.mark.skipif(not (E.EVAL / "eusebian-canons").exists(), reason="no shared eval data")


@pytest.mark.parametrize("translation,code", [("web", "MRK"), ("kjv", "MAT"), ("web", "LUK")])
def test_sections_do_not_overlap_and_cut_verses_at_clause_marks(translation: str, code: str) -> None:
    book = E.load_book(translation, code)
    units = sorted(E.sections(book), key=lambda u: u.start)
    assert all(a.end <= b.start for a, b in zip(units, units[1:]))
    starts = {v.start for v in book.verses}
    for u in units:
        if u.start not in starts:  # a section starting inside a verse starts at a space between two words
            assert book.text[u.start] == " " and book.text[u.start - 1] != " "


def test_a_part_of_a_verse_gets_its_share_of_the_greek_words() -> None:
    book = E.load_book("web", "MRK")
    got = {u.id: book.text[u.start:u.end].strip() for u in E.sections(book)}
    assert got["MRK §7"] == "The angels ministered to him."  # 1.13C: 5 Greek words of 1:13
    assert got["MRK §16"].startswith("and cast out many demons.")  # 1.34BC
    assert got["MRK §4"].startswith('"After me comes he who is mightier than I')  # 1.7B-8
