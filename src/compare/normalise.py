"""Stage 2, normalise: paragraphs found in the text as read, and their unwrapped text with an offset map.

Texts arrive hard-wrapped (PDF extractions break lines, and sometimes leave blank lines, mid-sentence), with
words hyphenated across line breaks and no-break spaces. Comparison needs the unwrapped text; the user needs
offsets into the original. Every normalised string built here comes with an array that maps each of its
characters back to an offset in the original text, so nothing is lost.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from statistics import median

_EOL = re.compile(r"\r\n|\r|\n")
# Characters that end a line which ends a sentence (so a following blank line is a real paragraph break).
_TERMINAL = ".!?:;…\"”’')]»"
_HEADING_END = ".!?:;,…\"”"
# Characters dropped from normalised text: zero-width space/joiners, soft hyphen, BOM.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"
_TOKEN = re.compile(r"[^\s" + _INVISIBLE + r"]+|[\s" + _INVISIBLE + r"]+")
_WORD_RUN = re.compile(r"\S+")
_LONG_SPACE = re.compile(r"\s{2,}")      # a run of white space that folds to one space, dropping characters
# What the token-by-token path is needed for: an invisible character, or a hyphen before a line break.
_NEEDS_TOKENS = re.compile("[" + _INVISIBLE + r"]|-[^\S\r\n]*[\r\n]")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph found in the original text: ``text[start:end]``, and whether it looks like a heading."""

    start: int
    end: int
    heading: bool


SMALL_OFFSETS = 2 ** 32    # texts shorter than this keep their offset maps as 4-byte unsigned ints, not 8-byte


def offset_array(text: str) -> array:
    """An empty array for offsets into ``text``: 4 bytes an item when they fit (an offset map holds one offset
    per character, so 8-byte items were 8 bytes of memory per character of a document)."""
    return array("I" if len(text) < SMALL_OFFSETS else "q")


def line_starts(text: str) -> array:
    """Offsets at which each line of ``text`` starts (CRLF, CR and LF all end a line)."""
    starts = offset_array(text)
    starts.append(0)
    starts.extend(m.end() for m in _EOL.finditer(text))
    return starts


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line ends excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _EOL.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _is_wrapped(lines: list[str]) -> bool:
    """Is the text hard-wrapped (paragraphs broken into lines of bounded width)?

    Yes when most non-blank lines are followed by another non-blank line and lines are short: then a single
    line break is a soft wrap. Otherwise (one paragraph or one verse a line) each line is its own paragraph.
    """
    nonblank = [i for i, s in enumerate(lines) if s.strip()]
    if len(nonblank) < 3:
        return False
    followed = sum(1 for i in nonblank if i + 1 < len(lines) and lines[i + 1].strip())
    lengths = sorted(len(lines[i].strip()) for i in nonblank)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return followed / len(nonblank) >= 0.5 and p90 <= 120


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and s[-1] in _TERMINAL


def _starts_continuation(line: str) -> bool:
    """Does a line read as the continuation of an unfinished sentence (lowercase word, or a dash aside)?"""
    s = line.lstrip()
    if not s:
        return False
    if s[0].islower():
        return True
    return s[0] in "-–—" and len(s) > 1 and s[1] == " "


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s.split()) <= 15 and s[-1] not in _HEADING_END


