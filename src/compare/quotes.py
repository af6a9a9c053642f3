"""Quotations: find every quotation in a text, say what it is and who said it.

The engine works on a plain string and paragraph spans (``extract_quotes``); ``find_quotes`` wraps it for a
``Document``. Real text breaks every simple rule (see shared/design/quotations.md), so the scanner is built
around the cases it presents: marks are classified one by one (curly marks have a direction, straight ones get
it from their neighbours, apostrophes are not marks), then paired per paragraph with a stack. An opener that
never closes ends at its paragraph; a closer without an opener starts at its paragraph or after a cue colon;
a quotation whose paragraphs each repeat the opener is merged across them. Without a paragraph break a quotation
runs at most ``MAX_QUOTE_CHARS``: past it, the marks are stray (a page with no line breaks would otherwise pair
marks tens of thousands of characters apart). Every step is linear in the text.

Matching quotations across documents lives in ``quote_match`` (which imports this module, never the reverse).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from array import array
from dataclasses import dataclass, field
from typing import Any, Sequence

from .document import Span
from .normalise import line_starts

__all__ = ["Span", "RawQuote", "Quote", "extract_quotes", "find_quotes", "blank_line_paragraphs", "make_span",
           "split_segments"]


# --- marks ----------------------------------------------------------------------------------------------

DOUBLE, SINGLE = "d", "s"
_FAMILY = {"“": DOUBLE, "”": DOUBLE, "„": DOUBLE, "‟": DOUBLE, "«": DOUBLE, "»": DOUBLE, '"': DOUBLE,
           "‘": SINGLE, "’": SINGLE, "‚": SINGLE, "‛": SINGLE, "‹": SINGLE, "›": SINGLE, "'": SINGLE}
_MARK_RE = re.compile("[\"'“”„‟«»‘’‚‛‹›]")
_ALL_MARKS = "\"'“”„‟«»‘’‚‛‹›"
# What may stand before an opener / after a closer (besides white space and the text's edges).
_BEFORE_OPEN = set("([{<—–-/:;…") | set("“„‟«‘‚‛‹\"'")
_AFTER_CLOSE = set(".,;:!?)]}>—–-/…*") | set("”»’›\"'")
# Elisions that start with an apostrophe: ’tis, ’twas, ’em, ’n’, ’cause, ’til, ’bout, ’round.
_ELISION = re.compile(r"(?:tis|twas|twere|twill|em|n|cause|til|till|bout|round|neath|ere|ve|ll|s|d|m|re|t)\b",
                      re.I)

_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3,4}\]|\[\s*…\s*\]|\.\s\.\s\.(?:\s\.)?|\.{3,4}|…")
_WS = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-[ \t]*\r?\n[ \t]*(?=[a-z])")
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

MAX_DEPTH = 6          # deeper openers close the innermost one: keeps pathological input linear
TERM_MAX_WORDS = 4     # rule 13: short marked phrases are terms
# The longest run of a quotation inside one paragraph, mark to mark: 10,000 characters, about 1,700 words. A
# paragraph break ends every quotation that is not continued, so where paragraphs are shorter than this it never
# binds (LitBank's longest gold quotation is 2,515 characters; tests keep a 1,200-word one); on a page of one
# giant paragraph (no line breaks) a mis-paired mark would otherwise open a "quotation" of tens of thousands of
# characters, and the matching of such quotations grows faster than the text. An opener left open longer than
# this is a stray mark (no quotation), and so is a closer whose quotation would start further back.
MAX_QUOTE_CHARS = 10_000


@dataclass(slots=True)
class _Open:
    family: str
    pos: int           # offset of the opening mark
    char: str
    paragraph: int
    flags: list[str] = field(default_factory=list)
    cont_marks: list[int] = field(default_factory=list)   # continuation openers of later paragraphs


@dataclass(frozen=True, slots=True)
class RawQuote:
    """A quotation found in plain text: offsets only, before any Document glue.

    ``start``/``end`` include the marks; ``cstart``/``cend`` delimit the content. ``strip`` lists offsets of
    continuation marks (multi-paragraph quotations) inside the content that are not part of the words.
    """

    start: int
    end: int
    cstart: int
    cend: int
    text: str
    kind: str
    speaker: str | None
    via: str | None
    cue: str | None
    parent: int | None          # index into the returned list
    flags: tuple[str, ...]
    segments: tuple[str, ...]
    strip: tuple[int, ...] = ()


def blank_line_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans of ``text`` separated by blank lines (the fallback when no Document is given)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _is_word(c: str) -> bool:
    return c.isalnum()


def _classify(text: str, i: int, c: str) -> tuple[str, bool]:
    """Role of the mark at ``i``: 'open', 'close', 'either', 'maybe_close' (single closer or apostrophe),
    or 'apos'; and whether its direction contradicts its shape (rule 3)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left_open = prev.isspace() or prev in _BEFORE_OPEN
    right_close = nxt.isspace() or nxt in _AFTER_CLOSE
    if c in "“„‟«":
        if not left_open and right_close and c == "“":
            return "close", True
        return "open", False
    if c in "”»":
        if left_open and not right_close and c == "”":
            return "open", True
        return "close", False
    if c in "‘‚‛‹":
        if _is_word(prev) and _is_word(nxt):
            return "apos", False
        return "open", False
    if c in "’›'":
        if _is_word(prev) and _is_word(nxt):
            return "apos", False              # women’s, didn’t, t'ee
        if left_open and not right_close:
            if nxt.isdigit() or _ELISION.match(text, i + 1):
                return "apos", False          # ’17, ’tis
            return "open", c == "’"           # ’the general … (wrong direction) or 'straight opener
        if c == "›":
            return "close", False
        if not left_open and right_close:
            return "maybe_close", False       # a closer, or workers’ (plural possessive)
        return "apos", False
    # straight double
    if left_open and not right_close:
        return "open", False
    if right_close and not left_open:
        return "close", False
    return "either", False


