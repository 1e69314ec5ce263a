from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.models import Quantity
from conflictwatch.numbers import find_quantities, parse_quantity

# --- an independent English number writer for the property tests ---------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_100(n: int, hyphen: bool) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (("-" if hyphen else " ") + _ONES[ones] if ones else "")


def _below_1000(n: int, hyphen: bool, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _below_100(rest, hyphen)
    head = f"{_ONES[hundreds]} hundred"
    return head if not rest else f"{head}{' and' if use_and else ''} {_below_100(rest, hyphen)}"


def english(n: int, hyphen: bool = True, use_and: bool = True) -> str:
    """0..999999 in English words: 'two hundred and fifty', 'nine hundred ninety-nine thousand ...'."""
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _below_1000(rest, hyphen, use_and)
    head = f"{_below_1000(thousands, hyphen, use_and)} thousand"
    if not rest:
        return head
    glue = " and" if use_and and rest < 100 else ""
    return f"{head}{glue} {_below_1000(rest, hyphen, use_and)}"


def q(text: str) -> tuple:
    r = parse_quantity(text)
    assert r is not None, text
    return r.low, r.high, r.qualifier, r.additive, r.vague


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_quantities(text)]


# --- parse_quantity ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("97", 97), ("1,200", 1200), ("1 200", 1200), ("12,000", 12000), ("eight", 8), ("Eight", 8),
    ("twenty-five", 25), ("twenty five", 25), ("two hundred and fifty", 250), ("a dozen", 12),
    ("a hundred", 100), ("two dozen", 24), ("half a dozen", 6), ("one hundred and one", 101),
    ("a thousand", 1000), ("zero", 0), ("1.5 million", 1_500_000), ("5 thousand", 5000),
])
def test_single_figures(text, value):
    assert q(text) == (value, value, "exact", False, False)


@pytest.mark.parametrize("text", ["between 153 and 176", "153 to 176", "153-176", "153–176", "153 – 176",
                                  "from 153 to 176", "between one hundred fifty-three and 176"])
def test_ranges(text):
    assert q(text) == (153, 176, "exact", False, False)


def test_or_range_is_approximate():
    assert q("two or three") == (2, 3, "about", False, False)
    assert q("170 or even 200") == (170, 200, "exact", False, False)  # both ends given


@pytest.mark.parametrize("text", ["at least 97", "no fewer than 97", "a minimum of 97", "more than 97",
                                  "over 97", "no less than 97", "upwards of 97", "97 or more", "97+",
                                  "in excess of 97"])
def test_at_least_keeps_the_stated_figure(text):
    assert q(text) == (97, 97, "at_least", False, False)


@pytest.mark.parametrize("text", ["around 12", "about 12", "approximately 12", "some 12", "nearly 12",
                                  "almost 12", "roughly 12", "an estimated 12", "12 or so", "close to 12"])
def test_about(text):
    assert q(text) == (12, 12, "about", False, False)


@pytest.mark.parametrize("text", ["up to 30", "as many as 30", "at most 30", "no more than 30"])
def test_up_to_never_invents_a_low_bound(text):
    assert q(text) == (None, 30, "about", False, False)


@pytest.mark.parametrize("text,value", [("tens", 10), ("dozens", 12), ("scores", 20), ("hundreds", 100),
                                        ("thousands", 1000), ("tens of thousands", 10_000),
                                        ("hundreds of thousands", 100_000), ("several dozen", 12),
                                        ("a few hundred", 100), ("several", 3), ("a few", 2), ("Dozens", 12)])
def test_vague_words_follow_acled(text, value):
    assert q(text) == (value, value, "at_least", False, True)


@pytest.mark.parametrize("text", ["many", "numerous", "countless"])
def test_vague_words_without_a_number(text):
    assert q(text) == (None, None, "unknown", False, True)


def test_qualified_vague():
    assert q("about dozens") == (12, 12, "about", False, True)
    assert q("more than a dozen") == (12, 12, "at_least", False, False)


@pytest.mark.parametrize("text,expected", [
    ("another 20", (20, 20, "exact", True, False)),
    ("a further 20", (20, 20, "exact", True, False)),
    ("an additional 20", (20, 20, "exact", True, False)),
    ("an additional two", (2, 2, "exact", True, False)),
    ("at least another 35 to 42", (35, 42, "at_least", True, False)),
    ("at least another 80", (80, 80, "at_least", True, False)),
    ("another dozens", (12, 12, "at_least", True, True)),
])
def test_additive(text, expected):
    assert q(text) == expected


def test_text_is_kept():
    assert parse_quantity("  at least 97 ").text == "at least 97"
    assert isinstance(parse_quantity("97"), Quantity)


@pytest.mark.parametrize("text", ["2021", "in 2018", "between 2018 and 2020", "40%", "40 percent", "3rd", "first",
                                  "$5 million", "2.5", "10:30", "a", "an", "hundred", "March 8", "", "people",
                                  "97 people", "5 km", "two days", "a couple", "one two", "dozen"])