def find_blocks(text: str) -> list[Block]:
    """Split the text as read into paragraphs, undoing hard wrapping.

    In a hard-wrapped text a single line break is a soft wrap, and a blank line between an unfinished line and
    a line that continues it ("the huge gulf" / "" / "between rich and poor") is an extraction artefact, not a
    paragraph break. Short lines without final punctuation that start a block are headings. In a text that is
    not hard-wrapped, every line is a paragraph.
    """
    spans = _lines(text)
    lines = [text[s:e] for s, e in spans]
    wrapped = _is_wrapped(lines)
    nonblank_lengths = [len(s.strip()) for s in lines if s.strip()]
    width = median(nonblank_lengths) if nonblank_lengths else 0

    blocks: list[Block] = []
    cur_start: int | None = None
    cur_end = 0
    cur_heading = False
    last_line = ""
    blank_run = 0

    def close() -> None:
        nonlocal cur_start
        if cur_start is not None:
            blocks.append(Block(cur_start, cur_end, cur_heading))
        cur_start = None

    for (s, e), line in zip(spans, lines):
        if not line.strip():
            blank_run += 1
            continue
        # trim the line's own leading/trailing white space from the span
        ls = s + (len(line) - len(line.lstrip()))
        le = s + len(line.rstrip())
        if cur_start is None:
            new_block = True
        elif not wrapped:
            # one paragraph a line, except a line that plainly continues an unfinished one
            new_block = bool(blank_run) or _ends_sentence(last_line) or not _starts_continuation(line)
        elif blank_run:
            # a blank line inside a wrapped sentence (PDF artefact) is joined over
            new_block = not (blank_run <= 2 and not _ends_sentence(last_line) and _starts_continuation(line)
                             and not cur_heading)
        else:
            new_block = (cur_heading and not _starts_continuation(line)) or (
                _ends_sentence(last_line) and len(last_line.strip()) < 0.6 * width
                and not _starts_continuation(line))
        if not new_block:
            cur_heading = False  # a block of several lines is not a heading
        if new_block:
            close()
            cur_start = ls
            starts_block_heading = _looks_like_heading(line)
            if wrapped:
                # in wrapped text a heading is a short line that is followed by a new sentence
                cur_heading = starts_block_heading and len(line.strip()) < 0.6 * max(width, 1)
            else:
                cur_heading = starts_block_heading
        cur_end = le
        last_line = line
        blank_run = 0
    close()
    return blocks


def normalise_span(text: str, start: int, end: int) -> tuple[str, array]:
    """Unwrap ``text[start:end]``: fold every run of white space to one space, drop invisible characters, and
    join a word hyphenated across a line break ("revo-⏎lution" → "revolution").

    Returns the normalised string and, for each of its characters, the offset in ``text`` it came from
    (a folded space maps to the first white-space character of its run).
    """
    segment = text[start:end]
    if not _NEEDS_TOKENS.search(segment):
        # the common case, no invisible character and no hyphen at a line break: words joined by one space
        # the offsets run on unbroken through words and single white-space characters (each maps to itself):
        # they jump only over the leading and trailing white space and after the first character of a longer
        # run, so they are written as a few ranges rather than word by word
        offsets = offset_array(text)
        lead = len(segment) - len(segment.lstrip())
        tail = len(segment.rstrip())
        if tail <= lead:
            return "", offsets
        cur = lead
        for m in _LONG_SPACE.finditer(segment, lead, tail):
            offsets.extend(range(start + cur, start + m.start() + 1))
            cur = m.end()
        offsets.extend(range(start + cur, start + tail))
        return " ".join(segment.split()), offsets
    pieces: list[str] = []
    offsets = offset_array(text)
    tokens = list(_TOKEN.finditer(segment))
    n = len(tokens)
    i = 0
    while i < n:
        m = tokens[i]
        tok = m.group()
        if tok[0].isspace() or tok[0] in _INVISIBLE:
            if pieces and i + 1 < n and any(c.isspace() for c in tok):
                pieces.append(" ")
                offsets.append(start + m.start())
            i += 1
            continue
        visible = tok
        pos = start + m.start()
        if (tok.endswith("-") and len(tok) > 1 and tok[-2].isalpha() and i + 2 < n
                and ("\n" in tokens[i + 1].group() or "\r" in tokens[i + 1].group())
                and tokens[i + 2].group()[0].islower()):
            # hyphenation at a line break: drop the hyphen and the break
            visible = tok[:-1]
            pieces.append(visible)
            offsets.extend(range(pos, pos + len(visible)))
            i += 2
            continue
        if any(c in _INVISIBLE for c in tok):
            for k, c in enumerate(tok):
                if c not in _INVISIBLE:
                    pieces.append(c)
                    offsets.append(pos + k)
        else:
            pieces.append(visible)
            offsets.extend(range(pos, pos + len(visible)))
        i += 1
    return "".join(pieces), offsets