# --- speaker cues ---------------------------------------------------------------------------------------

_VERBS = (
    "said|says|say|saying|wrote|writes|write|writing|explained|explains|cursed|curses|echoed|echoes|asked|asks|"
    "replied|replies|answered|answers|added|adds|cried|cries|shouted|shouts|told|tells|declared|declares|"
    "stated|states|noted|notes|observed|observes|remarked|remarks|continued|continues|exclaimed|exclaims|"
    "insisted|insists|argued|argues|reported|reports|recalled|recalls|summed up|sums up|whispered|whispers|"
    "muttered|mutters|concluded|concludes|went on|goes on|repeated|repeats|claimed|claims|warned|warns|"
    "admitted|admits|put it|puts it|responded|responds|demanded|demands|murmured|murmurs|retorted|retorts|"
    "suggested|suggests|yelled|yells|screamed|screams|sighed|sighs|snapped|snaps|pleaded|pleads|begged|begs|"
    "announced|announces|proclaimed|proclaims|quoted|quotes|commented|comments|tweeted|tweets|called out|"
    "cried out|returned|interrupted|interrupts|thought|thinks|asserted|asserts|testified|testifies|"
    "gave an? (?:[a-z]+ )?answer|gives an? (?:[a-z]+ )?answer|gave an? (?:[a-z]+ )?reply"
)
_VERB_RE = re.compile(r"\b(?:" + _VERBS + r")\b", re.I)
_VERB_START = re.compile(r"(?:" + _VERBS + r")\b", re.I)
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "him", "her", "them"}
_DETS = {"a", "an", "the", "one", "this", "that", "his", "her", "their", "our", "my", "its", "some", "another",
         "every", "each", "no"}
_LEADERS = {"and", "but", "so", "then", "when", "while", "as", "where", "if", "because", "though", "yet",
            "or", "thus", "also", "now", "once", "here", "there"}
_NP_END = {"to", "at", "as", "in", "on", "into", "from", "and", "but", "when", "while", "after", "before", "then",
           "was", "is", "had", "has", "who", "that", "which", "again", "once", "now", "so", "quietly", "softly",
           "for", "without", "over", "under", "through"}
