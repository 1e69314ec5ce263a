"""French count expressions: find_quantities(text, lang="fr") / parse_quantity(text, lang="fr").

The French knowledge is data/fr/numbers.yaml; the conventions are the English ones (ACLED: the most
conservative figure the words support). Also: English behaviour is untouched by the language setting.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.numbers import find_quantities, parse_quantity

# --- an independent French number writer for the property tests ---------------------------------
# Traditional spelling (Académie): hyphens below 100 except around "et", "et" only in 21..71
# ("vingt et un", "soixante et onze", but "quatre-vingt-un"), "vingts"/"cents" plural only at the
# end of the number, "mille" invariable. The 1990 reform joins every word with hyphens.

_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
          "dix-sept dix-huit dix-neuf").split()
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int, final: bool) -> list[str]:
    if n < 20:
        return [_UNITS[n]]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix..., quatre-vingt-dix...
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = 10 + unit
        if tens == 7 and unit == 1:
            return [base, "et", "onze"]
        return [f"{base}-{_UNITS[rest]}"]
    base = _TENS.get(tens, "quatre-vingt")
    if unit == 0:
        return [base + ("s" if tens == 8 and final else "")]
    if unit == 1 and tens != 8:
        return [base, "et", "un"]
    return [f"{base}-{_UNITS[unit]}"]


def _below_1000(n: int, final: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds:
        plural = hundreds > 1 and rest == 0 and final
        words = ([] if hundreds == 1 else [_UNITS[hundreds]]) + ["cents" if plural else "cent"]
    if rest or not hundreds:
        words += _below_100(rest, final)
    return words


def french(n: int, reform: bool = False) -> str:
    """0..999999 in French words: 'cent cinquante-trois', 'quatre-vingt-dix-sept mille deux cents'."""
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        words = ([] if thousands == 1 else _below_1000(thousands, final=False)) + ["mille"]
    if rest or not thousands:
        words += _below_1000(rest, final=True)
    return "-".join(words) if reform else " ".join(words)


def test_the_writer():
    assert french(97) == "quatre-vingt-dix-sept"
    assert french(153) == "cent cinquante-trois"
    assert french(200) == "deux cents"
    assert french(21) == "vingt et un"
    assert french(71) == "soixante et onze"
    assert french(80) == "quatre-vingts"
    assert french(81) == "quatre-vingt-un"
    assert french(1000) == "mille"
    assert french(80_000) == "quatre-vingt mille"
    assert french(200_300) == "deux cent mille trois cents"
    assert french(1_221, reform=True) == "mille-deux-cent-vingt-et-un"


def q(text: str) -> tuple:
    r = parse_quantity(text, lang="fr")
    assert r is not None, text
    return r.low, r.high, r.qualifier, r.additive, r.vague


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_quantities(text, lang="fr")]


# --- parse_quantity -----------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("97", 97), ("1 200", 1200), ("1\u00a0200", 1200), ("1\u202f200", 1200), ("1.200", 1200),
    ("12 000", 12_000), ("1 200 000", 1_200_000), ("cent cinquante-trois", 153),
    ("quatre-vingt-dix-sept", 97), ("deux cents", 200), ("mille", 1000), ("vingt et un", 21),
    ("vingt-et-un", 21), ("soixante et onze", 71), ("quatre-vingts", 80), ("quatre-vingt-un", 81),
    ("cent", 100), ("cent un", 101), ("deux mille", 2000), ("mille deux cents", 1200),
    ("un million", 1_000_000), ("deux millions", 2_000_000), ("1,5 million", 1_500_000),
    ("2 millions", 2_000_000), ("Trois", 3), ("une demi-douzaine", 6), ("onze", 11),
])
def test_single_figures(text, value):
    assert q(text) == (value, value, "exact", False, False)


@pytest.mark.parametrize("text", ["entre 153 et 176", "153 à 176", "153-176", "153–176", "de 153 à 176",
                                  "entre cent cinquante-trois et cent soixante-seize"])
def test_ranges(text):
    assert q(text) == (153, 176, "exact", False, False)


@pytest.mark.parametrize("text", ["170, voire 200", "170 voire 200", "170 ou même 200"])
def test_or_even_keeps_both_ends(text):
    assert q(text) == (170, 200, "exact", False, False)


def test_or_range_is_approximate():
    assert q("deux ou trois") == (2, 3, "about", False, False)
    assert q("un ou deux") == (1, 2, "about", False, False)


@pytest.mark.parametrize("text", ["au moins 97", "au minimum 97", "plus de 97", "pas moins de 97",
                                  "97 ou plus", "97 et plus", "97+", "Au moins 97", "bien plus de 97"])
def test_at_least_keeps_the_stated_figure(text):
    assert q(text) == (97, 97, "at_least", False, False)


@pytest.mark.parametrize("text", ["près de 12", "environ 12", "quelque 12", "autour de 12", "presque 12",
                                  "12 environ", "approximativement 12", "aux alentours de 12"])
def test_about(text):
    assert q(text) == (12, 12, "about", False, False)


@pytest.mark.parametrize("text", ["jusqu'à 30", "jusqu’à 30", "au plus 30", "pas plus de 30", "moins de 30",
                                  "au maximum 30"])
def test_up_to_never_invents_a_low_bound(text):
    assert q(text) == (None, 30, "about", False, False)


@pytest.mark.parametrize("text,expected", [
    # "-aine": about the figure it is built on
    ("une dizaine", (10, 10, "about", False, True)),
    ("une douzaine", (12, 12, "about", False, True)),
    ("une quinzaine", (15, 15, "about", False, True)),
    ("une vingtaine", (20, 20, "about", False, True)),
    ("une trentaine", (30, 30, "about", False, True)),
    ("une cinquantaine", (50, 50, "about", False, True)),
    ("une soixantaine", (60, 60, "about", False, True)),
    ("une centaine", (100, 100, "about", False, True)),
    ("un millier", (1000, 1000, "about", False, True)),
    ("une dizaine de milliers", (10_000, 10_000, "about", False, True)),
    # plurals: ACLED's "tens"/"hundreds"/"thousands", at_least
    ("des dizaines", (10, 10, "at_least", False, True)),
    ("Des dizaines", (10, 10, "at_least", False, True)),
    ("des centaines", (100, 100, "at_least", False, True)),
    ("des milliers", (1000, 1000, "at_least", False, True)),
    ("des dizaines de milliers", (10_000, 10_000, "at_least", False, True)),
    ("plusieurs dizaines", (10, 10, "at_least", False, True)),
    ("quelques centaines", (100, 100, "at_least", False, True)),
    ("plusieurs centaines", (100, 100, "at_least", False, True)),
    ("plusieurs", (3, 3, "at_least", False, True)),
    ("quelques", (2, 2, "at_least", False, True)),
    # a cue says more
    ("plus d'une centaine", (100, 100, "at_least", False, True)),
    ("plus d’une centaine", (100, 100, "at_least", False, True)),
    ("près d'un millier", (1000, 1000, "about", False, True)),
    ("environ une dizaine", (10, 10, "about", False, True)),
])
def test_vague_words(text, expected):
    assert q(text) == expected


@pytest.mark.parametrize("text", ["de nombreux", "de nombreuses", "nombreux"])
def test_vague_words_without_a_number(text):
    assert q(text) == (None, None, "unknown", False, True)


@pytest.mark.parametrize("text,expected", [
    ("encore 20", (20, 20, "exact", True, False)),
    ("20 autres", (20, 20, "exact", True, False)),
    ("vingt autres", (20, 20, "exact", True, False)),
    ("au moins 20 autres", (20, 20, "at_least", True, False)),
    ("encore au moins 35 à 42", (35, 42, "at_least", True, False)),
    ("plusieurs autres", (3, 3, "at_least", True, True)),
])
def test_additive(text, expected):
    assert q(text) == expected


def test_un_is_a_count_only_after_a_cue():
    assert parse_quantity("un", lang="fr") is None
    assert parse_quantity("une", lang="fr") is None
    assert q("au moins un") == (1, 1, "at_least", False, False)
    assert q("plus d'un") == (1, 1, "at_least", False, False)


@pytest.mark.parametrize("text", ["2021", "en 2018", "entre 2018 et 2020", "40%", "40 pour cent", "3e", "1er",
                                  "12,7", "10:30", "un", "une", "cent pour cent", "le 8 mars", "", "personnes",
                                  "97 personnes", "5 km", "deux jours", "une quarantaine", "7 ans", "155 mm"])
def test_not_quantities(text):
    assert parse_quantity(text, lang="fr") is None


def test_years_with_a_cue_are_counts():
    assert q("au moins 2000") == (2000, 2000, "at_least", False, False)
    assert q("2 000") == (2000, 2000, "exact", False, False)


# --- find_quantities in sentences -------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("Au moins 132 civils ont été tués, selon le gouvernement.", [("Au moins 132", 132, 132, "at_least")]),
    ("Une centaine de morts ; le bilan s'est alourdi à 160.", [("Une centaine", 100, 100, "about"),
                                                               ("160", 160, 160, "exact")]),
    ("entre 153 et 176 personnes ont été tuées", [("entre 153 et 176", 153, 176, "exact")]),
    ("de 35 à 42 villageois", [("de 35 à 42", 35, 42, "exact")]),
    ("Un soldat a été tué et un nouveau bilan fait état de 35 morts.", [("35", 35, 35, "exact")]),
    ("un bilan de 12 morts", [("12", 12, 12, "exact")]),
    ("Au moins un soldat a été tué.", [("Au moins un", 1, 1, "at_least")]),
    ("une quarantaine de civils ont été tués", [("une quarantaine", 40, 40, "about")]),
    ("la cinquantaine de corps déjà retrouvés", [("la cinquantaine", 50, 50, "about")]),
    ("cent cinquante-trois morts et quatre-vingt-dix-sept blessés", [("cent cinquante-trois", 153, 153, "exact"),
                                                                     ("quatre-vingt-dix-sept", 97, 97, "exact")]),
    ("1 200 déplacés", [("1 200", 1200, 1200, "exact")]),
    ("près de deux millions de déplacés", [("près de deux millions", 2_000_000, 2_000_000, "about")]),
    # a change of figure, not a range
    ("le bilan est passé de 35 à 60 morts", [("35", 35, 35, "exact"), ("60", 60, 60, "exact")]),
    ("Les victimes se compteraient par centaines.", [("centaines", 100, 100, "at_least")]),
])
def test_find_in_sentences(text, expected):
    got = [(text[s:e], x.low, x.high, x.qualifier) for s, e, x in find_quantities(text, lang="fr")]
    assert got == expected


def test_other_two_is_not_additive():
    text = "trois soldats et les deux autres victimes"
    (s1, e1, a), (s2, e2, b) = find_quantities(text, lang="fr")
    assert (text[s2:e2], b.low, b.additive) == ("deux autres", 2, False)
    text = "3 morts et 20 autres blessés"
    assert [(text[s:e], x.additive) for s, e, x in find_quantities(text, lang="fr")] == [("3", False),
                                                                                        ("20 autres", True)]


@pytest.mark.parametrize("text", [
    "un garçon de 7 ans a été blessé",
    "un homme âgé de 7 ans",
    "un homme âgé de 34",
    "une femme d'une quarantaine d'années",
    "un homme dans la quarantaine",
    "placés en quarantaine",
    "des obus de 155 mm",
    "une mitrailleuse de 12,7 mm",
    "une mitrailleuse de calibre 12,7",
    "l'attaque a eu lieu à 7 h",
    "vers 7 h 30",
    "à 7h30",
    "à 18 heures",
    "à 30 km de Gao",
    "à 30 kilomètres de Gao",
    "à une trentaine de kilomètres de Gao",
    "en 2015",
    "un fusil AK-47",
    "un hélicoptère Mi-24",
    "le 4 juin",
    "les 9 et 10 mars",
    "depuis le 4 juin",
    "à deux reprises",
    "30 pour cent des habitants",
    "remis à neuf",
    "une dizaine de jours",
    "tués un à un",
    "un nouveau bilan",
    "l'un des assaillants",
])
def test_never_a_count(text):
    assert spans(text) == []


def test_numbers_inside_french_dates_are_skipped():
    text = "Le 4 juin, 12 civils ont été tués; les 9 et 10 mars, 5 autres; dans la nuit du 8 au 9 mars, 3 morts."
    assert spans(text) == ["12", "5 autres", "3"]


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=999_999), st.booleans())
def test_word_numbers_round_trip(n, reform):
    words = french(n, reform)
    assert q(words)[:2] == (n, n), words


def test_word_numbers_exhaustive_below_1000():
    for n in range(2, 1000):
        assert q(french(n))[:2] == (n, n), french(n)
        assert q(french(n, reform=True))[:2] == (n, n), french(n, reform=True)


def _year_like(n: int) -> bool:
    return 1900 <= n <= 2099


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999_999), st.sampled_from([" ", "\u00a0", "\u202f", "."]))
def test_digits_with_french_separators_round_trip(n, sep):
    text = f"{n:,}".replace(",", sep)
    if _year_like(n) and sep not in text:
        return
    assert q(text)[:2] == (n, n), text


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(sorted)
       .filter(lambda ab: not (_year_like(ab[0]) and _year_like(ab[1]))),
       st.sampled_from([" ", "\u00a0", ""]))
def test_entre_round_trips(ab, sep):
    a, b = ab
    fmt = (lambda n: f"{n:,}".replace(",", sep)) if sep else str
    if (_year_like(a) and sep not in fmt(a)) or (_year_like(b) and sep not in fmt(b)):
        fmt = lambda n: f"{n:,}".replace(",", " ")  # noqa: E731
    assert q(f"entre {fmt(a)} et {fmt(b)}") == (a, b, "exact", False, False)
    assert q(f"au moins {fmt(b)}") == (b, b, "at_least", False, False)


TEMPLATES = [
    "Des hommes armés ont tué {} civils dans le village de Solhan.",
    "{} soldats sont morts quand leur convoi a sauté sur une mine mardi.",
    "L'attaque du 8 mars a fait {} morts, selon des sources locales.",
    "Selon des sources sécuritaires, {} personnes ont été tuées en 2021.",
    "Les assaillants ont tendu une embuscade à la patrouille, tuant {} de ses membres.",
]


def _forms(n: int) -> list[str]:
    forms = [f"{n:,}".replace(",", "\u202f"), french(n), f"au moins {n}", f"environ {n:,}".replace(",", " "),
             f"encore {french(n)}"]
    if not _year_like(n):
        forms.append(str(n))
    return forms


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=999_999), st.sampled_from(TEMPLATES), st.data())
def test_find_returns_the_inserted_span(n, template, data):
    expr = data.draw(st.sampled_from(_forms(n)))
    if template.startswith("{}"):
        expr = expr[:1].upper() + expr[1:]
    text = template.format(expr)
    start = template.index("{}")
    found = find_quantities(text, lang="fr")
    assert [(s, e) for s, e, _ in found] == [(start, start + len(expr))], (text, found)
    assert found[0][2].low == n


NOT_COUNTS = [
    "un garçon de {n} ans a été tué",
    "une fillette âgée de {n} ans",
    "un homme âgé de {n}",
    "des obus de {n} mm sont tombés",
    "une mitrailleuse de {n},{d} mm",
    "un canon de {n} millimètres",
    "l'attaque a commencé à {h} h",
    "vers {h} h {m}",
    "à {h}h{m}",
    "à {h} heures du matin",
    "à {n} km de Djibo",
    "à {n} kilomètres de Djibo",
    "le fusil AK-{n}",
    "{n} % des habitants",
    "pendant {n} jours",
    "en {y}",
    "depuis {y}",
    "le {day} juin",
    "les {day} et {day2} mars",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NOT_COUNTS), st.integers(0, 999), st.integers(0, 9), st.integers(0, 23),
       st.integers(10, 59), st.integers(1990, 2030), st.integers(1, 27))
def test_ages_calibres_times_and_measures_are_never_counts(template, n, d, h, m, y, day):
    text = template.format(n=n, d=d, h=h, m=m, y=y, day=day, day2=day + 1)
    assert find_quantities(text, lang="fr") == [], text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    parse_quantity(text, lang="fr")
    for s, e, qty in find_quantities(text, lang="fr"):
        assert 0 <= s < e <= len(text) and text[s:e] == qty.text


_SOUP = ["tués", "au moins", "encore", "entre", "et", "à", "12", "1 200", "1.200", "des dizaines", "une centaine",
         "juin", "8", "2018", "en", "deux", "cents", "-", "%", "un", "une", "quelques", "jours", "plus", "tard",
         "$", "ou", "plus de", "d'une", "d’un", "autres", "ans", "mm", "vingt", "et un", "mille", "quatre-vingt",
         "de", "la", "quarantaine", "neuf", "dix-sept", "le", "mardi", "nuit", "du", "au", "9", "millier", "des",
         "milliers", "nombreux", "de nombreuses", "poignée", "demi-douzaine", "dizaine", "un grand nombre", "nombre"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), max_size=14), st.sampled_from([" ", "", ", ", "\n"]))
def test_soup_never_raises_and_shortcut_equals_plain_search(words, sep):
    from conflictwatch import timex

    text = sep.join(words)
    fast = find_quantities(text, lang="fr")
    prev_end = 0
    for s, e, qty in fast:
        assert text[s:e] == qty.text and s >= prev_end
        prev_end = e
        assert qty.low is None or qty.high is None or qty.low <= qty.high
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timex, "_runs", lambda text: None)
        mp.setattr(timex, "_found_cache", None)
        assert find_quantities(text, lang="fr") == fast


def test_counts_are_tried_only_where_one_may_open():
    """The shortcut tries the grammar where a count may open: "la" only before a phrase's next word
    ("la dizaine"), a cue's or range's first word only where a count opens within a few words ("de 35
    à 60", "à" of "à peu près" before "60"): not "Le maire", "de la commune", "la radio", "la mairie"
    ("à la radio. On a vu la dizaine": a count opens five words after "à")."""
    from conflictwatch.numbers import _grammar, _starts

    text = ("Le maire de la commune de Tillia a parlé hier soir à la radio. On a vu la dizaine de corps "
            "et de nombreux blessés, de 35 à 60 selon la mairie.")
    tried = [text[s:].split()[0] for s in _starts(text, _grammar("fr"))]
    assert tried == ["à", "la", "de", "de", "nombreux", "de", "35", "à", "60"]  # "de corps": "de nombreux" follows
    assert [text[s:e] for s, e, _ in find_quantities(text, lang="fr")] == ["la dizaine", "de nombreux", "de 35 à 60"]


# --- languages ----------------------------------------------------------------------------------


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unsupported language 'xx'.*supported languages are en, fr"):
        find_quantities("12 morts", lang="xx")
    with pytest.raises(ValueError, match="supported languages are en, fr"):
        parse_quantity("12", lang="de")


def test_english_is_untouched_by_the_language_setting():
    from .test_numbers import _LONG, SEED

    sentences = [SEED, _LONG * 3, "two days later, eight were killed", "one of the deadliest attacks; one person",
                 "A 25-year-old man died after a two-day siege", "at least another 35 to 42 civilians",
                 "dozens of civilians and scores of soldiers", "Some 2,000 people; 2000 people",
                 "between one hundred fifty-three and 176"]
    for s in sentences:
        assert find_quantities(s) == find_quantities(s, lang="en")
        assert parse_quantity(s) == parse_quantity(s, lang="en")
    # and French words mean nothing to the English grammar
    assert find_quantities("une centaine de morts, cent cinquante-trois blessés") == []


def test_languages_do_not_share_answers():
    text = "1.200 morts et 1,200 blessés"
    assert [x.low for _, _, x in find_quantities(text, lang="fr")] == [1200]
    assert [x.low for _, _, x in find_quantities(text, lang="en")] == [1200]
    assert find_quantities("une vingtaine de morts", lang="fr") != find_quantities("une vingtaine de morts")
