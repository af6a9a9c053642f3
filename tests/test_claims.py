"""What a passage asserts: numbers with the thing counted, actors, negation scope, stances."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from compare.claims import extract_claims, same_actor

SEED_002_PROTEST = ("Amid World War I shortages, a totally spontaneous protest – not organized by any Bolshevik Party "
                    "(or Social Revolutionary Party, Meneshevik Party, etc.) – to demand bread was started by 7,000 "
                    "female textile workers. Where women go men will certainly follow, and by the end of the day "
                    "there were 100,000 people smashing open food shops.")


def test_numbers_with_counted_thing():
    c = extract_claims(SEED_002_PROTEST)
    assert [(n.text, n.value, n.head) for n in c.numbers] == [
        ("7,000 female textile workers", 7000.0, "worker"), ("100,000 people", 100000.0, "person")]


def test_the_counted_thing_stops_at_the_verb_after_it():
    """An irregular past form after the counted noun is its verb, not part of what is counted (it was: "7,000
    women went" counted "go", so two accounts' "7,000 women" could not be compared)."""
    c = extract_claims("About 7,000 women went on strike; 200,000 workers struck the next day and 3 ministers "
                       "resigned.")
    assert [(n.value, n.thing, n.head) for n in c.numbers] == [
        (7000.0, "women", "woman"), (200000.0, "workers", "worker"), (3.0, "ministers", "minist")]


def test_number_words_approximations_and_numbering():
    c = extract_claims("Those who ate were about five thousand men, besides women and children. "
                       "They took up twelve baskets.")
    assert [(n.value, n.approx, n.head) for n in c.numbers] == [(5000.0, "about", "person"), (12.0, "exact", "basket")]
    c = extract_claims("the region’s male engineering workers – numbering 40,000 – did not demonstrate")
    assert [(n.value, n.head) for n in c.numbers] == [(40000.0, "worker")]
    c = extract_claims("before the rooster crows twice, you will deny me three times; 60% of active police")
    assert [(n.value, n.unit) for n in c.numbers] == [(2.0, "times"), (3.0, "times"), (60.0, "%")]


def test_dates_are_not_numbers():
    c = extract_claims("On 23 February 1917 the strike began; on Day 2 it spread.")
    assert c.numbers == () and [d.date for d in c.dates] == ["1917-02-23", "1917-02-24"]


def test_actors_and_same_actor():
    c = extract_claims(SEED_002_PROTEST)
    texts = [a.text for a in c.actors]
    assert "Bolshevik Party" in texts and "female textile workers" in texts
    party = next(a for a in c.actors if a.text == "Bolshevik Party")
    assert party.generic                       # "any Bolshevik Party"
    b = extract_claims("But the Bolsheviks were quite behind the People.").actors[0]
    assert b.text == "Bolsheviks" and same_actor(party, b)
    any_party = next(a for a in extract_claims("without prior agreement from any party").actors)
    assert any_party.generic and same_actor(any_party, party)
    lenin = extract_claims("Lenin waited.").actors[0]
    assert not same_actor(lenin, party)


def test_negation_scope_is_the_clause():
    c = extract_claims("a protest – not organized by any Bolshevik Party (or any other) – to demand bread")
    assert [(n.cue, n.scope) for n in c.negations] == [("not", "not organized by any Bolshevik Party")]
    assert extract_claims("not only the workers but the soldiers").negations == ()


def test_stance_polarity_and_actor():
    s = extract_claims("how the February Revolution was not guided at all by the Bolshevik party (or any party)").stances
    assert [(x.cue, x.sign, x.negated, x.actor.text) for x in s] == [("guided", -1, True, "Bolshevik party")]
    s = extract_claims("On Day 2 the Bolshevik Party took the reins").stances
    assert [(x.cue, x.sign, x.actor.text) for x in s] == [("took the reins", 1, "Bolshevik Party")]
    s = extract_claims("But the Bolsheviks were quite behind the People.").stances
    assert [(x.sign, x.actor.text) for x in s] == [(-1, "Bolsheviks")]
    s = extract_claims("The Bolsheviks were behind the strike.").stances
    assert [(x.sign, x.actor.text) for x in s] == [(1, "Bolsheviks")]
    s = extract_claims("this call never comes, not from the Bolsheviks or anyone").stances
    assert [(x.sign, x.negated, x.actor.text) for x in s] == [(-1, True, "Bolsheviks")]
    # "led to" is causal, not leadership
    assert extract_claims("went on strike, which led to mass demonstrations").stances == ()


def test_offsets_are_shifted():
    text = "was started by 7,000 female textile workers"
    c = extract_claims(text, offset=100)
    n = c.numbers[0]
    assert (n.start, n.end) == (115, 143) and text[n.start - 100:n.end - 100] == n.text


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_never_crashes_and_offsets_hold(text):
    c = extract_claims(text, offset=7)
    for item in (*c.numbers, *c.actors):
        assert text[item.start - 7:item.end - 7] == item.text
    for n in c.negations:
        assert text[n.start - 7:n.end - 7] == n.cue


def test_stance_frame_refuted_and_reported():
    # the writer states the view to reject it: the polarity they commit to is the opposite
    s = extract_claims("On Day 2 the Bolshevik Party took the reins and whipped the People….not at all true!").stances
    assert [(x.cue, x.frame, x.base, x.sign) for x in s] == [("took the reins", "refuted", 1, -1)]
    s = extract_claims("disproving the idea that the 1917 Russian Revolution was the work of a tiny, radical "
                       "Bolshevik party, instead of an expression of decades of work.").stances
    assert [(x.frame, x.sign, x.actor.text) for x in s][0] == ("refuted", -1, "radical Bolshevik party")
    # someone else's view, not rejected in the sentence: reported, polarity kept
    s = extract_claims("The newspapers claimed that the Bolsheviks organised the strike.").stances
    assert [(x.frame, x.sign) for x in s] == [("reported", 1)]
    s = extract_claims("He wrote: “the Bolsheviks led the strike.”").stances
    assert [(x.frame, x.sign) for x in s] == [("reported", 1)]
    # plainly asserted; a later sentence's refutation does not reach back
    s = extract_claims("The Bolsheviks led the strike. That claim is not at all true!").stances
    assert [(x.frame, x.sign) for x in s] == [("", 1)]


def test_offset_keeps_unconfirmed_names():
    c0 = extract_claims("Taking a child, he set him in the midst. Peter went out.")
    c9 = extract_claims("Taking a child, he set him in the midst. Peter went out.", offset=9)
    assert [(a.text, a.confirmed) for a in c0.actors] == [("Taking", False), ("Peter", True)]
    assert [(a.text, a.confirmed) for a in c9.actors] == [(a.text, a.confirmed) for a in c0.actors]


_CUE_WORDS = ["led", "Leading", "leaders", "VANGUARD", "guidance", "directed", "organised", "orchestrating",
              "took the reins", "in charge", "called", "the call", "the work of", "waited for the people",
              "initiative", "sparked", "saw that", "prior agreement", "lagged behind", "lag-time",
              "trailing behind", "followed the masses", "pulled the party back", "held back", "spontaneously",
              "unplanned", "prepared", "plotted", "sustained", "thrived", "degeneration", "collapsed", "withered",
              "behind the strike", "ſpontaneous", "İnitiative", "gu\u0131ded", "lead", "people", "the", "no", "-",
              "workers", ".", ",", " ", "\n", "Bolsheviks", "not", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=12).map(" ".join))
