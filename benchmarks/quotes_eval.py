"""Quotation extraction and matching, measured on LitBank (../shared/eval/litbank-quotations).

Extraction: LitBank gives the opening ~2,000 tokens of 100 novels, one sentence a line, tokens separated by
spaces, and every quotation as a token range. Each file is detokenised into running text with a token -> char
offset map (see ``detokenise``), handed to ``extract_quotes``, and the top-level quotations it returns (kind
``quotation``; terms and titles are scare quotes or names, which LitBank does not mark, and nested quotations
are inside a gold one) are scored against the gold spans: exact (same start and end) and overlap (the two spans
share at least half of the longer one... see ``_overlaps``), one-to-one.

Matching: a controlled test set built from the same gold quotations (``matching``): document A quotes each
original after a cue; document B carries, in shuffled order, one changed copy of each (ellipsis cut,
truncation, a typo, other marks, editorial brackets, marked inside other text, or unmarked in running text),
plus quotations that appear in no other document (negatives). ``compare_quotes`` must link every pair and
nothing else.

Run: PYTHONPATH=src python benchmarks/quotes_eval.py [--matching-only|--extraction-only]
"""

from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "litbank-quotations" / "tsv"

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "n't", "n’t", "'s", "’s", "'ll", "’ll",
                    "'ve", "’ve", "'m", "’m", "'re", "’re", "'d", "’d", "”", "...", "…"}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "$"}
_CONTRACTION = re.compile(r"^(?:s|t|ll|ve|m|re|d|em|ee|un|tis|twas|n)$", re.I)


def detokenise(lines: list[str]) -> tuple[str, list[list[tuple[int, int]]], list[tuple[int, int]]]:
    """Running text from LitBank's tokenised sentences.

    Returns the text, for each sentence the (start, end) of each token in it, and paragraph spans.
    Rules (a Moses-style detokeniser): punctuation and clitics (n't, 's, ’ll) attach to the word before;
    opening brackets and curly openers attach to the word after; a lone straight double quote alternates
    opener/closer through the file (the usual parity rule); a lone single quote between a word and a clitic
    (t ' ee, o ' t) is an apostrophe and joins both, otherwise it opens when a word follows and closes when
    punctuation or the line end follows; ’ after a word closes (or is a plural possessive). Sentences are joined
    with a space; a sentence that begins with an opening quotation mark after one that ended a sentence or a
    quotation starts a new paragraph (novels give each speech its own paragraph; LitBank has no paragraph
    information), and paragraphs are separated by a blank line.
    """
    out: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    paras: list[tuple[int, int]] = []
    pos = 0
    dq_open = False
    sq_open = False
    para_start = 0
    prev_last = ""
    for li, line in enumerate(lines):
        toks = line.split(" ") if line else []
        toks = [t for t in toks if t != ""]
        sent_off: list[tuple[int, int]] = []
        # decide the role of each quote token first
        roles: list[str] = []
        for k, t in enumerate(toks):
            nxt = toks[k + 1] if k + 1 < len(toks) else ""
            prv = toks[k - 1] if k > 0 else ""
            if t == '"':
                # the line's edges fix the direction; in between, parity
                if k == 0:
                    dq_open = False
                elif k == len(toks) - 1:
                    dq_open = True
                roles.append("close" if dq_open else "open")
                dq_open = not dq_open
            elif t in {"'", "’"}:
                if prv[-1:].isalpha() and _CONTRACTION.match(nxt or "-"):
                    roles.append("apos")
                elif not nxt or not nxt[0].isalnum():
                    roles.append("close")
                    sq_open = False
                elif not prv or prv in {"(", "[", "--", ":", '"', "“"}:
                    roles.append("open")
                    sq_open = True
                elif sq_open:
                    roles.append("close")
                    sq_open = False
                elif t == "’" and not nxt[0].isupper():
                    roles.append("close")
                else:
                    roles.append("open")
                    sq_open = True
            elif t in {"“", "‘"}:
                roles.append("open")
                sq_open = sq_open or t == "‘"
            elif t in {"”"}:
                roles.append("close")
            else:
                roles.append("word")
        first_open = bool(toks) and roles[0] == "open" and toks[0] in {'"', "“", "'", "‘"}
        if li > 0:
            if first_open and (prev_last in {".", "!", "?", "”", '"', "’", "'", "...", "…", "--", "_"}):
                paras.append((para_start, pos))
                out.append("\n\n")
                pos += 2
                para_start = pos
            else:
                out.append(" ")
                pos += 1
        attach_next = True           # no space before the first token of a sentence
        for k, t in enumerate(toks):
            role = roles[k]
            space = not attach_next
            if t in _NO_SPACE_BEFORE or role in {"close", "apos"}:
                space = False
            if k > 0 and roles[k - 1] == "apos":
                space = False
            if space:
                out.append(" ")
                pos += 1
            sent_off.append((pos, pos + len(t)))
            out.append(t)
            pos += len(t)
            attach_next = t in _NO_SPACE_AFTER or role in {"open", "apos"}
        offsets.append(sent_off)
        if toks:
            prev_last = toks[-1]
    paras.append((para_start, pos))
    return "".join(out), offsets, paras


