from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conflictwatch import exports
from conflictwatch.models import Claim, Event, Evidence, Mention, VictimCount

IS = "Islamic State (Sahel)"
MSA = "MSA: Movement for the Salvation of Azawad"
FAMA = "Military Forces of Mali (2021-)"

ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "incident_id",
]


def ev_(sentence: str, field: str = "event") -> Evidence:
    return Evidence(field=field, text=sentence[:10], start=0, end=10, sentence=sentence, sentence_start=0,
                    sentence_end=len(sentence))


def make(ident: str, publisher: str | None = "Long War Journal", **fields) -> Event:
    mention = Mention(id=ident, document_id="doc-1", publisher=publisher, **fields)
    return Event(id=ident, document_id="doc-1", mentions=[mention], **fields)


MALI = dict(country="Mali", iso="ML", admin1="Menaka")


@pytest.fixture()
def events() -> list[Event]:
    attack = make(
        "a1b2c3d4e5f60718", **MALI, location="Tamalat", latitude=16.0123456, longitude=2.1234567, geo_precision=1,
        date_start=dt.date(2022, 3, 8), date_end=dt.date(2022, 3, 8), date_precision="day",
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1=IS, inter1=2, actor2="Civilians (Mali)", inter2=7,
        victims=[VictimCount(group="civilians", killed_low=153, killed_high=176, qualifier="exact",
                             source="local officials")],
        fatalities_low=153, fatalities_best=165, fatalities_high=176, fatalities_qualifier="exact",
        sources=["local officials"],
        evidence=[ev_("Between 153 and 176 civilians were killed in Tamalat on 8 March.")],
    )
    clash = make(
        "0000beef00000001", **MALI, location="Anderamboukane", latitude=15.42, longitude=3.03, geo_precision=2,
        date_start=dt.date(2022, 3, 5), date_end=dt.date(2022, 3, 7), date_precision="span",
        event_type="Battles", sub_event_type="Armed clash",
        actor1=MSA, inter1=3, actor2=IS, inter2=2,
        victims=[VictimCount(group=IS, killed_low=8, killed_high=8, qualifier="exact", source="MSA")],
        fatalities_low=8, fatalities_best=8, fatalities_high=8, fatalities_qualifier="exact", sources=["MSA"],
    )
    airstrike = make(
        "1234567890abcdef", publisher="RFI", **MALI, location="Menaka", latitude=15.92, longitude=2.40,
        geo_precision=3, date_start=dt.date(2022, 3, 1), date_end=dt.date(2022, 3, 31), date_precision="month",
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        actor1=FAMA, inter1=1, actor2=IS, inter2=2,
    )
    historical = make(
        "ffff000011112222", country="Niger", iso="NE", location="Ayorou", latitude=14.73, longitude=0.92,
        geo_precision=1, date_start=dt.date(2012, 6, 1), date_end=dt.date(2012, 6, 1), date_precision="day",
        event_type="Violence against civilians", sub_event_type="Attack", actor1=IS, inter1=2,
        actor2="Civilians (Niger)", inter2=7, historical=True,
        victims=[VictimCount(group="civilians", killed_low=20, killed_high=20, qualifier="about")],
        fatalities_low=20, fatalities_best=20, fatalities_high=20, fatalities_qualifier="about",
    )
    claim = make(
        "abcdef0123456789", **MALI, location="Inekar", latitude=15.95, longitude=3.15, geo_precision=2,
        date_start=dt.date(2022, 3, 9), date_end=dt.date(2022, 3, 9), date_precision="day",
        event_type="Battles", sub_event_type="Armed clash", actor1=IS, inter1=2, actor2=MSA, inter2=3,
        claims=[Claim(claimant=IS, statement="IS said it killed at least 250 MSA members",
                      figures=[VictimCount(group="MSA", killed_low=250, qualifier="at_least", source=IS)])],
    )
    no_coords = make(
        "doc-7-event-3", publisher=None, date_start=None,
        event_type="Strategic developments", sub_event_type="Arrest", actor1=FAMA, inter1=1,
    )
    return [attack, clash, airstrike, historical, claim, no_coords]


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def acled_csv(events: list[Event]) -> tuple[list[str], list[dict]]:
    buf = io.StringIO()
    exports.write_export(events, "acled", buf)
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


