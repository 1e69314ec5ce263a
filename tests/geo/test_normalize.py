from hypothesis import given, strategies as st

from conflictwatch.geo.gazetteer import normalize, short_admin_name, skeleton, strip_region_words


def test_normalize_accents_case_punctuation():
    assert normalize("Andéranboukan") == "anderanboukan"
    assert normalize("  MÉNAKA ") == "menaka"
    assert normalize("N’zi-Comoé") == "nzi comoe"
    assert normalize("I-n-Tarkad") == "i n tarkad"
    assert normalize("Mare d'Intoramba") == "mare dintoramba"
    assert normalize("Tchoma  Bangou") == "tchoma bangou"


def test_skeleton_joins_transliteration_variants():
    assert skeleton(normalize("Anderanbokan")) == skeleton(normalize("Andéramboukane"))
    assert skeleton(normalize("Inchinanan")) == skeleton(normalize("Inchinanane"))
    assert skeleton(normalize("Tamalat")) != skeleton(normalize("Timbuktu"))


def test_region_words():
    assert strip_region_words("menaka region") == "menaka"
    assert strip_region_words("region de gao") == "gao"
    assert strip_region_words("tillaberi department") == "tillaberi"
    assert strip_region_words("gao") is None
    assert short_admin_name("Gao Region") == "Gao"
    assert short_admin_name("District des Montagnes") == "Montagnes"
    assert short_admin_name("Wilaya du Trarza") == "Trarza"
    assert short_admin_name("Sahel") == "Sahel"


@given(st.text(max_size=40))
def test_normalize_is_idempotent_and_plain(text):
    n = normalize(text)
    assert normalize(n) == n
    assert n == n.strip() and "  " not in n
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in n)
