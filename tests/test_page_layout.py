"""A wiki page saved as plain text (a mirror): its infobox and its section headings (read.layout).

The labels of an infobox are no sentences; its date and casualty counts are its subject's; a count a
perpetrator gives of the dead is its claim; what a "Background" section tells is background; a
reference list tells no event. Pages invented here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.models import Report
from conflictwatch.read.clean import page_layout, reading_text
from conflictwatch.read.layout import blank_layout, read_layout

PAGE = """Battle of Kidal Road (2021)

Last updated

Battle of Kidal Road (2021)
Part of Mali War
Date3–4 May 2021
Location
Result ISGS victory
Belligerents

Movement for the Salvation of Azawad
Islamic State in the Greater Sahara
Strength
Unknown 200
Casualties and losses

25+ (per IS)
9 (per MSA)
12 civilians killed (per local officials)

The Battle of Kidal Road took place between 3 and 4 May 2021 in the Menaka region of Mali. During the battle, fighters of the Islamic State in the Greater Sahara attacked the positions of the MSA.

Contents

Background

In January 2021, militants killed 20 villagers in Anderamboukane, Mali.

References

  1. "Gunmen kill 40 in Mali village". Example News. 2021-05-05.
"""


def _text(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


def test_infobox_fields_and_sections():
    layout = read_layout(PAGE)
    assert _text(PAGE, layout.title).splitlines()[0] == "Battle of Kidal Road (2021)"
    roles = {f.role: [_text(PAGE, line) for line in f.lines] for f in layout.fields}
    assert roles["date"] == ["3–4 May 2021"]
    assert roles["result"] == ["ISGS victory"]
    assert roles["casualties"] == ["25+ (per IS)", "9 (per MSA)", "12 civilians killed (per local officials)"]
    assert roles["belligerents"] == ["Movement for the Salvation of Azawad", "Islamic State in the Greater Sahara"]
    assert PAGE[layout.infobox_end:].startswith("The Battle of Kidal Road took place")
    assert [(s.role, _text(PAGE, s.heading)) for s in layout.sections] == [
        ("apparatus", "Contents"), ("background", "Background"), ("apparatus", "References")]
    assert layout.section_role(PAGE.index("In January 2021")) == "background"
    assert layout.section_role(PAGE.index("During the battle")) is None


def test_blanked_text_keeps_offsets():
    text = reading_text(PAGE)
    assert len(text) == len(PAGE)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(PAGE) if c == "\n"]
    assert "Date" not in text and "Casualties and losses" not in text and "Background" not in text
    assert "3–4 May 2021" in text and "25+ (per IS)" in text
    assert "Gunmen kill 40" not in text  # a reference list is apparatus
    assert "In January 2021, militants killed 20 villagers" in text


def test_table_bars_and_colons_of_a_mirror():
    page = ("Tillaberi attacks | |\nLocation: | Banibangou, Niger |\nDate: | 2 November 2021 |\n"
            "Fatalities: | 69 |\nPerpetrator: | Islamic State in the Greater Sahara |\n"
            "On 2 November 2021, gunmen killed 69 members of a local militia near Banibangou, Niger.\n")
    layout = read_layout(page)
    roles = {f.role: [_text(page, line) for line in f.lines] for f in layout.fields}
    assert roles == {"location": ["Banibangou, Niger"], "date": ["2 November 2021"], "deaths": ["69"],
                     "perpetrators": ["Islamic State in the Greater Sahara"]}


@pytest.mark.parametrize("text", [
    "Date: 4 May 2021\nGunmen killed five people in Mopti, Mali, on Tuesday, officials said.\n",
    "Location of the attack\nStrength of the army\n",  # words that go on are no labels
    "Gunmen killed five people in Mopti.\n\nBackground\n\nThe region has seen many attacks.\n",
])
def test_no_infobox_without_two_labels_before_the_prose(text):
    assert read_layout(text).fields == ()


def test_a_heading_stands_between_blank_lines():
    text = "Gunmen attacked the village.\nBackground\nThe region has seen many attacks.\n"
    assert read_layout(text).sections == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Date3 May 2021", "Casualties and losses", "12+ (per IS)", "", "Background",
                                 "References", "Result ISGS victory", "Gunmen killed five people in Mopti.",
                                 "Deaths100+", "Perpetrator: | the group |", "x"]), max_size=14))
def test_blanking_never_moves_a_character(lines):
    text = "\n".join(lines)
    blanked = blank_layout(text, read_layout(text))
    assert len(blanked) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, blanked))
    assert page_layout(text) == read_layout(text)


@pytest.fixture(scope="module")
def page_events(engine):
    return engine.extract(Report(id="kidal", text=PAGE, source="Example Wiki")).events


def test_the_infobox_tells_its_subject(page_events):
    subject = next(e for e in page_events if any(ev.text == "Battle" for ev in e.evidence))
    assert (subject.date_start.isoformat(), subject.date_end.isoformat()) == ("2021-05-03", "2021-05-04")
    assert subject.event_type == "Battles" and subject.actor1 == "Islamic State (Sahel)"
    assert not subject.historical
    figures = sorted((f.group, f.killed_low, f.killed_high, f.qualifier, f.source, f.status) for f in subject.figures)
    assert figures == [("civilians", 12, 12, "exact", "local officials", "current"),
                       ("fighters", 9, 9, "exact", "MSA", "current")]
    # the perpetrator's own count of the dead is its claim, kept apart
    assert [(c.claimant, [(f.killed_low, f.qualifier, f.status) for f in c.figures]) for c in subject.claims] == [
        ("Islamic State (Sahel)", [(25, "at_least", "claim")])]
    assert any(ev.field == "date" and ev.text == "3–4 May 2021" for ev in subject.evidence)


def test_background_section_is_historical(page_events):
    told = [e for e in page_events if e.fatalities_low == 20]
    assert len(told) == 1 and told[0].historical and told[0].date_start.isoformat() == "2021-01-01"


def test_reference_list_tells_no_event(page_events):
    assert not any(40 in (e.fatalities_low, e.fatalities_high) for e in page_events)
    assert not any("Gunmen kill" in ev.sentence for e in page_events for ev in e.evidence)


def test_malformed_layout_file_is_named(tmp_path, monkeypatch):
    from conflictwatch.lexicon import LexiconError
    from conflictwatch.read.layout import layout_settings

    (tmp_path / "layout.yaml").write_text("infobox: {labels: {date: [Date]}}\nsections: {}\n")
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    layout_settings.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"layout\.yaml: infobox\.min_labels: Field required"):
            layout_settings()
    finally:
        monkeypatch.delenv("CONFLICTWATCH_DATA")
        layout_settings.cache_clear()
