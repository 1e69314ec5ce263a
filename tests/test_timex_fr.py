"""French temporal expressions: find_timexes(text, lang="fr") / parse_timex(text, lang="fr") / resolve.

The French knowledge is data/fr/timex.yaml; resolution is the English one (relative expressions count
from the anchor's end, vague ones from the publication date, a missing year is inferred from it).
Nights: ACLED codes the day an event started, and a French night is named after the evening it begins:
"dans la nuit de vendredi à samedi" is the Friday, "dans la nuit du 8 au 9 mars" 8 March, unless the
text puts the event after midnight ("vers 2 h", "au petit matin").
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.timex import DateRange, PartialDate, find_timexes, parse_published, parse_timex, resolve

D = dt.date
PUB = parse_published("2022-03")                    # month only
PUB_DAY = parse_published("2022-03-16")             # a Wednesday
ANCHOR = DateRange(start=D(2022, 3, 10), end=D(2022, 3, 10), precision="day")
SPAN_ANCHOR = DateRange(start=D(2022, 3, 9), end=D(2022, 3, 10), precision="span")

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()


def res(text: str, *, anchor: DateRange | None = ANCHOR, published: PartialDate | None = PUB_DAY) -> tuple:
    expr = parse_timex(text, lang="fr")
    assert expr is not None, text
    r = resolve(expr, anchor=anchor, published=published)
    return r.start, r.end, r.precision


# --- absolute -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["le 8 mars", "8 mars", "le 8 mars 2022", "Le 8 mars", "le mardi 8 mars",
                                  "mardi 8 mars 2022", "le 08 mars", "8 MARS", "2022-03-08", "08/03/2022",
                                  "8.03.2022", "en date du 8 mars", "dans la journée du 8 mars"])
def test_absolute_days(text):
    assert res(text) == (D(2022, 3, 8), D(2022, 3, 8), "day")
    assert parse_timex(text, lang="fr").kind == "absolute"


def test_first_of_the_month():
    assert res("le 1er mars") == (D(2022, 3, 1), D(2022, 3, 1), "day")
    assert res("le 1ᵉʳ mars 2021") == (D(2021, 3, 1), D(2021, 3, 1), "day")


def test_months_and_years():
    assert res("en juin") == (D(2021, 6, 1), D(2021, 6, 30), "month")        # after publication: the year before
    assert res("en mars") == (D(2022, 3, 1), D(2022, 3, 31), "month")
    assert res("en juin 2022") == (D(2022, 6, 1), D(2022, 6, 30), "month")
    assert res("juin 2022") == (D(2022, 6, 1), D(2022, 6, 30), "month")
    assert res("au mois d'avril", published=PUB) == (D(2021, 4, 1), D(2021, 4, 30), "month")
    assert res("au mois d’avril 2022") == (D(2022, 4, 1), D(2022, 4, 30), "month")
    assert res("en 2015") == (D(2015, 1, 1), D(2015, 12, 31), "year")


def test_year_inference():
    assert res("le 20 mars") == (D(2021, 3, 20), D(2021, 3, 20), "day")     # after the publication day
    assert res("le 16 mars") == (D(2022, 3, 16), D(2022, 3, 16), "day")
    assert res("le 5 décembre", published=PUB) == (D(2021, 12, 5), D(2021, 12, 5), "day")
    r = resolve(parse_timex("le 8 mars", lang="fr"), anchor=None, published=None)
    assert (r.start, r.note) == (None, "year unknown")


@pytest.mark.parametrize("text", ["2015", "juin", "depuis 2015", "depuis juin", "depuis le 4 juin",
                                  "depuis le début de l'année", "depuis le début de l’année 2021", "jusqu'en 2015",
                                  "jusqu'au 10 mars", "à partir du 4 juin", "depuis mardi", "le 4", "sept soldats",
                                  "en mars 15", "mai 68 est loin", "4 sept soldats"])
def test_not_an_event_date(text):
    """A year or a month alone, and whatever opens or closes a period, date no event."""
    found = find_timexes(text, lang="fr")
    assert all(text[s:e] not in (text, text.strip()) for s, e, _ in found), found
    assert parse_timex(text, lang="fr") is None


def test_a_count_after_a_month():
    text = "en mars 15 personnes ont été tuées"
    assert [text[s:e] for s, e, _ in find_timexes(text, lang="fr")] == ["en mars"]


# --- spans --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["les 9 et 10 mars", "du 9 au 10 mars", "entre le 9 et le 10 mars", "9-10 mars",
                                  "9 et 10 mars", "entre le 9 et le 10 mars 2022", "du mercredi 9 au jeudi 10 mars",
                                  "du 9 mars au 10 mars"])
def test_spans(text):
    assert res(text) == (D(2022, 3, 9), D(2022, 3, 10), "span")
    assert parse_timex(text, lang="fr").kind == "span"


def test_span_across_months():
    pub = parse_published("2022-04-05")
    assert res("du 30 mars au 2 avril", published=pub) == (D(2022, 3, 30), D(2022, 4, 2), "span")
    assert res("entre le 30 mars et le 2 avril", published=pub) == (D(2022, 3, 30), D(2022, 4, 2), "span")


# --- nights ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,day", [
    ("dans la nuit du 8 au 9 mars", D(2022, 3, 8)),
    ("dans la nuit du 8 au 9 mars 2022", D(2022, 3, 8)),
    ("Dans la nuit du 8 au 9 mars", D(2022, 3, 8)),
    ("la nuit du 28 février au 1er mars", D(2022, 2, 28)),
    ("dans la nuit du 28 au 1er mars", D(2022, 2, 28)),
    ("dans la nuit du 8 mars", D(2022, 3, 8)),
    ("dans la nuit du mardi 8 au mercredi 9 mars", D(2022, 3, 8)),
    ("dans la nuit du mardi au mercredi 9 mars", D(2022, 3, 8)),
    ("dans la nuit du 31 décembre 2021 au 1er janvier 2022", D(2021, 12, 31)),
    # after midnight: the second day
    ("dans la nuit du 8 au 9 mars, vers 2 h", D(2022, 3, 9)),
    ("dans la nuit du 8 au 9 mars au petit matin", D(2022, 3, 9)),
    ("dans la nuit du mardi au mercredi 9 mars, vers 3 heures du matin", D(2022, 3, 9)),
    # before midnight: the first
    ("dans la nuit du 8 au 9 mars, vers 23 h", D(2022, 3, 8)),
])
def test_nights_of_dates_are_the_day_they_began(text, day):
    assert res(text) == (day, day, "day")


@pytest.mark.parametrize("text,day", [
    ("dans la nuit de vendredi à samedi", D(2022, 3, 11)),      # the Friday before the Wednesday 16th
    ("dans la nuit du vendredi au samedi", D(2022, 3, 11)),
    ("la nuit de dimanche à lundi", D(2022, 3, 13)),
    ("dans la nuit de mardi", D(2022, 3, 15)),
    ("dans la nuit de vendredi à samedi derniers", D(2022, 3, 11)),
    ("dans la nuit de vendredi à samedi, vers 2 h du matin", D(2022, 3, 12)),
    ("dans la nuit de vendredi à samedi, peu après minuit", D(2022, 3, 12)),
    ("dans la nuit de vendredi à samedi, vers 22 h", D(2022, 3, 11)),
])
def test_nights_of_weekdays_are_the_day_they_began(text, day):
    assert res(text) == (day, day, "day")


# --- relative -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,start,end,precision", [
    ("la veille", D(2022, 3, 9), D(2022, 3, 9), "day"),
    ("La veille au soir", D(2022, 3, 9), D(2022, 3, 9), "day"),
    ("le lendemain", D(2022, 3, 11), D(2022, 3, 11), "day"),
    ("Le lendemain matin", D(2022, 3, 11), D(2022, 3, 11), "day"),
    ("le surlendemain", D(2022, 3, 12), D(2022, 3, 12), "day"),
    ("l'avant-veille", D(2022, 3, 8), D(2022, 3, 8), "day"),
    ("deux jours plus tard", D(2022, 3, 12), D(2022, 3, 12), "day"),
    ("trois jours après", D(2022, 3, 13), D(2022, 3, 13), "day"),
    ("2 jours plus tard", D(2022, 3, 12), D(2022, 3, 12), "day"),
    ("deux jours auparavant", D(2022, 3, 8), D(2022, 3, 8), "day"),
    ("une semaine plus tard", D(2022, 3, 17), D(2022, 3, 17), "week"),
    ("le même jour", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("le jour même", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("ce jour-là", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("quelques heures plus tard", D(2022, 3, 10), D(2022, 3, 10), "day"),
    ("quelques jours plus tard", D(2022, 3, 12), D(2022, 3, 17), "span"),
    ("au cours des deux jours suivants", D(2022, 3, 11), D(2022, 3, 12), "span"),
    ("les trois jours suivants", D(2022, 3, 11), D(2022, 3, 13), "span"),
    ("la semaine suivante", D(2022, 3, 17), D(2022, 3, 17), "week"),
])
def test_relative(text, start, end, precision):
    assert res(text) == (start, end, precision)
    assert parse_timex(text, lang="fr").kind == "relative"


def test_relative_counts_from_the_end_of_a_span_anchor():
    assert res("le lendemain", anchor=SPAN_ANCHOR) == (D(2022, 3, 11), D(2022, 3, 11), "day")
    assert res("la veille", anchor=SPAN_ANCHOR) == (D(2022, 3, 9), D(2022, 3, 9), "day")


def test_relative_followed_by_a_date_is_one_absolute_span():
    text = "Le lendemain, le 11 mars, les assaillants sont revenus."
    (s, e, expr), = find_timexes(text, lang="fr")
    assert text[s:e] == "Le lendemain, le 11 mars" and expr.kind == "absolute"


# --- vague --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("hier", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("hier soir", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("la nuit dernière", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("avant-hier", (D(2022, 3, 14), D(2022, 3, 14), "day")),
    ("aujourd'hui", (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("aujourd’hui", (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("ce matin", (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("cette semaine", (D(2022, 3, 14), D(2022, 3, 16), "week")),
    ("la semaine dernière", (D(2022, 3, 7), D(2022, 3, 13), "week")),
    ("le mois dernier", (D(2022, 2, 1), D(2022, 2, 28), "month")),
    ("l'an dernier", (D(2021, 1, 1), D(2021, 12, 31), "year")),
    ("ces derniers jours", (D(2022, 3, 9), D(2022, 3, 16), "span")),
    ("ces dernières semaines", (D(2022, 2, 16), D(2022, 3, 16), "span")),
    ("mardi", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("mardi dernier", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("ce mardi", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("Mardi soir", (D(2022, 3, 15), D(2022, 3, 15), "day")),
    ("mercredi", (D(2022, 3, 16), D(2022, 3, 16), "day")),
    ("dimanche", (D(2022, 3, 13), D(2022, 3, 13), "day")),
    ("début 2021", (D(2021, 1, 1), D(2021, 4, 30), "span")),
    ("mi-2021", (D(2021, 5, 1), D(2021, 8, 31), "span")),
    ("fin 2021", (D(2021, 9, 1), D(2021, 12, 31), "span")),
    ("au début de l'année 2021", (D(2021, 1, 1), D(2021, 4, 30), "span")),
    ("début mars", (D(2022, 3, 1), D(2022, 3, 10), "span")),
    ("mi-mars", (D(2022, 3, 11), D(2022, 3, 20), "span")),
    ("à la mi-mars", (D(2022, 3, 11), D(2022, 3, 20), "span")),
    ("fin février", (D(2022, 2, 21), D(2022, 2, 28), "span")),
    ("à la fin du mois de février", (D(2022, 2, 21), D(2022, 2, 28), "span")),
])
def test_vague(text, expected):
    expr = parse_timex(text, lang="fr")
    assert expr is not None and expr.kind == "vague", text
    r = resolve(expr, anchor=ANCHOR, published=PUB_DAY)
    assert (r.start, r.end, r.precision) == expected


def test_vague_with_a_month_only_publication_date():
    r = resolve(parse_timex("hier", lang="fr"), anchor=ANCHOR, published=PUB)
    assert (r.start, r.end, r.precision) == (D(2022, 3, 1), D(2022, 3, 31), "month") and r.note


# --- a French report ------------------------------------------------------------------------------

REPORT = ("Au moins 132 personnes ont été tuées dans la nuit de vendredi à samedi dans le village de Solhan. "
          "La veille, une patrouille avait été attaquée. Le lendemain, le gouvernement a décrété un deuil national "
          "de 72 heures. Les 9 et 10 mars, de nouvelles attaques ont été signalées; deux jours plus tard, "
          "l'armée est revenue. Depuis 2015, les attaques ont fait des milliers de morts. "
          "Mardi dernier, une trentaine de civils avaient fui, et en juin 2021 le village avait déjà été visé.")


def test_a_report():
    got = [(REPORT[s:e], x.kind) for s, e, x in find_timexes(REPORT, lang="fr")]
    assert got == [("dans la nuit de vendredi à samedi", "vague"), ("La veille", "relative"),
                   ("Le lendemain", "relative"), ("Les 9 et 10 mars", "span"), ("deux jours plus tard", "relative"),
                   ("Mardi dernier", "vague"), ("en juin 2021", "absolute")]
    for s, e, x in find_timexes(REPORT, lang="fr"):
        assert REPORT[s:e] == x.text


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates, st.booleans(), st.booleans())
def test_full_dates_resolve(d, weekday, first):
    day = "1er" if first and d.day == 1 else str(d.day)
    wd = f"{DAYS[d.weekday()]} " if weekday else ""
    for text in (f"le {wd}{day} {MONTHS[d.month - 1]} {d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}"):
        found = find_timexes(f"Des hommes armés ont attaqué le village {text}, tuant 5 civils.", lang="fr")
        assert len(found) == 1, text
        r = resolve(found[0][2], anchor=None, published=None)
        assert (r.start, r.end, r.precision) == (d, d, "day"), text


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.data(), st.sampled_from(["les {a} et {b}", "du {a} au {b}", "entre le {a} et le {b}"]))
def test_day_spans(month, data, form):
    last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    a = data.draw(st.integers(1, last - 1))
    b = data.draw(st.integers(a + 1, last))
    text = f"Des combats ont eu lieu {form.format(a=a, b=b)} {MONTHS[month - 1]} près de la ville."
    (s, e, expr), = find_timexes(text, lang="fr")
    r = resolve(expr, anchor=None, published=parse_published("2022-12-31"))
    assert (r.start, r.end, r.precision) == (D(2022, month, a), D(2022, month, b), "span")


@settings(max_examples=200, deadline=None)
@given(dates.filter(lambda d: d.year < 2099))
def test_night_is_its_first_day(d):
    nxt = d + dt.timedelta(days=1)
    text = (f"L'attaque a eu lieu dans la nuit du {d.day} {MONTHS[d.month - 1]} {d.year} au {nxt.day} "
            f"{MONTHS[nxt.month - 1]} {nxt.year}.")
    (s, e, expr), = find_timexes(text, lang="fr")
    r = resolve(expr, anchor=None, published=None)
    assert (r.start, r.end) == (d, d)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 6), dates.filter(lambda d: d.year < 2099))
def test_weekdays_are_on_or_before_publication(wd, pub):
    published = PartialDate(year=pub.year, month=pub.month, day=pub.day)
    for text in (DAYS[wd], f"{DAYS[wd]} dernier", f"dans la nuit de {DAYS[wd]} à {DAYS[(wd + 1) % 7]}"):
        r = resolve(parse_timex(text, lang="fr"), anchor=None, published=published)
        assert r.start == r.end and r.start.weekday() == wd and 0 <= (pub - r.start).days < 7


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    parse_timex(text, lang="fr")
    for s, e, expr in find_timexes(text, lang="fr"):
        assert text[s:e] == expr.text
        resolve(expr, anchor=ANCHOR, published=PUB)
        resolve(expr, anchor=None, published=None)


_SOUP = ["le", "la", "les", "du", "au", "8", "31", "1er", "2022", "juin", "mars", "Mai", "entre", "et", "-", "nuit",
         "dans", "de", "à", "vendredi", "samedi", "mardi", "dernier", "veille", "lendemain", "deux", "jours", "plus",
         "tard", "hier", "aujourd'hui", "aujourd’hui", "cette", "semaine", "depuis", "début", "mi", "fin", "2021",
         "en", "vers", "2", "h", "petit matin", "ces", "derniers", ",", "14/06/2022", "sept.", "ce", "soir", "l'an"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), max_size=14), st.sampled_from([" ", "", "\n", ", "]),
       st.sampled_from([None, PUB, PUB_DAY]), st.sampled_from([None, ANCHOR, SPAN_ANCHOR]))
def test_soup_never_raises_and_shortcut_equals_plain_scan(words, sep, published, anchor):
    from conflictwatch import timex

    text = sep.join(words)
    timex._found_cache = None
    fast = find_timexes(text, lang="fr")
    prev = 0
    for s, e, expr in fast:
        assert s >= prev and text[s:e] == expr.text
        prev = e
        r = resolve(expr, anchor=anchor, published=published)
        assert r.start is None or r.end is None or r.start <= r.end
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timex, "_runs", lambda text: None)
        mp.setattr(timex, "_found_cache", None)
        assert find_timexes(text, lang="fr") == fast


# --- languages ----------------------------------------------------------------------------------


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unsupported language 'xx'.*supported languages are en, fr"):
        find_timexes("le 4 juin", lang="xx")
    with pytest.raises(ValueError, match="supported languages are en, fr"):
        parse_timex("le 4 juin", lang="es")


def test_english_is_untouched_by_the_language_setting():
    from .test_timex import SEED

    for text in (SEED, "a day later on March 9", "between March 9 and 10", "on Monday", "march on the capital",
                 "in early 2021", "Bacon Monday", "gothis past Monday"):
        assert find_timexes(text) == find_timexes(text, lang="en")
        assert parse_timex(text) == parse_timex(text, lang="en")
    # and French words mean nothing to the English grammar
    assert find_timexes("le lendemain, le 4 juin") == []


def test_the_last_answer_is_kept_per_language():
    text = "le 4 juin 2022, 12 morts"
    fr = find_timexes(text, lang="fr")
    assert len(fr) == 1
    assert find_timexes(text) == []                                            # English: no date here
    assert find_timexes(text, lang="fr") == fr


def test_patterns_are_tried_only_near_what_they_need():
    """A date pattern whose matches all hold a month, a weekday or digits is tried only where one
    comes within NEED_REACH runs: a report's many "le", "la", "du" far from any date try nothing."""
    from conflictwatch.timex import NEED_REACH, _candidates, _grammar

    g = _grammar("fr")
    needing = [i for i, need in enumerate(g.starts.needs) if need is not None]
    assert len(needing) >= 10
    filler = " ".join(["le chef de la commune a parlé à la radio du village"] * 3)
    assert all(_candidates(filler, g.starts)[i] == [] for i in needing)
    text = filler + " Le 8 juin, des hommes armés ont attaqué le village."
    tried = _candidates(text, g.starts)
    near = text.index("Le 8 juin")
    assert any(near in tried[i] for i in needing)  # "Le 8 juin" is tried
    # the filler's first ten words lie more than NEED_REACH runs before the date: none is tried
    assert all(c >= text.index("village") for i in needing for c in tried[i])
    assert [s for s, e, _ in find_timexes(text, lang="fr")] == [near]
    assert NEED_REACH >= 12
