"""What a passage asserts, slot by slot: numbers with the thing counted, dates, actors, negations, stances.

The judge compares two passages through these slots instead of through their words, so that a conflict can be
shown as two quoted pieces of evidence ("7,000 female textile workers" / "5,000 workers"; "not organized by any
Bolshevik Party" / "the Bolshevik Party took the reins"). Everything is rule-based and offline: a lexicon of
stance cues (led, guided, organised, lagged behind, spontaneous...), negation cues with clause scope, and
capitalisation plus a lexicon of group nouns for actors. Every item keeps offsets into the text it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Sequence

from compare.dates import DateMention, find_dates
from compare.lexicon import (FUNCTION_WORDS, IRREGULAR_PLURALS, IRREGULAR_VERBS, SCALES, TENS, UNITS, NumberSpan,
                             approx_marker, find_numbers, lemma_stem, parse_word_number)

__all__ = [
    "Number", "Actor", "Negation", "Stance", "Claims", "ClaimParts", "extract_claims", "claim_parts", "place_claims",
    "same_actor", "stem", "head_class",
]

# --- tuned numbers ---------------------------------------------------------------------------------------
# How far the clause and the sentence around a cue are looked for, on each side (clauses and sentences are short).
# Bounded both ways, so that a text of cues with no clause or sentence break costs each cue this much rather than
# the rest of the text ("led " * 50,000 took `compare report` 202 s on 200 KB, quadratic in each 2,500-character
# sentence and in the judge's passages).
CLAUSE_WINDOW = 400
SENTENCE_WINDOW = 600

_TOKEN = re.compile(r"[0-9]+(?:[,.][0-9]+)*%?|[A-Za-z\u00c0-\u024f]+(?:['’`\-][A-Za-z\u00c0-\u024f]+)*")

STOP = FUNCTION_WORDS   # never a name or a counted thing

# Words that may start a sentence capitalised without being names.
_SENTENCE_STARTERS = STOP | frozenset("""
amid again although as back because but despite during even for from given however in instead it its just
knowing let many meanwhile most much notably now of on once since so some such that the their then there these
they this those though thus to under until we what when where whether which while who why with without yet you
your come go see look listen behold therefore immediately after before today tomorrow yesterday everybody
everyone someone somebody anyone nobody nothing something everything victory ladies power history
""".split())

_GROUP_NOUNS = frozenset("""
party parties workers worker women woman men man soldiers soldier police policemen army armies government
peasants peasant masses people crowd crowds leaders leader leadership class bourgeoisie capitalists capitalist
activists activist organisers organizers students sailors troops officers committee committees council councils
soviet soviets union unions movement regime state ministers minister demonstrators protesters strikers
disciples disciple multitude multitudes crowds priests priest scribes pharisees sadducees elders rulers ruler
king kings governor soldiers servants servant apostles apostle brothers brother sons son daughter mother
citizens population bolsheviks bolshevik mensheviks cossacks revolutionaries socialists media
""".split())
# Group nouns that are names of particular groups: they identify the actor themselves.
_NAMED_GROUPS = frozenset("bolsheviks bolshevik mensheviks menshevik cossacks pharisees sadducees".split())
_MODIFIERS = frozenset("female male young old ordinary everyday working rank-and-file common poor rich armed "
                       "local rural urban militant striking leading ruling chief high whole entire".split())
_MODIFIER_SUFFIX = re.compile(r"(?:al|ile|ive|ic|ary|ist|ian|ese|ing|ous)$", re.I)
# Capitalised titles and honorifics: they name a role, not who fills it, so they are not names on their own.
_TITLES = frozenset("lord god father teacher rabbi master king queen sir madam heaven kingdom son spirit holy "
                    "president minister general emperor tsar czar pope saviour savior christ messiah".split())
_NOT_NAMES = frozenset("january february march april may june july august september october november december "
                       "monday tuesday wednesday thursday friday saturday sunday day".split())

_NATIONALITY = frozenset("""
russian russia french france american america british britain english german germany egyptian egypt western
european chinese soviet tsarist
""".split())

# Stance cues: (regex, dimension, base sign, weight). dimension "agency": an actor directs/leads (+1) or lags
# behind/follows (-1); "planning": the event was organised/prepared (+1) or spontaneous (-1).
_STANCE_CUES: list[tuple[re.Pattern[str], str, int, float]] = [
    (re.compile(r"\b(?:led|leads?|leading)\b(?!\s+(?:to|up\s+to)\b)", re.I), "agency", 1, 1.0),
    (re.compile(r"\b(?:leaders?|leadership|vanguard)\b", re.I), "agency", 1, 0.6),
    (re.compile(r"\bguid(?:ed|es?|ing|ance)\b", re.I), "agency", 1, 1.0),
    (re.compile(r"\bdirect(?:ed|s|ing)\b|\bdirection\b", re.I), "agency", 1, 0.8),
    (re.compile(r"\borgani[sz](?:ed|es?|ing|ation|ers?)\b", re.I), "agency", 1, 1.0),
    (re.compile(r"\b(?:orchestrat|instigat|masterminded|engineered)\w*\b", re.I), "agency", 1, 1.0),
    (re.compile(r"\btook\s+(?:the\s+)?(?:reins|lead|helm|charge|command)\b|\bin\s+charge\b", re.I), "agency", 1, 1.0),
    (re.compile(r"\b(?:called|summoned|ordered|commanded)\b|\b(?:the|a|no|any|this|that)\s+call\b", re.I),
     "agency", 1, 0.8),
    (re.compile(r"\bthe\s+(?:work|doing|creation)\s+of\b", re.I), "agency", 1, 0.7),
    (re.compile(r"\bwait(?:ed|ing)?\s+(?:for|until)\s+the\s+(?:people|masses|workers|crowd)\b", re.I),
     "agency", -1, 0.8),
    (re.compile(r"\b(?:initiative|initiated|sparked|started)\b", re.I), "agency", 1, 0.7),
    (re.compile(r"\b(?:saw|understood|foresaw)\s+that\b|\bsaw\s+the\s+way\b", re.I), "agency", 1, 0.6),
    (re.compile(r"\bprior\s+agreement\b|\bagreement\s+from\b", re.I), "agency", 1, 0.8),
    (re.compile(r"\blag(?:ged|s|ging)?(?:\s+behind)?\b|\blag-time\b|\btrail(?:ed|ing)\s+behind\b", re.I),
     "agency", -1, 1.0),
    (re.compile(r"\bfollow(?:ed|ing)\s+the\s+(?:people|masses|crowd|workers)\b", re.I), "agency", -1, 1.0),
    (re.compile(r"\bpulled\s+\w+(?:\s+\w+){0,3}\s+back\b|\bheld\s+back\b", re.I), "agency", -1, 0.7),
    (re.compile(r"\bspontaneous(?:ly)?\b|\bunpremeditated\b|\bunplanned\b|\bunprepared\b|\bimprovised\b", re.I),
     "planning", -1, 1.0),
    (re.compile(r"\b(?:planned|premeditated|prepared|preparation|coordinated|plotted)\b", re.I),
     "planning", 1, 0.8),
    # "outcome": how what was built turned out: it lasted or thrived (+1), or decayed (-1)
    (re.compile(r"\b(?:sustain(?:ed|s|ing)?|flourish(?:ed|es|ing)?|thrived?|endured|prospered)\b", re.I),
     "outcome", 1, 0.8),
    (re.compile(r"\b(?:degenerat(?:ed|es|ing|ion)|collaps(?:ed|es|ing)|decayed|withered)\b", re.I),
     "outcome", -1, 0.8),
]
# "behind": lagging behind the people, or standing behind (instigating) an event.
_BEHIND = re.compile(r"\bbehind\s+(?:the\s+|their\s+|a\s+)?(?P<obj>[A-Za-z\-]+)", re.I)
_BEHIND_LAG = frozenset("people masses mood workers crowd crowds ranks rank-and-file events times curve".split())
_BEHIND_LEAD = frozenset("strike uprising protest protests revolution movement demonstrations revolt coup plot "
                         "it insurrection rising".split())

_NEG_CUE = re.compile(
    r"\b(?:not|never|no(?:\s+one)?|no-one|nobody|none|nothing|neither|nor|without|cannot|lest|"
    r"(?:refused|refuse|refuses|refusing|failed|fails|declined|declines)\s+to)\b|n['’`]t\b", re.I)
_NOT_NEGATION = re.compile(r"\bnot\s+only\b|\bno\s+(?:doubt|longer|more\s+than|less\s+than)\b|"
                           r"\bnothing\s+but\b|\bnone\s+other\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]–—…]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|\n\s*\n")

_NUMBER_WORDS = {w: v for w, v in {**UNITS, **TENS}.items() if v}
_SCALES = SCALES
_P_TIMES = re.compile(r"\b(?:twice|thrice|once|(?P<n>two|three|four|five|six|seven|ten|[0-9]+)\s+times)\b", re.I)
_IRREGULAR = IRREGULAR_PLURALS
_HEAD_CLASS = {"man": "person", "person": "person", "soul": "person", "individual": "person",
               "policeman": "police", "worker": "worker", "labourer": "worker", "laborer": "worker"}


def stem(word: str) -> str:
    """Lower-cased Snowball stem, with English irregular plurals and past tenses folded first (men → man)."""
    return lemma_stem(word)


def head_class(word: str) -> str:
    """The class a counted noun belongs to, so "5,000 men" and "4,000 people" count the same kind of thing."""
    s = stem(word)
    w = _IRREGULAR.get(word.lower(), word.lower())
    return _HEAD_CLASS.get(w, s)


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity the passage states: value, how exact, and the thing counted (with offsets)."""

    start: int
    end: int
    text: str            # the whole phrase, number plus the thing counted ("7,000 female textile workers")
    value: float
    approx: str          # "exact" | "about" | "at least" | "at most" | "vague"
    unit: str            # "" or "%" or "times"
    thing: str | None    # the counted thing as written ("female textile workers")
    head: str | None     # class of the head noun ("worker")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "approx": self.approx, "unit": self.unit, "thing": self.thing, "head": self.head}


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, place or group named in the passage."""

    start: int
    end: int
    text: str
    kind: str                    # "name" (capitalised) | "group" (a group noun, maybe with modifiers)
    head: str | None             # stem of the group noun, if any
    proper: frozenset[str]       # stems of the capitalised words, nationality adjectives left out
    generic: bool                # quantified: "any party", "no party", "every party"
    confirmed: bool = True       # a name seen capitalised mid-sentence, or several capitalised words; False for a
                                 # lone sentence-initial word ("Taking", "Show") that may just start the sentence

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "head": self.head,
                "proper": sorted(self.proper), "generic": self.generic, "confirmed": self.confirmed}


@dataclass(frozen=True, slots=True)
class Negation:
    """A negation cue and the clause it governs (scope), both as offsets."""

    start: int
    end: int
    cue: str
    scope_start: int
    scope_end: int
    scope: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "cue": self.cue, "scope_start": self.scope_start,
                "scope_end": self.scope_end, "scope": self.scope}


@dataclass(frozen=True, slots=True)
class Stance:
    """A stance cue (led, guided, organised, lagged behind, spontaneous...) with its actor and polarity."""

    start: int
    end: int
    cue: str
    dimension: str               # "agency" | "planning" | "outcome"
    base: int                    # +1 / -1 as the word says it
    negated: bool                # inside a negation's scope
    weight: float
    actor: Actor | None
    clause_start: int
    clause_end: int
    clause: str                  # the clause around the cue: the evidence to quote
    negation: Negation | None = None
    frame: str = ""              # "" (the writer asserts it), "refuted" (the writer states it to reject it:
                                 # "…not at all true!", "disproving the idea … that"), "reported" (someone
                                 # else's view, or inside quotation marks, without a rejection)

    @property
    def sign(self) -> int:
        """The polarity the writer commits to: the cue's polarity, flipped by a negation, flipped again when
        the writer refutes the statement that carries it."""
        sign = -self.base if self.negated else self.base
        return -sign if self.frame == "refuted" else sign

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "cue": self.cue, "dimension": self.dimension,
                "base": self.base, "negated": self.negated, "sign": self.sign, "weight": self.weight,
                "actor": self.actor.to_dict() if self.actor else None, "clause": self.clause,
                "clause_start": self.clause_start, "clause_end": self.clause_end, "frame": self.frame}


@dataclass(frozen=True, slots=True)
class Claims:
    """Everything extract_claims found in one passage; offsets are into the text given (plus offset)."""

    text: str
    offset: int
    numbers: tuple[Number, ...]
    dates: tuple[DateMention, ...]
    actors: tuple[Actor, ...]
    negations: tuple[Negation, ...]
    stances: tuple[Stance, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"offset": self.offset, "numbers": [n.to_dict() for n in self.numbers],
                "dates": [d.to_dict() for d in self.dates], "actors": [a.to_dict() for a in self.actors],
                "negations": [n.to_dict() for n in self.negations],
                "stances": [s.to_dict() for s in self.stances]}


# --- helpers ---------------------------------------------------------------------------------------------

def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


class _Marks:
    """Where one pattern matches in a text, found in one scan: the matches inside a window are then found by
    bisection (a text with a cue every few characters asks once per cue)."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        spans = [m.span() for m in pattern.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def last_end_within(self, lo: int, hi: int) -> int | None:
        """The end of the last match lying in [lo, hi), None if none does."""
        k = bisect_right(self.ends, hi) - 1
        return self.ends[k] if k >= 0 and self.starts[k] >= lo else None

    def first_start_within(self, lo: int, hi: int) -> int | None:
        """The start of the first match lying in [lo, hi), None if none does."""
        k = bisect_left(self.starts, lo)
        return self.starts[k] if k < len(self.starts) and self.ends[k] <= hi else None


