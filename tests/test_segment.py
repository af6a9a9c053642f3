"""Sentence segmentation on the seeds' hard cases, and boilerplate marking."""

from __future__ import annotations

from compare.segment import boilerplate_flags, split_sentences


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_do_not_split():
    assert _sents("It was the working women of Petrograd (St. Petersburg) who sparked it. Mr. Smith left "
                  "at 5 p.m. on Monday. He came back.") == [
        "It was the working women of Petrograd (St. Petersburg) who sparked it.",
        "Mr. Smith left at 5 p.m. on Monday.", "He came back."]


def test_ellipsis_inside_quotation_does_not_split():
    text = ("“What did it mean? No one could be sure….(most) consider the day’s events just an "
            "‘ordinary sort of hunger riots’.” Next.")
    assert _sents(text) == ["“What did it mean?",
                            "No one could be sure….(most) consider the day’s events just an ‘ordinary sort of "
                            "hunger riots’.”", "Next."]


def test_closing_mark_after_full_stop_stays_with_its_sentence():
    assert _sents("He said: “Take power, when they give it to you!” So back in February.") == [
        "He said: “Take power, when they give it to you!”", "So back in February."]


def test_boundary_punkt_misses_is_split():
    assert _sents("Wages do not last until the end of the month. Growing numbers are angry.") == [
        "Wages do not last until the end of the month.", "Growing numbers are angry."]


def test_day_lines_are_sentences(seed_b):
    texts = [s.norm for s in seed_b.sentences]
    assert "Day 3 – there is still no formal declaration from the Bolsheviks or anyone else!" in texts
    assert "Ladies first, in revolution as well" in texts


def test_seed_000_hard_cases(seed_a):
    texts = [s.norm for s in seed_a.sentences]
    assert ("On 23 February, the women textile workers, without prior agreement from any party, went on "
            "strike in several factories, which led to mass demonstrations in the city.") in texts
    gulf = next(s for s in seed_a.sentences if "huge gulf" in s.norm)
    assert gulf.norm.endswith("between rich and poor that just eight people own as much wealth as the "
                              "poorest 50% of the world’s population.")


def test_web_furniture_is_boilerplate(seed_b):
    bp = [p.norm for p in seed_b.paragraphs if p.boilerplate]
    assert bp[0] == "About the author"
    assert any(p.startswith("This work is licensed under a Creative Commons") for p in bp)
    assert "• 12" in bp and "Read previous post:" in bp
    assert any(p.startswith("ERIC ZUESSE") for p in bp)
    body = [p.norm for p in seed_b.paragraphs if not p.boilerplate]
    assert any("Cairo" in p for p in body)  # an anecdote is content, not furniture
    assert len(bp) == 11


def test_no_boilerplate_in_the_leaflet(seed_a):
    assert not any(p.boilerplate for p in seed_a.paragraphs)


def test_furniture_only_marks_short_paragraphs():
    long_para = "Please share this analysis with " + "many readers " * 30
    assert boilerplate_flags(["Text.", long_para, "Share this:", "Text.", "Text."]) == [
        False, False, True, False, False]