# --- ACLED ------------------------------------------------------------------------------------


def test_acled_header_is_acleds_31_columns_in_order(events):
    header, rows = acled_csv(events)
    assert header == ACLED_HEADER
    assert len(events) == 6 and len(rows) == 8  # the 3-day clash is a row per day
    assert all(list(r) == ACLED_HEADER for r in exports.acled_rows(events))


def test_acled_attack_row(events):
    row = exports.acled_rows(events)[0]
    assert row["event_id_cnty"] == f"MLI{int('a1b2c3d4', 16)}" == "MLI2712847316"
    assert row["event_date"] == "2022-03-08" and row["year"] == 2022 and row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Violence against civilians" and row["sub_event_type"] == "Attack"
    assert row["inter1"] == 2 and row["inter2"] == 7 and row["interaction"] == "27"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["iso"] == 466 and row["region"] == "Western Africa" and row["country"] == "Mali"
    assert row["latitude"] == 16.0123 and row["longitude"] == 2.1235
    assert row["fatalities"] == 153
    assert row["source"] == "Long War Journal"
    assert "Between 153 and 176 civilians were killed in Tamalat on 8 March." in row["notes"]
    assert "Figures: 153-176 civilians killed according to local officials. Fatalities: 153-176." in row["notes"]
    assert row["tags"] == "" and row["timestamp"] == 1700000000


def test_acled_event_id_is_stable_across_runs(events):
    first = [r["event_id_cnty"] for r in exports.acled_rows(events)]
    assert first == [r["event_id_cnty"] for r in exports.acled_rows(events)]
    assert len(set(first)) == len(first)
    assert first[1:4] == [f"MLI{0xbeef}", f"MLI{0xbeef}-2", f"MLI{0xbeef}-3"]
    assert first[5].startswith("NER")


def test_acled_clash_and_airstrike(events):
    rows = exports.acled_rows(events)
    clash, air = rows[1], rows[4]
    assert clash["interaction"] == "23" and clash["civilian_targeting"] == ""
    assert clash["time_precision"] == 2 and clash["event_date"] == "2022-03-05"
    # 5-7 March: one row per day, 8 dead split 4 + 2 + 2 (the remainder on the first day)
    assert [(r["event_date"], r["fatalities"]) for r in rows[1:4]] == [
        ("2022-03-05", 4), ("2022-03-06", 2), ("2022-03-07", 2)]
    assert "its fatalities (8) split over the days, 4 on this day, the remainder of 2 on the first day" in clash["notes"]
    assert "Day 2 of 3" in rows[2]["notes"] and all(r["incident_id"] == "" for r in rows)
    assert air["interaction"] == "12" and air["time_precision"] == 3
    assert air["fatalities"] == 0  # ACLED's convention for unknown ...
    assert "Fatalities unknown" in air["notes"] and "fatalities unknown" in air["tags"]  # ... kept visible
    assert air["source"] == "RFI" and air["geo_precision"] == 3


def test_historical_event_is_exported_with_its_flag(events):
    row = exports.acled_rows(events)[5]
    assert row["notes"].startswith("[historical]")
    assert "historical" in row["tags"].split("; ")
    assert row["iso"] == 562 and row["event_date"] == "2012-06-01" and row["fatalities"] == 20


def test_contested_claim_never_reaches_fatalities(events):
    row = exports.acled_rows(events)[6]
    assert row["fatalities"] == 0
    assert "Claim by Islamic State (Sahel), contested: at least 250 MSA members killed" in row["notes"]
    assert "claim-only" in row["tags"]
    ucdp = exports.ucdp_rows(events)[4]
    assert ucdp["best"] == ucdp["low"] == ucdp["high"] == ""
    geo = exports.geojson(events)["features"][4]["properties"]
    assert geo["fatalities_low"] is None and geo["claims"][0]["figures"][0]["killed_low"] == 250


def test_event_without_date_country_or_coordinates_still_exports(events):
    _, rows = acled_csv(events)
    row = rows[7]
    assert row["event_date"] == "" and row["year"] == "" and row["time_precision"] == ""
    assert row["iso"] == "" and row["region"] == "" and row["latitude"] == ""
    assert row["event_id_cnty"].startswith(exports.UNKNOWN_ISO3)
    assert row["sub_event_type"] == "Arrests"  # ACLED's spelling, whatever the engine wrote
    assert row["interaction"] == "10" and row["disorder_type"] == "Strategic developments"