def _clause_bounds(text: str, pos: int, end: int | None = None, marks: _Marks | None = None) -> tuple[int, int]:
    """The clause around [pos, end): back to the previous clause break, on to the next one, each within
    CLAUSE_WINDOW; ``marks``: the text's clause breaks (``_CLAUSE_END``) when the caller has them."""
    end = pos if end is None else end
    lo = max(0, pos - CLAUSE_WINDOW)
    nxt: int | None
    if marks is None:
        for m in _CLAUSE_END.finditer(text, lo, pos):
            lo = m.end()
        found = _CLAUSE_END.search(text, end, end + CLAUSE_WINDOW)
        nxt = found.start() if found else None
    else:
        last = marks.last_end_within(lo, pos)
        lo = lo if last is None else last
        nxt = marks.first_start_within(end, end + CLAUSE_WINDOW)
    hi = nxt if nxt is not None else min(len(text), end + CLAUSE_WINDOW)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether pos starts a sentence or a quotation (where any word is capitalised)."""
    i = pos - 1
    quoted = False
    while i >= 0 and text[i] in " \t\u00a0\"“‘'`(«":
        if text[i] in "\"“‘`«" or text[i] == "'" and (i == 0 or not text[i - 1].isalnum()):
            quoted = True
        i -= 1
    if i < 0 or quoted:
        return True
    return text[i] in ".!?:;…\n"


# --- numbers ---------------------------------------------------------------------------------------------

def _counted_thing(text: str, end: int) -> tuple[str | None, str | None, int]:
    """The noun phrase right after a number: up to four content words, stopping at clauses and at a word after the
    first that reads as a verb (-ing, -ed or an irregular past form: "went", "struck", "rose")."""
    toks = [(s, e, w) for s, e, w in _tokens(text[end:end + 80])]
    words: list[tuple[int, int, str]] = []
    skipped_of = False
    prev_end = 0
    for s, e, w in toks:
        gap = text[end + prev_end:end + s]
        if words and re.search(r"[^\s\-]", gap):
            break
        if not words and re.search(r"[^\s\-]", gap):
            break
        low = w.lower()
        if not words and low == "of" and not skipped_of:
            skipped_of = True
            prev_end = e
            continue
        if not words and skipped_of and low in ("the", "their", "these", "those", "his", "her", "our", "its"):
            prev_end = e
            continue
        if low in STOP or not w[0].isalpha() or words and w[0].isupper():
            break
        if words and (low.endswith("ing") or low.endswith("ed") or low in IRREGULAR_VERBS):
            break                          # the verb after the counted noun: "7,000 women went on strike"
        words.append((end + s, end + e, w))
        prev_end = e
        if len(words) == 4:
            break
    if not words:
        return None, None, end
    thing = text[words[0][0]:words[-1][1]]
    return thing, head_class(words[-1][2]), words[-1][1]


def _thing_before(text: str, start: int) -> tuple[str | None, str | None]:
    """"workers – numbering 40,000": the noun before a 'numbering'/'totalling' phrase."""
    m = re.search(r"([A-Za-z]+)\s*[–—,-]?\s*(?:numbering|totall?ing|of|at|some)\s*(?:about|around|over|some)?\s*$",
                  text[max(0, start - 60):start])
    if m and m.group(1).lower() not in STOP:
        return m.group(1), head_class(m.group(1))
    return None, None


_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_SKIP_AFTER = re.compile(r"-[A-Za-z]|[ \t]{0,3}:[ \t]{0,3}[0-9]")       # "5-part series", "1:12": not counts
_SKIP_BEFORE = re.compile(r"\b(?:[Dd]ay|the)\s*$")          # "Day 5" (dates reads it), "the two" (a pronoun)


def _find_numbers(text: str, date_spans: list[tuple[int, int]],
                  figures: Sequence[NumberSpan] | None = None) -> list[Number]:
    """The figures of lexicon.find_numbers (*figures*, when the caller has them already) that are counts, each
    with the thing it counts: not inside a date (*date_spans*: the dates' offsets into text), not a "5-part"
    compound or a verse reference, not "the two"/"Day five"; "once" and "N times" as repeats."""
    taken: list[tuple[int, int]] = list(date_spans)
    out: list[Number] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for m in _P_TIMES.finditer(text):
        w = m.group().lower()
        n = {"twice": 2, "thrice": 3, "once": 1}.get(w)
        if n is None:
            g = m["n"].lower()
            n = int(g) if g.isdigit() else _NUMBER_WORDS[g]
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(Number(m.start(), m.end(), m.group(), float(n), approx_marker(text, m.start()), "times",
                              None, None))
    for f in find_numbers(text) if figures is None else figures:
        s, e = f.start, f.end
        if not free(s, e) or f.unit == "times":
            continue
        if _SKIP_AFTER.match(text, e) or f.words and f.value <= 10 and _SKIP_BEFORE.search(text[max(0, s - 6):s]) \
                or not f.words and "," not in f.text and re.search(r"\b[Dd]ay\s+$", text[max(0, s - 5):s]):
            continue
        if f.words and parse_word_number(f.text) is None:
            continue
        suffix = _ORDINAL_SUFFIX.match(text, e)
        if suffix:                         # "117th Street", "the 21st Century": part of a name, not a count;
            if text[suffix.end():suffix.end() + 2].strip()[:1].isupper():    # "his 11th point" counts points
                continue
            e = suffix.end()
        taken.append((s, e))
        unit = "%" if f.unit == "%" else ""
        if unit == "%":
            thing, head, tend = None, None, e
            mm = re.match(r"\s+of\s+(?:the\s+)?", text[e:e + 12])
            if mm:
                thing, head, tend = _counted_thing(text, e + mm.end() - 1)
        else:
            thing, head, tend = _counted_thing(text, e)
            if thing is None:
                thing, head = _thing_before(text, s)
                tend = e
        out.append(Number(s, max(tend, e), text[s:max(tend, e)], f.value, f.approx, unit or f.unit, thing, head))
    out.sort(key=lambda n: n.start)
    return out


# --- actors ----------------------------------------------------------------------------------------------

_CONTRACTION = re.compile(r"n['’`]t$|['’`](?:ll|re|ve|d|m)$")   # "Don't", "They'll": not names


def _find_actors(text: str) -> list[Actor]:
    toks = _tokens(text)
    out: list[Actor] = []
    used: set[int] = set()
    # group nouns with their modifiers
    for i, (s, e, w) in enumerate(toks):
        low = w.lower()
        if low not in _GROUP_NOUNS:
            continue
        if i + 1 < len(toks) and toks[i + 1][2].lower() in _GROUP_NOUNS and text[e:toks[i + 1][0]] == " " and \
                not (w[0].islower() and toks[i + 1][2][0].isupper()):
            continue                       # "Bolshevik Party", "women workers": the next noun is the head
        j = i
        while j > 0 and i - j < 3:
            ps, pe, pw = toks[j - 1]
            gap = text[pe:toks[j][0]]
            plow = pw.lower()
            if gap.strip() not in ("", "-", "’s", "'s") or plow in STOP or not pw[0].isalpha():
                break
            if not (pw[0].isupper() or plow in _GROUP_NOUNS or plow in _MODIFIERS or _MODIFIER_SUFFIX.search(plow)):
                break
            if plow in _SCALES or plow in _NUMBER_WORDS or plow in _NOT_NAMES:
                break
            j -= 1
        start = toks[j][0]
        words = [t[2] for t in toks[j:i + 1]]
        proper = frozenset(stem(x) for x in words[:-1] if x[0].isupper() and x.lower() not in _NATIONALITY
                           and x.lower() not in _GROUP_NOUNS)
        if low in _NAMED_GROUPS or any(x.lower() in _NAMED_GROUPS for x in words):
            proper = proper | {stem(x) for x in words if x.lower() in _NAMED_GROUPS}
        generic = bool(re.search(r"\b(?:any|no|every|each)\s+(?:\S+\s+)?$", text[max(0, start - 30):start],
                                 re.I))
        out.append(Actor(start, e, text[start:e], "group", stem(low), proper, generic))
        used.update(range(j, i + 1))
    # capitalised names not already inside a group phrase
    # whether each capitalised word starts a sentence, read once per word (the loop below asks up to thrice)
    initial = {s_: _sentence_initial(text, s_) for s_, _, w in toks if w[0].isupper()}
    mid_sentence_caps = {w for s_, _, w in toks if w[0].isupper() and not initial[s_]}
    i = 0
    while i < len(toks):
        s, e, w = toks[i]
        if i in used or not w[0].isupper() or not w[0].isalpha() or w.lower() in ("i",) or \
                _CONTRACTION.search(w):
            i += 1
            continue
        if initial[s] and (w.lower() in _SENTENCE_STARTERS or w.isupper() and len(w) > 1):
            i += 1
            continue
        if w.lower() in STOP and not initial[s] and w not in ("May",):
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and j + 1 not in used:
            ns, ne, nw = toks[j + 1]
            gap = text[toks[j][1]:ns]
            abbrev = gap == ". " and toks[j][2] in ("St", "Mr", "Mrs", "Dr", "Gen", "Col", "Capt", "Ft", "Mt")
            if gap not in (" ", "\u00a0", "-") and not abbrev or not nw[0].isupper():
                break
            j += 1
        words = [t[2] for t in toks[i:j + 1]]
        if all(x.lower() in _NATIONALITY or x.lower() in _NOT_NAMES or x.lower() in _TITLES for x in words) or \
                words[-1] in ("Revolution", "War"):
            i = j + 1
            continue
        start, end = toks[i][0], toks[j][1]
        proper = frozenset(stem(x) for x in words if x.lower() not in _NATIONALITY and x.lower() not in _TITLES)
        head = stem(words[-1]) if words[-1].lower() in _GROUP_NOUNS else None
        confirmed = len(words) > 1 or not initial[s] or words[0] in mid_sentence_caps or \
            _name_then_verb(words[0], toks[j + 1][2] if j + 1 < len(toks) else "",
                            text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else "")
        out.append(Actor(start, end, text[start:end], "name", head, proper or frozenset(stem(x) for x in words),
                         False, confirmed))
        i = j + 1
    out.sort(key=lambda a: a.start)
    return out


_AFTER_IMPERATIVE = frozenset("me us him her them ye you it this that these those the a an your my our his their "
                              "ready up out down away not to and or but so all".split())


def _name_then_verb(word: str, nxt: str, gap: str) -> bool:
    """A lone capitalised word opening a sentence reads as a name when a lower-case word that is not an
    object, determiner or particle follows it ("Lenin arrived", "Kerensky led"), unlike an imperative or a
    participle ("Show me", "Prepare ye the way", "Taking a child")."""
    low = word.lower()
    if low in _SENTENCE_STARTERS or re.search(r"(?:ing|ly|ed)$", low) or len(word) < 3:
        return False
    return gap == " " and nxt[:1].islower() and nxt.lower() not in _AFTER_IMPERATIVE


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actor mentions can refer to the same actor ("the Bolshevik Party" ~ "the Bolsheviks";
    "any party" covers "the Bolshevik party"; "the police" ~ "police")."""
    if a.proper and b.proper:
        return bool(a.proper & b.proper)
    if a.head and b.head and a.head == b.head:
        return not (a.proper and b.proper) or a.generic or b.generic or bool(a.proper & b.proper)
    if a.head and b.proper and a.head in b.proper or b.head and a.proper and b.head in a.proper:
        return True
    return False


# --- negation and stance -----------------------------------------------------------------------------------

def _find_negations(text: str) -> list[Negation]:
    out = []
    skip = _Marks(_NOT_NEGATION, text)                 # non-overlapping, in order: bisected, not scanned
    for m in _NEG_CUE.finditer(text):
        k = bisect_right(skip.starts, m.start()) - 1
        if k >= 0 and m.start() < skip.ends[k]:
            continue
        _, hi = _clause_bounds(text, m.end())
        cue_start = m.start()
        if m.group().lower()[:2] in ("n'", "n’", "n`"):
            # "didn't": the cue is the whole word
            k = cue_start
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            cue_start = k
        out.append(Negation(cue_start, m.end(), text[cue_start:m.end()], cue_start, hi, text[cue_start:hi]))
    return out


def _attach_actor(text: str, actors: list[Actor], s: int, e: int, lo: int, hi: int) -> tuple[Actor | None, bool]:
    """The actor a stance cue speaks of, and whether it came from a "by/from/of X" phrase after the cue:
    an actor inside the cue ("pulled the Party back"), else "by/from X" after the cue ("not guided at all by
    the party", "this call never comes, not from the Bolsheviks"), "of X" right after it ("the leaders of the
    party"), else the nearest actor before the cue in its sentence. An active cue never takes the actor after
    it: in "they led the working class" the working class is led, not leading."""
    if re.match(r"(?:pulled|held)\b", text[s:e], re.I):
        inside = [a for a in actors if s <= a.start and a.end <= e]
        if inside:
            return inside[0], False
    actors = [a for a in actors if not (a.start <= s and e <= a.end)]
    after = [a for a in actors if e <= a.start <= e + 60 and (
        re.match(r"[\s,]*(?:[\w’']+[\s,]+){0,4}?(?:by|from)\s+(?:[\w,’']+\s+){0,2}$", text[e:a.start]) or
        re.match(r"\s*(?:\w+\s+)?of\s+(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$", text[e:a.start]) or
        text[s:e].lower().endswith("of") and
        re.match(r"\s*(?:the\s+|a\s+|an\s+)?(?:[\w’']+,?\s+){0,2}$", text[e:a.start]))]
    if after:
        return min(after, key=lambda a: a.start), True
    sent_lo = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s), lo - 200, -1) + 1
    before = [a for a in actors if sent_lo <= a.start and a.end <= s]
    if before:
        return max(before, key=lambda a: a.end), False
    return None, False


