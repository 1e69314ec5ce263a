from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.timex import (
    DateRange,
    PartialDate,
    TimeExpr,
    find_timexes,
    parse_published,
    parse_timex,
    published_range,
    resolve,
)

D = dt.date
PUB = parse_published("2022-03")                    # the seed article: month only
PUB_DAY = parse_published("2022-03-16")             # a Wednesday
ANCHOR = DateRange(start=D(2022, 3, 10), end=D(2022, 3, 10), precision="day")
SPAN_ANCHOR = DateRange(start=D(2022, 3, 9), end=D(2022, 3, 10), precision="span")


def res(text: str, *, anchor: DateRange | None = ANCHOR, published: PartialDate | None = PUB) -> tuple:
    expr = parse_timex(text)
    assert expr is not None, text
    r = resolve(expr, anchor=anchor, published=published)
    return r.start, r.end, r.precision


# --- absolute -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["March 8", "on March 8", "8 March", "March 8, 2022", "8 March 2022", "Mar. 8",
                                  "Mar 8", "2022-03-08", "on 8 March", "March 8th", "the 8th of March",
                                  "On March 8", "MARCH 8"])
def test_absolute_days(text):
    assert res(text) == (D(2022, 3, 8), D(2022, 3, 8), "day")
    assert parse_timex(text).kind == "absolute"


def test_months_and_years():
    assert res("March 2022") == (D(2022, 3, 1), D(2022, 3, 31), "month")
    assert res("in March") == (D(2022, 3, 1), D(2022, 3, 31), "month")
    assert res("in 2018") == (D(2018, 1, 1), D(2018, 12, 31), "year")
    assert res("in February", published=PUB_DAY) == (D(2022, 2, 1), D(2022, 2, 28), "month")


def test_year_inference():
    assert res("December 5") == (D(2021, 12, 5), D(2021, 12, 5), "day")        # after publication
    assert res("March 20", published=PUB_DAY) == (D(2021, 3, 20), D(2021, 3, 20), "day")
    assert res("March 16", published=PUB_DAY) == (D(2022, 3, 16), D(2022, 3, 16), "day")
    assert res("March 31") == (D(2022, 3, 31), D(2022, 3, 31), "day")          # same month, day unknown
    assert res("March 8", published=parse_published("2022")) == (D(2022, 3, 8), D(2022, 3, 8), "day")


def test_no_year_is_never_guessed():
    r = resolve(parse_timex("March 8"), anchor=ANCHOR, published=None)
    assert (r.start, r.end, r.precision) == (None, None, "day")
    assert r.note == "year unknown"
    r = resolve(parse_timex("March 8, 2022"), anchor=None, published=None)
    assert (r.start, r.end) == (D(2022, 3, 8), D(2022, 3, 8))


def test_invalid_calendar_date_is_unresolved():
    r = resolve(parse_timex("February 30, 2022"), anchor=None, published=None)
    assert r.start is None and r.end is None and r.note


# --- spans --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["between March 9 and 10", "between March 9 and March 10", "March 9-10",
                                  "March 9–10", "from 9 to 10 March", "on March 9 and 10", "9-10 March",
                                  "from March 9 to March 10", "between 9 and 10 March 2022"])
def test_spans(text):
    assert res(text) == (D(2022, 3, 9), D(2022, 3, 10), "span")
    assert parse_timex(text).kind == "span"


def test_span_across_months_and_years():
    assert res("between March 16 and March 17") == (D(2022, 3, 16), D(2022, 3, 17), "span")
    assert res("30 March to 2 April", published=parse_published("2022-04-05")) == (D(2022, 3, 30), D(2022, 4, 2), "span")
    assert res("December 30 to January 2", published=parse_published("2022-01-05")) == (
        D(2021, 12, 30), D(2022, 1, 2), "span")


