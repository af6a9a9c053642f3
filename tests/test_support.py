"""The support check: each sentence of the shorter account against the sentences of the other that support it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from compare.document import build_document
from compare.report import build_report
from compare.support import check_support

DOC = ("The company reported revenue of $3.08 billion for the third quarter, up 12% from a year earlier. "
       "It raised its dividend to $0.13 per share and expects net debt to fall below $25 billion. "
       "Chief executive Vicki Hollub said the board approved a share repurchase program. "
       "Shipments rose in every region, and the offer is open to clinics for just $480 a month for two weeks. "
       "The firm did not change its forecast for next year. ") * 2


def _kinds(summary: str) -> list[str]:
    a = build_document(DOC, "document")
    b = build_document(summary, "summary")
    return [f.kind for f in check_support(b, a)]


def test_faithful_summary_has_no_divergence() -> None:
    assert _kinds("The company reported revenue of $3.1 billion for the third quarter, up 12%. "
                  "The board approved a share repurchase program.") == []


def test_changed_figure_and_name_and_negation() -> None:
    assert "number" in _kinds("The company reported revenue of $4.2 billion for the third quarter.")
    assert "entity" in _kinds("Chief executive Lopez said the board approved a share repurchase program, and the "
                              "company raised its dividend to $0.13 per share.")
    assert "negation" in _kinds("The board did not approve a share repurchase program, said Vicki Hollub.")
    assert "antonym" in _kinds("Shipments fell in every region, and the offer is open to clinics for $480.")


def test_a_figure_without_leading_zero_is_the_same_figure() -> None:
    """"$.13" is the document's "$0.13" (it was no figure at all, so "$.31" passed unnoticed)."""
    assert _kinds("It raised its dividend to $.13 per share.") == []
    assert _kinds("It raised its dividend to $.31 per share.") == ["number"]


def test_evidence_is_a_true_span_of_each_side() -> None:
    a = build_document(DOC, "document")
    b = build_document("The company reported revenue of $4.2 billion for the third quarter.", "summary")
    found = check_support(b, a)
    assert found
    for f in found:
        for e in f.evidence:
            doc = b if e.side == "b" else a
            assert doc.text[e.span.start:e.span.end] == e.span.text
        assert {e.side for e in f.evidence} == {"a", "b"}


def test_about_tolerance_in_the_report() -> None:
    a = build_document("The strike spread to 90,000 people by the next day.", "a")
    b = build_document("About 100,000 people joined the strike by the next day.", "b")
    rep = build_report([a, b], sections=("divergences",))
    assert [f.judgement.type for f in rep.findings("divergence")] == ["number"]
    a = build_document("The strike spread to 1,500,000 people by the next day.", "a")
    b = build_document("The strike spread to 1.5 million people by the next day.", "b")
    rep = build_report([a, b], sections=("divergences",))
    assert rep.findings("divergence") == []


def test_independent_account_details_are_not_divergences(seed_a, seed_b) -> None:
    # the leaflet is a quarter of the article but not a summary of it: its own figures and names are unique
    found = check_support(seed_a, seed_b, checked_side="a")
    assert not [f for f in found if "appears nowhere" in f.reason]


def test_a_summary_denying_what_the_source_tells_is_a_negation() -> None:
    a = build_document(DOC, "document")
    b = build_document("Vicki Hollub said the board never backed the share repurchase program.", "summary")
    found = check_support(b, a)
    assert [f.kind for f in found] == ["negation"]
    assert found[0].reason.startswith("'never' denies 'share repurchase program'")
    assert [(e.side, e.span.text) for e in found[0].evidence] == [
        ("b", "never backed the share repurchase program"), ("a", "share repurchase program")]
    # the same clause without the negation, or a source that negates it too, is no divergence
    assert _kinds("Vicki Hollub said the board backed the share repurchase program.") == []
    assert _kinds_of("The board never backed the share repurchase program.",
                     DOC.replace("the board approved", "the board did not approve")) == []


def test_a_fuller_form_of_a_name_is_not_a_new_name() -> None:
    doc = ("Obama said on Monday that Regina Benjamin would be his choice. The nomination goes to the Senate. "
           "Benjamin runs a clinic in Bayou La Batre, Alabama. She has worked there since 1990. ") * 2
    assert _kinds_of("President Barack Obama chose Regina Benjamin, who runs a clinic in Alabama.", doc) == []
    assert _kinds_of("President Barack Obama chose Regina Gupta, who runs a clinic in Alabama.", doc) == ["entity"]