_SENT_END = re.compile(r"[.!?][\"”’)]*(?:\s+(?=[A-Z\"“‘(])|\s*$)|\n\s*\n")
_REFUTE_BEFORE = re.compile(r"\b(?:disprov|refut|debunk|nonsens|myth|falsif|absurd|ridiculous|preposterous)\w*",
                            re.I)
_REFUTE_AFTER = re.compile(r"\bnot\s+(?:at\s+all\s+|even\s+remotely\s+)?true\b|\buntrue\b|"
                           r"\b(?:is|was|are|were)\s+(?:simply\s+|just\s+)?(?:false|wrong|a\s+myth|a\s+lie|nonsense)\b|"
                           r"\bnonsens\w*", re.I)
_REPORTED = re.compile(r"\bthe\s+(?:idea|notion|claim|contention|story|narrative|depiction|legend|picture|"
                       r"image|version)\b|\bclaim(?:s|ed)?\s+that\b|\balleg\w*|\bsupposed(?:ly)?\b|"
                       r"\bso-called\b", re.I)


class _FrameMarks:
    """The marks of one text that frame its stance cues (sentence ends, refutations, reported views), each
    found in one scan of the text."""

    def __init__(self, text: str) -> None:
        self.sentence_ends = _Marks(_SENT_END, text)
        self.refute_before = _Marks(_REFUTE_BEFORE, text)
        self.refute_after = _Marks(_REFUTE_AFTER, text)
        self.reported = _Marks(_REPORTED, text)
        self.length = len(text)

    def sentence(self, s: int, e: int) -> tuple[int, int]:
        """The sentence around [s, e), within SENTENCE_WINDOW on each side."""
        lo = max(0, s - SENTENCE_WINDOW)
        last = self.sentence_ends.last_end_within(lo, s)
        nxt = self.sentence_ends.first_start_within(e, e + SENTENCE_WINDOW)
        return (lo if last is None else last), (nxt + 1 if nxt is not None else min(self.length, e + SENTENCE_WINDOW))


