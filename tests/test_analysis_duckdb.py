"""`totals --parquet` and `events --parquet`: the same answers from a Parquet export, through DuckDB,
as from the store it was exported from."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conflictwatch import analysis, exports
from conflictwatch.cli import app
from conflictwatch.models import Event, VictimCount

from .conftest import ROOT

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
BY = ("victim", "month", "location", "actor", "type", "country")
FILTERS = ([], ["--country", "Mali"], ["--since", "2023-06-01"], ["--until", "2023-05-31"],
           ["--type", "Battles"], ["--document", "demo-ansongo-2023-05"])
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, builtin_geocoder):
    """The demo reports in a store, exported as one Parquet file and as a directory of two."""
    tmp = tmp_path_factory.mktemp("duckdb")
    db = tmp / "events.sqlite"

    def cw(*args: str):
        return runner.invoke(app, ["--db", str(db), "--gazetteer", str(builtin_geocoder.gazetteer.path), *args])

    assert cw("ingest", str(DEMO)).exit_code == 0
    one = tmp / "events.parquet"
    assert cw("export", "--format", "parquet", "-o", str(one)).exit_code == 0
    parts = tmp / "parts"
    parts.mkdir()
    for country, name in (("Mali", "a-mali.parquet"), ("Burkina Faso", "b-burkina.parquet")):
        result = cw("export", "--format", "parquet", "-o", str(parts / name), "--country", country)
        assert result.exit_code == 0, result.output
    cw.file, cw.dir, cw.db = one, parts, db
    return cw


def test_totals_from_parquet_are_the_stores(demo):
    for by in BY:
        for historical in ("--no-historical", "--historical"):
            args = ["totals", "--by", by, historical, "--format", "json"]
            store = demo(*args)
            parquet = demo(*args, "--parquet", str(demo.file))
            assert store.exit_code == parquet.exit_code == 0, parquet.output
            assert json.loads(parquet.stdout) == json.loads(store.stdout), (by, historical)
    table = demo("totals", "--parquet", str(demo.file))
    assert table.exit_code == 0 and table.stdout == demo("totals").stdout


def test_totals_from_parquet_real_values(demo):
    payload = json.loads(demo("totals", "--parquet", str(demo.file), "--format", "json").stdout)
    rows = {t["key"]: t for t in payload["totals"]}
    civilians = rows["civilians"]
    # three outlets' accounts (one French) of the Ouatagouna market attack: one incident, 18 to 25 civilians
    assert (civilians["killed_low"], civilians["killed_high"], civilians["range"]) == (18, 25, "18 to 25")
    assert civilians["incidents"] == 1 and civilians["events"] == 3
    assert civilians["reports"] == ["demo-ansongo-2023-05", "demo-ouatagouna-fr-2023-05", "demo-ouatagouna-wire-2023-05"]
    # the army's dead: 6 at Bara (English) and 3 near Ansongo (French only), two incidents
    assert (rows["Military Forces of Mali (2021-)"]["range"], rows["Military Forces of Mali (2021-)"]["incidents"]) == ("9", 2)
    assert rows["VDP: Volunteers for the Defense of the Homeland"]["range"] == "at least 12"
    unknown = rows["unknown (no figures)"]
    assert unknown["range"] == "unknown" and unknown["events_unknown"] == unknown["incidents"] > 0
    by_country = {t["key"]: t["range"] for t in json.loads(
        demo("totals", "--by", "country", "--parquet", str(demo.file), "--format", "json").stdout)["totals"]}
    assert by_country == {"Mali": "27 to 34", "Burkina Faso": "at least 12"}


def test_filters_work_on_parquet(demo):
    everything = json.loads(demo("events", "--parquet", str(demo.file), "--format", "json").stdout)
    for flt in FILTERS:
        store = json.loads(demo("totals", *flt, "--format", "json").stdout)
        parquet = json.loads(demo("totals", *flt, "--format", "json", "--parquet", str(demo.file)).stdout)
        assert parquet == store, flt
        events = json.loads(demo("events", *flt, "--format", "json", "--parquet", str(demo.file)).stdout)
        assert events == json.loads(demo("events", *flt, "--format", "json").stdout), flt
        if flt:
            assert 0 < len(events) < len(everything), flt
    mali = json.loads(demo("events", "--country", "Mali", "--format", "json", "--parquet", str(demo.file)).stdout)
    assert {e["country"] for e in mali} == {"Mali"}
    battles = json.loads(demo("totals", "--by", "type", "--type", "Battles", "--format", "json",
                              "--parquet", str(demo.file)).stdout)
    assert [t["key"] for t in battles["totals"]] == ["Battles"]
    background = json.loads(demo("events", "--no-historical", "--format", "json", "--parquet", str(demo.file)).stdout)
    assert len(background) < len(everything) and not any(e["historical"] for e in background)


def test_events_from_parquet_are_the_stores(demo):
    store = demo("events", "--format", "json")
    parquet = demo("events", "--format", "json", "--parquet", str(demo.file))
    assert parquet.exit_code == 0 and json.loads(parquet.stdout) == json.loads(store.stdout)
    assert len(json.loads(store.stdout)) == 13
    assert demo("events", "--parquet", str(demo.file)).stdout == demo("events").stdout  # the table too
    acled = demo("events", "--format", "acled", "--parquet", str(demo.file))
    assert acled.stdout.splitlines()[0].startswith("event_id_cnty,")


def test_a_directory_of_parquet_files_is_read_as_one(demo):
    files = sorted(p.name for p in demo.dir.iterdir())
    assert files == ["a-mali.parquet", "b-burkina.parquet"]
    for by in BY:
        store = json.loads(demo("totals", "--by", by, "--format", "json").stdout)
        assert json.loads(demo("totals", "--by", by, "--format", "json", "--parquet", str(demo.dir)).stdout) == store
    events = json.loads(demo("events", "--format", "json", "--parquet", str(demo.dir)).stdout)
    assert events == json.loads(demo("events", "--format", "json").stdout)
    only_mali = json.loads(demo("totals", "--by", "country", "--format", "json",
                                "--parquet", str(demo.dir / "a-mali.parquet")).stdout)
    assert [t["key"] for t in only_mali["totals"]] == ["Mali"]


def test_a_missing_parquet_path_is_one_line_and_touches_nothing(tmp_path, builtin_geocoder):
    db = tmp_path / "never.sqlite"
    for command in ("totals", "events"):
        result = runner.invoke(app, ["--db", str(db), command, "--parquet", str(tmp_path / "nope.parquet")])
        assert result.exit_code != 0
        assert result.output.strip().splitlines() == [f"error: no Parquet export at {tmp_path / 'nope.parquet'}"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["--db", str(db), "totals", "--parquet", str(empty)])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1 and "no .parquet files" in result.output
    not_parquet = tmp_path / "x.parquet"
    not_parquet.write_text("not parquet")
    result = runner.invoke(app, ["--db", str(db), "totals", "--parquet", str(not_parquet)])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1 and "cannot read" in result.output
    assert not db.exists()


def test_an_export_without_incidents_lists_events_but_refuses_totals(demo, tmp_path):
    events = analysis.read_events(demo.file)
    plain = tmp_path / "plain.parquet"
    exports.write_export(events, "parquet", plain)  # the layout without incident columns (e.g. the API's)
    assert [e.id for e in analysis.read_events(plain)] == [e.id for e in events]
    result = demo("totals", "--parquet", str(plain))
    assert result.exit_code != 0 and "no incident column" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_stated_totals_travel_in_the_file_metadata(tmp_path):
    event = Event(id="e1", document_id="r1", event_type="Battles", sub_event_type="Armed clash")
    stated = {"r1": [VictimCount(group="civilians", killed_low=385, killed_high=415, qualifier="at_least")],
              "elsewhere": [VictimCount(group="civilians", killed_low=1, killed_high=1)]}
    path = tmp_path / "s.parquet"
    exports.write_export([event], "parquet", path, incidents=[], stated_totals=stated)
    assert analysis.stated_totals(path) == {"r1": stated["r1"]}  # only the reports of the exported events
    assert analysis.totals(path) == []  # an event never fused counts no incident


def test_counted_totals_are_the_listed_ones(demo):
    """The table's counts-only path (reports counted, not listed) gives the same rows as the full one."""
    for path in (demo.file, demo.dir):
        for by in BY:
            for historical in (False, True):
                full = analysis.totals(path, by, include_historical=historical)
                counted = analysis.totals(path, by, include_historical=historical, reports=False)
                assert all(isinstance(t, analysis.CountedTotal) and t.reports == [] for t in counted)
                assert [t.model_dump(exclude={"reports", "report_count"}) | {"reports": t.report_count} for t in counted] \
                    == [t.model_dump() | {"reports": len(t.reports)} for t in full], (path, by, historical)
    for by in BY:  # the tables over the store and over the export, every --by
        table = demo("totals", "--by", by, "--parquet", str(demo.file))
        assert table.exit_code == 0 and table.stdout == demo("totals", "--by", by).stdout, by