_FUNCTION_CAPS = {"The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "A", "An",
                  "In", "On", "At", "But", "And", "So", "If", "When", "As", "For", "From", "Of", "To", "Yes",
                  "No", "Then", "There", "Here", "What", "Why", "How", "Who", "Again", "Indeed", "Just", "My",
                  "Our", "Your", "His", "Her", "Their", "Its", "Even", "Now", "Not", "Well", "Oh", "Ah"}
_WORD = re.compile(r"[A-Za-z0-9À-ÖØ-öø-ÿ][\w’'\-.]*")
_CLAUSE_STOP = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])\."
                          r"|[!?;:,()\[\]“”\"‘’«»—–]|\s['’]|['’]\s|\n\s*\n")
_SENT_STOP = re.compile(r"(?:(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bProf)"
                        r"(?<!\b[A-Z])[.!?…][”\"’')\]]*)\s+(?=\S)|\n\s*\n")
# The optional colon or comma before the end is "(?:\s*[:,])?\s*$", not "\s*[:,]?\s*$" (the same strings, but two
# adjacent runs of white space backtracked quadratically on a long run of spaces); the same in _ACCORDING, and
# _FROM_COLON has "^\s*|[.!?]\s+", not "(?:^|[.!?]\s+)\s*".
_PASSIVE = re.compile(r"\b(?:" + _VERBS + r"|written|spoken|put|voiced|expressed|made)\s+by\s+"
                      r"((?:[A-Za-z][\w’'\-.]*\s+){0,4}?[A-Za-z][\w’'\-]*)(?:\s*[:,])?\s*$")
_ACCORDING = re.compile(r"\baccording to\s+((?:[A-Za-z][\w’'\-.]*\s+){0,4}?[A-Za-z][\w’'\-]*)(?:\s*[:,])?\s*$",
                        re.I)
_FROM_COLON = re.compile(r"(?:^\s*|[.!?]\s+)(?:from|in)\s+((?:[A-Za-z][\w’'\-.]*\s+){0,4}?[A-Za-z][\w’'\-]*)"
                         r"\s*:\s*$", re.I)
_QUOTE_FROM = re.compile(r"\bquot\w*\s+(?:[a-z]+\s+){0,2}from\s+((?:the|a|an|his|her|their)\s+"
                         r"(?:[A-Za-z][\w’'\-]*\s+){0,3}?[A-Za-z][\w’'\-]*)\b", re.I)
_HAS_PASSAGE = re.compile(r"^\s*((?:the|a|an|this|that|his|her|their)\s+(?:[A-Za-z][\w’'\-]*\s+){0,2}?"
                          r"[A-Za-z][\w’'\-]*)\s+(?:has|had|gives|gave|offers|contains|includes)\s+"
                          r"(?:an?|this|the)\s+(?:[a-z]+\s+){0,2}(?:passage|quote|quotation|line|lines|words|"
                          r"account|description)\b", re.I)
_BARE_NAME_COLON = re.compile(r"(?:^|[.!?\n]\s*)([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})\s*:\s*$")
_PAREN_BEFORE = re.compile(r"\(([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\)\s*$")
_PAREN_AFTER = re.compile(r"^[\s,.;:]*\(([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\)")


def _clean_np(words: list[str]) -> str | None:
    while words and words[0].lower() in _LEADERS:
        words = words[1:]
    if not words:
        return None
    np = " ".join(words).strip(" ,.;:’'")
    if not np:
        return None
    if words[0] in {"The", "A", "An"} and len(words) > 1:
        np = words[0].lower() + np[len(words[0]):]
    return np


def _np_before(pre: str) -> str | None:
    """The subject just before a cue verb: a name, a determiner phrase at clause start, or a pronoun."""
    pre = pre.rstrip()
    # skip an appositive: "Leon Trotsky, one of the leaders of the Russian Revolution, summed up"
    m = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}),\s[^,.;:!?]{1,80},$", pre)
    if m:
        return m.group(1)
    stops = list(_CLAUSE_STOP.finditer(pre))
    clause = pre[stops[-1].end():] if stops else pre
    words = _WORD.findall(clause)[-8:]
    if not words:
        return None
    while words and words[0].lower() in _LEADERS:
        words = words[1:]
    if not words:
        return None
    if words[-1].lower() in _PRONOUNS:
        return words[-1]
    if words[0].lower() in _DETS and len(words) <= 6:
        return _clean_np(words)
    run: list[str] = []
    for w in reversed(words):
        if w[0].isupper() or (run and w.lower() in {"de", "von", "van", "da", "del", "le", "la"}):
            run.append(w)
        else:
            break
    run.reverse()
    while run and run[0] in _FUNCTION_CAPS:
        run = run[1:]
    if run:
        return " ".join(run).strip(" ,.;:")
    return None


