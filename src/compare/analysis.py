"""The analyse stage: what each sentence of a document says, read once per document and shared by every stage.

``load → normalise → segment → analyse → compare (align, judge) → render``. :func:`analyse` reads a
:class:`~compare.document.Document` once and returns a frozen :class:`DocumentAnalysis`: per sentence its tokens
(with document offsets), content stems, alignment terms, numbers with what they count, dates, names (the forms
of one name joined: "Trotsky" = "Leon Trotsky"), negations, modality (hedged, reported, refuted) and the event it
reports (main predicate and argument heads, as far as rules can tell); per document the quotations, the
term document-frequencies and the dates. The result is memoised per Document object, so align, judge, report
and quote matching all read the same analysis and nothing re-extracts from text slices.

Every offset is into ``doc.text`` and every span satisfies ``span.text == doc.text[span.start:span.end]``.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections import Counter
from array import array
from dataclasses import dataclass, field
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from .claims import Actor, ClaimParts, Claims, Negation, claim_parts, extract_claims, place_claims
from .dates import DateMention, find_document_dates
from .document import Document, Span
from .quotes import find_quotes
from .lexicon import (FUNCTION_WORDS, HEDGE_WORDS, IRREGULAR_VERBS, REPORT_VERBS, NumberSpan, Token, WordInfo,
                      find_numbers, lemma_stem, tokenize_packed, unpack_tokens)
from .terms import numeric_terms

__all__ = ["NumberFact", "NameMention", "Modality", "Event", "SentenceAnalysis", "DocumentAnalysis", "Words",
           "analyse", "passage_claims", "read_ahead", "remember", "sentence_words", "shared_readings"]

# --- tuned numbers ----------------------------------------------------------------------------------------
EVENT_MAX_ARGUMENT_GAP = 6      # words between the predicate and an argument head it may take
# sentences whose tokens are kept unpacked at once (no effect on results): every sentence keeps its tokens packed
# (a shared word description and a start offset per token), and they are unpacked into Token tuples when read;
# keeping every sentence's tuples (hundreds of thousands) was a fifth of a report's memory
SENTENCE_TOKENS_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class NumberFact:
    """A quantity a sentence states: its value and unit, what it counts, how exact, and where it is written."""

    value: float
    unit: str               # "" | "%" | "$" (or another currency sign) | "times"
    counts: str | None      # the thing counted as written ("female textile workers"), None if not found
    head: str | None        # the class of the counted noun ("worker"), the key two counts are compared on
    approx: str             # "exact" | "about" | "at least" | "at most" | "vague"
    span: Span              # the figure and the thing counted ("7,000 female textile workers")

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "counts": self.counts, "head": self.head,
                "approx": self.approx, "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name (person, place, organisation) or a named group, with the key that joins the forms of one name."""

    key: str                # the same for every form of one name in the document ("leon trotski")
    kind: str               # "name" | "group"
    stems: frozenset[str]   # stems of its capitalised words
    confirmed: bool         # seen mid-sentence or multi-word: surely a name, not a capitalised sentence start
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "stems": sorted(self.stems), "confirmed": self.confirmed,
                "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class Modality:
    """How the writer holds a sentence: ``hedge`` (may, reportedly), ``reported`` (someone said it),
    ``refuted`` (stated to be rejected: "the myth that …"); the word that shows it."""

    kind: str
    cue: Span

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "cue": self.cue.to_dict()}


@dataclass(frozen=True, slots=True)
class Event:
    """The event a sentence reports, as far as rules can read it without a parser: the main predicate (the first
    word that reads as a finite verb) and the heads of the content words around it."""

    predicate: str | None           # lemma stem of the main verb ("strike", "rise"), None if none was found
    predicate_span: Span | None
    subject: str | None             # stem of the nearest content word before the predicate
    object: str | None              # stem of the first content word after it
    negated: bool                   # a negation cue governs the predicate
    arguments: frozenset[str]       # stems of the content words of the sentence other than the predicate

    def to_dict(self) -> dict[str, Any]:
        return {"predicate": self.predicate,
                "predicate_span": self.predicate_span.to_dict() if self.predicate_span else None,
                "subject": self.subject, "object": self.object, "negated": self.negated,
                "arguments": sorted(self.arguments)}