def _frame(text: str, s: int, e: int, marks: _FrameMarks) -> str:
    """Whether the writer asserts the statement around a cue, refutes it, or reports someone else's view: a
    refutation word earlier in the sentence ("disproving the idea … that", "how nonsensical their depiction
    of") or after the cue in it ("… not at all true!"); a view attributed to others ("the idea that", "claimed
    that") or a cue inside quotation marks, with no refutation, is reported."""
    lo, hi = marks.sentence(s, e)
    if marks.refute_before.first_start_within(lo, s) is not None or \
            marks.refute_after.first_start_within(e, hi) is not None:
        return "refuted"
    before = text[lo:s]
    opened = sum(before.count(c) for c in "“") - sum(before.count(c) for c in "”") + before.count('"') % 2
    if marks.reported.first_start_within(lo, s) is not None or opened > 0:
        return "reported"
    return ""


# Any stance cue at all (the cue patterns and "behind" as one alternation): most sentences have none, and one
# search tells so, instead of one search per cue pattern.
_ANY_STANCE_CUE = re.compile("|".join(f"(?:{p.pattern})" for p, _, _, _ in _STANCE_CUES) + f"|(?:{_BEHIND.pattern})",
                             re.I)
# Cheaper still: every match of a cue pattern (or of _BEHIND) contains one of these pieces, lower-cased. KEEP IN
# STEP with _STANCE_CUES: a cue added there needs a piece here (tests/test_claims.py checks the cue examples).
_STANCE_PIECES = (
    "led", "lead", "vanguard", "guid", "direct", "organi", "orchestrat", "instigat", "masterminded", "engineered",
    "took", "charge", "call", "summoned", "ordered", "commanded", "work", "doing", "creation", "wait", "initiat",
    "sparked", "started", "saw", "understood", "agreement", "lag", "trail", "follow", "pulled", "held",
    "spontaneous", "unpremeditated", "unplanned", "unprepared", "improvised", "planned", "premeditated", "prepar",
    "coordinated", "plotted", "sustain", "flourish", "thrive", "endured", "prospered", "degenerat", "collaps",
    "decayed", "withered", "behind",
)
_STANCE_PIECE = re.compile("|".join(sorted(_STANCE_PIECES, key=len, reverse=True)))   # case-sensitive: fast scan
# Characters a case-insensitive regex equates with an ASCII letter that str.lower() does not map to it.
_IRREGULAR_CASE = re.compile("[\u0130\u0131\u017f]")