def _np_after(post: str) -> str | None:
    """The speaker after a cue verb: "said the man with the basket", "said Durbeyfield", "said he"."""
    m = _CLAUSE_STOP.search(post)
    clause = post[:m.start()] if m else post
    words = [w.rstrip(".") for w in _WORD.findall(clause)[:6]]
    if not words:
        return None
    if words[0].lower() in _PRONOUNS:
        return words[0]
    if words[0].lower() in _DETS:
        for k, w in enumerate(words[1:], 1):      # "his wife impatiently", "his lady to him one day"
            if w.lower() in _NP_END or (w.endswith("ly") and len(w) > 4 and w.islower()):
                words = words[:k]
                break
        return _clean_np(words)
    run = []
    for w in words:
        if w[0].isupper():
            run.append(w)
        else:
            break
    return " ".join(run).strip(" ,.;:") or None


def _speaker_after(text: str, pos: int, limit: int) -> tuple[str, str] | None:
    """Cue right after a closing mark: "…,” said the parson" / "…,” he said" / "…” (Trotsky)."""
    post = text[pos:min(limit, pos + 120)]
    m = _PAREN_AFTER.match(post)
    if m:
        return m.group(1), m.group(0).strip(" ,.;:")
    stripped = post.lstrip(" \t\r\n,—–-")
    off = len(post) - len(stripped)
    m = _VERB_START.match(stripped)
    if m:
        np = _np_after(stripped[m.end():])
        if np and not _introduces_next(stripped, m.end()):
            return np, _fold(stripped[:m.end()]) + " " + np
    # subject then verb within the first few words of the clause
    stop = _CLAUSE_STOP.search(stripped)
    clause = stripped[:stop.start()] if stop else stripped
    m = _VERB_RE.search(clause)
    if m and m.start() <= 40 and len(_WORD.findall(clause[:m.start()])) <= 5:
        np = _np_before(clause[:m.start()])
        if np and not _introduces_next(stripped, m.end()):
            return np, _fold(clause[:m.end()])
    return None


def _introduces_next(s: str, pos: int) -> bool:
    """Does the cue clause at ``pos`` end in a colon, i.e. introduce the next quotation, not this one?"""
    stop = _CLAUSE_STOP.search(s, pos)
    return stop is not None and s[stop.start()] == ":"


def _speaker_before(pre: str) -> tuple[str, str] | None:
    """Cue in the clause before an opener (or before a block quotation): "X wrote:", "echoed by X:",
    "according to X,", "From X:", "quote … from the book", "the book has a passage:", "(X)", "X:"."""
    if not pre.strip():
        return None
    m = _PAREN_BEFORE.search(pre)
    if m:
        return m.group(1), m.group(0).strip()
    stops = list(_SENT_STOP.finditer(pre))
    sent = pre[stops[-1].end():] if stops else pre
    sent = sent[-300:]
    for rx in (_PASSIVE, _ACCORDING, _FROM_COLON):
        m = rx.search(sent)
        if m:
            np = _np_before(m.group(1)) or m.group(1)
            if rx is _PASSIVE and not (np[0].isupper() or np.split()[0].lower() in _DETS):
                continue
            return np, m.group(0).strip(" ,")
    m = _QUOTE_FROM.search(sent)
    if m:
        return _clean_np(m.group(1).split()) or m.group(1), m.group(0).strip()
    m = _HAS_PASSAGE.search(sent)
    if m:
        return _clean_np(m.group(1).split()) or m.group(1), m.group(0).strip()
    verbs = list(_VERB_RE.finditer(sent))
    if verbs:
        v = verbs[-1]
        # "a sailor cursed at Trotsky:" – the verb must be near the end of the clause before the mark
        tail = sent[v.end():]
        if len(_WORD.findall(tail)) <= 6:
            np = _np_before(sent[:v.start()])
            if np:
                hits = list(re.finditer(r"\b" + re.escape(np.split()[0]) + r"\b", sent[:v.start()], re.I))
                at = hits[-1].start() if hits else v.start()
                return np, _fold(sent[at:])
    m = _BARE_NAME_COLON.search(sent)
    if m and m.group(1).split()[0] not in _FUNCTION_CAPS:
        return m.group(1), m.group(0).strip()
    return None


