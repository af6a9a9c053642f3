"""Words of a text as the alignment sees them: tokens with offsets, stems, content words, rarity weights.

Two accounts of one event rarely share sentences but do share *content words* ("textile", "strike",
"February"), often inflected differently ("workers"/"worker", "struck"/"strike" partly). So a sentence is
reduced to the stems of its content words (nltk's Snowball stemmer, which needs no data package), plus
normalised numbers and dates ("23 February" and "February 23, 1917" both give ``date:02-23``), each weighted by
rarity (inverse document frequency) so that "Petrograd" counts for more than "people".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# A built-in English stopword list (nltk's corpus cannot be downloaded here). Function words of present-day
# English plus the archaic forms common in older sources (thou, hath, unto, ...), since historians read both.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren around as at back be
    became because become becomes been before beforehand behind being below beside besides between beyond both but
    by can cannot could couldn did didn do does doesn doing don done down during each either else elsewhere enough
    etc even ever every everybody everyone everything everywhere except few for former formerly from further had
    hadn has hasn have haven having he hence her here hereafter hereby herein hers herself him himself his how
    however i ie if in indeed into is isn it its itself just least less ll many may me meanwhile might mine more
    moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not
    nothing now nowhere of off often on once one's only onto or other others otherwise our ours ourselves out over
    own per perhaps rather re same several shall shan she should shouldn since so some somehow someone something
    sometime sometimes somewhat somewhere still such than that the their theirs them themselves then thence there
    thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to
    together too toward towards under until up upon us ve very via was wasn we were weren what whatever when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who
    whoever whole whom whose why will with within without won would wouldn yet you your yours yourself yourselves
    s t d m o y ll

    thou thee thy thine ye hath doth dost hast art wast wert shalt wilt canst couldst wouldst shouldst didst
    hadst unto thereof whereof hither thither yea nay lo oh o ah

    also let get got say says said like well
    """.split()
)

# Number words that commonly stand for figures in prose ("five days" = "5 days").
NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000})

MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")]
    )
    for name in names
}

_TOKEN = re.compile(r"\d+(?:[.,]\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or number of a text, with its offsets (end exclusive) into the string it came from."""

    text: str
    start: int
    end: int
    lower: str
    stem: str
    content: bool  # not a stopword and not a bare number (numbers are kept as numeric terms instead)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # heavy import, kept out of module import time

    return SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) English stem of a lower-case word; cached, since texts repeat their words."""
    return _stemmer().stem(word)


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[str, str, bool]:
    """(lower-case form, stem, is a content word) of a word; cached, since texts repeat their words."""
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower[0].isdigit():
        return lower, lower, False
    is_content = len(lower) > 1 and lower not in STOPWORDS and lower not in NUMBER_WORDS
    return lower, stem(lower) if is_content else lower, is_content


def tokenize(text: str) -> list[Token]:
    """Words and numbers of *text* with offsets; stems and stopword flags computed once here."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        lower, st, is_content = _word(word)
        out.append(Token(word, m.start(), m.end(), lower, st, is_content))
    return out


def content_stems(text: str) -> list[str]:
    """Stems of the content words of *text*, in order (repeats kept)."""
    return [t.stem for t in tokenize(text) if t.content]


def _number_value(lower: str) -> float | None:
    m = _ORDINAL.match(lower)
    if m:
        lower = m.group(1)
    try:
        return float(lower.replace(",", ""))
    except ValueError:
        return None


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
                if w in (100, 1000, 1_000_000):
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
