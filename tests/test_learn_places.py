"""Places from the coded record (PlaceModel), the world's admin areas, the admin areas given with a
name, names of peoples, the report's country hint. Rows and notes here are invented."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conflictwatch.geo import GeoContext, Geocoder, PlaceMention
from conflictwatch.geo.builtin import is_not_place
from conflictwatch.geo.gazetteer import admin_areas_after
from conflictwatch.ingest import InputError, read_jsonl
from conflictwatch.learn.acled import ModelError
from conflictwatch.learn.model import CodedModel
from conflictwatch.learn.places import FILE, PlaceModel
from conflictwatch.models import Report

SHARED_TRAIN = Path(__file__).parents[1].parent / "shared" / "data" / "acled-train" / "acled_events.csv.gz"


def row(location, country, iso3, lat, lon, a1="", a2="", a3="", prec="1"):
    return {"location": location, "country": country, "iso3": iso3, "latitude": str(lat), "longitude": str(lon),
            "admin1": a1, "admin2": a2, "admin3": a3, "geo_precision": prec, "notes": "invented"}


# invented places: "Kelbaro" twice (Mali and Burkina Faso), "Mizan" in Afghanistan (Ethiopia's Mizan
# Teferi is in the built-in cities), "Nia-Ouro" in Mali
ROWS = [
    row("Kelbaro", "Mali", "MLI", 14.1, -4.2, "Mopti", "Djenne"),
    row("Kelbaro", "Mali", "MLI", 14.1, -4.2, "Mopti", "Djenne"),
    row("Kelbaro", "Mali", "MLI", 14.3, -4.0, "Mopti", "Djenne", prec="2"),
    row("Kelbaro", "Burkina Faso", "BFA", 13.9, -0.5, "Sahel", "Seno"),
    *[row("Mizan", "Afghanistan", "AFG", 32.18, 66.51, "Zabul", "Mizan") for _ in range(30)],
    row("Nia-Ouro", "Mali", "MLI", 14.05, -4.45, "Mopti", "Djenne"),
    row("", "Mali", "MLI", 14.0, -4.0),  # no location: skipped
]


@pytest.fixture(scope="module")
def model() -> PlaceModel:
    m = PlaceModel()
    m.figures = m.fit(ROWS)
    return m


@pytest.fixture(scope="module")
def record_db(tmp_path_factory, model) -> Path:
    path = tmp_path_factory.mktemp("record") / "gazetteer.sqlite"
    geo = Geocoder(path)
    geo.use_record(model)
    geo.gazetteer.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    geo.close()
    return path


@pytest.fixture
def geo(record_db, tmp_path, model) -> Geocoder:
    import sqlite3

    dst = tmp_path / "gazetteer.sqlite"
    with sqlite3.connect(record_db) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    g = Geocoder(dst)
    assert g.use_record(model) is None  # loaded already: the same model is not loaded twice
    yield g
    g.close()


def ctx(*mentions):
    return GeoContext(mentions=[PlaceMention(**m) for m in mentions])


# --- the component --------------------------------------------------------------------------------


def test_fit_counts_locations_and_keeps_the_best_precision(model):
    assert model.figures["locations"] == 4
    assert model.figures["countries"] == 3
    assert model.figures["rows_without_place"] == 1
    kel = next(p for p in model.places if p.location == "Kelbaro" and p.iso2 == "ML")
    assert (kel.count, kel.geo_precision, kel.lat, kel.lon) == (3, 1, 14.1, -4.2)
    assert (kel.admin1, kel.admin2) == ("Mopti", "Djenne")


def test_round_trip(model, tmp_path):
    model.to_disk(tmp_path)
    back = PlaceModel.from_disk(tmp_path)
    assert back.places == model.places
    assert back.digest == model.digest
    header = gzip.decompress((tmp_path / FILE).read_bytes()).decode().splitlines()[0]
    assert header == "iso2,location,admin1,admin2,admin3,latitude,longitude,geo_precision,count"


def test_round_trip_through_the_model_directory(model, tmp_path):
    meta = {"version": "test", "figures": {"places": model.figures}}
    CodedModel(components={"places": model}, meta=meta).to_disk(tmp_path / "m")
    loaded = CodedModel.from_disk(tmp_path / "m")
    assert loaded.get("places").places == model.places
    assert json.loads((tmp_path / "m" / "meta.json").read_text())["components"] == ["places"]


def test_unreadable_table_names_the_file(tmp_path):
    (tmp_path / FILE).write_bytes(b"not gzip")
    with pytest.raises(ModelError, match=FILE):
        PlaceModel.from_disk(tmp_path)
    (tmp_path / FILE).write_bytes(gzip.compress(b"a,b\n1,2\n"))
    with pytest.raises(ModelError, match="not a places table"):
        PlaceModel.from_disk(tmp_path)
    with pytest.raises(ModelError, match="missing"):
        PlaceModel.from_disk(tmp_path / "nowhere")


# --- the record as a gazetteer source -------------------------------------------------------------


def test_record_is_loaded_once_per_model(geo, model):
    assert geo.use_record(model) is None  # same digest: nothing reloaded
    assert geo.record
    assert geo.gazetteer.source_path("acled") == f"model:{model.digest}"


def test_a_place_the_record_codes_outranks_a_homonym(geo):
    p = geo.resolve("Mizan")
    assert (p.iso, p.source, p.admin1, p.admin2) == ("AF", "acled", "Zabul", "Mizan")
    assert (p.latitude, p.longitude) == (32.18, 66.51)
    geo.record = False  # without a model, the record's rows are not used
    geo._changed({})
    assert geo.resolve("Mizan").iso == "ET"


def test_the_admin_areas_given_with_the_name_choose_the_candidate(geo):
    mali = geo.resolve("Kelbaro", ctx({"text": "Kelbaro", "kind": "place", "within": ["Djenne", "Mopti"]}))
    assert (mali.iso, mali.latitude, mali.longitude) == ("ML", 14.1, -4.2)
    burkina = geo.resolve("Kelbaro", ctx({"text": "Kelbaro", "kind": "place", "within": ["Seno", "Sahel"]}))
    assert (burkina.iso, burkina.admin1) == ("BF", "Sahel")


def test_record_admin_areas_are_places_too(geo):
    p = geo.resolve("Djenne", ctx({"text": "Djenne", "kind": "region"}))
    assert p.iso == "ML"


# --- the world's admin areas, no download ---------------------------------------------------------


@pytest.mark.parametrize("name,admin1", [("Zabul", "Zabul"), ("Balkh", "Balkh"), ("Wardak", "Vardak"),
                                         ("Uruzgan", "Oruzgan")])
def test_afghan_provinces_without_download(tmp_path, name, admin1):
    # a gazetteer of its own: the session's one holds the shipped model's record once an engine has
    # used it, and then names a province as the record does (ACLED's "Wardak", not GeoNames' "Vardak")
    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    p = geo.resolve(name, ctx({"text": name, "kind": "region"}))
    assert (p.iso, p.admin1) == ("AF", admin1)
    geo.close()


def test_a_district_given_with_its_province_is_placed_in_it(builtin_geocoder):
    # neither district is in the built-in data: placed at the province the text gives, never in Ethiopia or Iran
    p = builtin_geocoder.resolve("Mizan", ctx({"text": "Mizan", "kind": "place", "within": ["Zabul"]}))
    assert (p.iso, p.admin1, p.geo_precision) == ("AF", "Zabul", 3)
    p = builtin_geocoder.resolve("Dawlat Abad", ctx({"text": "Dawlat Abad", "kind": "place", "within": ["Balkh"]}))
    assert (p.iso, p.admin1) == ("AF", "Balkh")


@pytest.mark.parametrize("text,name,areas", [
    ("an attack in Nia-Ouro (Djenne, Mopti) on Monday", "Nia-Ouro", ["Djenne", "Mopti"]),
    ("a raid in Mizan district, Zabul.", "Mizan", ["Zabul"]),
    ("clashes in Dawlat Abad district, Balkh province, killing two", "Dawlat Abad", ["Balkh"]),
    ("in Kabul, Taliban attacked a post", "Kabul", []),
    ("in Rafah city (Rafah, Gaza Strip). Later", "Rafah", ["Rafah", "Gaza Strip"]),
])
def test_admin_areas_after_a_name(text, name, areas):
    assert admin_areas_after(text, text.index(name) + len(name)) == areas


# --- names of peoples ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Songhai", "Tuareg", "Dogon", "Fulani", "Peul", "Bambara", "Malian", "Afghans"])
def test_peoples_are_never_places(builtin_geocoder, name):
    assert is_not_place(name)
    p = builtin_geocoder.resolve(name, ctx({"text": name, "kind": "place"}))
    assert p.source == "fallback" and p.latitude is None


def test_areas_named_like_a_people_stay_places():
    assert not is_not_place("Somali")  # Ethiopia's Somali region
    assert not is_not_place("Menaka")


# --- fuzzy matches agree with the report's country -------------------------------------------------


def test_fuzzy_match_needs_the_reports_country(builtin_geocoder):
    with_country = builtin_geocoder.resolve("Kabull", ctx({"text": "Afghanistan", "kind": "country"}))
    assert (with_country.location, with_country.iso) == ("Kabul", "AF")
    assert builtin_geocoder.resolve("Kabull").source == "fallback"
    elsewhere = builtin_geocoder.resolve("Kabull", ctx({"text": "Mali", "kind": "country"}))
    assert elsewhere.iso != "AF"


# --- the report's country hint ---------------------------------------------------------------------


def test_jsonl_country_is_read_and_checked(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text('{"text": "Gunmen attacked a post.", "country": "Afghanistan"}\n'
                 '{"text": "Gunmen attacked a post.", "country": "ML"}\n'
                 '{"text": "Gunmen attacked a post."}\n'
                 '{"text": "Gunmen attacked a post.", "country": "Atlantis"}\n', encoding="utf-8")
    items = list(read_jsonl(f, country="BF"))
    assert [i.report.country if i.report else None for i in items] == ["AF", "ML", "BF", None]
    assert "unknown country 'Atlantis'" in items[3].error and "r.jsonl:4" in items[3].error


def test_bad_country_option_is_one_line_error():
    from conflictwatch.ingest import check_country

    with pytest.raises(InputError, match="--country: unknown country 'Narnia'"):
        check_country("Narnia", "--country")


# --- end to end ------------------------------------------------------------------------------------


def test_engine_prefers_the_reports_country(engine):
    text = "On 3 May 2020, gunmen attacked a police post in Mizan, killing four policemen."
    hinted = engine.extract(Report(id="a", text=text, country="AF"))
    assert hinted.events and hinted.events[0].iso == "AF"
    plain = engine.extract(Report(id="b", text=text))
    assert plain.events and plain.events[0].iso == "ET"


def test_engine_with_a_model_places_by_the_record_and_the_given_areas(model, geo):
    from conflictwatch.engine import Engine

    eng = Engine(geocoder=geo, coded=CodedModel(components={"places": model}))
    text = ("On 5 May 2020, unidentified gunmen killed three civilians in Kelbaro (Djenne, Mopti). "
            "Songhai youth protested the next day.")
    events = eng.extract(Report(id="c", text=text)).events
    assert events
    ev = events[0]
    assert (ev.location, ev.iso, ev.latitude, ev.longitude, ev.admin1) == ("Kelbaro", "ML", 14.1, -4.2, "Mopti")


# --- the real record --------------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_TRAIN.exists(), reason=f"ACLED training data not found at {SHARED_TRAIN}")
def test_fit_on_the_real_record(tmp_path):
    from conflictwatch.learn.acled import read_rows

    m = PlaceModel()
    figures = m.fit(read_rows([SHARED_TRAIN]))
    assert figures["locations"] > 20_000 and figures["countries"] > 150
    assert figures["held_out_location_known"] > 0.7
    m.to_disk(tmp_path)
    assert (tmp_path / FILE).stat().st_size < 8_000_000


def test_the_record_makes_the_ners_person_a_place(model):
    """spaCy's small model reads 'Kelbaro' and 'Nia-Ouro' as people; with the record's places, a
    name it codes is a place where the text puts a place (after 'in', or before bracketed areas)."""
    from conflictwatch.nlp import load_pipeline

    plain, learned = load_pipeline(), load_pipeline(None, None, model)
    text = "On 5 May 2020, gunmen killed three civilians in Kelbaro and attacked Nia-Ouro (Djenne, Mopti)."
    places = {e.text for e in learned(text).ents if e.label_ == "GPE"}
    assert {"Kelbaro", "Nia-Ouro", "Djenne", "Mopti"} <= places
    assert "Nia-Ouro" not in {e.text for e in plain(text).ents if e.label_ == "GPE"}  # the NER alone: an organisation
    assert "Ali Traore" not in {e.text for e in learned("Ali Traore was killed in Kelbaro.").ents if e.label_ == "GPE"}