def _may_have_stance_cue(text: str) -> bool:
    """False only when no stance cue can match in *text* (the pieces of every cue are absent)."""
    if _IRREGULAR_CASE.search(text):
        return _ANY_STANCE_CUE.search(text) is not None
    return _STANCE_PIECE.search(text.lower()) is not None and _ANY_STANCE_CUE.search(text) is not None


def _find_stances(text: str, actors: list[Actor], negations: list[Negation]) -> list[Stance]:
    out: list[Stance] = []
    if not _may_have_stance_cue(text):
        return out
    taken: list[tuple[int, int]] = []
    cues: list[tuple[int, int, str, int, float]] = []
    for pattern, dim, base, weight in _STANCE_CUES:
        for m in pattern.finditer(text):
            cues.append((m.start(), m.end(), dim, base, weight))
    for m in _BEHIND.finditer(text):
        obj = m["obj"].lower()
        before = text[max(0, m.start() - 20):m.start()].lower()
        if re.search(r"\b(?:lag(?:ged|s)?|fell|far|quite|always|way)\s+$", before) or obj in _BEHIND_LAG:
            cues.append((m.start(), m.end(), "agency", -1, 1.0))
        elif obj in _BEHIND_LEAD:
            cues.append((m.start(), m.end(), "agency", 1, 0.8))
    cues.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    actor_starts = [a.start for a in actors]
    neg_starts = [n.start for n in negations]
    last_end = -1
    clause_marks, frame_marks = _Marks(_CLAUSE_END, text), _FrameMarks(text)
    for s, e, dim, base, weight in cues:
        if s < last_end:
            continue
        last_end = e
        lo, hi = _clause_bounds(text, s, e, clause_marks)
        near_negs = negations[bisect_left(neg_starts, s - 600):bisect_right(neg_starts, e + 100)]
        neg = next((n for n in near_negs if n.scope_start <= s < n.scope_end and n.end <= s), None)
        if neg is not None:
            lo = min(lo, neg.start)
        near = actors[bisect_left(actor_starts, s - 600):bisect_right(actor_starts, e + 100)]
        actor, by_phrase = _attach_actor(text, near, s, e, lo, hi)
        negations_all, negations = negations, near_negs
        if neg is None and actor is not None and by_phrase:
            # "this call never comes, not from the Bolsheviks": the negation governs the by/from phrase
            neg = next((n for n in negations if e <= n.start and n.scope_start <= actor.start < n.scope_end),
                       None)
        negations = negations_all
        if actor is not None:
            hi = max(hi, min(actor.end, len(text)))
            lo = min(lo, actor.start)
        if dim == "planning" and actor is not None and base > 0:
            dim = "agency"
        out.append(Stance(s, e, text[s:e], dim, base, neg is not None, weight, actor, lo, hi, text[lo:hi], neg,
                          _frame(text, s, e, frame_marks)))
    return out