def test_stance_prefilter_never_hides_a_cue(text: str) -> None:
    from compare.claims import _ANY_STANCE_CUE, _may_have_stance_cue

    assert _may_have_stance_cue(text) == (_ANY_STANCE_CUE.search(text) is not None)


def test_stance_prefilter_on_every_cue_pattern_example() -> None:
    from compare.claims import _ANY_STANCE_CUE, _may_have_stance_cue

    for phrase in _CUE_WORDS:
        for text in (phrase, phrase.upper(), f"They {phrase} it."):
            assert _may_have_stance_cue(text) == (_ANY_STANCE_CUE.search(text) is not None), text


def test_a_figure_after_day_is_a_count_when_it_has_thousands():
    # "Day 3" is a day of the story; "by the next day 90,000 workers" counts workers
    assert [(n.text, n.value) for n in extract_claims("By the next day 90,000 workers were on strike.").numbers] \
        == [("90,000 workers", 90000.0)]
    assert extract_claims("On Day 3 they marched.").numbers == ()


def test_an_ordinal_counts_the_word_after_its_suffix_and_a_street_number_counts_nothing():
    # ECB+ dev 21_11/21_14: "117th Street near 97th Avenue" were read as two counts of "th"
    assert extract_claims("She walked on 117th Street near 97th Avenue.").numbers == ()
    assert [(n.text, n.value, n.head) for n in extract_claims("He scored his 11th point of the game.").numbers] \
        == [("11th point", 11.0, "point")]


def test_claim_parts_placed_at_an_offset_equal_extract_claims() -> None:
    from compare.claims import claim_parts, place_claims

    text = "The Bolshevik Party did not lead the strike of 7,000 female textile workers."
    pad = "x" * 37 + " "
    whole = extract_claims(pad + text)
    at = extract_claims(text, offset=len(pad), dates=[])
    placed = place_claims(text, len(pad), claim_parts(text, []), [])
    assert placed == at
    assert [s.actor for s in placed.stances] == [a for a in placed.actors if a.start == placed.stances[0].actor.start]
    assert [(a.start, a.text) for a in placed.actors] == [(a.start, a.text) for a in whole.actors]
