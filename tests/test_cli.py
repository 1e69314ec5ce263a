"""End to end through the command line, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwatch.cli import app

from .conftest import ROOT, SEED, needs_shared

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
runner = CliRunner()


@pytest.fixture()
def cw(tmp_path, builtin_geocoder):
    db = tmp_path / "events.sqlite"

    def run(*args: str):
        result = runner.invoke(app, ["--db", str(db), "--gazetteer", str(builtin_geocoder.gazetteer.path), *args])
        return result

    run.db = db
    return run


def test_help_shows_the_default_store_path():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "events.sqlite" in result.output and "CONFLICTWATCH_DB" in result.output


def test_ingest_is_idempotent_and_keeps_document_ids(cw):
    first = cw("ingest", str(DEMO))
    assert first.exit_code == 0, first.output
    assert "4 new, 0 updated, 0 unchanged, 0 failed" in first.output
    again = cw("ingest", str(DEMO))
    assert "0 new, 0 updated, 4 unchanged, 0 failed" in again.output
    out = cw("events", "--format", "json")
    events = json.loads(out.stdout)
    assert {e["document_id"] for e in events} == {"demo-ansongo-2023-05", "demo-djibo-2023-06",
                                                  "demo-ouatagouna-wire-2023-05", "demo-ouatagouna-fr-2023-05"}
    # the three outlets' accounts (one French) of the Ouatagouna market attack are one incident
    incidents = json.loads(cw("incidents", "--format", "json").stdout)
    (market,) = [i for i in incidents if len(i["documents"]) == 3 and not i["historical"]]
    assert market["documents"] == ["demo-ansongo-2023-05", "demo-ouatagouna-fr-2023-05", "demo-ouatagouna-wire-2023-05"]
    (civilians,) = market["victims"]
    assert (civilians["group"], civilians["low"], civilians["high"]) == ("civilians", 18, 25)
    assert market["grade"] == "Fair" and market["independent_sources"] == 3
    assert len({e["id"] for e in events}) == len(events)
    # built-in gazetteer only: every event is placed, at least at its first-level area
    assert all(e["latitude"] is not None and e["country"] and e["admin1"] and e["geo_precision"] in (1, 2, 3)
               for e in events), [(e["location"], e["admin1"]) for e in events]


def test_events_filters_and_formats(cw):
    cw("ingest", str(DEMO))
    vac = json.loads(cw("events", "--type", "Violence against civilians", "--format", "json").stdout)
    assert vac and all(e["event_type"] == "Violence against civilians" for e in vac)
    june = json.loads(cw("events", "--since", "2023-06-01", "--format", "json").stdout)
    assert june and all(e["date_end"] >= "2023-06-01" for e in june)
    bad = cw("events", "--since", "June")
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    bad_type = cw("events", "--type", "Massacre")
    assert bad_type.exit_code != 0


def test_totals_json_and_export_files(cw, tmp_path):
    cw("ingest", str(DEMO))
    totals = json.loads(cw("totals", "--format", "json").stdout)
    groups = {t["key"]: t for t in totals["totals"]}
    assert groups["civilians"]["killed_low"] >= 18
    for fmt, name in [("acled", "a.csv"), ("ucdp", "u.csv"), ("geojson", "g.geojson"), ("json", "e.json"), ("parquet", "e.parquet")]:
        target = tmp_path / name
        result = cw("export", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text())))
    assert rows and len(rows[0]) == 32 and "incident_id" in rows[0]
    geo = json.loads((tmp_path / "g.geojson").read_text())
    assert geo["type"] == "FeatureCollection"


def test_bad_input_is_one_line_and_nothing_is_written(cw, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Tillab\xe9ri".encode("latin-1"))
    result = cw("ingest", str(bad))
    assert result.exit_code == 1
    assert "not UTF-8" in result.output
    assert json.loads(cw("events", "--format", "json").stdout) == []
    html = tmp_path / "page.txt"
    html.write_text("<html><body>x</body></html>")
    assert cw("extract", str(html)).exit_code == 1
    assert cw("extract", str(SEED if SEED.exists() else bad), "--published", "March").exit_code == 1


def test_rule_change_updates_events_in_place(cw, tmp_path, monkeypatch):
    cw("ingest", str(DEMO))
    before = {e["id"]: e for e in json.loads(cw("events", "--format", "json").stdout)}
    import conflictwatch.engine as engine_mod

    monkeypatch.setattr(engine_mod, "VERSION", "0.0.0-rule-change")
    result = cw("ingest", str(DEMO))
    assert "0 new, 4 updated" in result.output
    after = {e["id"]: e for e in json.loads(cw("events", "--format", "json").stdout)}
    assert after.keys() == before.keys()


@needs_shared
def test_extract_seed_report_json(cw):
    result = cw("extract", str(SEED), "--published", "2022-03", "--source", "Long War Journal", "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    keys = {"id", "document_id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
            "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location", "latitude", "longitude", "admin1",
            "admin2", "country", "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high",
            "fatalities_qualifier", "victims", "sources", "claims", "historical", "evidence"}
    assert keys <= set(events[0])
    tamalat = [e for e in events if e["date_start"] == "2022-03-08" and e["sub_event_type"] == "Attack"]
    assert tamalat[0]["fatalities_low"] == 153 and tamalat[0]["fatalities_high"] == 176


@needs_shared
def test_totals_over_the_seed_report(cw):
    assert cw("ingest", str(SEED), "--published", "2022-03").exit_code == 0
    totals = json.loads(cw("totals", "--format", "json").stdout)
    groups = {t["key"]: t for t in totals["totals"]}
    assert groups["civilians"]["range"] == "at least 385 to 415"
    assert groups["Islamic State (Sahel)"]["killed_low"] == 40
    table = cw("totals")
    assert "at least 385 to 415" in table.stdout
