"""Reference marks of wiki pages are blanked before reading; offsets stay the report's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conflictwatch.engine import Engine
from conflictwatch.models import Report
from conflictwatch.read.clean import blank_reference_marks, reading_text


def test_marks_glued_to_a_word_or_a_stop_are_blanked():
    assert reading_text("the toll was 165.[4] Later") == "the toll was 165.    Later"
    assert reading_text("killed[12][13] people") == "killed         people"
    assert reading_text("deaths.[2][a]") == "deaths.      "
    assert reading_text("x[citation needed].") == "x" + " " * 17 + "."


def test_the_writers_own_brackets_stay():
    for text in ("he said [sic] that", "[4] first", "the [army] said", "killed [4] people"):
        assert reading_text(text) == text


@given(st.lists(st.sampled_from(list("ab1 .[]") + ["[4]", "[12]", "[a]", "[citation needed]"])).map("".join))
def test_blanking_keeps_every_offset(text):
    out = blank_reference_marks(text)
    assert len(out) == len(text)
    assert all(o == t or o == " " for o, t in zip(out, text))


def test_a_figure_before_a_reference_mark_is_read_with_its_evidence_in_the_report():
    text = "Gunmen attacked Seytenga on June 11. Other estimates said that the death toll was 165.[4] Residents fled.\n"
    result = Engine().extract(Report(id="t", text=text, published="2022-06-20", lang="en"))
    figures = [f for e in result.events for f in e.figures]
    assert [(f.killed_low, f.killed_high) for f in figures] == [(165, 165)]
    ev = next(ev for ev in figures[0].evidence if ev.field == "fatalities")
    assert text[ev.start:ev.end] == ev.text