def extract_claims(text: str, *, offset: int = 0, dates: list[DateMention] | None = None,
                   default_year: int | None = None, figures: Sequence[NumberSpan] | None = None) -> Claims:
    """What a passage asserts: numbers (value + counted thing), dates, actors, negations and stances.

    Offsets in the result are into text, shifted by offset (so a passage cut from a document can report
    document offsets). dates: already-resolved mentions (document offsets, e.g. from find_document_dates,
    which can resolve "Day 3" against the whole account); when None they are found in text alone. figures:
    ``lexicon.find_numbers(text)`` when the caller has it already (the analyse stage keeps it per sentence).
    """
    given: list[DateMention] | None = None
    if dates is None:
        local_dates = find_dates(text, default_year=default_year)
        date_spans = [(d.start, d.end) for d in local_dates]
    else:
        # already in the offsets of the result: kept as they are, only their spans are read here
        given = [d for d in dates if d.start >= offset and d.end <= offset + len(text)]
        date_spans = [(d.start - offset, d.end - offset) for d in given]
        local_dates = given
    if offset and given is None:
        local_dates = [d.__class__(d.start + offset, d.end + offset, d.expression, d.date, d.precision,
                                   d.calendar, d.relative, d.anchor, d.qualifier) for d in local_dates]
    return place_claims(text, offset, claim_parts(text, date_spans, figures), local_dates)