def test_a_dateline_claims_nothing_and_a_finding_without_support_points_nowhere() -> None:
    doc = ("Fire crews tackled a blaze at a Waitrose store in Banstead on Friday night. Residents were evacuated "
           "as a precaution. Ten fire engines were at the scene. The cause is not yet known. ")
    assert _kinds_of("June 06, 2013", doc) == []
    a, b = build_document(doc, "document"), build_document("Zorbex Quantum sold 4,000.", "summary")
    found = check_support(b, a, summary=True)
    assert sorted(f.kind for f in found) == ["entity", "number"]
    for f in found:                        # no supporting sentence: the other side's passage is empty, not B's
        assert (f.support.start, f.support.end, f.support.text) == (0, 0, "")


def test_a_figure_a_summary_adds_is_not_a_changed_figure() -> None:
    # ECB+ 14_10 read as a summary of 14_6: its "More than 50 firefighters" counts what the longer article never
    # mentions, and 3_8's "a court room shooting in 2005" is a year where the support gives none: details added,
    # not a figure changed (a figure of a thing the source counts still is one)
    doc = ("Residents evacuated after a huge fire at a Waitrose store in Banstead on Friday night have been allowed "
           "to return to their homes. Ten fire engines tackled the blaze on the roof of the store. Police said the "
           "fire was potentially suspicious. The store is almost totally destroyed. ")
    assert "number" not in _kinds_of("More than 50 firefighters tackled the blaze on the roof of the store.", doc)
    assert "number" not in _kinds_of("The fire at the Waitrose store in Banstead began in 2005.", doc)
    assert _kinds_of("Twelve fire engines tackled the blaze on the roof of the store.", doc) == ["number"]
    assert _kinds_of("Ten fire engines tackled the blaze on the roof of the store.", doc) == []


def _kinds_of(summary: str, doc: str) -> list[str]:
    return [f.kind for f in check_support(build_document(summary, "summary"), build_document(doc, "document"))]


def test_a_summary_must_give_the_figure_it_took() -> None:
    # SummEdits dev: "guided for sales of $5bn in 2024" against a source that says 2023 everywhere; ranges that
    # only touch (2023.5) are two figures, and "dozens" in the source confirms no exact figure
    doc = ("Moderna reported a decline in vaccine sales and guided for sales of $5bn in 2023. Dozens of analysts "
           "expect more. The firm plans regulatory filings in 2023. Its RSV vaccine showed 83.7% efficacy. ")
    assert _kinds_of("Moderna guided for sales of $5bn in 2024.", doc) == ["number"]
    assert _kinds_of("Moderna guided for sales of $5bn in 2023.", doc) == []


def test_the_issue_pair_of_one_sentence_accounts_is_a_number_divergence() -> None:
    a = build_document("The strike spread to 90,000 people by the next day.", "a")
    b = build_document("About 100,000 people joined on the following day.", "b")
    rep = build_report([a, b], sections=("divergences", "agreements"))
    assert [f.judgement.type for f in rep.findings("divergence")] == ["number"]
    assert rep.findings("agreement") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), st.sampled_from(["worker", "person", "day", None])),
                max_size=30),
       st.integers(0, 50), st.integers(0, 20))
def test_the_figure_index_finds_what_a_full_scan_finds(ranges, lo, width) -> None:
    from compare.document import Span
    from compare.support import _Figure, _FigureIndex

    span = Span(0, 0, 1, "")
    figs = [_Figure(float(a), float(a), float(a + w), head, span) for a, w, head in ranges]
    f = _Figure(float(lo), float(lo), float(lo + width), "worker", span)
    index = _FigureIndex(figs)
    assert sorted(map(id, index.overlapping(f))) == sorted(id(g) for g in figs if g.lo <= f.hi and g.hi >= f.lo)