# --- UCDP -------------------------------------------------------------------------------------


def test_ucdp_columns_and_types_of_violence(events):
    buf = io.StringIO()
    exports.write_export(events, "ucdp", buf)
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    assert reader.fieldnames == list(exports.UCDP_COLUMNS)
    rows = exports.ucdp_rows(events)
    assert [r["type_of_violence"] for r in rows] == [3, 2, 1, 3, 2, ""]


def test_ucdp_one_sided_attack(events):
    row = exports.ucdp_rows(events)[0]
    assert row["side_a"] == IS and row["side_b"] == "Civilians"
    assert row["dyad_name"] == row["conflict_name"] == f"{IS} - Civilians"
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == (0, 0, 165, 0)
    assert (row["low"], row["best"], row["high"]) == (153, 165, 176)
    assert row["date_prec"] == 1 and row["where_prec"] == 1
    assert row["country_id"] == 432 and row["region"] == "Africa"
    assert row["geom_wkt"] == "POINT (2.1234567 16.0123456)"
    assert row["source_original"] == "local officials" and row["source_office"] == "Long War Journal"
    assert row["id"] == int("a1b2c3d4", 16) and row["relid"] == "a1b2c3d4e5f60718"


def test_ucdp_clash_deaths_b(events):
    row = exports.ucdp_rows(events)[1]
    assert row["side_a"] == MSA and row["side_b"] == IS
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == (0, 8, 0, 0)
    assert row["best"] == 8 and row["date_prec"] == 2 and row["where_prec"] == 2
    assert row["date_start"] == "2022-03-05" and row["date_end"] == "2022-03-07"


def test_ucdp_state_goes_first_and_unknown_deaths_stay_empty(events):
    air = exports.ucdp_rows(events)[2]
    assert air["side_a"] == FAMA and air["side_b"] == IS and air["conflict_name"] == ""
    assert air["date_prec"] == 4 and air["where_prec"] == 4
    assert air["best"] == "" and air["deaths_unknown"] == ""
    swapped = events[1].model_copy(update={"actor1": IS, "inter1": 2, "actor2": FAMA, "inter2": 1})
    row = exports.ucdp_rows([swapped])[0]
    assert row["side_a"] == FAMA and row["side_b"] == IS
    assert row["type_of_violence"] == 1 and row["deaths_b"] == 8 and row["deaths_a"] == 0


def test_ucdp_deaths_unknown_is_never_negative():
    e = make("00000000aaaaaaaa", **MALI, event_type="Battles", sub_event_type="Armed clash",
             actor1=FAMA, inter1=1, actor2=IS, inter2=2,
             victims=[VictimCount(group=IS, killed_low=10, killed_high=10),
                      VictimCount(group="Military Forces of Mali", killed_low=3, killed_high=3)],
             fatalities_low=5, fatalities_best=5, fatalities_high=13)
    row = exports.ucdp_rows([e])[0]
    assert (row["deaths_a"], row["deaths_b"], row["deaths_unknown"]) == (3, 10, 0)
    e2 = e.model_copy(update={"fatalities_best": 20})
    assert exports.ucdp_rows([e2])[0]["deaths_unknown"] == 7


# --- GeoJSON, JSON, CSV, Parquet --------------------------------------------------------------


def test_geojson_round_trips_and_has_one_feature_per_event(events):
    buf = io.StringIO()
    exports.write_export(events, "geojson", buf)
    fc = json.loads(buf.getvalue())
    assert fc == exports.geojson(events)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 6
    first = fc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [2.1234567, 16.0123456]}
    assert "evidence" not in first["properties"]
    assert first["properties"]["evidence_count"] == 1
    assert first["properties"]["evidence_sentence"].startswith("Between 153 and 176")
    assert first["properties"]["fatalities_low"] == 153
    assert first["properties"]["mentions"] == [{"id": "a1b2c3d4e5f60718", "document_id": "doc-1",
                                                "publisher": "Long War Journal"}]
    assert fc["features"][5]["geometry"] is None
    assert fc["features"][3]["properties"]["historical"] is True