def test_not_quantities(text):
    assert parse_quantity(text) is None


def test_years_with_a_cue_are_counts():
    assert q("at least 2000") == (2000, 2000, "at_least", False, False)
    assert q("2,000") == (2000, 2000, "exact", False, False)


# --- find_quantities ----------------------------------------------------------------------------

SEED = (
    "In retaliation, between 153 and 176 people, mainly civilians, were murdered by Islamic State militants "
    "in Tamalat on March 8. The MSA reported additional clashes with the Islamic State in Tamalat a day later "
    "on March 9, before local media reported the two sides skirmishing in the town of Inchinanan between "
    "March 9 and 10. Clashes continued in the town over the next two days leaving at least 97 civilians "
    "killed according to local activists. According to the MSA, the Islamic State lost around 12 of its "
    "fighters in clashes in the town. That same day, the Islamic State entered the town of Anderanbokan, "
    "burning the local market, and killing at least another 35 to 42 civilians. Two other massacres committed "
    "by the Islamic State on March 15 left another 20 civilians dead, while the MSA and GATIA clashed with the "
    "Islamic State twice between March 16 and March 17 killing at least 20 jihadists."
)


def test_seed_paragraph():
    found = find_quantities(SEED)
    for s, e, qty in found:
        assert SEED[s:e] == qty.text
    got = [(SEED[s:e], qty.low, qty.high, qty.qualifier, qty.additive) for s, e, qty in found]
    assert got == [
        ("between 153 and 176", 153, 176, "exact", False),
        ("two", 2, 2, "exact", False),
        ("at least 97", 97, 97, "at_least", False),
        ("around 12", 12, 12, "about", False),
        ("at least another 35 to 42", 35, 42, "at_least", True),
        ("Two", 2, 2, "exact", False),
        ("another 20", 20, 20, "exact", True),
        ("at least 20", 20, 20, "at_least", False),
    ]


@pytest.mark.parametrize("text,expected", [
    ("Clashes on March 9 and 10 killed 5.", ["5"]),
    ("between March 16 and March 17 killing 20", ["20"]),
    ("On 8 March 2022, 12 people died.", ["12"]),
    ("Attacks in 2018 and 2021 killed 7.", ["7"]),
    ("2022-03-08: 4 dead", ["4"]),
    ("40% of the 1,200 residents fled", ["1,200"]),
    ("The $5 million deal", []),
    ("A 25-year-old man died after a two-day siege", []),
    ("at 10:30 am, 3 soldiers died", ["3"]),
    ("He was the 3rd victim; no one else died", []),
    ("one of the deadliest attacks; one person was killed", ["one"]),
    ("the attack killed an officer and a soldier", []),
    ("killed over two days", []),
    ("the 15-member delegation", []),
    ("dozens of civilians and scores of soldiers", ["dozens", "scores"]),
    ("50-odd fighters and 100+ civilians", ["50-odd", "100+"]),
    ("a couple of soldiers; a couple in love", ["a couple"]),
    ("about 3 to 5 people", ["about 3 to 5"]),
    ("Some 2,000 people; 2000 people", ["Some 2,000"]),
    ("two days later, eight were killed", ["eight"]),
    ("In early 2021 the group murdered hundreds of civilians", ["hundreds"]),
    ("No. 5 battalion lost 6 men", ["6"]),
    ("aged between 15 and 20, 4 men died", ["4"]),
    ("5 to 10 km away, 4 died", ["4"]),
])
def test_find_in_sentences(text, expected):
    assert spans(text) == expected


def test_non_overlapping_and_ordered():
    text = "at least 20, another 35 to 42 and dozens more; between 1 and 2"
    found = find_quantities(text)
    assert [text[s:e] for s, e, _ in found] == ["at least 20", "another 35 to 42", "dozens", "between 1 and 2"]
    for (s1, e1, _), (s2, e2, _) in zip(found, found[1:]):
        assert e1 <= s2


# --- properties -----------------------------------------------------------------------------------

ints = st.integers(min_value=0, max_value=10**7)


def _not_both_years(a: int, b: int) -> bool:
    return not (1900 <= a <= 2099 and 1900 <= b <= 2099)


@settings(max_examples=150, deadline=None)
@given(st.tuples(ints, ints).map(sorted).filter(lambda ab: _not_both_years(*ab)))
def test_between_round_trips(ab):
    a, b = ab
    assert q(f"between {a} and {b}") == (a, b, "exact", False, False)
    assert q(f"between {a:,} and {b:,}") == (a, b, "exact", False, False)


@settings(max_examples=150, deadline=None)
@given(ints)
def test_at_least_round_trips(a):
    assert q(f"at least {a}") == (a, a, "at_least", False, False)
    assert q(f"at least another {a:,}") == (a, a, "at_least", True, False)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans())
def test_word_numbers_round_trip(n, hyphen, use_and):
    words = english(n, hyphen, use_and)
    assert q(words)[:2] == (n, n), words