# --- text of a quotation ---------------------------------------------------------------------------------

def _fold(s: str) -> str:
    s = _HYPHEN_BREAK.sub("", s)
    return _WS.sub(" ", s.replace("\u00a0", " ").replace("\u00ad", "")).strip()


def _content_text(text: str, cstart: int, cend: int, strip: Sequence[int]) -> str:
    if not strip:
        return _fold(text[cstart:cend])
    parts, pos = [], cstart
    for s in strip:
        parts.append(text[pos:s])
        pos = s + 1
    parts.append(text[pos:cend])
    return _fold("".join(parts))


def split_segments(content: str) -> tuple[str, ...]:
    """Pieces of a quotation between ellipses (rule 10), white space folded, empty pieces dropped."""
    out = []
    for piece in _ELLIPSIS.split(content):
        piece = piece.strip(" ,;:")
        if re.search(r"\w", piece):
            out.append(piece)
    return tuple(out)


def _kind(content: str, has_cue: bool, at_para_start: bool) -> str:
    words = content.split()
    n = len(words)
    body = content.rstrip("”’\"'»› ")
    sentence_end = body[-1:] in {".", "!", "?", "…"} if body else False
    if n == 0:
        return "term"
    if has_cue:
        return "quotation"
    if n == 1 and (not sentence_end or body.count(".") > 1):
        return "term"              # "peace", 'C.C.H.' – but "Yes." and "No!" are speech
    if 3 <= n <= 10 and not sentence_end:
        sig = [w for w in words if len(w) > 3 or w[0].isupper()]
        if sig and all(w[0].isupper() or w[0].isdigit() for w in sig) and words[0][0].isupper():
            return "title"
    if n <= TERM_MAX_WORDS and not sentence_end and not (body.endswith(",") and n >= 3):
        return "term"
    return "quotation"


# --- the scanner ------------------------------------------------------------------------------------------

