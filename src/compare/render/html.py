"""HTML rendering: one self-contained page for a person (``--format html``), built from the command's JSON.

The page is a pure renderer of the JSON object ``--json`` prints (see docs/json.md) plus the documents' texts:
it reads the fields it knows, ignores the rest, and tolerates missing ones, so it follows whatever the
alignment and the judge decide. Nothing on the page comes from the network: styles and a small script are
inline, allowed by their sha256 hashes in a Content-Security-Policy meta tag, fonts are the system's.

The documents are untrusted. Templates are rendered with Jinja2 ``autoescape`` and ``StrictUndefined``; every
piece of document text reaches the template as plain text (highlighted passages as lists of
``(text, class)`` segments, never as HTML), and every ``id`` and ``class`` is generated here, never taken from
a document.

Size: a page that would exceed :data:`PAGE_BUDGET` is rendered again with less in it (see :data:`LEVELS`), and
says on the page what was left out.
"""

from __future__ import annotations

import base64
import difflib
import functools
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Mapping, Sequence

from ..normalise import line_starts

# --- tuned numbers -------------------------------------------------------------------------------------------
PAGE_BUDGET = 1_000_000          # bytes (UTF-8) a page should stay under; two 50-page documents fit whole
CONTEXT_CHARS = 160              # in an excerpted pane: text kept either side of a highlighted passage
QUOTE_DIFF_MAX = 1_000           # characters of each quotation compared character by character (difflib
                                 # is quadratic at worst: about 0.25 s for two 1,000-character texts)
PLOT_SIZE = 300                  # the dot-plot's drawing area, in SVG units (square)
STRONG, MODERATE = 0.75, 0.5     # score thresholds of the words "strong" / "moderate" (below: "weak")


@dataclass(frozen=True)
class Level:
    """How much one rendering attempt keeps: the panes (``full``, ``excerpt`` around highlighted passages, or
    ``none``), the characters of a passage quoted on a finding's card, the cards kept per section, and whether
    the panes number their lines."""

    panes: str
    card_chars: int | None
    per_section: int | None
    line_numbers: bool = True


# Tried in order until the page fits PAGE_BUDGET; the last one is used whatever its size. Levels that keep the
# full texts are skipped at once when the texts alone exceed the budget.
LEVELS = (
    Level("full", None, None),
    Level("full", 600, 1000),
    Level("full", 400, 300),
    Level("full", 300, 150),
    Level("full", 250, 80),
    Level("full", 250, 80, line_numbers=False),
    Level("excerpt", 300, 150),
    Level("excerpt", 250, 80),
    Level("excerpt", 200, 40),
    Level("none", 200, 40),
)
DIVERGENCES_FACTOR = 2           # divergences come first: a cut section keeps twice as many of them

# Which highlight wins where two overlap in a pane (lower first).
_PRIORITY = {"divergence": 0, "quote": 1, "elaboration": 2, "agreement": 3, "unique": 4,
             "verbatim": 1, "paraphrase": 2, "related": 3}
_TAG = {"divergence": "D", "agreement": "A", "elaboration": "E", "unique": "U", "quote": "Q",
        "verbatim": "V", "paraphrase": "P", "related": "R"}
_SECTION_TITLES = {"divergence": "Divergences", "agreement": "Agreements", "elaboration": "Elaborations",
                   "unique": "Told by one account only", "quote": "Shared quotations",
                   "verbatim": "Verbatim", "paraphrase": "Paraphrase", "related": "Related"}
_CONTROL = {c: 0xFFFD for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: 0xFFFD}
_TEMPLATES = Path(__file__).with_name("templates")


def strength(score: Any) -> str:
    """The score in words, so strength never rests on colour alone."""
    s = _num(score)
    if s is None:
        return "unscored"
    return "strong" if s >= STRONG else "moderate" if s >= MODERATE else "weak"


# --- the page model (plain data handed to the template) -------------------------------------------------------
Segment = tuple[str, str | None]   # a piece of text and the class that highlights it (None: plain)


@dataclass(frozen=True)
class Mark:
    """A highlighted passage of one pane: a link to its twin (or to its card when it has none)."""

    start: int
    end: int
    anchor: str        # the id of this passage's first piece
    href: str          # "#" + the id of the twin
    cls: str
    tag: str
    title: str
    finding: int


@dataclass
class Side:
    doc: int
    label: str
    line: Any
    href: str
    segments: list[Segment]
    span: tuple[int, int] | None = None   # offsets into the document, when they are valid


