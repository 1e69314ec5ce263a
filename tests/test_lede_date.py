"""The date a report opens with dates the story its next sentences tell, when no event was read from
the opening sentence; a dateline's date never does. Sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine():
    from conflictwatch.engine import Engine

    return Engine()


def test_an_opening_date_dates_the_next_sentences_event(engine):
    text = ("On 4 July 2020, hundreds of residents came to the town hall of Springfield for Independence Day. "
            "Later, demonstrators clashed with police officers outside the building.")
    events = engine.extract(Report(id="lede", text=text, published="2020-07")).events
    assert events and events[0].date_start == dt.date(2020, 7, 4) and events[0].date_precision == "day"


def test_a_datelines_date_is_no_opening_date(engine):
    text = ("date 2020-07-09 Springfield news\n"
            "Hundreds of residents came to the town hall for Independence Day. "
            "Later, demonstrators clashed with police officers outside the building.")
    events = engine.extract(Report(id="dateline", text=text, published="2020-07")).events
    assert events and events[0].date_start != dt.date(2020, 7, 9)


def test_the_opening_date_dates_the_first_sentences_event(engine):
    """"On 26 November 2019, a councilor was wounded during an attack by ...": the event word sits in
    a clause the date does not reach; the date the report opens with is its date."""
    text = ("On 26 November 2019, a village councilor was wounded while his two companions escaped during an "
            "attack by gunmen in Garissa.")
    events = engine.extract(Report(id="lede", text=text, published="2019-11")).events
    assert [e.date_start for e in events] == [dt.date(2019, 11, 26)]