@dataclass(frozen=True, slots=True)
class Words:
    """How one sentence text reads word by word, the first layer of its analysis: its tokens, packed (offsets into
    the sentence text), the alignment's bag of terms (content stems + numeric terms, terms.numeric_terms) and the
    numeric terms alone. Sentences of one text share one."""

    words: tuple[WordInfo, ...]
    starts: array[int]               # each token's start in the sentence text
    terms: tuple[str, ...]
    numeric: tuple[str, ...]

    def tokens(self) -> tuple[Token, ...]:
        """The tokens, offsets into the sentence text."""
        return unpack_tokens(self.words, self.starts)


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    """Everything the later stages read about one sentence (``index`` = its index in ``doc.sentences``)."""

    index: int
    span: Span
    boilerplate: bool
    stems: tuple[str, ...]           # lemma stems of the content words, in order (repeats kept)
    terms: tuple[str, ...]           # the alignment's bag: content stems + numeric terms (terms.numeric_terms)
    numeric: tuple[str, ...]         # the numeric terms alone ("date:02-23", "num:7000", "year:1917")
    numbers: tuple[NumberFact, ...]
    figures: tuple[NumberSpan, ...]  # every figure as written (lexicon.find_numbers: years, days, ordinals in
                                     # digits too), offsets into doc.text; ``numbers`` are the counts among them
    dates: tuple[DateMention, ...]
    names: tuple[NameMention, ...]
    negations: tuple[Negation, ...]
    modality: tuple[Modality, ...]
    event: Event
    claims: Claims                   # the slots the judge compares (claims.py), offsets into doc.text
    words: tuple[WordInfo, ...] = field(default=(), compare=False, repr=False)   # the tokens, packed:
    starts: array[int] = field(default_factory=lambda: array("q"), compare=False, repr=False)  # see tokens

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Words and figures, offsets into doc.text (unpacked from :attr:`words` and :attr:`starts`; the
        :data:`SENTENCE_TOKENS_CACHE_SIZE` last unpacked are kept)."""
        key = (self.span.text, self.span.start)
        hit = _TOKENS.get(key)
        if hit is None:
            hit = unpack_tokens(self.words, self.starts)
            if len(_TOKENS) >= SENTENCE_TOKENS_CACHE_SIZE:
                del _TOKENS[next(iter(_TOKENS))]
            _TOKENS[key] = hit
        return hit

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "span": self.span.to_dict(), "boilerplate": self.boilerplate,
                "stems": list(self.stems), "terms": list(self.terms),
                "numbers": [n.to_dict() for n in self.numbers], "dates": [d.to_dict() for d in self.dates],
                "names": [n.to_dict() for n in self.names], "negations": [n.to_dict() for n in self.negations],
                "modality": [m.to_dict() for m in self.modality], "event": self.event.to_dict()}


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """A document read once: its sentences analysed, its quotations, its dates, and how many sentences use each
    term (document frequency, for rarity weights)."""

    sha256: str
    sentences: tuple[SentenceAnalysis, ...]
    dates: tuple[DateMention, ...]
    df: dict[str, int]                   # term -> number of sentences using it
    stem_df: dict[str, int]              # content stem -> number of sentences using it
    name_forms: dict[str, tuple[str, ...]]   # name key -> the forms it is written in
    doc_ref: Any = None                      # weakref to the document read (for its quotations, found on first use)

    @property
    def quotations(self) -> tuple[Any, ...]:
        """The document's quotations (compare.quotes.Quote), found once, on first use: most commands that
        analyse a document never ask for them."""
        doc = self.doc_ref() if self.doc_ref is not None else None
        return () if doc is None else quotations(doc)

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "sentences": [s.to_dict() for s in self.sentences],
                "quotations": [q.to_dict() for q in self.quotations], "dates": [d.to_dict() for d in self.dates],
                "name_forms": {k: list(v) for k, v in self.name_forms.items()}}


# --- the pieces -------------------------------------------------------------------------------------------

_TOKENS: dict[tuple[str, int], tuple[Token, ...]] = {}   # (sentence text, start) -> its tokens, oldest first


_AUX = frozenset("is are was were be been being am has have had do does did will would shall should may might "
                 "must can could to not never n't".split())
_VERB_SUFFIX = re.compile(r"(?:ed|es|s|ing)$")
_REPORTED_PHRASE = re.compile(r"\baccording\s+to\b|\breportedly\b|\ballegedly\b", re.I)
_REFUTED = re.compile(r"\b(?:disprov|refut|debunk|myth|nonsens)\w*|\bnot\s+(?:at\s+all\s+)?true\b|\buntrue\b|"
                      r"\b(?:is|was|are|were)\s+(?:simply\s+)?(?:false|wrong|a\s+lie)\b", re.I)


def _numbers(claims: Claims, doc: Document) -> tuple[NumberFact, ...]:
    return tuple(NumberFact(n.value, n.unit, n.thing, n.head, n.approx, doc.span(n.start, n.end))
                 for n in claims.numbers)


def _shifted(figures: list[NumberSpan], offset: int) -> tuple[NumberSpan, ...]:
    return tuple(NumberSpan(f.start + offset, f.end + offset, f.text, f.value, f.approx, f.unit, f.words)
                 for f in figures)


def _modality(tokens: tuple[Token, ...], sent_text: str) -> tuple[tuple[str, int, int], ...]:
    """The modality cues of a sentence as (kind, start, end), offsets into *sent_text* (*tokens*: its tokens,
    offsets into it too), in text order."""
    out: list[tuple[str, int, int]] = []
    for t in tokens:
        if t.lower in HEDGE_WORDS:
            out.append(("hedge", t.start, t.end))
        elif t.lower in REPORT_VERBS:
            out.append(("reported", t.start, t.end))
    for m in _REPORTED_PHRASE.finditer(sent_text):
        if not any(x[1] == m.start() for x in out):
            out.append(("reported", m.start(), m.end()))
    for m in _REFUTED.finditer(sent_text):
        out.append(("refuted", m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return tuple(out)


def _looks_like_verb(tokens: tuple[Token, ...], i: int) -> bool:
    """A finite or main verb, read from the word and the word before it: an irregular past form ("rose", "won"),
    a word after an auxiliary or "to" ("was arrested", "did not sign", "to resign"), or a lower-case -ed/-s word
    after a content word or a name ("prices rose", "the board approved")."""
    t = tokens[i]
    if not t.text[:1].islower() or t.lower in FUNCTION_WORDS or t.lower[:1].isdigit():
        return False
    if t.lower in IRREGULAR_VERBS:
        return True
    prev = tokens[i - 1] if i else None
    if prev is not None and (prev.lower in _AUX or prev.lower.endswith("n't")):
        return t.content
    return bool(prev is not None and (prev.content or prev.text[:1].isupper()) and t.content
                and _VERB_SUFFIX.search(t.lower) and not t.lower.endswith("ss"))


_EventReading = tuple[str | None, tuple[int, int] | None, str | None, str | None, bool, frozenset[str]]


def _event(tokens: tuple[Token, ...], lemmas: tuple[str, ...], negations: tuple[Negation, ...]) -> _EventReading:
    """The event of a sentence from its tokens, as the fields of an :class:`Event` with the predicate's
    (start, end) in place of its span, in the offsets of *tokens* and *negations*; *lemmas*: the lemma stems of
    its content tokens, in order."""
    pred_i = next((i for i in range(len(tokens)) if _looks_like_verb(tokens, i)), None)
    if pred_i is None:
        return None, None, None, None, False, frozenset(lemmas)
    p = tokens[pred_i]
    pred = lemma_stem(p.lower)
    before = [t for t in tokens[max(0, pred_i - EVENT_MAX_ARGUMENT_GAP):pred_i] if t.content]
    after = [t for t in tokens[pred_i + 1:pred_i + 1 + EVENT_MAX_ARGUMENT_GAP] if t.content]
    negated = any(n.scope_start <= p.start < n.scope_end for n in negations)
    if p.content:          # the predicate's own lemma is left out (another word with the same lemma is kept)
        k = sum(1 for t in tokens[:pred_i] if t.content)
        args = frozenset(lemmas[:k] + lemmas[k + 1:])
    else:
        args = frozenset(lemmas)
    return (pred, (p.start, p.end), lemma_stem(before[-1].lower) if before else None,
            lemma_stem(after[0].lower) if after else None, negated, args)


def _name_mentions(actors: tuple[Actor, ...], doc: Document) -> list[tuple[Actor, Span]]:
    return [(a, doc.span(a.start, a.end)) for a in actors if a.kind == "name" or a.proper]


def _superset_index(sets: list[frozenset[str]]) -> Callable[[frozenset[str]], list[frozenset[str]]]:
    """A function giving the proper supersets of a set among *sets*, in the order of *sets*: an index from each
    stem to the sets holding it, so a query reads the shortest such list instead of every set."""
    holding: dict[str, list[int]] = {}
    for i, st in enumerate(sets):
        for w in st:
            holding.setdefault(w, []).append(i)

    def proper_supersets(st: frozenset[str]) -> list[frozenset[str]]:
        rows = [holding.get(w, []) for w in st]
        if not rows:
            return [o for o in sets if st < o]
        shortest = min(rows, key=len)
        return [sets[i] for i in shortest if st < sets[i]]
    return proper_supersets


def _join_names(mentions: list[list[tuple[Actor, Span]]]) -> tuple[dict[frozenset[str], str], dict[str, list[str]]]:
    """Keys for the names of a document: a name whose stems are part of exactly one longer name's stems is that
    name ("Trotsky" → "Leon Trotsky"); otherwise it is its own key."""
    counts: Counter[frozenset[str]] = Counter(a.proper for ms in mentions for a, _ in ms if a.proper)
    supersets = _superset_index(list(counts))
    keys: dict[frozenset[str], str] = {}
    for st in counts:
        longer = supersets(st)
        maximal = {o for o in longer if not supersets(o)}
        target = max(longer, key=lambda o: (counts[o], len(o))) if len(longer) >= 1 and len(maximal) == 1 else st
        keys[st] = " ".join(sorted(target))
    forms: dict[str, list[str]] = {}
    for ms in mentions:
        for a, span in ms:
            if a.proper:
                f = " ".join(span.text.split())
                lst = forms.setdefault(keys[a.proper], [])
                if f not in lst:
                    lst.append(f)
    return keys, forms


# What a sentence's text alone tells (offsets into the sentence). A sentence the document repeats (a refrain,
# a repeated paragraph, furniture) is read once per analyse call and only placed again at each occurrence: two
# 10 MB accounts made of paragraphs that recur (benchmarks/hostile_speed.py prose) repeat four sentences in five.
_Reading = tuple[list[NumberSpan], ClaimParts, tuple[WordInfo, ...], Sequence[int], tuple[str, ...], tuple[str, ...],
                 set[str], tuple[str, ...], set[str], tuple[tuple[str, int, int], ...], _EventReading]


_SHARED: tuple[Any, set[str], dict[tuple[str, tuple[tuple[int, int], ...]], _Reading]] | None = None
# (the documents, the sentence texts they repeat, the readings kept): see shared_readings


@contextmanager
def shared_readings(docs: Sequence[Document]) -> Iterator[None]:
    """Within the block, :func:`analyse` reads a sentence text that *docs* use more than once (in one document or
    across them: two accounts that share sentences, one quoting or copying the other) once for all of them. What
    was kept is let go when the block ends (``compare report`` holds it only while it analyses its documents,
    before the alignment's tables are made)."""
    global _SHARED
    outer = _SHARED
    if outer is None:
        counts = Counter(s.text for d in docs for s in d.sentences)
        _SHARED = (weakref.WeakSet(docs), {t for t, n in counts.items() if n > 1}, {})
    try:
        yield
    finally:
        if outer is None:
            _SHARED = None


def _read_words(text: str) -> tuple[Words, tuple[Token, ...]]:
    """The words layer of one sentence text, and its tokens unpacked (which reading it needs anyway)."""
    words, rel = tokenize_packed(text, 0)
    tokens = unpack_tokens(words, rel)
    nums = tuple(numeric_terms(tokens))
    return Words(words, rel, tuple([st for _, _, st, content in words if content]) + nums, nums), tokens


def _read(text: str, date_spans: list[tuple[int, int]], known: Words | None = None) -> _Reading:
    """Everything analyse reads from one sentence's text and its dates' spans, offsets into the text: figures,
    claim parts, packed tokens, numeric terms, terms, lemmas (and their sets, for the frequencies), modality
    cues and event (the words layer from ``known`` when it was read already)."""
    figures = find_numbers(text)
    parts = claim_parts(text, date_spans, figures)
    w, tokens = _read_words(text) if known is None else (known, known.tokens())
    lemmas = tuple([lemma_stem(low) for _, low, _, content in w.words if content])
    return (figures, parts, w.words, w.starts, w.numeric, w.terms, set(w.terms), lemmas, set(lemmas),
            _modality(tokens, text), _event(tokens, lemmas, parts[2]))


# --- the stage --------------------------------------------------------------------------------------------

_CACHE: "weakref.WeakKeyDictionary[Document, DocumentAnalysis]" = weakref.WeakKeyDictionary()
_QUOTES: "weakref.WeakKeyDictionary[Document, tuple[Any, ...]]" = weakref.WeakKeyDictionary()


def quotations(doc: Document) -> tuple[Any, ...]:
    """The quotations of *doc* (compare.quotes.Quote, ids ``d0q{n}``), found once per Document object and shared by
    its analysis and by quote matching; reading them does not analyse the sentences."""
    hit = _QUOTES.get(doc)
    if hit is None:
        hit = tuple(find_quotes(doc))
        _QUOTES[doc] = hit
    return hit


_DATES: "weakref.WeakKeyDictionary[Document, list[DateMention]]" = weakref.WeakKeyDictionary()
_WORDS: "weakref.WeakKeyDictionary[Document, tuple[Words, ...]]" = weakref.WeakKeyDictionary()


def sentence_words(doc: Document) -> tuple[Words, ...]:
    """The words layer of every sentence of *doc* (one per ``doc.sentences``; sentences of one text share it), read
    once per Document object: what the alignment reads, and the start of :func:`analyse`, which reuses it (and
    which it is taken from when the document was analysed first). Reading it does not analyse the rest."""
    hit = _WORDS.get(doc)
    if hit is None:
        done = _CACHE.get(doc)
        by_text: dict[str, Words] = {}
        if done is not None and done.sha256 == doc.sha256:
            for s, a in zip(doc.sentences, done.sentences):
                if s.text not in by_text:
                    by_text[s.text] = Words(a.words, array("q", [x - s.start for x in a.starts]), a.terms, a.numeric)
        for s in doc.sentences:
            if s.text not in by_text:
                by_text[s.text] = _read_words(s.text)[0]
        hit = _WORDS[doc] = tuple([by_text[s.text] for s in doc.sentences])
    return hit


def read_ahead(docs: Sequence[Document], quotes: bool) -> tuple[list[list[DateMention]], list[tuple[Any, ...]]]:
    """The whole-text readings of the documents after the first, that :func:`analyse` starts from (their dates),
    and (with ``quotes``) every document's quotations: work that can run beside the first document's analysis
    (``compare report`` on big inputs, see compare.parallel); give the result to :func:`remember`."""
    return ([find_document_dates(d) for d in docs[1:]], [tuple(find_quotes(d)) for d in docs] if quotes else [])


def remember(docs: Sequence[Document], read: tuple[list[list[DateMention]], list[tuple[Any, ...]]]) -> None:
    """Keep what :func:`read_ahead` read of *docs*, for :func:`analyse` and :func:`quotations` to use."""
    dates, quotes = read
    for doc, found in zip(docs[1:], dates):
        if doc not in _CACHE:
            _DATES[doc] = found
    for doc, qs in zip(docs, quotes):
        _QUOTES.setdefault(doc, qs)


def analyse(doc: Document) -> DocumentAnalysis:
    """Read every sentence of *doc* once (memoised per Document object; see the module docstring)."""
    cached = _CACHE.get(doc)
    if cached is not None and cached.sha256 == doc.sha256:
        return cached
    known = _DATES.pop(doc, None)
    dates = find_document_dates(doc) if known is None else known
    starts = [d.start for d in dates]
    raw: list[tuple[Any, Claims, tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]] = []
    df: Counter[str] = Counter()
    stem_df: Counter[str] = Counter()
    readings: dict[tuple[str, tuple[tuple[int, int], ...]], _Reading]     # of the repeated texts
    if _SHARED is not None and doc in _SHARED[0]:
        repeated, readings = _SHARED[1], _SHARED[2]
    else:
        repeated, readings = {t for t, n in Counter(s.text for s in doc.sentences).items() if n > 1}, {}
    known_words = _WORDS.get(doc)
    for s in doc.sentences:
        lo = bisect_left(starts, s.start)
        hi = bisect_left(starts, s.end)
        sdates = [d for d in dates[lo:hi] if d.end <= s.end]
        off = s.start
        spans = [(d.start - off, d.end - off) for d in sdates]
        if s.text in repeated:
            key = (s.text, tuple(spans))
            r = readings.get(key)
            if r is None:
                r = readings[key] = _read(s.text, spans, known_words[s.index] if known_words else None)
        else:
            r = _read(s.text, spans, known_words[s.index] if known_words else None)
        figures, parts, words, rel_starts, nums, terms, term_set, lemmas, lemma_set, modality, ev = r
        claims = place_claims(s.text, off, parts, sdates)
        word_starts = array("q", [x + off for x in rel_starts])
        df.update(term_set)
        stem_df.update(lemma_set)
        pred, pred_at, subject, obj, negated, args = ev
        event = Event(pred, doc.span(pred_at[0] + off, pred_at[1] + off) if pred_at is not None else None,
                      subject, obj, negated, args)
        raw.append((s, claims, (lemmas, terms, nums, _numbers(claims, doc), _shifted(figures, off), claims.dates),
                    (tuple([Modality(kind, doc.span(a + off, b + off)) for kind, a, b in modality]), event),
                    (words, word_starts)))
    mentions = [_name_mentions(c.actors, doc) for _, c, _, _, _ in raw]
    keys, forms = _join_names(mentions)
    sentences: list[SentenceAnalysis] = []
    for (s, claims, (stems, terms_t, nums_t, numbers, figs, sent_dates), (modality, event), packed), ms in zip(
            raw, mentions):
        names = tuple(NameMention(keys.get(a.proper, " ".join(sorted(a.proper))), a.kind, a.proper, a.confirmed,
                                  span) for a, span in ms if a.proper)
        sentences.append(SentenceAnalysis(
            s.index, s.span, s.boilerplate, stems, terms_t, nums_t, numbers, figs, sent_dates, names, claims.negations,
            modality, event, claims, *packed))
    out = DocumentAnalysis(doc.sha256, tuple(sentences), tuple(dates), dict(df), dict(stem_df),
                           {k: tuple(v) for k, v in forms.items()}, weakref.ref(doc))
    _CACHE[doc] = out
    return out


def passage_claims(doc: Document, sentences: range) -> Claims:
    """The claims of a run of sentences, joined from their analyses (no re-extraction): the text is the
    passage from the first sentence's start to the last one's end, offsets are into doc.text."""
    an = analyse(doc)
    parts = [an.sentences[i].claims for i in sentences if 0 <= i < len(an.sentences)]
    if not parts:
        return extract_claims("", offset=0, dates=[])
    start = an.sentences[sentences.start].span.start
    end = an.sentences[sentences.stop - 1].span.end
    return Claims(doc.text[start:end], start,
                  tuple(n for c in parts for n in c.numbers), tuple(d for c in parts for d in c.dates),
                  tuple(a for c in parts for a in c.actors), tuple(n for c in parts for n in c.negations),
                  tuple(s for c in parts for s in c.stances))