def test_a_name_with_another_first_word_is_another_name() -> None:
    doc = ("NEW YORK - The founder of the troubled digital start-up Ozy Media was arrested Thursday on fraud "
           "charges as part of a scheme to prop up the financially struggling company. ") * 2
    a = build_document(doc, "document")
    swapped = build_document("The founder of the digital start-up UFO Media has been arrested on fraud charges.",
                             "summary")
    found = [f for f in check_support(swapped, a) if f.kind == "entity"]
    assert [e.span.text for f in found for e in f.evidence if e.side == "b"] == ["UFO"]
    same = build_document("The founder of the digital start-up Ozy Media has been arrested on fraud charges.",
                          "summary")
    assert [f.kind for f in check_support(same, a)] == []


def test_an_opposite_or_another_member_of_a_closed_class_is_an_antonym() -> None:
    doc = ("Activists in London dumped gallons of yellow and blue paint in front of the Russian embassy in support "
           "of Ukraine. The financially struggling company was sold. ") * 2
    a = build_document(doc, "document")
    colour = build_document("Activists dumped gallons of yellow and white paint in front of the embassy.", "summary")
    found = [f for f in check_support(colour, a) if f.kind == "antonym"]
    assert [(e.side, e.span.text) for f in found for e in f.evidence] == [("b", "white"), ("a", "blue")]
    thriving = build_document("The financially thriving company was sold.", "summary")
    assert "antonym" in [f.kind for f in check_support(thriving, a)]
    assert [f.kind for f in check_support(build_document("Activists dumped yellow and blue paint in front of the "
                                                         "embassy.", "summary"), a)] == []


def test_a_denial_is_not_excused_by_a_negation_elsewhere_in_the_source_sentence() -> None:
    doc = ("EcoGenius offers Smart Building Solutions that help reduce energy consumption. To help you make an "
           "informed decision, we invite you to try our 30-Day Risk-Free Trial that allows you to experience our "
           "Premium Plan at no cost to your company. ") * 2
    a = build_document(doc, "document")
    denied = build_document("EcoGenius offers Smart Building Solutions but does not offer a 30-day risk-free "
                            "trial.", "summary")
    assert "negation" in [f.kind for f in check_support(denied, a)]
    said_otherwise = build_document("EcoGenius offers Smart Building Solutions and a 30-day trial with no risk.",
                                    "summary")
    assert "negation" not in [f.kind for f in check_support(said_otherwise, a)]
    life = build_document("Brian Nichols was sentenced to four sentences of life without parole for the "
                          "courthouse killings. He told the court he would not bring dishonor to the decision. ", "d")
    told = build_document("Nichols got four life sentences without the possibility for parole.", "s")
    assert "negation" not in [f.kind for f in check_support(told, life)]


def test_a_summary_quarter_must_be_one_the_source_names() -> None:
    doc = ("Net income on a GAAP basis in the second quarter was $76.2 million or $0.73 per diluted share, "
           "against $1.04 per diluted share in Q2 of last year. We estimate that Q3 total revenue could be higher. "
           ) * 2
    a = build_document(doc, "document")
    assert _kinds_of("The company estimates Q3 revenue to be higher than in Q2 of last year.", doc) == []
    wrong = build_document("The company estimates Q3 revenue to be higher than in Q1.", "summary")
    found = [f for f in check_support(wrong, a) if f.kind == "number"]
    assert [e.span.text for f in found for e in f.evidence if e.side == "b"] == ["Q1"]


def _independent(a_text: str, b_text: str) -> list[str]:
    """The kinds check_support finds in b checked against a as two independent accounts, sentence i of b paired
    with sentence i of a (as an alignment would pair them)."""
    a, b = build_document(a_text, "a"), build_document(b_text, "b")
    aligned = {i: [i] for i in range(min(len(a.sentences), len(b.sentences)))}
    return [f.kind for f in check_support(b, a, checked_side="b", summary=False, aligned=aligned)]


def test_two_ages_are_one_quantity_only_of_one_person() -> None:
    # ECB+ 19_4 / 19_8: the victim's age and his mother's son's age are two things
    assert _independent("Officers say the 16-year old began to adjust his waistband after the gunfire.",
                        "The detectives say her 14-year-old son dialed 911 after the gunfire.") == []
    assert _independent("Officers say the 16-year-old boy was shot after the gunfire in Flatbush.",
                        "Officers say the 14-year-old boy was shot after the gunfire in Flatbush.") == ["number"]


