"""Speed of quotation extraction and matching: the whole New Testament, and adversarial input.

The New Testament (World English Bible, ../shared/eval/bible/web, which marks speech with straight double
quotes; the KJV has no quotation marks) is rebuilt as running text: the verses of a chapter joined into one
paragraph, chapters separated by blank lines. Extraction runs over the whole of it; matching runs over the four
gospels as four documents (they quote one another and the Old Testament). Adversarial inputs: 10,000 lone
opening marks, 10,000 lone closing marks, a 1 MB quotation that never closes, alternating nested openers.

Run: PYTHONPATH=src python benchmarks/quotes_speed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

BIBLE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "bible" / "web"
NT_ORDER = ["MAT", "MRK", "LUK", "JHN", "ACT", "ROM", "1CO", "2CO", "GAL", "EPH", "PHP", "COL", "1TH", "2TH",
            "1TI", "2TI", "TIT", "PHM", "HEB", "JAS", "1PE", "2PE", "1JN", "2JN", "3JN", "JUD", "REV"]


def book_text(book: str) -> str:
    """A book as running text: a chapter a paragraph."""
    chapters: dict[str, list[str]] = {}
    for line in (BIBLE / f"{book}.tsv").read_text(encoding="utf-8").splitlines():
        ref, _, verse = line.partition("\t")
        chap = ref.split()[-1].split(":")[0]
        chapters.setdefault(chap, []).append(verse.strip())
    return "\n\n".join(" ".join(v) for v in chapters.values())


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def main() -> int:
    from compare.quote_match import compare_quotes
    from compare.quotes import extract_quotes

    rows = []
    if BIBLE.is_dir():
        nt = "\n\n".join(book_text(b) for b in NT_ORDER)
        qs, secs = timed(extract_quotes, nt)
        kinds = {k: sum(1 for q in qs if q.kind == k) for k in ("quotation", "term", "title")}
        flagged = sum(1 for q in qs if "unclosed" in q.flags or "missing_open" in q.flags)
        rows.append((f"extract, New Testament (WEB), {len(nt) / 1e6:.2f} M chars", secs,
                     f"{len(qs)} quotes ({kinds['quotation']} quotations, {kinds['term']} terms, "
                     f"{kinds['title']} titles), {flagged} unclosed/missing_open"))
        gospels = [book_text(b) for b in ("MAT", "MRK", "LUK", "JHN")]
        cmp, secs = timed(compare_quotes, gospels)
        by = {}
        for s in cmp.shared:
            by[s.match] = by.get(s.match, 0) + 1
        rows.append(("compare, four gospels (WEB) as four documents", secs,
                     f"{len(cmp.quotes)} quotes, {len(cmp.shared)} shared "
                     + ", ".join(f"{k} {v}" for k, v in sorted(by.items())) + f", {len(cmp.repeats)} repeats"))
    else:
        print(f"(bible not found at {BIBLE}; adversarial cases only)", file=sys.stderr)
    cases = {
        "10,000 lone “": "“ " * 10_000,
        "10,000 lone ”": "word ” " * 10_000,
        "10,000 lone \" (straight)": "a \" " * 10_000,
        "1 MB unclosed quotation": "He said: “" + ("all work and no play " * 52_500),
        "10,000 alternating “‘ openers": "“a ‘b " * 10_000,
        "10,000 apostrophes and ’": "workers’ women’s ’tis " * 10_000,
    }
    for name, text in cases.items():
        qs, secs = timed(extract_quotes, text)
        rows.append((f"extract, {name}", secs, f"{len(qs)} quotes"))
    text = "“" + ("the same words again and again " * 3000) + "”\n\n" + ("“the same words” " * 2000)
    cmp, secs = timed(compare_quotes, [text, text])
    rows.append(("compare, 2 docs of repetitive quotations", secs, f"{len(cmp.quotes)} quotes, "
                 f"{len(cmp.shared)} shared"))
    print("| case | seconds | result |")
    print("| --- | --- | --- |")
    for name, secs, what in rows:
        print(f"| {name} | {secs:.2f} | {what} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