def test_json_round_trips_to_events(events, capsys):
    exports.write_export(events, "json", None)
    data = json.loads(capsys.readouterr().out)
    assert [Event.model_validate(d) for d in data] == events


def test_flat_csv_keeps_nested_fields_as_json(events, tmp_path):
    path = tmp_path / "events.csv"
    exports.write_export(events, "csv", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == list(Event.model_fields)
    assert json.loads(rows[0]["victims"])[0]["killed_high"] == 176
    assert json.loads(rows[4]["claims"])[0]["claimant"] == IS
    assert rows[4]["fatalities_low"] == "" and rows[3]["historical"] == "True"


def test_parquet_round_trips_through_pyarrow(events, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    path = tmp_path / "events.parquet"
    exports.write_export(events, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 6
    assert table.column_names == list(Event.model_fields)
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("fatalities_low").type == pa.int64()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("victims").type == pa.string()
    rows = table.to_pylist()
    assert rows[0]["date_start"] == dt.date(2022, 3, 8) and rows[0]["fatalities_low"] == 153
    assert json.loads(rows[0]["victims"])[0]["group"] == "civilians"
    assert rows[5]["latitude"] is None and rows[3]["historical"] is True
    assert json.loads(rows[4]["claims"])[0]["figures"][0]["killed_low"] == 250


def test_parquet_needs_a_path_and_unknown_format_is_refused(events):
    with pytest.raises(ValueError, match="file path"):
        exports.write_export(events, "parquet", None)
    with pytest.raises(ValueError, match="file path"):
        exports.write_export(events, "parquet", io.StringIO())
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        exports.write_export(events, "xlsx", None)


def test_empty_export_writes_headers(tmp_path):
    for fmt, columns in (("acled", ACLED_HEADER), ("ucdp", list(exports.UCDP_COLUMNS))):
        path = tmp_path / f"{fmt}.csv"
        exports.write_export([], fmt, path)
        assert path.read_text(encoding="utf-8").splitlines() == [",".join(columns)]
    exports.write_export([], "parquet", tmp_path / "e.parquet")
    assert json.loads(exports.render([], "geojson")) == {"type": "FeatureCollection", "features": []}


def test_timestamp_is_now_without_source_date_epoch(events, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    stamp = exports.acled_rows(events)[0]["timestamp"]
    assert abs(stamp - int(dt.datetime.now(dt.timezone.utc).timestamp())) < 60


def test_country_table_covers_africa():
    table = exports.countries()
    african = [c for c in table.values() if c.acled_region.endswith("Africa")]
    assert len(african) >= 54
    assert all(c.iso_numeric is not None and c.iso3 for c in african)
    assert (table["ML"].iso3, table["ML"].iso_numeric) == ("MLI", 466)
    assert (table["BF"].iso3, table["BF"].iso_numeric) == ("BFA", 854)
    assert table["CD"].name == "Democratic Republic of Congo" and table["CD"].acled_region == "Middle Africa"


def test_acled_rows_carry_their_incident_id(events):
    rows = exports.acled_rows(events, {"a1b2c3d4e5f60718": "inc-1", "0000beef00000001": "inc-2"})
    assert [r["incident_id"] for r in rows] == ["inc-1", "inc-2", "inc-2", "inc-2", "", "", "", ""]
    assert sum(r["fatalities"] for r in rows if r["incident_id"] == "inc-2") == 8


def test_even_split_and_long_spans_stay_one_row(events):
    assert exports.split_fatalities(9, 3) == [3, 3, 3] and exports.split_fatalities(0, 2) == [0, 0]
    clash = events[1]
    week_long = clash.model_copy(update={"date_end": dt.date(2022, 3, 15)})  # 11 days: one row, precision 3
    (row,) = exports.acled_rows([week_long])
    assert row["fatalities"] == 8 and row["time_precision"] == 3


def test_an_uncertain_day_is_never_split_into_days(events):
    # "days later": one day somewhere in March 5-7, not a clash lasting three days
    days_later = events[1].model_copy(update={"date_uncertain": True})
    (row,) = exports.acled_rows([days_later])
    assert row["fatalities"] == 8 and row["event_date"] == "2022-03-05" and row["time_precision"] == 2
