"""compare.unique: the passages only one account tells, ranked by what they carry."""

from __future__ import annotations

import json


from compare.unique import rank_unique


def test_rank_unique_puts_numbers_first(seeds):
    docs, dates = seeds
    ranked = rank_unique(docs[1], set(), dates=dates[1])
    assert ranked == sorted(ranked, key=lambda u: -u.weight)
    top_text = " ".join(u.span.text for u in ranked[:8])
    assert "7,000" in top_text
    for u in ranked:
        assert docs[1].text[u.span.start:u.span.end] == u.span.text
        json.dumps(u.to_dict())
    # boilerplate and covered sentences never come back
    covered = set(range(len(docs[1].sentences)))
    assert rank_unique(docs[1], covered, dates=dates[1]) == []