def extract_quotes(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[RawQuote]:
    """Every quotation in ``text``, in order of start, with kind, speaker, parent and flags.

    ``paragraphs`` are (start, end) spans; by default blank-line-separated paragraphs. Time and memory are
    linear in the length of the text, whatever the marks (unbalanced, nested, thousands of lone openers).
    """
    paras = list(paragraphs) if paragraphs is not None else blank_line_paragraphs(text)
    found: list[tuple[int, int, int, int, list[str], list[int], int]] = []  # start,end,cstart,cend,flags,strip,p
    stack: list[_Open] = []

    def local_start(o: _Open) -> int:
        """Where the open quotation's run in the current paragraph starts: its mark, or its continuation mark."""
        return o.cont_marks[-1] if o.cont_marks else o.pos

    def close_unclosed(o: _Open, end: int, extra: str = "unclosed") -> None:
        if o.family == SINGLE and o.char in "'’" and not o.cont_marks:
            return                 # an unclosed straight or reversed single mark: an elision ('prentice)
        cend = end
        while cend > o.pos + 1 and text[cend - 1].isspace():
            cend -= 1
        if cend - local_start(o) > MAX_QUOTE_CHARS:
            return                 # open past the bound: a stray mark, not a quotation
        flags = o.flags + [extra]
        if o.cont_marks:
            flags.append("multi_paragraph")
        found.append((o.pos, cend, o.pos + 1, cend, flags, o.cont_marks, o.paragraph))

    for pi, (pstart, pend) in enumerate(paras):
        last_end = pstart                     # end of the last quotation closed in this paragraph
        last_lone = pstart                    # end of the last closer without an opener in this paragraph
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text, pstart, pend)]
        k = 0
        if stack:
            # carried over: this paragraph opens with the continuation mark of the outer quotation
            k = 1
            stack[0].cont_marks.append(marks[0][0])
        for i, c in marks[k:]:
            while stack and i - local_start(stack[0]) > MAX_QUOTE_CHARS:
                del stack[0]                   # open too long without a paragraph break: a stray mark
            role, wrong = _classify(text, i, c)
            fam = _FAMILY[c]
            if role == "apos":
                continue
            if role == "either":
                role = "close" if any(o.family == fam for o in stack) else "open"
            if role == "maybe_close" and not any(o.family == fam for o in stack):
                continue                       # workers’ – an apostrophe
            if role == "open":
                if stack and stack[-1].family == fam and (stack[-1].char in "\"'") == (c in "\"'"):
                    # same style inside itself: the previous one never closed (rule 5, bounded depth)
                    close_unclosed(stack.pop(), i)
                elif len(stack) >= MAX_DEPTH:
                    close_unclosed(stack.pop(), i)
                o = _Open(fam, i, c, pi)
                if wrong:
                    o.flags.append("wrong_direction")
                stack.append(o)
                continue
            # a closer
            if any(o.family == fam for o in stack):
                while stack[-1].family != fam:
                    close_unclosed(stack.pop(), i)
                o = stack.pop()
                flags = list(o.flags)
                if wrong:
                    flags.append("wrong_direction")
                if (o.char in "“„‟«‘‚‛‹") and c in "\"'":
                    flags.append("mixed_marks")
                elif o.char in "\"'" and c in "”»’›":
                    flags.append("mixed_marks")
                if o.cont_marks:
                    flags.append("multi_paragraph")
                found.append((o.pos, i + 1, o.pos + 1, i, flags, o.cont_marks, o.paragraph))
                if not stack:
                    last_end = i + 1
                continue
            if role == "maybe_close" or c == "'":
                continue
            # rule 6: a closer with no opener starts at its paragraph, after a cue colon, or after the
            # previous quotation of the paragraph
            lo = max(last_end, last_lone)      # never back over an earlier lone closer: keeps it linear
            if stack:
                lo = max(lo, stack[-1].pos + 1)
            colon = text.rfind(":", lo, i)
            if colon >= 0 and _speaker_before(text[max(lo, colon - 300):colon + 1]) is None:
                colon = -1                     # a colon inside the quoted words, not a cue colon
            start = colon + 1 if colon >= 0 else lo
            while start < i and text[start].isspace():
                start += 1
            if start < i - MAX_QUOTE_CHARS:
                start = i                      # the quotation would run too far back: a stray closer
            if start < i:
                while stack and stack[-1].pos >= start:
                    close_unclosed(stack.pop(), i)
                flags = ["missing_open"] + (["wrong_direction"] if wrong else [])
                found.append((start, i + 1, start, i, flags, [], pi))
            last_lone = i + 1
            if not stack:
                last_end = i + 1
        # paragraph end: continue the outer quotation if the next paragraph opens with its mark (rule 7)
        if stack:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            cont = False
            if nxt is not None:
                j = nxt[0]
                while j < nxt[1] and text[j].isspace():
                    j += 1
                if j < nxt[1] and text[j] in _ALL_MARKS and _FAMILY[text[j]] == stack[0].family:
                    role, _ = _classify(text, j, text[j])
                    cont = role in ("open", "either")
            while len(stack) > (1 if cont else 0):
                close_unclosed(stack.pop(), pend)
    if stack:
        close_unclosed(stack.pop(), paras[-1][1])

    _block_quotations(text, paras, found)
    found.sort(key=lambda f: (f[0], -f[1]))
    return _finish(text, paras, found)