def test_a_sentence_listing_several_values_of_one_kind_contradicts_none() -> None:
    # ECB+ 40_2 / 40_10: "13-Inch, 15-Inch MacBook Pro" lists two models, it does not count one against "11"
    assert _independent("Apple unveiled new 11-inch MacBook Air models with the Ivy Bridge upgrade.",
                        "Apple unveiled new 13-inch and 15-inch MacBook Pro models with the Ivy Bridge upgrade.") == []
    assert _independent("Apple unveiled a new 13-inch MacBook Pro with the Ivy Bridge upgrade.",
                        "Apple unveiled a new 15-inch MacBook Pro with the Ivy Bridge upgrade.") == ["number"]


def test_an_office_before_a_name_is_its_title_not_a_new_name() -> None:
    source = ("San Diego Chargers wide receiver Vincent Jackson was arrested on suspicion of drunken driving. "
              "The team's A.J. Smith said he was aware of the arrest. ") * 3
    a = build_document(source, "document")
    titled = build_document("Chargers General Manager A.J. Smith said he was aware of the arrest of Vincent "
                            "Jackson.", "summary")
    assert [f.kind for f in check_support(titled, a)] == []
    # a role word standing for a name ("The CEO of") is still a name the source never uses
    ceo = build_document("The CEO of the Chargers said he was aware of the arrest of Vincent Jackson.", "summary")
    assert [f.kind for f in check_support(ceo, a)] == ["entity"]


def test_a_negation_inside_a_quotation_is_the_speakers_not_a_denial() -> None:
    # ECB+ 3_4 / 3_8: the short article quotes Nichols; the long one tells the decision without his words
    source = build_document(
        "The frustrated prosecutor gambled on getting a death penalty decision when he denied a Nichols offer a "
        "year ago to plead guilty in exchange for a life prison sentence. The jury spared the life of Brian "
        "Nichols, who killed four people in an Atlanta courthouse in 2005. Nichols, 37, told the court he was "
        "grateful. Prosecutors wanted to bring the case to a close.", "document")
    quoted = build_document("“I will not bring dishonor to the decision to spare my life,” Nichols, 37, told the "
                            "court.", "summary")
    told = build_document("Nichols, 37, told the court he will not bring dishonor to the decision to spare his "
                          "life.", "summary")
    assert "negation" not in [f.kind for f in check_support(quoted, source)]
    assert [f.kind for f in check_support(told, source)] == ["negation"]