# --- relative -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,start,end,precision", [
    ("a day later", D(2022, 3, 11), D(2022, 3, 11), "day"),
    ("the next day", D(2022, 3, 11), D(2022, 3, 11), "day"),
    ("The following day", D(2022, 3, 11), D(2022, 3, 11), "day"),
    ("two days later", D(2022, 3, 12), D(2022, 3, 12), "day"),
    ("2 days later", D(2022, 3, 12), D(2022, 3, 12), "day"),
    ("days later", D(2022, 3, 12), D(2022, 3, 17), "span"),
    ("a few days later", D(2022, 3, 12), D(2022, 3, 17), "span"),
    ("a week later", D(2022, 3, 17), D(2022, 3, 17), "week"),
    ("that same day", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("the same day", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("that day", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("hours later", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("the day before", D(2022, 3, 9), D(2022, 3, 9), "day"),
    ("a day earlier", D(2022, 3, 9), D(2022, 3, 9), "day"),
    ("over the next two days", D(2022, 3, 11), D(2022, 3, 12), "span"),
    ("the following two days", D(2022, 3, 11), D(2022, 3, 12), "span"),
    ("in the following two days", D(2022, 3, 11), D(2022, 3, 12), "span"),
])
def test_relative(text, start, end, precision):
    assert res(text) == (start, end, precision)
    assert parse_timex(text).kind == "relative"


def test_relative_counts_from_the_end_of_a_span_anchor():
    assert res("that same day", anchor=SPAN_ANCHOR) == (D(2022, 3, 10), D(2022, 3, 10), "day")
    assert res("over the next two days", anchor=SPAN_ANCHOR) == (D(2022, 3, 11), D(2022, 3, 12), "span")


def test_relative_without_anchor():
    assert res("a day later", anchor=None, published=PUB_DAY) == (D(2022, 3, 17), D(2022, 3, 17), "day")
    r = resolve(parse_timex("a day later"), anchor=None, published=PUB)
    assert (r.start, r.end) == (None, None) and r.note


def test_relative_followed_by_a_date_is_one_absolute_span():
    for text, day in [("a day later on March 9", 9), ("A day later on March 13", 13),
                      ("two days later, on March 12", 12)]:
        sentence = f"The MSA reported clashes {text}, before media reported more."
        found = find_timexes(sentence)
        assert len(found) == 1
        s, e, expr = found[0]
        assert sentence[s:e] == text and expr.text == text and expr.kind == "absolute"
        r = resolve(expr, anchor=ANCHOR, published=PUB)
        assert (r.start, r.end, r.precision) == (D(2022, 3, day), D(2022, 3, day), "day")


# --- vague --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,published,expected", [
    ("the last few weeks", PUB_DAY, (D(2022, 2, 16), D(2022, 3, 16), "span")),
    ("in recent weeks", PUB_DAY, (D(2022, 2, 16), D(2022, 3, 16), "span")),
    ("the last few weeks", PUB, (D(2022, 3, 1), D(2022, 3, 31), "month")),
    ("this week", PUB_DAY, (D(2022, 3, 14), D(2022, 3, 16), "week")),
    ("this week", PUB, (D(2022, 3, 1), D(2022, 3, 31), "month")),
    ("last week", PUB_DAY, (D(2022, 3, 7), D(2022, 3, 13), "week")),
    ("earlier this month", PUB_DAY, (D(2022, 3, 1), D(2022, 3, 16), "span")),
    ("last month", PUB_DAY, (D(2022, 2, 1), D(2022, 2, 28), "month")),
    ("last month", PUB, (D(2022, 2, 1), D(2022, 2, 28), "month")),
    ("in early 2021", PUB, (D(2021, 1, 1), D(2021, 4, 30), "span")),
    ("in mid-2021", PUB, (D(2021, 5, 1), D(2021, 8, 31), "span")),
    ("in late 2021", PUB, (D(2021, 9, 1), D(2021, 12, 31), "span")),
    ("in early March", PUB, (D(2022, 3, 1), D(2022, 3, 10), "span")),
    ("yesterday", PUB_DAY, (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("today", PUB_DAY, (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("on Monday", PUB_DAY, (D(2022, 3, 14), D(2022, 3, 14), "day")),
    ("on Wednesday", PUB_DAY, (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("yesterday", PUB, (D(2022, 3, 1), D(2022, 3, 31), "month")),
])
def test_vague(text, published, expected):
    expr = parse_timex(text)
    assert expr is not None and expr.kind == "vague", text
    r = resolve(expr, anchor=ANCHOR, published=published)
    assert (r.start, r.end, r.precision) == expected
    if published is PUB and expected[2] == "month" and "month" not in text:
        assert r.note  # a day-level expression fell back to the publication month


def test_vague_without_publication_date():
    r = resolve(parse_timex("yesterday"), anchor=ANCHOR, published=None)
    assert (r.start, r.end) == (None, None) and r.note


@pytest.mark.parametrize("text", ["the weekly Al-Naba newsletter", "in less than a month", "97", "97 civilians",
                                  "they may 5 times", "march on the capital", "for two days", "Sun newspaper",
                                  "at least 20", "between 153 and 176"])
def test_not_timexes(text):
    assert find_timexes(text) == []


# --- the seed article ---------------------------------------------------------------------------

SEED = """Over the last few weeks, a series of massacres has left around 400 civilians dead.
Tuareg civilians have steadily reported on these massacres since they began on March 8.
Preceding the spate of massacres, the Islamic State assassinated an officer on March 1 in the town of Tamalat. Days later, the MSA responded by clashing with the Islamic State.
The MSA-GATIA alliance previously engaged in a similar conflict with the Islamic State in Mali's Menaka region in 2018.
The MSA reported additional clashes with the Islamic State in Tamalat a day later on March 9, before local media reported the two sides skirmishing in the town of Inchinanan between March 9 and 10. Clashes continued in the town over the next two days leaving at least 97 civilians killed.
That same day, the Islamic State entered the town of Anderanbokan.
In total, the Islamic State's men are responsible for the deaths of at least 385 to 415 civilians in less than a month.
The global jihadist group, in its weekly Al-Naba newsletter, officially commented on the events in its latest issue released this week.
For instance, in early 2021 the group murdered hundreds of civilians."""


def test_seed_article():
    found = [(SEED[s:e], x.kind) for s, e, x in find_timexes(SEED)]
    assert found == [
        ("Over the last few weeks", "vague"), ("on March 8", "absolute"), ("on March 1", "absolute"),
        ("Days later", "relative"), ("in 2018", "absolute"), ("a day later on March 9", "absolute"),
        ("between March 9 and 10", "span"), ("over the next two days", "relative"),
        ("That same day", "relative"), ("this week", "vague"), ("in early 2021", "vague"),
    ]
    for s, e, x in find_timexes(SEED):
        assert SEED[s:e] == x.text


# --- publication dates --------------------------------------------------------------------------


def test_parse_published():
    assert parse_published("2022-03-15") == PartialDate(year=2022, month=3, day=15)
    assert parse_published("2022-03") == PartialDate(year=2022, month=3)
    assert parse_published("2022") == PartialDate(year=2022)
    assert PartialDate.parse("2022-03") == PUB
    assert str(PUB) == "2022-03"
    assert published_range(PUB) == DateRange(start=D(2022, 3, 1), end=D(2022, 3, 31), precision="month")
    assert published_range(PUB_DAY).precision == "day"
    assert published_range(parse_published("2020")) == DateRange(start=D(2020, 1, 1), end=D(2020, 12, 31),
                                                                 precision="year")


@pytest.mark.parametrize("value,message", [("2022-13", "month 13"), ("March 2022", "not an ISO date"),
                                           ("2022-02-30", "day 30"), ("15/03/2022", "not an ISO date"),
                                           ("", "not an ISO date"), ("2022-3-5", "not an ISO date")])
def test_parse_published_errors(value, message):
    with pytest.raises(ValueError, match=message):
        parse_published(value)


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates)
def test_full_dates_resolve(d):
    for text in (f"on {d:%B} {d.day}, {d.year}", f"on {d.day} {d:%B} {d.year}", f"on {d.isoformat()}"):
        found = find_timexes(f"Militants attacked the village {text}, killing 5.")
        assert len(found) == 1, text
        r = resolve(found[0][2], anchor=None, published=None)
        assert (r.start, r.end, r.precision) == (d, d, "day")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.data())
def test_between_day_span(month, data):
    last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    a = data.draw(st.integers(1, last - 1))
    b = data.draw(st.integers(a + 1, last))
    name = D(2022, month, 1).strftime("%B")
    text = f"Clashes took place between {name} {a} and {b} near the town."
    found = find_timexes(text)
    assert len(found) == 1
    r = resolve(found[0][2], anchor=None, published=parse_published("2022-12-31"))
    assert (r.start, r.end, r.precision) == (D(2022, month, a), D(2022, month, b), "span")


@settings(max_examples=200, deadline=None)
@given(dates)
def test_parse_published_round_trips(d):
    p = parse_published(d.isoformat())
    assert str(p) == d.isoformat() and p.first == d == p.last
    assert published_range(p) == DateRange(start=d, end=d, precision="day")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    parse_timex(text)
    for s, e, expr in find_timexes(text):
        assert text[s:e] == expr.text
        resolve(expr, anchor=ANCHOR, published=PUB)
        resolve(expr, anchor=None, published=None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["on", "March", "May", "8", "31", "2022", "between", "and", "-", "a", "day",
                                 "later", "the", "next", "two", "days", "in", "early", "2021", "last", "week",
                                 "Monday", ",", "of", "December", "30", "to"]), max_size=12),
       st.sampled_from([None, PUB, PUB_DAY]), st.sampled_from([None, ANCHOR, SPAN_ANCHOR]))
def test_never_raises_on_date_soup(words, published, anchor):
    text = " ".join(words)
    prev = 0
    for s, e, expr in find_timexes(text):
        assert s >= prev and text[s:e] == expr.text
        prev = e
        r = resolve(expr, anchor=anchor, published=published)
        assert r.start is None or r.end is None or r.start <= r.end


# --- speed paths: same answers ------------------------------------------------------------------


def test_case_folding_hazards_are_all_known():
    """The candidate-position shortcut compares words lower-cased; the only non-ASCII characters that
    match an ASCII letter under re.IGNORECASE must make the text take the plain path."""
    import re

    from conflictwatch.timex import _FOLD_HAZARD

    chars = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    assert all(_FOLD_HAZARD.match(c) for c in set(re.findall("[a-z]", chars, re.IGNORECASE)))


def _plain_timexes(text, mp):
    from conflictwatch import timex

    mp.setattr(timex, "_runs", lambda text: None)
    mp.setattr(timex, "_found_cache", None)
    return find_timexes(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["on", "March", "MAY", "may", "8", "31", "2022", "between", "and", "-", "a", "day",
                                 "later", "the", "next", "two", "days", "in", "early", "2021", "last", "week",
                                 "Monday", ",", "of", "December", "30", "to", "within", "bathe", "Bacon",
                                 "thisthis", "x2022-03-08", "abc8", "Mar.", "on Sat.", "mid", "that", "night",
                                 "over the past few", "weeks", "yesterday", "_in", "8th"]), max_size=14),
       st.sampled_from([" ", "", "\n", ", "]))