def test_word_numbers_exhaustive_below_1000():
    for n in range(1000):
        assert q(english(n))[:2] == (n, n)


TEMPLATES = [
    "Gunmen killed {} civilians in the village of Tamalat.",
    "{} soldiers died when their convoy hit a mine on Tuesday.",
    "The attack on March 8 left {} people dead, officials said.",
    "According to local activists, {} were killed in 2021 clashes.",
    "Militants ambushed the patrol, killing {} of its members.",
]


def _forms(n: int) -> list[str]:
    forms = [f"{n:,}", english(n), f"at least {n}", f"around {n:,}", f"another {english(n)}"]
    if not 1900 <= n <= 2099:
        forms.append(str(n))
    return forms


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.sampled_from(TEMPLATES), st.data())
def test_find_returns_the_inserted_span(n, template, data):
    expr = data.draw(st.sampled_from(_forms(n)))
    if template.startswith("{}"):
        expr = expr[:1].upper() + expr[1:]
    text = template.format(expr)
    start = template.index("{}")
    found = find_quantities(text)
    assert [(s, e) for s, e, _ in found] == [(start, start + len(expr))], (text, found)
    assert found[0][2].low == n


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    parse_quantity(text)
    for s, e, qty in find_quantities(text):
        assert 0 <= s < e <= len(text) and text[s:e] == qty.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["killed", "at least", "another", "between", "and", "to", "12", "1,200",
                                 "dozens", "March", "8", "2018", "in", "two", "hundred", "-", "%", "one",
                                 "a", "few", "days", "later", "$", "or", "more", " ", ","]), max_size=14))
def test_never_raises_on_number_soup(words):
    text = " ".join(words)
    parse_quantity(text)
    prev_end = 0
    for s, e, qty in find_quantities(text):
        assert text[s:e] == qty.text and s >= prev_end
        prev_end = e
        assert qty.low is None or qty.high is None or qty.low <= qty.high


@pytest.mark.parametrize("text,span,qualifier", [
    ("they handed over 5 prisoners", "5", "exact"),
    ("militants took over 3 villages", "3", "exact"),
    ("the attack killed over 50 people", "over 50", "at_least"),
    ("officials said about 30 died", "about 30", "about"),
    ("they talked about 3 attacks", "3", "exact"),
])
def test_cue_words_that_are_particles(text, span, qualifier):
    (s, e, qty), = find_quantities(text)
    assert (text[s:e], qty.qualifier) == (span, qualifier)


# --- speed paths: same answers ------------------------------------------------------------------

_LONG = ("Over the last few weeks, at least 97 civilians were killed. On March 8, 2022, between 153 and 176 "
         "people died; a day later another 20 were wounded and two days later some 1,200 fled. In early 2021 "
         "dozens of attackers took over 3 villages within days, killing twenty-five on 9 March. ")


@pytest.mark.parametrize("text", [
    "On March 8 at least 97 civilians were killed; a day later another 20 died.",
    "Between March 9 and 10, between 153 and 176 people were killed in two attacks.",
    "Two days later, gunmen killed 35-42 villagers and abducted dozens of women on Monday.",
    "In early 2021 some 1,200 people fled; 2018 was worse, with 12,000 displaced over 3 weeks.",
    _LONG * 5,
])
def test_blocked_timexes_give_the_same_counts(text):
    from conflictwatch.timex import find_timexes

    blocked = [(s, e) for s, e, _ in find_timexes(text)]
    assert find_quantities(text, blocked=blocked) == find_quantities(text)


def _plain_quantities(text, monkeypatch):
    """find_quantities with the candidate-position shortcut switched off (plain regex search)."""
    from conflictwatch import timex

    with monkeypatch.context() as mp:
        mp.setattr(timex, "_runs", lambda text: None)
        mp.setattr(timex, "_runs_cache", None)
        mp.setattr(timex, "_found_cache", None)
        return find_quantities(text)


@pytest.mark.parametrize("text", [_LONG * 3, _LONG.upper(), _LONG.lower(), "x2022-03-04 abc8 March 8March 5some"])
def test_shortcut_equals_plain_search(text, monkeypatch):
    assert find_quantities(text) == _plain_quantities(text, monkeypatch)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["killed", "at least", "another", "between", "and", "to", "12", "1,200",
                                 "dozens", "March", "8", "2018", "in", "two", "hundred", "-", "%", "one",
                                 "A", "few", "days", "later", "$", "or", "more", "over", "Half-a-dozen",
                                 "x5", "5x", "_", "Some", "twenty-four", "a couple", "of", "a", "dozen", "an",
                                 "number", "thousand", "half a dozen", "handful", "the"]), max_size=14),
       st.sampled_from([" ", "", ", ", "\n"]))
def test_shortcut_equals_plain_search_on_soup(words, sep):
    text = sep.join(words)
    with pytest.MonkeyPatch.context() as mp:
        assert find_quantities(text) == _plain_quantities(text, mp)