def test_a_summary_quoting_words_the_source_never_says(eval_dir) -> None:
    import json

    rows = [json.loads(line) for line in (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8")]
    game = next(r for r in rows if r["doc_id"] == "samsum:87051b10d9")   # "Alonzo: This has to be a pimp!"…
    source = build_document(game["doc"], "document")

    def quoted(summary: str) -> list[str]:
        found = check_support(build_document(summary, "summary"), source)
        return [e.span.text for f in found if f.kind == "quotation" for e in f.evidence if e.side == "b"]

    seed = game["seed_summary"]
    assert '"masseuse"' in seed and quoted(seed) == []
    assert quoted(seed.replace('"masseuse"', '"therapist"')) == ["therapist"]
    # one finding for one misquoted word: its clause is not also reported as an inserted one
    swapped = build_document(seed.replace('"masseuse"', '"therapist"'), "summary")
    assert [f.kind for f in check_support(swapped, source)] == ["quotation"]
    assert quoted(seed.replace('"masseuse"', '"masseur"')) == ["masseur"]        # another word, not a spelling
    assert quoted(seed.replace('"colour', '"color')) == []                          # one word, two spellings
    # outside quotation marks a summary may use its own words
    assert quoted(seed.replace('"masseuse"', "a therapist")) == []


def test_an_opposite_told_in_a_longer_clause(eval_dir) -> None:
    import json

    rows = [json.loads(line) for line in (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8")]
    moderna = next(r for r in rows if r["id"] == "63f9455b8d931ba6e664fb89_og")
    source = build_document(moderna["doc"], "document")
    seed = moderna["summary"]
    assert "fourth quarter decline in SARS-CoV-2 vaccine sales" in seed

    def antonyms(summary: str) -> list[tuple[str, str]]:
        found = [f for f in check_support(build_document(summary, "summary"), source) if f.kind == "antonym"]
        return [tuple(e.span.text for e in f.evidence) for f in found]   # type: ignore[misc]

    assert antonyms(seed) == []
    # "For the fourth quarter, the sales figure for Spikevax … represented a 30% decrease from the comparable
    # period in 2021, while for the full year it represented only a 4% increase": the quarter's is the decrease
    assert antonyms(seed.replace("quarter decline", "quarter increase")) == [("increase", "decrease")]


def _summedits_source(eval_dir: Any, pair_id: str) -> tuple[Any, str]:
    import json

    with (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8") as fh:
        row = next(r for r in map(json.loads, fh) if r["id"] == pair_id)
    return build_document(row["doc"], "document"), row["summary"]


def test_an_opposite_beside_a_plural_noun_of_its_pair(eval_dir) -> None:
    """"earnings per share … and lost $3.1 billion" uses "earnings", which stems to "earn", but not the verb:
    the guard against a sentence using both opposites must not take the noun for it."""
    source, seed = _summedits_source(eval_dir, "ectsum_COF_q3_2021_og")
    assert "and earned $3.1 billion" in seed
    kinds = lambda summary: [(f.kind, tuple(e.span.text for e in f.evidence))  # noqa: E731
                             for f in check_support(build_document(summary, "summary"), source)]
    assert kinds(seed) == []
    assert kinds(seed.replace("and earned $3.1", "and lost $3.1")) == [("antonym", ("lost", "earned"))]


def test_a_summary_excluding_what_the_source_includes(eval_dir) -> None:
    """"…, excluding a share repurchase program" where the source tells "the reactivation and expansion of our
    share repurchase program" and never uses the word: the summary denies it. Where the source itself says
    "excluding", the word is the source's own and no denial."""
    source, seed = _summedits_source(eval_dir, "ectsum_OXY_q4_2021_og")
    assert "including a share repurchase program" in seed
    found = lambda summary: [(f.kind, f.evidence[0].span.text)  # noqa: E731
                             for f in check_support(build_document(summary, "summary"), source)]
    assert found(seed) == []
    edited = seed.replace("including a share", "excluding a share")
    assert [text for kind, text in found(edited) if kind == "negation"][0].startswith(
        "excluding a share repurchase program")
    excluding_source = build_document(source.text + " Earnings excluding items rose.", "document")
    assert not [f for f in check_support(build_document(edited, "summary"), excluding_source)
                if f.kind == "negation"]


def test_the_retelling_of_a_short_chat_is_its_summary_however_long(eval_dir) -> None:
    """SummEdits' butter-and-milk chat (five turns, "Ann: Darling, buy some butter. . Mike: Ok. …") is shorter
    than its retelling; the retelling is still checked as a summary of the chat (the report checks it, not the
    chat), so "ghee" where the chat says "butter" is another of the same kind, and the faithful one is clean."""
    from compare.support import is_transcript

    source, seed = _summedits_source(eval_dir, "samsum_train_13731241_og")
    assert len(seed) > len(source.text) and is_transcript(source)
    assert not is_transcript(build_document(seed, "summary"))

    def divergences(summary: str) -> list[set[tuple[str, str]]]:
        rep = build_report([source, build_document(summary, "summary")], sections=("divergences",))
        return [{(e.side, e.text) for e in f.judgement.evidence} for f in rep.findings("divergence")]

    assert divergences(seed) == []
    edited = seed.replace("buy butter", "buy ghee")
    assert divergences(edited) == [{("a", "butter"), ("b", "ghee")}]
    found = check_support(build_document(edited, "summary"), source)
    assert [f.reason for f in found] == ["'ghee' where the supporting sentence says 'butter', another of the "
                                         "same kind"]


def test_prose_and_news_are_no_transcripts(seed_a, seed_b) -> None:
    from compare.support import is_transcript

    assert not is_transcript(seed_a) and not is_transcript(seed_b)
    interview = build_document("Q: Where were you? A: At home. Q: When? A: At nine. Q: Alone? A: Yes.", "i")
    assert is_transcript(interview)


def test_a_change_against_the_figures_the_source_compares(eval_dir) -> None:
    """"net income on a non-GAAP basis in the second quarter was $94.8 million …, that compares to $106.6
    million … in Q2 of last year": a summary's "increase in net income" goes against those figures; the call's
    own summary ("a decrease") does not, and a figure-free sentence with no comparison is not read."""
    source, seed = _summedits_source(eval_dir, "ectsum_DLB_q2_2021_og")
    assert seed.startswith("The company had a decrease in net income")
    found = lambda summary: [(f.kind, f.reason) for f in  # noqa: E731
                             check_support(build_document(summary, "summary"), source)]
    assert found(seed) == []
    assert found(seed.replace("had a decrease", "had an increase")) == [
        ("antonym", "'increase', but the figures the supporting sentence compares fall: '$94.8 million' against "
                    "'$106.6 million'")]
    assert found(seed.replace("had a decrease", "had a significant rise")) != []
    assert "antonym" not in [k for k, _ in found(seed.replace("had a decrease", "did not have an increase"))]


def test_everyday_opposites_some_none_next_last(eval_dir) -> None:
    source, seed = _summedits_source(eval_dir, "samsum_train_13731241_og")
    kinds = lambda summary: [(f.kind, f.evidence[0].span.text, f.evidence[1].span.text)  # noqa: E731
                             for f in check_support(build_document(summary, "summary"), source)]
    assert kinds(seed) == []
    assert kinds(seed.replace("there is some in the fridge", "there is none in the fridge")) == [
        ("antonym", "none", "some")]


def test_a_short_name_one_letter_off_another_word_is_a_new_name(eval_dir) -> None:
    """"A special Early Bird Bundle Deal" where the e-mail (which opens "Dear …") names the "Early Bird Bundle"
    and never says "deal": "Deal" is not "Dear" spelt another way, it is a name the source never uses. A time
    of day ("12:16 PM") names nothing."""
    source, seed = _summedits_source(eval_dir, "sales_email_1_og")
    assert "Early Bird Bundle Package" in seed and "Dear" in source.text
    found = lambda summary: [(f.kind, f.evidence[0].span.text)  # noqa: E731
                             for f in check_support(build_document(summary, "summary"), source)]
    assert found(seed) == []
    assert found(seed.replace("Bundle Package", "Bundle Deal")) == [("entity", "Deal")]
    assert found(seed + " It was sent at 12:16 PM.") == []


def test_two_directions_of_change_are_opposites_whatever_their_words(eval_dir) -> None:
    import json

    rows = {json.loads(line)["id"]: json.loads(line)
            for line in (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8")}
    snap = rows["ectsum_SNA_q1_2021_og"]          # "First-quarter earnings per share was $3.50, up 40.6% …"
    source = build_document(snap["doc"], "document")

    def antonyms(doc: Any, summary: str) -> list[tuple[str, ...]]:
        found = [f for f in check_support(build_document(summary, "summary"), doc) if f.kind == "antonym"]
        return [tuple(e.span.text for e in f.evidence) for f in found]

    assert antonyms(source, snap["summary"]) == []
    edited = snap["summary"].replace("significant rise", "substantial decrease").replace("up 40.6%", "by 40.6%")
    assert antonyms(source, edited) == [("decrease", "up")]
    # "lowering net debt" where the source says "net debt to fall": the same direction in another word
    oxy = rows["ectsum_OXY_q4_2021_og"]
    assert antonyms(build_document(oxy["doc"], "document"),
                    oxy["summary"].replace("reducing net debt", "lowering net debt")) == []


def test_a_clause_of_new_words_slipped_into_a_told_sentence(eval_dir) -> None:
    import json

    rows = {json.loads(line)["id"]: json.loads(line)
            for line in (eval_dir / "summedits" / "dev.jsonl").open(encoding="utf-8")}
    ozy = rows["63f9455b8d931ba6e664fb88_og"]      # "The founder of the troubled digital start-up Ozy Media …"
    source = build_document(ozy["doc"], "document")

    def inserted(doc: Any, summary: str) -> list[str]:
        found = check_support(build_document(summary, "summary"), doc)
        return [e.span.text for f in found if f.kind == "insertion" for e in f.evidence if e.side == "b"]

    assert inserted(source, ozy["summary"]) == []
    edited = ozy["summary"].replace("Ozy Media has", "Ozy Media, who was recently released on bail, has")
    assert inserted(source, edited) == ["who was recently released on bail"]
    # who told it is no new fact ("…, officials announced Saturday")
    assert inserted(source, ozy["summary"].rstrip(".") + ", officials announced Saturday.") == []
    # a dialogue summary's own framing sentence is all new words, and no fact slipped into a told one
    game = next(r for r in rows.values() if r["doc_id"] == "samsum:87051b10d9" and r["is_seed"])
    assert inserted(build_document(game["doc"], "document"), game["summary"]) == []


_WORDS = ("the", "company", "reported", "a", "rise", "decline", "in", "sales", "of", "$5bn", "Ozy", "Media",
          "founder", "was", "not", "arrested", "who", "which", "but", ",", ".", "\u201c", "\u201d", '"', "'",
          "up", "down", "40.6%", "Q2", "fell", "increase", "said", "friends", "enemies", "\n\n", "  ")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=80),
       st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_every_check_gives_true_spans_on_any_text(source_words, summary_words) -> None:
    """Whatever the words (quotation marks unbalanced, clauses empty, figures anywhere), every rule runs and every
    piece of evidence is a span of its own document."""
    source = build_document(" ".join(source_words) * 3, "document")
    summary = build_document(" ".join(summary_words), "summary")
    rules = ("number", "entity", "antonym", "negation", "quotation", "insertion", "substitution", "unsupported")
    for f in check_support(summary, source, rules=rules, summary=True):
        for e in f.evidence:
            doc = summary if e.side == "b" else source
            assert doc.text[e.span.start:e.span.end] == e.span.text


def test_support_retrieval_skips_only_sentences_that_cannot_qualify(seed_a, seed_b) -> None:
    """The light stems of a sentence (together under the share a support needs) are never looked up; the
    support found is what scoring every sentence of the other account gives."""
    from compare.analysis import analyse
    from compare.support import NUMBER_SUPPORT, SUPPORT_MIN_SHARE, _idf, _stem_index, _support

    other = analyse(seed_a)
    idf, index = _idf(other), _stem_index(other)
    everyone = set(range(len(other.sentences)))
    for sent in analyse(seed_b).sentences:
        for share in (SUPPORT_MIN_SHARE, NUMBER_SUPPORT):
            full = [x for x in _support(sent, other, idf, index, everyone) if x[0] >= share]
            assert _support(sent, other, idf, index, None, None, share) == full


def test_a_one_sentence_news_brief_is_no_abstract_of_a_longer_report(eval_dir) -> None:
    """ECB+ 34_2ecb is one sentence on Sanjay Gupta offered the surgeon general's post, 34_10ecb a long blog post
    on the same offer. The brief takes a quarter of its words from the post: it is an account of its own, so its
    "India's sterling contribution" is its own detail, not a name the post was edited out of (it was a false
    entity divergence). An ECTSum abstract of a call, which takes half its words from the call, stays a summary."""
    from compare.document import load_document
    from compare.support import summary_like

    docs = eval_dir / "ecbplus" / "dev" / "docs"
    brief, post = load_document(docs / "34_2ecb.txt"), load_document(docs / "34_10ecb.txt")
    rep = build_report([brief, post], sections=("divergences",))
    assert rep.findings("divergence") == []
    assert not any(f.kind == "entity" for f in check_support(brief, post))
    source, seed = _summedits_source(eval_dir, "ectsum_COF_q3_2021_og")
    assert summary_like(build_document(seed, "summary"), source, 0.5)
    assert not summary_like(build_document(seed, "summary"), source, 0.25)


def test_a_news_brief_of_another_event_is_no_abstract_of_the_report_beside_it(eval_dir) -> None:
    """ECB+ 22_7ecb is one sentence on a co-worker charged with the 1967 slayings at a Staunton ice cream shop;
    22_3ecbplus a report on another shooting by a co-worker (at the Kraft plant). The brief takes a third of its
    words from the report (co-worker, charged, killed women): too few for an abstract, so its "Staunton" is its
    own detail, not a name swapped for "Kraft" (it was a false entity divergence between two events)."""
    from compare.document import load_document
    from compare.support import summary_like

    docs = eval_dir / "ecbplus" / "dev" / "docs"
    brief, report = load_document(docs / "22_7ecb.txt"), load_document(docs / "22_3ecbplus.txt")
    assert build_report([brief, report], sections=("divergences",)).findings("divergence") == []
    source, seed = _summedits_source(eval_dir, "ectsum_COF_q3_2021_og")
    assert not summary_like(build_document(seed, "summary"), source, 0.35)
