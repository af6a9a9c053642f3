"""compare.sentence_judge: the sentences inside an aligned passage, paired and judged."""

from __future__ import annotations

import re


def _locate(text: str, quote: str) -> tuple[int, int]:
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text)
    assert m, quote
    return m.span()


def _seed_sentence(doc, quote: str) -> int:
    start, _ = _locate(doc.text, quote)
    return next(s.index for s in doc.sentences if s.start <= start < s.end)


def _pair(docs, a_range: range, b_range: range):
    from compare.align import Pair
    a, b = docs[0], docs[1]
    sa = a.span(a.sentences[a_range[0]].start, a.sentences[a_range[-1]].end)
    sb = b.span(b.sentences[b_range[0]].start, b.sentences[b_range[-1]].end)
    return Pair(sa, sb, a_range, b_range, 0.5, "related", {}, [])


def test_judge_sentences_splits_the_23_february_passage(seeds):
    from compare.sentence_judge import judge_sentences
    docs, dates = seeds
    i = _seed_sentence(docs[0], "On 23 February, the women textile workers")
    j = _seed_sentence(docs[1], "who sparked the first day of the Russian Revolution")
    assert _seed_sentence(docs[1], "7,000 female textile workers") == j + 1
    out = judge_sentences(docs[0], docs[1], _pair(docs, range(i, i + 1), range(j, j + 2)),
                          a_dates=dates[0], b_dates=dates[1])
    assert [(x.basis, list(x.a_sentences), list(x.b_sentences), x.judgement.label) for x in out] == [
        ("sentence", [i], [j], "agreement"), ("sentence", [i], [j + 1], "elaboration")]
    assert any(e.slot == "date" and e.value == "1917-02-23" for e in out[0].judgement.evidence)
    assert out[0].b.text == docs[1].sentences[j].text
    assert "date 1917-02-23" in out[0].links
    # the 7,000 sentence adds the figure; A's "23 February" is given by B's other sentence, so it is no addition
    assert [(e.side, e.slot, e.text) for e in out[1].judgement.evidence] == [
        ("b", "number", "7,000 female textile workers"), ("b", "actor", "World War I")]


def test_judge_sentences_keeps_single_sentence_pairs_whole(seeds):
    from compare.sentence_judge import judge_sentences
    docs, dates = seeds
    i = _seed_sentence(docs[0], "On 23 February, the women textile workers")
    j = _seed_sentence(docs[1], "who sparked the first day of the Russian Revolution")
    out = judge_sentences(docs[0], docs[1], _pair(docs, range(i, i + 1), range(j, j + 1)))
    assert [(x.basis, x.judgement.label) for x in out] == [("passage", "agreement")]


def test_unlinked_sentence_adds_but_never_diverges():
    from compare.align import Pair
    from compare.document import build_document
    from compare.sentence_judge import judge_sentences
    a = build_document("The strike began on 23 February 1917 in Petrograd. It ended in March.", "a")
    b = build_document("The strike began in Petrograd on 23 February 1917. Lenin arrived in April with "
                       "40 comrades.", "b")
    pair = Pair(a.span(0, len(a.text)), b.span(0, len(b.text)), range(0, 2), range(0, 2), 0.5, "related", {}, [])
    out = judge_sentences(a, b, pair)
    # "It ended in March" against "Lenin arrived in April" would be a month conflict if the two were compared:
    # they share nothing, so the second B sentence only adds its details
    assert [(x.basis, x.judgement.label, x.judgement.type) for x in out] == [
        ("sentence", "agreement", None), ("unlinked sentence", "elaboration", None)]
    assert out[1].b.text == "Lenin arrived in April with 40 comrades."
    assert any(e.text == "40 comrades" for e in out[1].judgement.evidence)


def test_judge_sentences_dates_need_the_same_event():
    from compare.align import Pair
    from compare.document import build_document
    from compare.sentence_judge import judge_sentences

    def judged(ta: str, tb: str):
        a, b = build_document(ta, "a"), build_document(tb, "b")
        pair = Pair(a.span(0, len(a.text)), b.span(0, len(b.text)), range(0, 1), range(0, 1), 0.3, "related", {},
                    [])
        [x] = judge_sentences(a, b, pair)
        return x.judgement

    j = judged("On 23 February 1917 the women textile workers went on strike.",
               "On 24 February 1917 the women textile workers went on strike.")
    assert (j.label, j.type) == ("divergence", "date")
    # two days of one strike: its start in A, its spread in B; each gives a day the other lacks
    j = judged("On 23 February 1917 the women textile workers went on strike in several factories.",
               "On 25 February 1917 the strike became general across the whole city.")
    assert j.label == "elaboration" and [e.value for e in j.evidence if e.slot == "date"] == [
        "1917-02-23", "1917-02-25"]