def _block_quotations(text: str, paras: Sequence[tuple[int, int]], found: list) -> None:
    """Rule 12: a paragraph without marks after a paragraph ending in a cue colon ("Trotsky wrote:") is a
    quotation too, flagged ``block``. Only a named speaker counts ("I have seen it with my own eyes:" does not)."""
    if len(paras) < 2:
        return
    starts = sorted((f[0], f[1]) for f in found)
    k = 0
    for pi in range(1, len(paras)):
        pstart, pend = paras[pi]
        while k < len(starts) and starts[k][1] <= pstart:
            k += 1
        if k < len(starts) and starts[k][0] < pend:
            continue                                   # the paragraph has quotations of its own
        prev = text[paras[pi - 1][0]:paras[pi - 1][1]].rstrip()
        if not prev.endswith(":"):
            continue
        body = text[pstart:pend]
        if len(body.split()) < 5:
            continue
        cue = _speaker_before(prev[-400:])
        if cue is None or cue[0].lower() in _PRONOUNS:
            continue
        a = pstart + (len(body) - len(body.lstrip()))
        b = pstart + len(body.rstrip())
        found.append((a, b, a, b, ["block"], [], pi))


def _finish(text: str, paras: Sequence[tuple[int, int]],
            found: list[tuple[int, int, int, int, list[str], list[int], int]]) -> list[RawQuote]:
    para_starts = [p[0] for p in paras]
    # parents by containment: a sweep with a stack of open quotations
    parents: list[int | None] = []
    open_: list[int] = []
    for idx, f in enumerate(found):
        while open_ and not (found[open_[-1]][2] <= f[0] and f[1] <= found[open_[-1]][3]):
            open_.pop()
        parents.append(open_[-1] if open_ else None)
        open_.append(idx)

    out: list[RawQuote] = []
    prev_end_in_para: dict[int, int] = {}
    declared: tuple[str, str] | None = None      # "I will quote often from the book": a standing source
    source_scan = 0
    first_visible: dict[int, int] = {}
    for idx, (start, end, cstart, cend, flags, strip, pi) in enumerate(found):
        pstart, pend = paras[pi]
        content = _content_text(text, cstart, cend, strip)
        segments = split_segments(content)
        parent = parents[idx]
        lo = pstart
        if parent is not None:
            lo = max(lo, found[parent][2])
        lo = max(lo, prev_end_in_para.get((pi << 1) | (parent is not None), pstart))
        pre = text[max(lo, start - 400):start]
        limit = pend if parent is None else found[parent][3]
        cue = _speaker_after(text, end, limit) if "unclosed" not in flags else None
        if cue is None:
            cue = _speaker_before(pre)
        if pi not in first_visible:            # where the paragraph's text begins (once per paragraph)
            body = text[pstart:pend]
            first_visible[pi] = pstart + len(body) - len(body.lstrip())
        at_para_start = start <= first_visible[pi]
        if cue is None and at_para_start and parent is None and pi > 0:
            ppre = text[paras[pi - 1][0]:paras[pi - 1][1]].rstrip()
            if ppre.endswith(":"):
                cue = _speaker_before(ppre[-400:])
        # a standing source declared earlier in the text ("I will quote often from the book")
        while source_scan < start:
            m = _QUOTE_FROM.search(text, source_scan, start)
            if not m:
                source_scan = start
                break
            declared = (_clean_np(m.group(1).split()) or m.group(1), m.group(0))
            source_scan = m.end()
        kind = _kind(content, cue is not None, at_para_start)
        flags = list(flags)
        if cue is None and declared is not None and parent is None and at_para_start and kind == "quotation":
            cue = declared
            flags.append("continued_source")
        speaker = cue[0] if cue else None
        if speaker and speaker.lower() in _PRONOUNS:
            speaker = None                  # a pronoun names nobody; the cue is kept
        via = None
        if parent is not None:
            p = out[parent]
            via = p.speaker or p.via
            if via == speaker:
                via = None
        if not content:
            flags.append("empty")
        if len(segments) > 1 or _ELLIPSIS.search(content):
            flags.append("ellipsis")
        if parent is None or True:
            prev_end_in_para[(pi << 1) | (parent is not None)] = end
        out.append(RawQuote(start, end, cstart, cend, content, kind, speaker, via, cue[1] if cue else None,
                            parent, tuple(dict.fromkeys(flags)), segments, tuple(strip)))
    return _interrupted(text, out)


INTERRUPTION_MAX = 60    # rule 9: the longest cue between the two pieces of an interrupted quotation
_NOT_IN_INTERRUPTION = set(".!?;“”\"‘’\n")