def test_shortcut_equals_plain_scan(words, sep):
    from conflictwatch import timex

    text = sep.join(words)
    timex._found_cache = None
    fast = find_timexes(text)
    with pytest.MonkeyPatch.context() as mp:
        assert fast == _plain_timexes(text, mp)


@pytest.mark.parametrize("text", [
    "they bathe 8 March", "bathe 9 - 10 March", "within early 2021", "within the end of 2020", "within mid-March",
    "Bacon Monday", "Breakfast Monday", "gothis past Monday", "Bacon Sat. was", "x2022-03-08", "abc8 March 2022",
    "killed on March 8, 2022; a day later on March 9", "in the following days", "over the past few weeks",
])
def test_shortcut_equals_plain_scan_on_words_inside_words(text):
    from conflictwatch import timex

    timex._found_cache = None
    fast = find_timexes(text)
    with pytest.MonkeyPatch.context() as mp:
        assert fast == _plain_timexes(text, mp)


@pytest.mark.parametrize("text, uncertain", [
    ("days later", True), ("a few days later", True), ("several days earlier", True),
    ("over the next few days", False), ("in the days that followed", False), ("a day later", False),
])
def test_days_later_is_one_uncertain_day_not_a_duration(text, uncertain):
    r = resolve(parse_timex(text), anchor=ANCHOR, published=PUB)
    assert r.uncertain is uncertain