@dataclass
class Card:
    num: int
    id: str
    cls: str
    tag: str
    heading: str
    strength: str
    score: str
    reason: str
    meta: list[str]
    sides: list[Side]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    diff: list[list[Segment]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    pair: tuple[int, int] | None = None
    pos: tuple[float, float] | None = None   # (share of A, share of B) for the dot-plot


@dataclass
class Section:
    id: str
    title: str
    cls: str
    total: int
    cards: list[Card]
    note: str = ""


def render_html(data: Mapping[str, Any], texts: Sequence[str], file: IO[str], *,
                options: Mapping[str, Any] | None = None, generated: datetime | None = None,
                budget: int = PAGE_BUDGET) -> None:
    """Write the page for one command's JSON object (``report`` or ``align``) and the documents' texts."""
    file.write(build_page(data, texts, options=options, generated=generated, budget=budget))


def build_page(data: Mapping[str, Any], texts: Sequence[str], *, options: Mapping[str, Any] | None = None,
               generated: datetime | None = None, budget: int = PAGE_BUDGET) -> str:
    """The page as a string: the first of :data:`LEVELS` that fits ``budget`` bytes (else the last)."""
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    clean = [t.translate(_CONTROL) if isinstance(t, str) else "" for t in texts]
    page = ""
    text_bytes = sum(len(t.encode("utf-8")) for t in clean)
    k = 0
    while k < len(LEVELS):
        level = LEVELS[k]
        if level.panes == "full" and text_bytes > budget and k + 1 < len(LEVELS):
            k += 1
            continue
        page = _render(data, clean, level, options or {}, when)
        size = len(page.encode("utf-8"))
        if size <= budget:
            break
        k += 2 if size > 2 * budget and k + 2 < len(LEVELS) else 1   # far too big: skip a level
    return page


@functools.lru_cache(maxsize=1)   # one environment: the compiled template is reused by every rendering
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _asset(name: str) -> tuple[Any, str]:
    """A static asset (CSS, JS) inlined as is, and the CSP hash of exactly that text."""
    from markupsafe import Markup

    text = (_TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"{name} must not contain '</' (it is inlined in the page)")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


def _render(data: Mapping[str, Any], texts: list[str], level: Level, options: Mapping[str, Any],
            when: str) -> str:
    docs = [d if isinstance(d, Mapping) else {} for d in _list(data.get("documents"))]
    while len(docs) < len(texts):
        docs.append({})
    labels = [_str(d.get("label")) or f"document {i + 1}" for i, d in enumerate(docs)]
    command = _str(data.get("command")) or "report"
    if command == "quotes" and "quotes" in data and not isinstance(data.get("quotes"), Mapping):
        data = {**data, "quotes": {k: data.get(k) for k in ("quotes", "shared", "repeats", "sources")}}
    sections = _align_sections(data, texts, labels) if command == "align" else _report_sections(data, texts,
                                                                                                  labels)
    notes: list[str] = []
    # keep the strongest cards of a long section (shown in their order), and say so
    for sec in sections:
        limit = level.per_section
        if limit is not None and sec.cls == "divergence":
            limit *= DIVERGENCES_FACTOR
        if limit is not None and len(sec.cards) > limit:
            keep = sorted(sec.cards, key=lambda c: -(_num(c.score) or 0.0))[:limit]
            kept = {id(c) for c in keep}
            sec.cards = [c for c in sec.cards if id(c) in kept]
            sec.note = (f"{len(sec.cards)} of {sec.total} shown here (the highest scores); "
                        f"the full list is in --json or --format table.")
            notes.append(f"{sec.title}: {len(sec.cards)} of {sec.total} shown.")
    if level.card_chars is not None:
        cut = 0
        for sec in sections:
            for card in sec.cards:
                for side in card.sides:
                    clipped = _clip(side.segments, level.card_chars)
                    cut += clipped is not side.segments
                    side.segments = clipped
        if cut:
            notes.append(f"Passages quoted on the cards are cut to about {level.card_chars} characters "
                         f"({cut:,} of them).")
    cards = [c for s in sections for c in s.cards]
    timeline, tl_points = _timeline(data, labels, texts, level)
    marks, evidence, points = _pane_marks(cards, len(texts))
    for doc, pts in tl_points.items():
        points.setdefault(doc, []).extend(pts)
    panes = []
    if level.panes != "none":
        for i, text in enumerate(texts):
            items = _pane_items(text, marks.get(i, []), evidence.get(i, []), points.get(i, []),
                                excerpt=level.panes == "excerpt", line_numbers=level.line_numbers)
            panes.append({"doc": i, "id": f"pane{i}", "label": labels[i], "items": items,
                          "chars": len(text)})
        if not level.line_numbers:
            notes.append("The texts' line numbers are left out (the cards give them).")
        if level.panes == "excerpt":
            notes.append("The documents' panes show only the highlighted passages with some context; "
                         "the rest of each text is left out (marked […]).")
    else:
        notes.append("The documents' texts are left out (too long for one page): the cards quote the passages "
                     "and give their line numbers.")
    css, css_hash = _asset("html.css")
    js, js_hash = _asset("html.js")
    csp = (f"default-src 'none'; style-src {css_hash}; script-src {js_hash}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    page = {
        "title": _title(command, labels),
        "command": command,
        "csp": csp, "css": css, "js": js,
        "provenance": _provenance(data, docs, labels, options, when),
        "summary": _summary(data, labels),
        "warnings": [_str(w) for w in _list(data.get("warnings"))],
        "plots": _plots(cards, data, labels, texts),
        "sections": sections,
        "timeline": timeline,
        "panes": panes,
        "notes": notes,
        "finding_count": len(cards),
    }
    return str(_environment().get_template("page.html.j2").render(page=page))


def _title(command: str, labels: list[str]) -> str:
    what = "Alignment" if command == "align" else "Comparison"
    return f"{what}: " + " · ".join(labels)


# --- sections --------------------------------------------------------------------------------------------------
def _report_sections(data: Mapping[str, Any], texts: list[str], labels: list[str]) -> list[Section]:
    out: list[Section] = []
    num = 0
    for key, cls in (("divergences", "divergence"), ("agreements", "agreement"),
                     ("elaborations", "elaboration")):
        if key not in data:
            continue
        cards = []
        items = [f for f in _list(data.get(key)) if isinstance(f, Mapping)]
        for n, f in enumerate(items, 1):
            num += 1
            cards.append(_finding_card(f, num, cls, f"{_TAG[cls]}{n}", texts, labels))
        out.append(Section(key, _SECTION_TITLES[cls], cls, len(cards), cards))
    if "unique" in data:
        cards = []
        items = [u for u in _list(data.get("unique")) if isinstance(u, Mapping)]
        for n, u in enumerate(items, 1):
            num += 1
            cards.append(_unique_card(u, num, f"U{n}", texts, labels))
        out.append(Section("unique", _SECTION_TITLES["unique"], "unique", len(cards), cards))
    quotes = data.get("quotes")
    if isinstance(quotes, Mapping):
        cards = []
        items = [q for q in _list(quotes.get("shared")) if isinstance(q, Mapping)]
        by_id = {q.get("id"): q for q in _list(quotes.get("quotes")) if isinstance(q, Mapping)}
        for n, q in enumerate(items, 1):
            num += 1
            cards.append(_quote_card(q, num, f"Q{n}", by_id, texts, labels))
        out.append(Section("quotes", _SECTION_TITLES["quote"], "quote", len(cards), cards))
    return out


def _align_sections(data: Mapping[str, Any], texts: list[str], labels: list[str]) -> list[Section]:
    cards = []
    counts: dict[str, int] = {}
    for num, p in enumerate((p for p in _list(data.get("pairs")) if isinstance(p, Mapping)), 1):
        kind = _str(p.get("kind")) or "related"
        cls = kind if kind in _PRIORITY else "related"
        counts[cls] = counts.get(cls, 0) + 1
        a_doc, b_doc = _int(p.get("a_doc"), 0), _int(p.get("b_doc"), 1)
        words = [w for w in _list(p.get("shared")) if isinstance(w, str) and w.strip()]
        sides = [_side(a_doc, p.get("a"), num, labels, texts, [], words),
                 _side(b_doc, p.get("b"), num, labels, texts, [], words)]
        signals = _map(p.get("signals"))
        meta = [f"{k} {_fmt(v)}" for k, v in signals.items()] if signals else []
        extra = [f"shared words: {', '.join(words[:30])}"] if words else []
        cards.append(Card(num, f"f{num}", cls, f"{_TAG[cls]}{counts[cls]}", kind, strength(p.get("score")),
                          _fmt(p.get("score")), "", meta, sides, extra=extra, pair=(a_doc, b_doc),
                          pos=_pos(p.get("a"), p.get("b"), texts, a_doc, b_doc)))
    return [Section("pairs", "Aligned passages", "pairs", len(cards), cards)]


def _finding_card(f: Mapping[str, Any], num: int, cls: str, tag: str, texts: list[str],
                  labels: list[str]) -> Card:
    a_doc, b_doc = _int(f.get("a_doc"), 0), _int(f.get("b_doc"), 1)
    ev = [e for e in _list(f.get("evidence")) if isinstance(e, Mapping)]
    ev_a = [e for e in ev if e.get("side") == "a"]
    ev_b = [e for e in ev if e.get("side") == "b"]
    sides = [_side(a_doc, f.get("a"), num, labels, texts, ev_a), _side(b_doc, f.get("b"), num, labels, texts, ev_b)]
    details = _map(f.get("details"))
    meta = []
    if details.get("basis"):
        meta.append(f"basis: {_str(details.get('basis'))}")
    al = f.get("align")
    if isinstance(al, Mapping) and al.get("kind"):
        meta.append(f"aligned as {_str(al.get('kind'))} ({_fmt(al.get('score'))})")
    if details.get("actor"):
        meta.append(f"actor: {_actor(details.get('actor'))}")
    extra = []
    supporting = _list(details.get("supporting"))
    if supporting:
        extra.append(f"{len(supporting)} sentence-level finding(s) folded into this one (their words are in the "
                     "evidence).")
    heading = cls if not f.get("type") else f"{cls} · {_str(f.get('type'))}"
    evidence = []
    for k, e in enumerate(ev):
        doc = a_doc if e.get("side") == "a" else b_doc
        es, ee = _int(e.get("start"), -1), _int(e.get("end"), -1)
        if not (0 <= doc < len(texts) and 0 <= es < ee <= len(texts[doc])):
            es = ee = -1
        evidence.append({"side": labels[doc] if doc < len(labels) else "?", "line": e.get("line", "?"),
                         "text": _one_line(_str(e.get("text"))), "value": _str(e.get("value")),
                         "slot": _str(e.get("slot")), "href": f"#f{num}-e{k}",
                         "doc": doc, "start": es, "end": ee})
    return Card(num, f"f{num}", cls, tag, heading, strength(f.get("score")), _fmt(f.get("score")),
                _str(f.get("reason")), meta, sides, evidence, extra=extra, pair=(a_doc, b_doc),
                pos=_pos(f.get("a"), f.get("b"), texts, a_doc, b_doc))


def _unique_card(u: Mapping[str, Any], num: int, tag: str, texts: list[str], labels: list[str]) -> Card:
    doc = _int(u.get("doc"), 0)
    side = _side(doc, u.get("span"), num, labels, texts, [])
    side.href = f"#f{num}-d{doc}"
    carries = [_str(c) for c in _list(u.get("carries"))]
    other = _int(u.get("other"), -1)
    meta = [f"weight {_fmt(u.get('weight'))}"]
    if 0 <= other < len(labels):
        meta.append(f"no counterpart in {labels[other]}")
    return Card(num, f"f{num}", "unique", tag, f"only in {labels[doc] if doc < len(labels) else '?'}",
                "", "", "", meta, [side], extra=[f"carries: {', '.join(carries)}"] if carries else [],
                pair=(doc, other) if other >= 0 else None)


def _quote_card(q: Mapping[str, Any], num: int, tag: str, by_id: Mapping[Any, Any], texts: list[str],
                labels: list[str]) -> Card:
    docs = [_int(d, i) for i, d in enumerate(_list(q.get("docs")))]
    spans = _list(q.get("spans"))
    ids = _list(q.get("quotes"))
    sides = [_side(d, spans[i] if i < len(spans) else None, num, labels, texts, []) for i, d in enumerate(docs)]
    versions = []
    for i, d in enumerate(docs):
        quote = by_id.get(ids[i]) if i < len(ids) else None
        t = _str(quote.get("text")) if isinstance(quote, Mapping) and quote.get("text") else ""
        if not t and i < len(spans) and isinstance(spans[i], Mapping):
            t = _one_line(_str(spans[i].get("text")))
        versions.append(t)
    diff = _char_diff(versions[0], versions[1]) if len(versions) >= 2 else []
    speakers = [_str(s) or "unattributed" for s in _list(q.get("speakers"))]
    meta = [f"match: {_str(q.get('match'))}"]
    if q.get("coverage") is not None:
        meta.append(f"coverage {_fmt(q.get('coverage'))}")
    if speakers:
        meta.append("speakers: " + " / ".join(speakers))
    extra = ["attribution conflict: the accounts name different speakers"] if q.get("attribution_conflict") else []
    pair = (docs[0], docs[1]) if len(docs) >= 2 else None
    pos = _pos(spans[0], spans[1], texts, docs[0], docs[1]) if len(docs) >= 2 and len(spans) >= 2 else None
    return Card(num, f"f{num}", "quote", tag, f"shared quotation · {_str(q.get('match'))}",
                strength(q.get("score")), _fmt(q.get("score")), "", meta, sides, diff=diff, extra=extra,
                pair=pair, pos=pos)


def _side(doc: int, span: Any, num: int, labels: list[str], texts: list[str], ev: list[Mapping[str, Any]],
          words: Sequence[str] = ()) -> Side:
    s = span if isinstance(span, Mapping) else {}
    text = _str(s.get("text"))
    start = _int(s.get("start"), 0)
    marks: list[tuple[int, int]] = []
    for e in ev:
        es, ee = _int(e.get("start"), -1) - start, _int(e.get("end"), -1) - start
        if 0 <= es < ee <= len(text):
            marks.append((es, ee))
    if words:
        marks += _word_hits(text, words)
    end = _int(s.get("end"), -1)
    valid = 0 <= doc < len(texts) and 0 <= start < end <= len(texts[doc])
    return Side(doc, labels[doc] if 0 <= doc < len(labels) else f"document {doc + 1}", s.get("line", "?"),
                f"#f{num}-d{doc}", _segments(text, marks, "ev"), (start, end) if valid else None)


def _word_hits(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where the listed words occur in ``text`` (whole words, any case): one linear regex scan."""
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)[:200])
    if not alts:
        return []
    return [(m.start(), m.end()) for m in re.finditer(rf"(?i)(?<!\w)(?:{alts})(?!\w)", text)]


def _segments(text: str, marks: list[tuple[int, int]], cls: str) -> list[Segment]:
    """``text`` cut into plain and highlighted pieces (overlapping marks merged)."""
    out: list[Segment] = []
    pos = 0
    for s, e in sorted(marks):
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos:
            out.append((text[pos:s], None))
        out.append((text[s:e], cls))
        pos = e
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _clip(segments: list[Segment], limit: int) -> list[Segment]:
    """About ``limit`` characters of a passage, starting a little before its first highlight."""
    total = sum(len(t) for t, _ in segments)
    if total <= limit:
        return segments
    first = 0
    for t, c in segments:
        if c:
            break
        first += len(t)
    lo = max(0, min(first - limit // 4, total - limit))
    hi = lo + limit
    out: list[Segment] = [("… ", None)] if lo > 0 else []
    pos = 0
    for t, c in segments:
        s, e = max(lo, pos), min(hi, pos + len(t))
        if s < e:
            out.append((t[s - pos:e - pos], c))
        pos += len(t)
    if hi < total:
        out.append((" …", None))
    return out


def _char_diff(a: str, b: str) -> list[list[Segment]]:
    """The two versions of a quotation, character by character: what A has that B lacks (``del``) and what B
    has that A lacks (``ins``). Only the first :data:`QUOTE_DIFF_MAX` characters are compared."""
    left, right = _char_diff_cached(a[:QUOTE_DIFF_MAX], b[:QUOTE_DIFF_MAX])
    more = [("…", None)] if max(len(a), len(b)) > QUOTE_DIFF_MAX else []
    return [list(left) + more, list(right) + more]


@functools.lru_cache(maxsize=2048)   # a page over budget is rendered again: diff each quotation once
def _char_diff_cached(a: str, b: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            left.append((a[i1:i2], None))
            right.append((b[j1:j2], None))
        else:
            if i2 > i1:
                left.append((a[i1:i2], "del"))
            if j2 > j1:
                right.append((b[j1:j2], "ins"))
    return tuple(left), tuple(right)


# --- panes -----------------------------------------------------------------------------------------------------
def _pane_marks(cards: list[Card], n_docs: int) -> tuple[dict[int, list[Mark]], dict[int, list[tuple[int, int]]],
                                                         dict[int, list[tuple[int, str]]]]:
    """Per document: the highlighted passages (with their twins), the deciding words, and point anchors."""
    marks: dict[int, list[Mark]] = {}
    evidence: dict[int, list[tuple[int, int]]] = {}
    points: dict[int, list[tuple[int, str]]] = {}
    for card in cards:
        spans = [(sd.doc, sd.span) for sd in card.sides]
        for k, (doc, span) in enumerate(spans):
            if span is None or not 0 <= doc < n_docs:
                continue
            twins = [f"#f{card.num}-d{d}" for j, (d, sp) in enumerate(spans) if j != k and sp is not None]
            href = twins[0] if twins else f"#{card.id}"
            title = f"{card.tag} {card.heading}" + (f" · {card.strength} ({card.score})" if card.score else "")
            title += f" · line {card.sides[k].line}"
            title += " · go to the other account" if twins else " · go to its card"
            marks.setdefault(doc, []).append(Mark(span[0], span[1], f"f{card.num}-d{doc}", href, card.cls,
                                                  card.tag, title, card.num))
        for k, e in enumerate(card.evidence):
            if e["start"] >= 0 and e["end"] > e["start"]:
                evidence.setdefault(e["doc"], []).append((e["start"], e["end"]))
                points.setdefault(e["doc"], []).append((e["start"], f"f{card.num}-e{k}"))
    return marks, evidence, points


def _pane_items(text: str, marks: list[Mark], evidence: list[tuple[int, int]], points: list[tuple[int, str]],
                *, excerpt: bool, line_numbers: bool = True) -> list[dict[str, Any]]:
    """The pane's text as a list of pieces: anchors (``id`` only), plain or highlighted text, and gaps.

    Where highlights overlap, the piece belongs to the most important one (divergences first, then the
    shortest); every highlight keeps its anchor at its start even when covered, so every link has a target.
    """
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    bounds = {0, n}
    for m in marks:
        bounds.update((m.start, m.end))
    ev = [(max(0, s), min(n, e)) for s, e in evidence if s < e]
    for s, e in ev:
        bounds.update((s, e))
    anchors: dict[int, list[str]] = {}
    for m in marks:
        anchors.setdefault(m.start, []).append(m.anchor)
    for off, pid in points:
        if 0 <= off <= n:
            anchors.setdefault(off, []).append(pid)
            bounds.add(off)
    cuts = sorted(bounds)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for k, m in enumerate(marks):
        starts.setdefault(m.start, []).append(k)
        ends.setdefault(m.end, []).append(k)
    ev_delta: dict[int, int] = {}
    for s, e in ev:
        ev_delta[s] = ev_delta.get(s, 0) + 1
        ev_delta[e] = ev_delta.get(e, 0) - 1
    active: set[int] = set()
    in_ev = 0
    items: list[dict[str, Any]] = []
    started: set[int] = set()
    for i, pos in enumerate(cuts):
        for k in ends.get(pos, ()):
            active.discard(k)
        for k in starts.get(pos, ()):
            active.add(k)
        in_ev += ev_delta.get(pos, 0)
        for aid in anchors.get(pos, ()):
            items.append({"kind": "anchor", "id": aid})
        if i + 1 >= len(cuts):
            break
        piece = text[pos:cuts[i + 1]]
        if not piece:
            continue
        top = min(active, key=lambda k: (_PRIORITY.get(marks[k].cls, 9), marks[k].end - marks[k].start, k)) \
            if active else None
        mark = marks[top] if top is not None else None
        first = top is not None and top not in started
        if top is not None:
            started.add(top)
        last = items[-1] if items else None
        if (last is not None and last["kind"] == "text" and last["mark"] is mark and last["ev"] == (in_ev > 0)
                and not first):
            last["text"] += piece
            continue
        items.append({"kind": "text", "text": piece, "mark": mark, "ev": in_ev > 0, "first": first,
                      "start": pos})
    items = _excerpt(items) if excerpt else items
    return _number_lines(items, line_starts(text)) if line_numbers else items


def _number_lines(items: list[dict[str, Any]], starts: Sequence[int]) -> list[dict[str, Any]]:
    """Line-number markers (``kind`` ``line``) where each line of the text shown starts; pieces that span a
    line start are split there, so a number always sits at the start of its line."""
    out: list[dict[str, Any]] = []
    for it in items:
        if it["kind"] != "text":
            out.append(it)
            continue
        s0, t = it["start"], it["text"]
        k = bisect_left(starts, s0)
        cut, first = s0, it["first"]
        while k < len(starts) and starts[k] < s0 + len(t):
            if starts[k] > cut:
                out.append({**it, "text": t[cut - s0:starts[k] - s0], "start": cut, "first": first})
                cut, first = starts[k], False
            out.append({"kind": "line", "n": k + 1})
            k += 1
        out.append({**it, "text": t[cut - s0:], "start": cut, "first": first})
    return out


def _excerpt(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Long plain stretches between highlights cut to :data:`CONTEXT_CHARS` either side, with a gap marker."""
    out: list[dict[str, Any]] = []
    for k, it in enumerate(items):
        if (it["kind"] != "text" or it["mark"] is not None or it["ev"]
                or len(it["text"]) <= 3 * CONTEXT_CHARS):
            out.append(it)
            continue
        t = it["text"]
        head = t[:CONTEXT_CHARS] if k > 0 else ""
        tail = t[-CONTEXT_CHARS:] if k + 1 < len(items) else ""
        head = head[:head.rfind(" ") + 1] if " " in head else head
        tail = tail[tail.find(" ") + 1:] if " " in tail else tail
        left_out = len(t) - len(head) - len(tail)
        if head:
            out.append({**it, "text": head})   # starts where the stretch starts
        out.append({"kind": "gap", "text": f"[… {left_out:,} characters, {t.count(chr(10)) + 1:,} lines left "
                                           "out …]"})
        if tail:
            out.append({**it, "text": tail, "start": it["start"] + len(t) - len(tail)})
    return out


# --- timeline, summary, provenance, plots ----------------------------------------------------------------------
def _timeline(data: Mapping[str, Any], labels: list[str], texts: list[str],
              level: Level) -> tuple[dict[str, Any] | None, dict[int, list[tuple[int, str]]]]:
    if "timeline" not in data:
        return None, {}
    entries = [t for t in _list(data.get("timeline")) if isinstance(t, Mapping)]
    limit = level.per_section
    shown = entries[:limit] if limit is not None else entries
    points: dict[int, list[tuple[int, str]]] = {}
    rows = []
    for i, t in enumerate(shown):
        cells: list[list[dict[str, Any]]] = [[] for _ in labels]
        for j, m in enumerate(x for x in _list(t.get("mentions")) if isinstance(x, Mapping)):
            doc = _int(m.get("doc"), -1)
            if not 0 <= doc < len(labels):
                continue
            pid = f"t{i}-m{j}"
            start = _int(m.get("start"), -1)
            has_anchor = level.panes != "none" and 0 <= start <= len(texts[doc] if doc < len(texts) else "")
            if has_anchor:
                points.setdefault(doc, []).append((start, pid))
            cells[doc].append({"expression": _str(m.get("expression")) or _str(m.get("written")),
                               "line": m.get("line", "?"), "href": f"#{pid}" if has_anchor else "",
                               "calendar": _str(m.get("calendar")), "relative": bool(m.get("relative"))})
        rows.append({"date": _str(t.get("date")), "precision": _str(t.get("precision")),
                     "qualifier": _str(t.get("qualifier")), "cells": cells,
                     "notes": [_str(n) for n in _list(t.get("notes"))]})
    note = f"{len(shown)} of {len(entries)} dates shown." if len(shown) < len(entries) else ""
    return {"rows": rows, "total": len(entries), "note": note}, points


def _summary(data: Mapping[str, Any], labels: list[str]) -> dict[str, Any]:
    """Counts to show first: per document pair, then totals (any extra numeric field is listed too)."""
    s = _map(data.get("summary"))
    pairs = []
    src = _list(s.get("pairs")) if s else _list(data.get("coverage"))
    for p in src:
        if not isinstance(p, Mapping):
            continue
        a, b = _int(p.get("a_doc"), 0), _int(p.get("b_doc"), 1)
        cov = _map(p.get("coverage")) or p
        uniq = _map(p.get("unique"))
        rows = [("share of A in aligned passages", _pct(cov.get("a"))),
                ("share of B in aligned passages", _pct(cov.get("b")))]
        for key in ("aligned", "pairs", "divergences", "agreements", "elaborations"):
            if key in p and not isinstance(p.get(key), Mapping):
                rows.append((key.replace("pairs", "aligned passages"), _fmt(p.get(key))))
        for k, v in uniq.items():
            d = int(k) if str(k).isdigit() else -1
            name = "A" if d == a else "B" if d == b else _lab(labels, d)
            rows.append((f"passages only in {name}", _fmt(v)))
        pairs.append({"a": _lab(labels, a), "b": _lab(labels, b), "rows": rows})
    totals = []
    known = {"pairs"}
    for key, name in (("divergences", "divergences"), ("agreements", "agreements"),
                      ("elaborations", "elaborations"), ("unique", "passages told by one account only"),
                      ("quotations", "quotations"), ("shared_quotations", "shared quotations"),
                      ("shared_sources", "speakers quoted by more than one"),
                      ("timeline_dates", "dates on the timeline"), ("calendar", "calendar")):
        if key in s:
            known.add(key)
            totals.append((name, _fmt(s.get(key))))
    types = _map(s.get("divergence_types"))
    known.add("divergence_types")
    for k, v in s.items():
        if k not in known and isinstance(v, (int, float, str)) and not isinstance(v, bool):
            totals.append((str(k).replace("_", " "), _fmt(v)))
    return {"pairs": pairs, "totals": totals,
            "types": ", ".join(f"{_str(k)} {_fmt(v)}" for k, v in types.items())}


def _provenance(data: Mapping[str, Any], docs: list[Mapping[str, Any]], labels: list[str],
                options: Mapping[str, Any], when: str) -> dict[str, Any]:
    tool = _map(data.get("tool"))
    seg = _map(data.get("segmenter"))
    opts: list[tuple[str, str]] = []
    recorded = _map(data.get("options"))
    for k, v in {**recorded, **options}.items():
        opts.append((str(k), _fmt(v)))
    if "method" in data:
        opts.append(("method", _fmt(data.get("method"))))
    if isinstance(data.get("thresholds"), Mapping):
        opts.append(("thresholds", ", ".join(f"{k} {_fmt(v)}" for k, v in data["thresholds"].items())))
    if "sections" in data:
        opts.append(("sections", ", ".join(_str(x) for x in _list(data.get("sections")))))
    summ = _map(data.get("summary"))
    if summ.get("calendar"):
        opts.append(("calendar", _str(summ.get("calendar"))))
    rows = []
    for i, d in enumerate(docs):
        rows.append({"label": labels[i], "path": _str(d.get("path")), "sha256": _str(d.get("sha256")),
                     "facts": ", ".join(f"{_fmt(d.get(k))} {k}" for k in ("chars", "sentences", "paragraphs")
                                        if d.get(k) is not None),
                     "read": " · ".join(_str(d.get(k)) for k in ("format", "encoding") if d.get(k))})
    return {"tool": f"{_str(tool.get('name')) or 'compare'} {_str(tool.get('version'))}".strip(),
            "segmenter": f"{_str(seg.get('name'))} {_str(seg.get('version'))}".strip(),
            "schema": _fmt(data.get("schema_version")), "command": _str(data.get("command")),
            "date": when, "documents": rows, "options": opts}


def _plots(cards: list[Card], data: Mapping[str, Any], labels: list[str],
           texts: list[str]) -> list[dict[str, Any]]:
    """One dot-plot per document pair: each finding (or aligned pair) at (position in A, position in B).

    Findings whose cards were left out for size are drawn too, as small unlinked dots (one path per kind)."""
    every = _all_positions(data, texts)
    plots: dict[tuple[int, int], dict[str, Any]] = {}

    def plot(pair: tuple[int, int]) -> dict[str, Any]:
        if pair not in plots:
            plots[pair] = {"a": _lab(labels, pair[0]), "b": _lab(labels, pair[1]), "marks": [], "faint": {},
                           "ticks_a": [], "ticks_b": [], "classes": {}}
        return plots[pair]

    size = PLOT_SIZE
    for c in cards:
        if c.pair is None:
            continue
        if c.pos is not None and c.cls != "unique" and len(c.sides) >= 2:
            flip = c.pair[0] > c.pair[1]          # one plot per pair of documents, the lower index across
            p = plot((c.pair[1], c.pair[0]) if flip else c.pair)
            sa, sb = (c.sides[1], c.sides[0]) if flip else (c.sides[0], c.sides[1])
            fx, fy = (c.pos[1], c.pos[0]) if flip else c.pos
            x, y = round(fx * size, 1), round(fy * size, 1)
            p["marks"].append({"x": x, "y": y, "cls": c.cls, "href": f"#{c.id}", "shape": _shape(c.cls, x, y),
                               "title": f"{c.tag} {c.heading} · {c.strength} ({c.score}) · "
                                        f"A line {sa.line}, B line {sb.line}",
                               "tag": c.tag, "line_a": sa.line, "line_b": sb.line})
            p["classes"][c.cls] = p["classes"].get(c.cls, 0) + 1
        elif c.cls == "unique" and c.sides and c.pair[1] >= 0:
            a, b = c.pair
            key = (min(a, b), max(a, b))
            pos = _share(c.sides[0], texts)
            if pos is not None:
                p = plot(key)
                (p["ticks_a"] if a == key[0] else p["ticks_b"]).append(
                    {"at": round(pos * size, 1), "href": f"#{c.id}", "title": f"{c.tag} {c.heading}"})
                p["classes"]["unique"] = p["classes"].get("unique", 0) + 1
    for pair, cls, x, y in every:
        p = plot(pair)
        p["faint"].setdefault(cls, {})[f"M{x * size:.0f} {y * size:.0f}h0"] = None   # one dot per place
        p["hidden"] = p.get("hidden", 0) + 1
    for p in plots.values():
        p["faint"] = [{"cls": k, "d": "".join(v)} for k, v in p["faint"].items()]
        p.setdefault("hidden", 0)
    return [plots[k] for k in sorted(plots)]


def _all_positions(data: Mapping[str, Any], texts: list[str]) -> list[tuple[tuple[int, int], str, float, float]]:
    """Every finding of the JSON as (pair, class, share of A, share of B), for the faint layer of the plot."""
    out = []
    keys = (("pairs", None),) if _str(data.get("command")) == "align" else (
        ("divergences", "divergence"), ("agreements", "agreement"), ("elaborations", "elaboration"))
    for key, cls in keys:
        for f in _list(data.get(key)):
            if not isinstance(f, Mapping):
                continue
            a_doc, b_doc = _int(f.get("a_doc"), 0), _int(f.get("b_doc"), 1)
            pos = _pos(f.get("a"), f.get("b"), texts, a_doc, b_doc)
            if pos is not None:
                kind = cls or (_str(f.get("kind")) if _str(f.get("kind")) in _PRIORITY else "related")
                out.append(((a_doc, b_doc), kind, pos[0], pos[1]))
    return out


def _shape(cls: str, x: float, y: float) -> str:
    """An SVG path for a mark: the shape differs by kind, so the plot reads without colour."""
    r = 4.0
    if cls in ("divergence", "verbatim"):      # a cross
        return f"M{x - r} {y - r}L{x + r} {y + r}M{x - r} {y + r}L{x + r} {y - r}"
    if cls in ("elaboration", "paraphrase"):   # a triangle
        return f"M{x} {y - r}L{x + r} {y + r * 0.8}L{x - r} {y + r * 0.8}Z"
    if cls == "quote":                         # a diamond
        return f"M{x} {y - r}L{x + r} {y}L{x} {y + r}L{x - r} {y}Z"
    return f"M{x - r} {y}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z"   # a circle


def _pos(a: Any, b: Any, texts: list[str], a_doc: int, b_doc: int) -> tuple[float, float] | None:
    if not isinstance(a, Mapping) or not isinstance(b, Mapping):
        return None
    la = len(texts[a_doc]) if 0 <= a_doc < len(texts) else 0
    lb = len(texts[b_doc]) if 0 <= b_doc < len(texts) else 0
    sa, sb = _num(a.get("start")), _num(b.get("start"))
    if not la or not lb or sa is None or sb is None:
        return None
    return (min(1.0, max(0.0, sa / la)), min(1.0, max(0.0, sb / lb)))


def _share(side: Side, texts: list[str]) -> float | None:
    span = side.span
    if span is None or not 0 <= side.doc < len(texts) or not texts[side.doc]:
        return None
    return span[0] / len(texts[side.doc])


# --- small tolerant readers ------------------------------------------------------------------------------------
def _map(x: Any) -> Mapping[str, Any]:
    return x if isinstance(x, Mapping) else {}


def _list(x: Any) -> list[Any]:
    return list(x) if isinstance(x, (list, tuple)) else []


def _str(x: Any) -> str:
    return "" if x is None else str(x)


def _int(x: Any, default: int) -> int:
    return x if isinstance(x, int) and not isinstance(x, bool) else default


def _num(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.3g}" if abs(x) < 1 else f"{x:,.2f}".rstrip("0").rstrip(".")
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    if isinstance(x, (list, tuple)):
        return ", ".join(_fmt(v) for v in x)
    if isinstance(x, Mapping):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in x.items())
    return _str(x)


def _pct(x: Any) -> str:
    v = _num(x)
    return "?" if v is None else f"{v * 100:.1f} %"


def _lab(labels: list[str], i: int) -> str:
    return labels[i] if 0 <= i < len(labels) else f"document {i + 1}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _actor(x: Any) -> str:
    if isinstance(x, Mapping):
        return " / ".join(_str(v) for v in x.values())
    if isinstance(x, (list, tuple)):
        return " / ".join(_str(v) for v in x)
    return _str(x)