@dataclass
class Gold:
    start: int
    end: int
    text: str
    speaker: str | None = None


def load_litbank(stem: Path) -> tuple[str, list[tuple[int, int]], list[Gold]]:
    """Detokenised text, paragraph spans and gold quotation spans (char offsets) for one LitBank file."""
    lines = stem.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    text, offs, paras = detokenise(lines)
    gold = []
    rows = stem.with_suffix(".ann").read_text(encoding="utf-8").splitlines()
    speakers = {f[1]: f[2] for f in (r.split("\t") for r in rows) if len(f) >= 3 and f[0] == "ATTRIB"}
    for row in rows:
        f = row.split("\t")
        if len(f) < 6 or f[0] != "QUOTE":
            continue
        s1, t1, s2, t2 = int(f[2]), int(f[3]), int(f[4]), int(f[5])
        start = offs[s1][t1][0]
        end = offs[s2][t2][1]
        gold.append(Gold(start, end, text[start:end], speakers.get(f[1])))
    return text, paras, gold


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Spans overlapping by at least half of the longer of the two."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter * 2 >= max(a[1] - a[0], b[1] - b[0])


def _score(pred: list[tuple[int, int]], gold: list[tuple[int, int]], same) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for gi, g in enumerate(gold):
            if gi not in used and same(p, g):
                used.add(gi)
                tp += 1
                break
    return tp, len(pred), len(gold)


