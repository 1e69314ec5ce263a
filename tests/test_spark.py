"""`conflictwatch spark ingest`, `conflictwatch load` and fusion in Spark, on local[2].

The reports: the demo, the 70 reports of ../shared/corpus/multi-report and ACLED notes of the dev
split (../shared/data/acled-train) used as short reports, plus bad records and a duplicate text.
The single-process reference is `conflictwatch ingest` of the same JSONL file into SQLite.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[dev]' (the spark extra)")
_JAVA = shutil.which("java") or (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists())
pytestmark = pytest.mark.skipif(not _JAVA, reason="Java is not installed: apt-get install default-jre-headless "
                                                    "(.ci/run does it)")

from conflictwatch.cli import app  # noqa: E402
from conflictwatch.fuse import ReportInfo, fuse  # noqa: E402
from conflictwatch.review import current_incidents  # noqa: E402
from conflictwatch.spark import layout  # noqa: E402
from conflictwatch.store import Store  # noqa: E402

from .conftest import ROOT, SHARED  # noqa: E402

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
MULTI = SHARED / "corpus" / "multi-report"
ACLED = SHARED / "data" / "acled-train" / "acled_events.csv.gz"
needs_corpus = pytest.mark.skipif(not (MULTI / "cases.json").exists() or not ACLED.exists(),
                                  reason=f"../shared (multi-report corpus, ACLED notes) not found at {SHARED}; "
                                         "it exists in the project's CI")
BAD_LINES = [
    "{not json",
    json.dumps({"id": "bad-empty", "text": "  "}),
    json.dumps({"id": "bad-field", "text": "Gunmen killed two people.", "author": "x"}),
    json.dumps({"id": "bad-date", "text": "Gunmen killed three people.", "published": "May 2023"}),
    json.dumps({"id": "bad-country", "text": "Gunmen killed four people.", "country": "Atlantis"}),
]
runner = CliRunner()


# --- the reports ---------------------------------------------------------------------------------


def acled_notes(n_ukraine: int = 90, n_other: int = 110) -> list[dict]:
    """Dev-split notes: a run of Ukraine 2022 days (many events a day in a few oblasts: fusion's
    chains cross date buckets) and a spread of other countries."""
    ukraine, other = [], []
    with gzip.open(ACLED, "rt", encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["split"] != "dev" or not row["notes"].strip():
                continue
            line = {"id": f"acled-{row['event_id_cnty'] or i}", "text": row["notes"], "published": row["event_date"],
                    "source": row["source"] or None, "country": row["country"]}
            if row["country"] == "Ukraine" and row["event_date"].startswith("2022-0"):
                ukraine.append(line)
            elif i % 97 == 0:
                other.append(line)
    ukraine.sort(key=lambda r: (r["published"], r["id"]))
    return ukraine[:n_ukraine] + other[:n_other]


def multi_reports() -> list[dict]:
    cases = json.loads((MULTI / "cases.json").read_text(encoding="utf-8"))
    out = []
    for case in cases["incidents"]:
        for rep in case["reports"]:
            out.append({"id": rep["id"], "text": (MULTI / rep["file"]).read_text(encoding="utf-8"),
                        "published": rep.get("published"), "source": rep.get("outlet"), "url": rep.get("url")})
    return out


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """A JSONL batch of a few hundred reports with bad lines and a duplicate text."""
    if not (MULTI / "cases.json").exists() or not ACLED.exists():
        pytest.skip(f"../shared (multi-report corpus, ACLED notes) not found at {SHARED}")
    demo = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [json.dumps(r, ensure_ascii=False) for r in demo + multi_reports()]
    lines[1:1] = BAD_LINES[:2]
    lines.append("")  # a blank line: skipped, as by `conflictwatch ingest`
    lines += [json.dumps(r, ensure_ascii=False) for r in acled_notes()]
    lines.insert(40, json.dumps({**demo[0], "id": "dup-of-demo"}, ensure_ascii=False))  # same text, another id
    lines += BAD_LINES[2:]
    path = tmp_path_factory.mktemp("spark-corpus") / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def spark():
    from conflictwatch.spark.session import session

    s = session("local[2]", app_name="conflictwatch-tests")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def gazetteer(builtin_geocoder) -> str:
    return str(builtin_geocoder.gazetteer.path)


def cw(*args: str, db: Path | None = None, gazetteer: str | None = None):
    pre = [*(["--db", str(db)] if db else []), *(["--gazetteer", gazetteer] if gazetteer else [])]
    return runner.invoke(app, [*pre, *args])


@pytest.fixture(scope="session")
def single(corpus, gazetteer, tmp_path_factory) -> Store:
    """The single-process reference: `conflictwatch ingest` of the same file."""
    db = tmp_path_factory.mktemp("spark-single") / "single.sqlite"
    result = cw("ingest", str(corpus), db=db, gazetteer=gazetteer)
    assert f"{len(BAD_LINES)} failed" in result.output, result.output
    return Store(f"sqlite:///{db}")


@pytest.fixture(scope="session")
def killed(corpus, gazetteer, tmp_path_factory) -> dict:
    """`conflictwatch spark ingest` in a process of its own (spark-submit's entry point, local[2]),
    killed with its JVM and Python workers while it writes its datasets; what it left is copied aside."""
    base = tmp_path_factory.mktemp("spark-out")
    out, tmp = base / "bulk", base / ".bulk.inprogress"
    env = {**os.environ, "CONFLICTWATCH_HOME": str(base / "home")}
    cmd = [sys.executable, "-m", "conflictwatch.spark.submit", "--gazetteer", gazetteer,
           "spark", "ingest", str(corpus), "--output", str(out), "--master", "local[2]"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not any(tmp.glob(f"*/{layout.SUCCESS}")):  # a first dataset is complete, the others are not
            assert proc.poll() is None, "the job ended before it could be killed"
            assert time.monotonic() < deadline, "the job never started writing"
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver, its JVM and the Python workers: their own group
        proc.wait(timeout=60)
    left = {"output_existed": out.exists(), "temporary_existed": tmp.is_dir(), "half": base / "half-written"}
    shutil.copytree(tmp, left["half"])
    return {**left, "out": out, "tmp": tmp}


@pytest.fixture(scope="session")
def bulk(spark, killed, corpus, gazetteer) -> Path:
    """The killed job rerun (in the session's local[2] Spark): the output the other tests read."""
    result = cw("spark", "ingest", str(corpus), "--output", str(killed["out"]), gazetteer=gazetteer)
    assert result.exit_code == 0, result.output
    return killed["out"]


def dataset(folder: Path, name: str) -> list[dict]:
    import pyarrow.dataset as ds

    path = folder / name
    if not any(path.rglob("*.parquet")):
        return []
    return ds.dataset(str(path), format="parquet", partitioning="hive").to_table().to_pylist()


def dumps(events) -> list[dict]:
    return sorted((e.model_dump(mode="json") for e in events), key=lambda e: e["id"])


def store_state(store: Store) -> dict:
    return {"events": dumps(store.events()),
            "reports": sorted((r.model_dump(mode="json") for r in store.reports()), key=lambda r: r["id"]),
            "aliases": store.aliases(), "stated": {k: [v.model_dump(mode="json") for v in vs]
                                                   for k, vs in store.stated_totals().items()},
            "versions": store.extractor_versions()}


def load(folder: Path, db: Path):
    return cw("load", str(folder), db=db)


# --- spark ingest == single-process ingest ------------------------------------------------------------


@needs_corpus
def test_spark_ingest_gives_the_events_of_single_process_ingest(bulk, single, corpus):
    manifest = json.loads((bulk / layout.MANIFEST).read_text())
    assert (bulk / layout.SUCCESS).is_file() and manifest["format"] == layout.FORMAT
    reference = single.events()
    assert len(reference) > 250  # a real corpus, not a trivial one
    # the events dataset holds exactly the stored events, field for field (mentions apart)
    events = [layout.event_of(r) for r in dataset(bulk, layout.EVENTS)]
    assert dumps(events) == dumps(e.model_copy(update={"mentions": []}) for e in reference)
    mentions = sorted((r["event_id"], r["id"]) for r in dataset(bulk, layout.MENTIONS))
    assert mentions == sorted((e.id, m.id) for e in reference for m in e.mentions)
    # partitioned by country and month, as the rows say
    for path in (bulk / layout.EVENTS).rglob("*.parquet"):
        iso, month = path.parent.parent.name, path.parent.name
        assert iso.startswith("country_iso=") and month.startswith("month=")
    assert {r["country_iso"] for r in dataset(bulk, layout.EVENTS)} >= {"ML", "BF", "UA"}
    # every report read, the duplicate text named as such; the bad records with their reasons
    reports = dataset(bulk, layout.REPORTS)
    assert {r["id"]: r["duplicate_of"] for r in reports if r["duplicate_of"]} == {"dup-of-demo": "demo-ansongo-2023-05"}
    assert manifest["counts"]["reports"] == len(reports) == len(single.reports()) + len(single.aliases())
    errors = dataset(bulk, layout.ERRORS)
    assert sorted(e["reason"].partition(": ")[2][:20] for e in errors) == sorted(
        r[:20] for r in ["not valid JSON: Expecting property name enclosed in double quotes", "'text' is missing or empty",
                         "unknown field(s) ['author']; expected", "bad publication date 'May 2023'",
                         "unknown country 'Atlantis'"])
    lines = corpus.read_text(encoding="utf-8").splitlines()
    for e in errors:  # file:LINE as `conflictwatch ingest` names a line
        assert e["origin"].endswith(f":{e['input_row'] + 1}") and e["input_block"] == 0
        assert lines[e["input_row"]].startswith(e["record"][:30])
    assert manifest["engine_version"] == next(iter(single.extractor_versions().values()))
    assert manifest["model_version"] and manifest["counts"]["events"] == len(reference)


@needs_corpus
def test_load_twice_equals_the_single_process_store(bulk, single, tmp_path):
    db = tmp_path / "loaded.sqlite"
    first = load(bulk, db)
    assert first.exit_code == 0, first.output
    n = len(dataset(bulk, layout.REPORTS))
    assert f"{n - 1} new, 0 updated, 1 unchanged, 0 failed" in first.output  # the duplicate text: an alias
    again = load(bulk, db)
    assert again.exit_code == 0 and f"0 new, 0 updated, {n} unchanged, 0 failed; 0 events" in again.output
    assert store_state(Store(f"sqlite:///{db}")) == store_state(single)


# --- a killed job, rerun --------------------------------------------------------------------------------


@needs_corpus
def test_killed_job_rerun_and_loaded_duplicates_nothing(killed, bulk, single, tmp_path):
    assert killed["temporary_existed"] and not killed["output_existed"]
    for half in (killed["half"], tmp_path / "never-written"):  # nothing to load: refused in one line
        refused = load(half, tmp_path / "never.sqlite")
        assert refused.exit_code == 1 and refused.output.count("\n") == 1, refused.output
        assert refused.output.startswith("error: ")
    assert "incomplete output" in load(killed["half"], tmp_path / "never.sqlite").output
    # the rerun replaced the leftovers and renamed its complete output into place
    assert not killed["tmp"].exists() and (bulk / layout.SUCCESS).is_file()
    db = tmp_path / "loaded.sqlite"
    assert load(bulk, db).exit_code == 0
    again = load(bulk, db)
    assert "0 new, 0 updated" in again.output and "0 events written" in again.output
    assert store_state(Store(f"sqlite:///{db}")) == store_state(single)


# --- bad input and output: one line -------------------------------------------------------------------


def test_missing_input_and_existing_output_are_one_line_errors(spark, tmp_path):
    for args in (["spark", "ingest", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")],
                 ["spark", "ingest", f"file://{tmp_path}/nope/*.jsonl", "-o", str(tmp_path / "o")],
                 ["spark", "ingest", str(DEMO), "-o", str(tmp_path), "--country", "Atlantis"],
                 ["spark", "ingest", str(DEMO), "-o", str(tmp_path)]):
        result = cw(*args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output
    assert "no such file or folder" in cw("spark", "ingest", str(tmp_path / "nope.jsonl"), "-o", "x").output
    assert "exists already" in cw("spark", "ingest", str(DEMO), "-o", str(tmp_path)).output


def test_missing_or_half_written_output_is_never_loaded(spark, tmp_path, gazetteer):
    out = tmp_path / "demo-out"
    assert cw("spark", "ingest", str(DEMO), "-o", str(out), "--no-fuse", gazetteer=gazetteer).exit_code == 0
    assert not (out / layout.INCIDENTS).exists()
    db = tmp_path / "s.sqlite"
    cases = {}
    cases["missing"] = tmp_path / "never-written"
    no_marker = cases["no marker"] = tmp_path / "no-marker"
    shutil.copytree(out, no_marker)
    (no_marker / layout.SUCCESS).unlink()
    truncated = cases["truncated"] = tmp_path / "truncated"
    shutil.copytree(out, truncated)
    next((truncated / layout.EVENTS).rglob("*.parquet")).unlink()
    for name, folder in cases.items():
        result = load(folder, db)
        assert result.exit_code == 1 and result.output.count("\n") == 1, (name, result.output)
        assert result.output.startswith("error: ")
    assert "rows, the manifest says" in load(truncated, db).output
    assert not db.exists() or Store(f"sqlite:///{db}").counts()["reports"] == 0
    assert load(out, db).exit_code == 0


# --- Parquet input, the global options ----------------------------------------------------------------


@needs_corpus
def test_parquet_input_and_a_shipped_model_dir(spark, single, gazetteer, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from conflictwatch.learn.default import SHIPPED

    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.append({"id": "bad-date", "text": "Gunmen killed three people.", "published": "May 2023"})
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "demo.parquet")
    model = tmp_path / "my-model"  # the shipped model under another version: the executors must load this copy
    shutil.copytree(SHIPPED, model)
    meta = json.loads((model / "meta.json").read_text())
    (model / "meta.json").write_text(json.dumps({**meta, "version": "copy-for-spark-test"}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["--gazetteer", gazetteer, "--model-dir", str(model), "spark", "ingest",
                                 str(tmp_path / "demo.parquet"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / layout.MANIFEST).read_text())
    assert manifest["model_version"] == "copy-for-spark-test"
    assert [e["origin"].rsplit(":", 1)[-1] for e in dataset(out, layout.ERRORS)] == [str(len(rows))]  # the last row
    ids = {r["id"] for r in rows[:-1]}
    expected = [e.model_copy(update={"mentions": []}) for e in single.events() if e.document_id in ids]
    assert dumps(layout.event_of(r) for r in dataset(out, layout.EVENTS)) == dumps(expected)


# --- fusion in Spark == fusion of the store ----------------------------------------------------------


@needs_corpus
def test_spark_fusion_equals_the_stores_incidents(bulk, tmp_path):
    db = tmp_path / "loaded.sqlite"
    assert load(bulk, db).exit_code == 0
    listed = json.loads(cw("incidents", "--format", "json", db=db).stdout)
    assert listed == [i.model_dump(mode="json") for i in current_incidents(Store(f"sqlite:///{db}"))]
    spark_incidents = sorted((layout.incident_of(r).model_dump(mode="json") for r in dataset(bulk, layout.INCIDENTS)),
                             key=lambda i: i["id"])
    assert len(spark_incidents) == len(listed)
    assert sorted((i["id"], i["events"]) for i in spark_incidents) == sorted((i["id"], i["events"]) for i in listed)
    assert spark_incidents == sorted(listed, key=lambda i: i["id"])
    assert any(len(i["documents"]) > 3 for i in listed)  # the multi-report incidents are fused


def _day_chain_events():
    """Events whose compatible pairs chain over many days (as daily shelling of one town does), in two
    countries, with background, undated and country-less events among them."""
    from .test_fusion import ev, killed

    events = []
    for i in range(40):  # one event a day, each compatible with the next two: a chain of 40 days
        events.append(ev(f"m{i:02d}", f"dm{i:02d}", day=i, figures=[killed(3 + i % 4)]))
        if i % 3 == 0:  # a second report of the same day's attack
            events.append(ev(f"n{i:02d}", f"dn{i:02d}", day=i, lat=16.3, lon=0.1, figures=[killed(4 + i % 3)]))
    events += [ev(f"b{i:02d}", f"db{i:02d}", day=2 * i, iso="BF", admin1="Sahel", lat=13.4, lon=0.45)
               for i in range(15)]
    events += [ev("h1", "dh1", day=3, historical=True), ev("h2", "dh2", day=4, historical=True),
               ev("u1", "du1", dated=False), ev("x1", "dx1", day=5, iso=None)]
    return events


def test_spark_fusion_equals_the_library_across_small_buckets(spark):
    from conflictwatch.models import ExtractionResult, Report
    from conflictwatch.spark.fusion import fuse_output
    from conflictwatch.spark.job import spark_schema

    events = _day_chain_events()
    infos = {e.document_id: ReportInfo(id=e.document_id, source=f"Outlet {e.document_id[1:]}", published="2023-06",
                                       text="") for e in events}
    where = {d: layout.Where("file:/x.jsonl", 0, i) for i, d in enumerate(sorted(infos))}
    ev_rows, rep_rows = [], []
    for e in events:
        report = Report(id=e.document_id, text=f"text of {e.document_id}", source=infos[e.document_id].source,
                        published="2023-06")
        rows, _ = layout.result_rows(ExtractionResult(report=report, events=[e]), where[e.document_id])
        ev_rows += rows
        rep_rows.append(layout.report_row(report, where[e.document_id]))
    as_df = lambda rows, cols: spark.createDataFrame(  # noqa: E731
        [tuple(r.get(c.name) for c in cols) for r in rows], spark_schema(cols))
    ev_df, rep_df = as_df(ev_rows, layout.EVENT_COLUMNS), as_df(rep_rows, layout.REPORT_COLUMNS)
    infos = {d: ReportInfo(id=d, source=i.source, published=i.published, text=f"text of {d}") for d, i in infos.items()}
    expected = [i.model_dump(mode="json") for i in fuse(events, infos)]
    assert any(len(i["events"]) > 1 for i in expected) and len(expected) < len(events)
    assert any(i["date_start"] != i["date_end"] for i in expected)  # incidents across 1-day buckets
    for bucket_days in (1, 5):
        got = [layout.incident_of(r.asDict()).model_dump(mode="json")
               for r in fuse_output(spark, ev_df, rep_df, bucket_days=bucket_days).collect()]
        assert sorted(got, key=lambda i: i["id"]) == expected, bucket_days


def test_spark_fusion_decides_leads_over_a_whole_report(spark):
    # report A's lead event has no pair; its background event is fused in a group without it: the
    # group must still know that A leads with the other event (tests/test_fusion.py::_lead_case)
    from conflictwatch.models import ExtractionResult, Report
    from conflictwatch.spark.fusion import fuse_output
    from conflictwatch.spark.job import spark_schema

    from .test_fusion import _lead_case

    events = _lead_case()
    docs = sorted({e.document_id for e in events})
    where = {d: layout.Where("file:/x.jsonl", 0, i) for i, d in enumerate(docs)}
    ev_rows, rep_rows = [], []
    for d in docs:
        report = Report(id=d, text=f"text of {d}", source=f"Outlet {d}", published="2023-05-07")
        rows, _ = layout.result_rows(ExtractionResult(report=report, events=[e for e in events if e.document_id == d]),
                                     where[d])
        ev_rows += rows
        rep_rows.append(layout.report_row(report, where[d]))
    as_df = lambda rows, cols: spark.createDataFrame(  # noqa: E731
        [tuple(r.get(c.name) for c in cols) for r in rows], spark_schema(cols))
    infos = {d: ReportInfo(id=d, source=f"Outlet {d}", published="2023-05-07", text=f"text of {d}") for d in docs}
    expected = [i.model_dump(mode="json") for i in fuse(events, infos)]
    assert sorted(i["events"] for i in expected) == [["a1"], ["a2"], ["e1", "x1"]]
    got = [layout.incident_of(r.asDict()).model_dump(mode="json")
           for r in fuse_output(spark, as_df(ev_rows, layout.EVENT_COLUMNS), as_df(rep_rows, layout.REPORT_COLUMNS),
                                bucket_days=5).collect()]
    assert sorted(got, key=lambda i: i["id"]) == expected


def test_spark_fusion_reads_the_publication_day_of_each_report(spark):
    # an event dated on its report's publication day fuses with one 3 days earlier, across buckets
    from conflictwatch.models import ExtractionResult, Report
    from conflictwatch.spark.fusion import fuse_output
    from conflictwatch.spark.job import spark_schema

    from .test_fusion import _dateline_case

    told, dateline, infos = _dateline_case()
    events = [told, dateline]
    where = {d: layout.Where("file:/x.jsonl", 0, i) for i, d in enumerate(sorted(infos))}
    ev_rows, rep_rows = [], []
    for e in events:
        report = Report(id=e.document_id, text=f"text of {e.document_id}", source=f"Outlet {e.document_id}",
                        published=infos[e.document_id].published)
        rows, _ = layout.result_rows(ExtractionResult(report=report, events=[e]), where[e.document_id])
        ev_rows += rows
        rep_rows.append(layout.report_row(report, where[e.document_id]))
    as_df = lambda rows, cols: spark.createDataFrame(  # noqa: E731
        [tuple(r.get(c.name) for c in cols) for r in rows], spark_schema(cols))
    infos = {d: ReportInfo(id=d, source=f"Outlet {d}", published=i.published, text=f"text of {d}")
             for d, i in infos.items()}
    expected = [i.model_dump(mode="json") for i in fuse(events, infos)]
    assert [i["events"] for i in expected] == [["e1", "e2"]]
    for bucket_days in (1, 3):
        got = [layout.incident_of(r.asDict()).model_dump(mode="json")
               for r in fuse_output(spark, as_df(ev_rows, layout.EVENT_COLUMNS),
                                    as_df(rep_rows, layout.REPORT_COLUMNS), bucket_days=bucket_days).collect()]
        assert got == expected, bucket_days