_END_PHRASES = ["depuis", "jusqu'au", "à partir du", "since", "as of", "'til", "l'âge de", "âgé d'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["depuis", "jusqu'au", "à", "partir", "du", "since", "as", "of", "x", "'til",
                                 "l'âge", "de", "âgé", "d'", "DEPUIS", "Since", "1", " ", "\n", ",", "ofx"]),
                max_size=10),
       st.sampled_from([" ", "", "  ", "\n"]), st.integers(0, 12), st.integers(0, 60))
def test_end_phrases_answer_as_the_regex(words, sep, pos, span):
    """EndPhrases (the phrases matched backwards) says what "(?:...)\\s*$" searched forwards says,
    in a window (pos, endpos) too, where the left boundary looks before the window."""
    from conflictwatch.timex import EndPhrases, _S

    text = sep.join(words)
    for left in (lambda p: p[:1].isalnum(), lambda p: p[:1].isalnum() or p[:1] == "'"):
        alts = [(r"(?<![\w])" if left(p) else "") + _S.join(re.escape(w) for w in p.split()) for p in _END_PHRASES]
        regex = re.compile(r"(?:" + "|".join(alts) + r")\s*$", re.IGNORECASE)
        ends = EndPhrases(_END_PHRASES, left=left)
        assert bool(ends.search(text)) == bool(regex.search(text))
        endpos = min(len(text), pos + span)
        assert bool(ends.search(text, pos, endpos)) == bool(regex.search(text, pos, endpos))