ClaimParts = tuple[tuple[Number, ...], tuple[Actor, ...], tuple[Negation, ...], tuple[Stance, ...]]


def claim_parts(text: str, date_spans: list[tuple[int, int]],
                figures: Sequence[NumberSpan] | None = None) -> ClaimParts:
    """The numbers, actors, negations and stances of *text*, offsets into *text*: what :func:`extract_claims`
    finds before it shifts them (a function of the text and its dates' spans alone, so a caller meeting the
    same sentence again can keep it and only place it, with :func:`place_claims`)."""
    numbers = _find_numbers(text, date_spans, figures)
    actors = _find_actors(text)
    negations = _find_negations(text)
    stances = _find_stances(text, actors, negations)
    return tuple(numbers), tuple(actors), tuple(negations), tuple(stances)


def place_claims(text: str, offset: int, parts: ClaimParts, dates: Sequence[DateMention]) -> Claims:
    """The Claims of *text* standing at *offset*, from its :func:`claim_parts` (offsets shifted by *offset*);
    *dates*: its date mentions, already in the offsets of the result."""
    numbers, actors, negations, stances = parts
    if offset:
        numbers = tuple(Number(n.start + offset, n.end + offset, n.text, n.value, n.approx, n.unit, n.thing,
                               n.head) for n in numbers)
        actors_shift = {id(a): Actor(a.start + offset, a.end + offset, a.text, a.kind, a.head, a.proper,
                                     a.generic, a.confirmed) for a in actors}
        stances = tuple(Stance(s.start + offset, s.end + offset, s.cue, s.dimension, s.base, s.negated, s.weight,
                               actors_shift[id(s.actor)] if s.actor else None, s.clause_start + offset,
                               s.clause_end + offset, s.clause,
                               _shift_neg(s.negation, offset) if s.negation else None, s.frame) for s in stances)
        actors = tuple(actors_shift.values())
        negations = tuple(_shift_neg(n, offset) for n in negations)
    return Claims(text, offset, numbers, tuple(dates), actors, negations, stances)


def _shift_neg(n: Negation, offset: int) -> Negation:
    return Negation(n.start + offset, n.end + offset, n.cue, n.scope_start + offset, n.scope_end + offset, n.scope)