def _is_interruption(between: str) -> bool:
    """Is ``between`` (the text between two quotations) a cue that interrupts one quotation: an optional
    comma, then 1–60 characters without sentence ends or quotation marks, then a comma ("A,” he said, “B")?

    A scan equal to the pattern ``\\s*,?\\s*[^.!?;“”"‘’\\n]{1,60}?,\\s*`` (fully matched), which backtracked
    quadratically on a run of spaces between two quotations."""
    body = between.rstrip()
    if not body.endswith(","):
        return False
    body = body[:-1]                           # the final comma; what precedes it is "\s* ,? \s* cue"
    k = len(body) - len(body.lstrip())
    if body.startswith(",", k):
        k += 1
        k += len(body) - k - len(body[k:].lstrip())
    cue = body[min(k, len(body) - 1):]            # the shortest cue the pattern allows (at least 1 character)
    return 1 <= len(cue) <= INTERRUPTION_MAX and not _NOT_IN_INTERRUPTION.intersection(cue)


def _interrupted(text: str, quotes: list[RawQuote]) -> list[RawQuote]:
    """Rule 9: “A,” he said, “B.” – one quotation in two pieces: both flagged ``interrupted``, and the second
    takes the first's speaker and cue."""
    prev: int | None = None
    for i, q in enumerate(quotes):
        if q.parent is not None or q.kind == "term":
            continue
        if prev is not None:
            p = quotes[prev]
            between = text[p.end:q.start]
            if (p.text.endswith(",") or between.lstrip().startswith(",")) and _is_interruption(between) \
                    and _VERB_RE.search(between):
                quotes[prev] = dataclasses.replace(p, flags=tuple(dict.fromkeys(p.flags + ("interrupted",))))
                quotes[i] = dataclasses.replace(q, speaker=q.speaker or p.speaker, cue=p.cue or q.cue,
                                                kind="quotation",
                                                flags=tuple(dict.fromkeys(q.flags + ("interrupted",))))
        prev = i
    return quotes


# --- Document glue ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    """A quotation in one document, with its evidence (``span`` includes the marks, ``content`` not)."""

    id: str
    doc: int
    span: Span
    content: Span
    text: str
    kind: str
    speaker: str | None
    via: str | None
    cue: str | None
    parent: str | None
    flags: tuple[str, ...]
    segments: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        # the record is a span itself (text == document[start:end]); the unwrapped words are "words"
        return {"id": self.id, "doc": self.doc, "start": self.span.start, "end": self.span.end,
                "line": self.span.line, "span": self.span.to_dict(), "text": self.span.text, "words": self.text,
                "content": self.content.to_dict(),
                "kind": self.kind, "speaker": self.speaker, "via": self.via, "cue": self.cue,
                "parent": self.parent, "flags": list(self.flags), "segments": list(self.segments)}


def make_span(text: str, start: int, end: int, starts: array | None = None) -> Span:
    """A Span for ``text[start:end]`` with its 1-based line; ``starts`` is ``normalise.line_starts(text)``
    (pass it when making many spans of one text: each span is then a bisection)."""
    ls = starts if starts is not None else line_starts(text)
    return Span(start, end, bisect.bisect_right(ls, start), text[start:end])


def _doc_text_and_paragraphs(doc: Any) -> tuple[str, list[tuple[int, int]] | None]:
    if isinstance(doc, str):
        return doc, None
    paras = getattr(doc, "paragraphs", None)
    spans = None
    if paras:
        spans = [(p.span.start, p.span.end) for p in paras]
    return doc.text, spans


def find_quotes(doc: Any, doc_index: int = 0) -> list[Quote]:
    """Every quotation of a Document (or a plain string), ids ``d{doc_index}q{n}`` in text order."""
    text, paras = _doc_text_and_paragraphs(doc)
    raw = extract_quotes(text, paras)
    nl = getattr(doc, "_lines", None) or line_starts(text)
    ids = [f"d{doc_index}q{n}" for n in range(len(raw))]
    return [Quote(ids[n], doc_index, make_span(text, r.start, r.end, nl), make_span(text, r.cstart, r.cend, nl),
                  r.text, r.kind, r.speaker, r.via, r.cue, ids[r.parent] if r.parent is not None else None,
                  r.flags, r.segments) for n, r in enumerate(raw)]