def _prf(tp: int, np_: int, ng: int) -> tuple[float, float, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def extraction(verbose: bool = False) -> dict:
    from compare.quotes import extract_quotes

    stems = sorted({p.with_suffix("") for p in EVAL.glob("*_brat.ann")})
    ex = [0, 0, 0]
    ov = [0, 0, 0]
    t0 = time.perf_counter()
    chars = 0
    worst = []
    attr = [0, 0, 0]          # matched gold quotations with a speaker; given a named speaker; right
    for stem in stems:
        text, paras, gold = load_litbank(stem)
        chars += len(text)
        quotes = extract_quotes(text, paras)
        pred = [(q.start, q.end) for q in quotes if q.parent is None and q.kind == "quotation"]
        g = [(x.start, x.end) for x in gold]
        e = _score(pred, g, lambda a, b: a == b)
        o = _score(pred, g, _overlaps)
        for acc, v in ((ex, e), (ov, o)):
            for i in range(3):
                acc[i] += v[i]
        worst.append((o[0] - max(o[1], o[2]), stem.name, o))
        # speakers: a named speaker is right when one of its words is in LitBank's speaker id
        for q in quotes:
            if q.parent is not None or q.kind != "quotation":
                continue
            g = next((x for x in gold if _overlaps((q.start, q.end), (x.start, x.end))), None)
            if g is None or not g.speaker:
                continue
            attr[0] += 1
            if q.speaker:
                attr[1] += 1
                gold_words = {w.casefold() for w in re.split(r"[_\-\s]+", g.speaker) if w and not w.isdigit()}
                said = {w.casefold().strip(".") for w in q.speaker.split()} - {"the", "a", "an", "mr", "mrs",
                                                                                  "miss", "dr", "old", "young"}
                if said & gold_words:
                    attr[2] += 1
    secs = time.perf_counter() - t0
    if verbose:
        for w in sorted(worst)[:10]:
            print("  worst:", w, file=sys.stderr)
    return {"attribution": attr, "files": len(stems), "chars": chars, "exact": _prf(*ex), "overlap": _prf(*ov), "counts": (ex, ov),
            "seconds": secs}


# --- matching test set -------------------------------------------------------------------------------------

_FILLER = ["The report was published later that year.", "Nobody in the room expected what came next.",
           "Historians still argue about the date.", "It was raining in the capital that morning.",
           "The account below is taken from a memoir.", "Several witnesses gave different versions."]
_NAMES = ["Anna", "the clerk", "Mr. Hale", "a soldier", "the doctor", "Mrs. Reed", "the captain", "Tom"]


def _words(s: str) -> list[str]:
    return s.split()


def _typo(word: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.choice(letters[1:-1])
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1:]                       # deletion
    if op == 1 and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # transposition
    return word[:i] + ("e" if word[i] != "e" else "a") + word[i + 1:]  # substitution


def variant(quote: str, how: str, rng: random.Random) -> tuple[str, bool]:
    """A changed copy of ``quote`` and whether it is to be printed with marks in document B."""
    w = _words(quote)
    n = len(w)
    if how == "ellipsis":
        a = rng.randint(2, max(2, n // 3))
        b = rng.randint(a + 2, max(a + 2, n - 3))
        return " ".join(w[:a]) + " … " + " ".join(w[b:]), True
    if how == "ellipsis_brackets":
        a = rng.randint(2, max(2, n // 3))
        b = rng.randint(a + 2, max(a + 2, n - 3))
        return " ".join(w[:a]) + " [...] " + " ".join(w[b:]), True
    if how == "truncate":
        a = rng.randint(0, n // 4)
        b = rng.randint(max(a + 5, (3 * n) // 5), n)
        return " ".join(w[a:b]), True
    if how == "typo":
        cand = [i for i, x in enumerate(w) if sum(c.isalpha() for c in x) >= 4]
        if cand:
            i = rng.choice(cand)
            w = w[:i] + [_typo(w[i], rng)] + w[i + 1:]
        return " ".join(w), True
    if how == "brackets":
        i = rng.randrange(n)
        if w[0][:1].isalpha():
            w[0] = "[" + w[0][0].upper() + "]" + w[0][1:]
        w.insert(min(n, i + 1), "[sic]" if rng.random() < 0.5 else "[the man]")
        return " ".join(w), True
    if how == "unmarked":
        return quote, False
    return quote, True          # "marks" and "embedded": the words unchanged, other marks / other text


HOWS = ["ellipsis", "ellipsis_brackets", "truncate", "typo", "marks", "brackets", "embedded", "unmarked"]


def build_pairs(seed: int = 1, per_kind: int = 60, negatives: int = 120, min_words: int = 10):
    """(doc_a, doc_b, expected) – expected maps A's n-th quotation to the marker of its copy in B."""
    rng = random.Random(seed)
    pool: list[str] = []
    for stem in sorted({p.with_suffix("") for p in EVAL.glob("*_brat.ann")}):
        _, _, gold = load_litbank(stem)
        for g in gold:
            t = g.text.strip("“”\"‘’' ")
            if "“" in t or '"' in t or "”" in t:
                continue
            if len(t.split()) >= min_words:
                pool.append(t)
    # distinct quotations only: a song sung twice or a quotation quoting another is a true match, not a
    # negative, so any quotation sharing five consecutive words with an earlier one is left out
    from compare.quote_match import canonical_tokens

    seen: set[tuple[str, ...]] = set()
    distinct = []
    for t in dict.fromkeys(pool):
        toks = canonical_tokens(t)
        grams = {tuple(toks[i:i + 5]) for i in range(max(1, len(toks) - 4))}
        if grams & seen:
            continue
        seen |= grams
        distinct.append(t)
    pool = distinct
    rng.shuffle(pool)
    need = per_kind * len(HOWS)
    originals = pool[:need]
    neg_a = pool[need:need + negatives // 2]
    neg_b = pool[need + negatives // 2:need + negatives]
    a_paras: list[tuple[str, int | None]] = []
    b_paras: list[tuple[str, int | None]] = []
    for i, q in enumerate(originals):
        how = HOWS[i // per_kind]
        a_paras.append((f"{rng.choice(_NAMES).capitalize()} said: “{q}”", i))
        v, marked = variant(q, how, rng)
        filler = rng.choice(_FILLER)
        if not marked:
            b_paras.append((f"{filler} As she put it at the time, {v[0].lower() + v[1:]} {rng.choice(_FILLER)}", i))
        elif how == "marks":
            b_paras.append((f"{filler} He wrote: '{v}'", i))
        elif how == "embedded":
            b_paras.append((f"{filler} In a letter, “{v}” {rng.choice(_FILLER)}", i))
        else:
            b_paras.append((f"“{v}”", i))
    for q in neg_a:
        a_paras.append((f"{rng.choice(_NAMES).capitalize()} replied: “{q}”", None))
    for q in neg_b:
        b_paras.append((f"“{q}”", None))
    rng.shuffle(a_paras)
    rng.shuffle(b_paras)
    return a_paras, b_paras, {i: HOWS[i // per_kind] for i in range(len(originals))}


def matching(seed: int = 1) -> dict:
    from compare.quote_match import compare_quotes

    a_paras, b_paras, kinds = build_pairs(seed)

    def doc(paras):
        text, owners, pos = [], [], 0
        for p, owner in paras:
            text.append(p)
            owners.append((pos, pos + len(p), owner))
            pos += len(p) + 2
        return "\n\n".join(text), owners

    ta, oa = doc(a_paras)
    tb, ob = doc(b_paras)

    def owner(owners, off):
        for s, e, o in owners:
            if s <= off < e:
                return o
        return None

    t0 = time.perf_counter()
    cmp = compare_quotes([ta, tb])
    secs = time.perf_counter() - t0
    by_id = {q.id: q for q in cmp.quotes}
    found: dict[str, set[int]] = {h: set() for h in HOWS}
    tp = fp = 0
    fps = []
    for s in cmp.shared:
        qa = by_id[s.quotes[0]]
        if qa.doc != 0:
            continue
        oa_ = owner(oa, qa.span.start)
        ob_ = owner(ob, s.spans[1].start)
        if oa_ is not None and oa_ == ob_:
            if oa_ not in found[kinds[oa_]]:
                tp += 1
                found[kinds[oa_]].add(oa_)
        else:
            fp += 1
            fps.append((s.match, qa.text[:60], s.spans[1].text[:60]))
    expected = len(kinds)
    per_kind = {h: (len(found[h]), sum(1 for k in kinds.values() if k == h)) for h in HOWS}
    return {"pairs": expected, "quotes": len(cmp.quotes), "negatives": sum(1 for _, o in a_paras if o is None) + sum(
        1 for _, o in b_paras if o is None), "tp": tp, "fp": fp, "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / expected if expected else 0.0, "per_kind": per_kind, "seconds": secs, "fps": fps}


def main(argv: list[str]) -> int:
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    verbose = "-v" in argv
    print("| measure | precision | recall | F1 | counts (tp / predicted / gold) |")
    print("| --- | --- | --- | --- | --- |")
    if "--matching-only" not in argv:
        r = extraction(verbose)
        for name in ("exact", "overlap"):
            p, rec, f = r[name]
            c = r["counts"][0 if name == "exact" else 1]
            print(f"| extraction, {name} spans ({r['files']} LitBank files) | {p:.3f} | {rec:.3f} | {f:.3f} "
                  f"| {c[0]} / {c[1]} / {c[2]} |")
        a = r["attribution"]
        print(f"| speaker named (extracted quotations matching a gold one: {a[0]}) | {a[2] / max(1, a[1]):.3f} "
              f"| {a[1] / max(1, a[0]):.3f} | | {a[2]} right / {a[1]} named / {a[0]} |")
    if "--extraction-only" not in argv:
        for seed in (2, 3):
            m = matching(seed)
            print(f"| matching, test set seed {seed} | {m['precision']:.3f} | {m['recall']:.3f} | | "
                  f"{m['tp']} / {m['tp'] + m['fp']} / {m['pairs']} |")
        m = matching()
        print(f"| matching, seed 1 ({m['pairs']} changed pairs, {m['negatives']} negatives) | {m['precision']:.3f} "
              f"| {m['recall']:.3f} | {2 * m['precision'] * m['recall'] / max(1e-9, m['precision'] + m['recall']):.3f}"
              f" | {m['tp']} / {m['tp'] + m['fp']} / {m['pairs']} |")
        print(f"| matching time | {m['seconds']:.2f} s for {m['quotes']} quotations | | | |")
        for h, (got, n) in m["per_kind"].items():
            print(f"| &nbsp; recall, {h} | | {got / n:.3f} | | {got} / {n} |")
        if verbose:
            for x in m["fps"][:20]:
                print("  fp:", x, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
