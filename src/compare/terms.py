"""Words of a text as the alignment sees them: tokens with offsets, stems, content words, rarity weights.

Two accounts of one event rarely share sentences but do share *content words* ("textile", "strike",
"February"), often inflected differently ("workers"/"worker", "struck"/"strike" partly). So a sentence is
reduced to the stems of its content words (the Snowball stemmer of :mod:`compare.lexicon`), plus
normalised numbers and dates ("23 February" and "February 23, 1917" both give ``date:02-23``), each weighted by
rarity (inverse document frequency) so that "Petrograd" counts for more than "people".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from .lexicon import MONTHS, NUMBER_WORDS, SCALES, STOPWORDS, Token, content_stems, number_value, stem, tokenize

__all__ = ["MONTHS", "NUMBER_WORDS", "STOPWORDS", "Token", "content_stems", "document_frequencies", "idf_weights",
           "numeric_terms", "stem", "tokenize"]


def _number_value(lower: str) -> float | None:
    return number_value(lower) if lower[:1].isdigit() else None


def numeric_terms(tokens: Sequence[Token]) -> list[str]:
    """Normalised numbers and dates mentioned by *tokens*.

    "23 February", "February 23, 1917" and "Feb. 23rd" all give ``date:02-23``; a year gives ``year:1917``;
    "7,000" and "seven thousand" give ``num:7000``; "five" gives ``num:5``. Month names alone give
    ``month:02``. This lets the alignment see that two sentences mention the same day however it is written.
    """
    terms: list[str] = []
    n = len(tokens)
    used: set[int] = set()
    for i, tok in enumerate(tokens):
        month = MONTHS.get(tok.lower)
        if month is None or (tok.lower == "may" and tok.text == "may"):
            continue
        day = None
        for j in (i - 1, i + 1):
            if 0 <= j < n:
                v = _number_value(tokens[j].lower) if tokens[j].lower[0].isdigit() else None
                if v is not None and v.is_integer() and 1 <= v <= 31:
                    day = int(v)
                    used.add(j)
                    break
        terms.append(f"date:{month:02d}-{day:02d}" if day else f"month:{month:02d}")
    # a bare month adds nothing when a full date of that month is mentioned too
    dated = {t[5:7] for t in terms if t.startswith("date:")}
    terms = [t for t in terms if not (t.startswith("month:") and t[6:8] in dated)]
    i = 0
    while i < n:
        tok = tokens[i]
        if i in used:
            i += 1
            continue
        if tok.lower[0].isdigit():
            v = _number_value(tok.lower)
            if v is not None:
                if v.is_integer() and 1000 <= v <= 2100 and "," not in tok.lower:
                    terms.append(f"year:{int(v)}")
                else:
                    terms.append(f"num:{v:g}")
            i += 1
            continue
        if tok.lower in NUMBER_WORDS:
            # "seven thousand", "forty two": combine a short run of number words
            value = 0
            current = 0
            j = i
            while j < n and tokens[j].lower in NUMBER_WORDS:
                w = NUMBER_WORDS[tokens[j].lower]
                if w in SCALES.values():
                    current = max(current, 1) * w
                    if w >= 1000:
                        value += current
                        current = 0
                else:
                    current += w
                j += 1
            total = value + current
            # "one" alone is mostly a pronoun ("no one", "the one who"), not a figure
            if not (j - i == 1 and tok.lower == "one"):
                terms.append(f"num:{total:g}")
            i = j
            continue
        i += 1
    return terms


def document_frequencies(bags: Iterable[Iterable[str]]) -> tuple[Counter[str], int]:
    """How many bags contain each term, and how many bags there were."""
    df: Counter[str] = Counter()
    count = 0
    for bag in bags:
        df.update(set(bag))
        count += 1
    return df, count


def idf_weights(df: Counter[str], count: int) -> dict[str, float]:
    """Rarity weight of each term: smoothed inverse document frequency, ``ln((1+N)/(1+df)) + 1``."""
    return {term: math.log((1 + count) / (1 + f)) + 1.0 for term, f in df.items()}