# --- numeric dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, day", [
    ("on 08/03/2022", D(2022, 3, 8)),       # day first, as most of the world writes it
    ("On 8/3/2022", D(2022, 3, 8)),
    ("on 3/13/2022", D(2022, 3, 13)),       # can only be month first
    ("on 08.03.2022", D(2022, 3, 8)),
    ("on 13/02", D(2022, 2, 13)),           # no year: after a date preposition, the publication's year
    ("on 8/3", D(2022, 3, 8)),
])
def test_numeric_dates(text, day):
    assert res(text) == (day, day, "day")


@pytest.mark.parametrize("text", ["took 3/4 of the land", "on 3/4 of the farms", "on 24/7 alert", "a 13/02 ratio",
                                  "on 31/02/2022", "1/2"])
def test_numbers_with_a_slash_that_are_no_dates(text):
    assert not [x[-1] for x in find_timexes(text) if x[-1].day is not None]


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2030))
@settings(max_examples=200, deadline=None)
def test_numeric_day_month_year_round_trip(day, month, year):
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        assert not [x for x in find_timexes(f"on {day}/{month}/{year} gunmen") if x[-1].day is not None]
        return
    found = [x[-1] for x in find_timexes(f"on {day}/{month}/{year} gunmen")]
    assert [(t.year, t.month, t.day) for t in found] == [(expected.year, expected.month, expected.day)]
