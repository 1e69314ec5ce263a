"""The store on a real PostgreSQL server (``tests/pg.py``), against SQLite: the same reports give the
same events, incidents and totals; ingesting twice adds nothing; four processes ingesting overlapping
batches at once store exactly what one process stores; corrections, the API and feeds work there too;
an unreachable database is a one-line error."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.ingest import read_jsonl
from conflictwatch.models import ExtractionResult
from conflictwatch.review import refresh
from conflictwatch.store import EventFilter, IncidentFilter, Store
from conflictwatch.totals import compute_incidents

from .conftest import ROOT, SHARED
from .pg import free_port
from .web_site import fast_web, site  # noqa: F401 - fixtures (a local web site)

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
MULTI = SHARED / "corpus" / "multi-report"
needs_multi = pytest.mark.skipif(not MULTI.exists(), reason=f"the multi-report corpus is not at {MULTI} "
                                                            "(../shared is absent; it exists in the project's CI)")
runner = CliRunner()

TOWNS = ["Gao", "Mopti", "Djenne", "Bandiagara", "Douentza", "Menaka", "Kidal", "Timbuktu", "Segou", "Niono",
         "Koro", "Bankass", "Djibo", "Dori", "Kaya", "Ouahigouya", "Tillaberi", "Diffa", "Kayes", "Sikasso"]


def demo_lines() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def story_lines(n: int = 20) -> list[dict]:
    """Short fictional reports of 2020-2021, one attack each, a month or more apart (two tell the same one)."""
    lines = [{"id": f"story-{i}", "published": f"{2020 + i // 12}-{i % 12 + 1:02d}-14",
              "source": f"Example Outlet {i % 3}",
              "text": f"On {MONTHS[i % 12]} 10, {2020 + i // 12}, gunmen killed {i + 3} civilians in an attack on a market "
                      f"near {TOWNS[i]} in Mali, local officials said. Residents of {TOWNS[i]} said the attackers fled "
                      "on motorbikes."}
             for i in range(n)]
    lines.append({"id": "story-0-again", "published": "2020-01-12", "source": "Example Wire",
                  "text": f"Gunmen killed 3 civilians at a market near {TOWNS[0]} in Mali on January 10, 2020, a local "
                          "official told reporters."})
    return lines


def multi_report_lines() -> list[dict]:
    """The real reports of ../shared/corpus/multi-report (English and French), as JSONL lines."""
    lines = []
    for index in sorted(MULTI.glob("*/reports.jsonl")):
        for raw in index.read_text(encoding="utf-8").splitlines():
            meta = json.loads(raw)
            lines.append({"id": meta["id"], "text": (index.parent / meta["file"]).read_text(encoding="utf-8"),
                          "published": meta.get("published"), "source": meta.get("outlet"), "url": meta.get("url"),
                          "title": meta.get("title")})
    return lines


def write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def dumps(items) -> list[dict]:
    return [i.model_dump(mode="json") for i in items]


def snapshot(store: Store) -> dict:
    """Everything a store holds, in a comparable form (reports by id: their insertion times differ)."""
    return {
        "events": dumps(store.events()),
        "incidents": dumps(store.incidents()),
        "reports": sorted(dumps(store.reports()), key=lambda r: r["id"]),
        "stated": {k: dumps(v) for k, v in sorted(store.stated_totals().items())},
        "aliases": store.aliases(),
        "urls": {k: sorted(u["url"] for u in v) for k, v in sorted(store.report_urls().items())},
        "counts": store.counts(),
    }


@pytest.fixture(scope="module")
def extracted(engine, tmp_path_factory) -> dict[str, list[ExtractionResult]]:
    """The demo reports and the stories, and (when ../shared is there) the multi-report corpus, extracted once."""
    sets = {"demo": demo_lines() + story_lines()}
    if MULTI.exists():
        sets["multi-report"] = multi_report_lines()
    out = {}
    for name, lines in sets.items():
        reports = [item.report for item in read_jsonl(write_jsonl(tmp_path_factory.mktemp(name) / "r.jsonl", lines))]
        out[name] = list(engine.extract_many(reports))
    return out


def cli(url: str, gazetteer: Path):
    def run(*args: str):
        return runner.invoke(app, ["--db", url, "--gazetteer", str(gazetteer), *args])
    return run


# --- the same store in both --------------------------------------------------------------------------


@pytest.mark.parametrize("corpus", ["demo", pytest.param("multi-report", marks=needs_multi)])
def test_the_same_reports_give_the_same_events_in_sqlite_and_postgresql(extracted, corpus, tmp_path, pg_url):
    results = extracted[corpus]
    stores = {"sqlite": Store(f"sqlite:///{tmp_path / 'events.sqlite'}"), "postgresql": Store(pg_url)}
    assert stores["postgresql"].dialect == "postgresql"
    for store in stores.values():
        saved = list(store.save_many(results))
        assert [s.status for s in saved] == ["new"] * len(results), [s.error for s in saved if s.error]
        refresh(store)
    lite, pg = (snapshot(s) for s in stores.values())
    assert lite["counts"]["events"] == sum(len(r.events) for r in results) > 0
    for part in lite:
        assert pg[part] == lite[part], part
    # the filters that read the stored JSON (admin1, actor, bbox, free text) and the SQL ones
    for flt in (EventFilter(country="Mali"), EventFilter(q="MARKET"), EventFilter(bbox=(-5.0, 10.0, 5.0, 20.0)),
                EventFilter(since=dt.date(2023, 5, 6)), EventFilter(include_historical=False),
                EventFilter(admin1=pg["events"][-1]["admin1"]), EventFilter(actor=pg["events"][-1]["actor1"]),
                EventFilter(event_type="Violence against civilians"), EventFilter(document_id=results[0].report.id)):
        found = [dumps(s.events(flt)) for s in stores.values()]
        assert found[0] == found[1], flt
        paged = [dumps(s.events(flt, limit=3, offset=1)) for s in stores.values()]
        assert paged[0] == paged[1] == found[0][1:4], flt
    assert len(stores["postgresql"].events(EventFilter(country="Mali"))) >= 10
    incs = [s.incidents(IncidentFilter(grade="Fair")) for s in stores.values()]
    assert incs[0] == incs[1]
    for by in ("victim", "month", "location", "actor", "type", "country"):
        totals = [[t.model_dump() for t in compute_incidents(s.incidents(), by)] for s in stores.values()]
        assert totals[0] == totals[1], by
    if corpus == "demo":
        # the two outlets' accounts of the Ouatagouna market attack are one incident, 18 to 25 civilians
        (market,) = [i for i in pg["incidents"] if {"demo-ansongo-2023-05", "demo-ouatagouna-wire-2023-05"}
                     <= set(i["documents"]) and not i["historical"]]
        civilians = next(v for v in market["victims"] if v["group"] == "civilians")
        assert (civilians["low"], civilians["high"]) == (18, 25)
        # the story told twice is one incident of 3 civilians; the others one each
        stories = {tuple(i["documents"]): [(v["group"], v["low"], v["high"]) for v in i["victims"]]
                   for i in pg["incidents"] if i["documents"][0].startswith("story")}
        assert stories == {("story-0", "story-0-again"): [("civilians", 3, 3)],
                           **{(f"story-{k}",): [("civilians", k + 3, k + 3)] for k in range(1, 20)}}
    # saving the same results again adds nothing, in both
    for store in stores.values():
        assert {s.status for s in store.save_many(results)} == {"unchanged"}
    assert snapshot(stores["postgresql"]) == pg and snapshot(stores["sqlite"]) == lite


def test_ingesting_twice_adds_nothing_on_postgresql(pg_url, builtin_geocoder, tmp_path):
    cw = cli(pg_url, builtin_geocoder.gazetteer.path)
    batch = write_jsonl(tmp_path / "reports.jsonl", demo_lines() + story_lines(6))
    n = len(demo_lines()) + 7
    first = cw("ingest", str(batch))
    assert first.exit_code == 0, first.output
    assert f"{n} new, 0 updated, 0 unchanged, 0 failed" in first.output and "app@127.0.0.1" in first.output
    store = Store(pg_url)
    before = snapshot(store)
    again = cw("ingest", str(batch))
    assert again.exit_code == 0, again.output
    assert f"0 new, 0 updated, {n} unchanged, 0 failed; 0 events written" in again.output
    assert snapshot(store) == before and before["counts"]["reports"] == n
    # the same text under another id is an alias, on PostgreSQL too
    other = write_jsonl(tmp_path / "other.jsonl", [{**story_lines(1)[0], "id": "story-0-copy"}])
    assert "same text; story-0-copy is now an alias" in cw("ingest", str(other)).output
    assert store.aliases() == {"story-0-copy": "story-0"} and store.counts()["reports"] == n


# --- concurrent writers ------------------------------------------------------------------------------


def _conflictwatch() -> list[str]:
    script = Path(sys.executable).with_name("conflictwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "conflictwatch.cli"]


SUMMARY = re.compile(r"(\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed")


def test_four_concurrent_ingests_store_what_one_stores(pg_server, builtin_geocoder, tmp_path):
    """Four `conflictwatch ingest` processes on overlapping JSONL files (each holds about 60 % of the
    reports, in its own order) into one new PostgreSQL store, against one process ingesting them all."""
    lines = demo_lines() + story_lines()
    if MULTI.exists():
        lines += multi_report_lines()
    rng = random.Random(12)
    parts = []
    for k in range(4):
        part = rng.sample(lines, k=int(len(lines) * 0.6))
        parts.append(write_jsonl(tmp_path / f"part-{k}.jsonl", part))
    covered = {line["id"] for p in parts for line in map(json.loads, p.read_text().splitlines())}
    union = [line for line in lines if line["id"] in covered]
    gazetteer = str(builtin_geocoder.gazetteer.path)
    pg_server.sql('CREATE DATABASE "concurrent"')
    pg_server.sql('CREATE DATABASE "single"')
    # the single process first: it also loads the model's places into the gazetteer, which four processes
    # starting on a fresh gazetteer would do at once (the gazetteer's own lock waits 5 s only)
    single = subprocess.run([*_conflictwatch(), "--db", pg_server.url("single"), "--gazetteer", gazetteer, "ingest",
                             str(write_jsonl(tmp_path / "all.jsonl", union))], capture_output=True, text=True,
                            timeout=900)
    assert single.returncode == 0, single.stderr[-2000:]
    procs = [subprocess.Popen([*_conflictwatch(), "--db", pg_server.url("concurrent"), "--gazetteer", gazetteer,
                               "ingest", str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in parts]
    outputs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-2000:] for _, err in outputs]

    # every report new in exactly one process, none failed, none rewritten
    summaries = [tuple(map(int, SUMMARY.search(out).groups())) for out, _ in outputs]
    assert sum(s[0] for s in summaries) == len(union) and all(s[1] == 0 and s[3] == 0 for s in summaries), summaries
    assert sum(s[0] + s[2] for s in summaries) == sum(len(p.read_text().splitlines()) for p in parts)
    together, alone = snapshot(Store(pg_server.url("concurrent"))), snapshot(Store(pg_server.url("single")))
    assert alone["counts"]["reports"] == len(union) and alone["counts"]["events"] > len(union) // 2
    for part in alone:
        assert together[part] == alone[part], part


def _save_part(url: str, payload: list[str], batch: int) -> list[str]:
    """A process's share of a concurrent save_many (results as JSON: no pickled models)."""
    store = Store(url)
    results = [ExtractionResult.model_validate_json(p) for p in payload]
    return [s.status for s in store.save_many(results, batch=batch)]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_concurrent_save_many_loses_nothing_and_duplicates_nothing(extracted, dialect, tmp_path, request):
    """Four processes open one new store at once and save overlapping shuffled shares in batches of 3
    (locks taken in different orders: deadlocks and waits are retried), against one process."""
    results = [r for rs in extracted.values() for r in rs]
    if dialect == "sqlite":
        urls = [f"sqlite:///{tmp_path / 'together.sqlite'}", f"sqlite:///{tmp_path / 'alone.sqlite'}"]
    else:
        server = request.getfixturevalue("pg_server")
        server.sql('CREATE DATABASE "together"')
        server.sql('CREATE DATABASE "alone"')
        urls = [server.url("together"), server.url("alone")]
    rng = random.Random(3)
    shares = [rng.sample(results, k=int(len(results) * 0.7)) for _ in range(4)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        statuses = pool.starmap(_save_part, [(urls[0], [r.model_dump_json() for r in share], 3) for share in shares])
    assert sum(s.count("new") for s in statuses) == len({r.report.id for share in shares for r in share})
    assert {x for s in statuses for x in s} <= {"new", "unchanged"}, statuses
    alone = Store(urls[1])
    assert {s.status for s in alone.save_many([r for share in shares for r in share])} == {"new", "unchanged"}
    assert snapshot(Store(urls[0])) == snapshot(alone)


def test_a_deadlock_between_two_writers_is_written_again(extracted, pg_url, monkeypatch):
    """Two writers each insert one report, then the other's: PostgreSQL kills one of them (deadlock);
    its batch is rolled back and written again, and both succeed."""
    import threading
    from collections import Counter

    first, second = extracted["demo"][:2]
    barrier = threading.Barrier(2)
    calls: Counter = Counter()
    original = Store._save_once

    def save_once(self, session, result):
        saved = original(self, session, result)
        name = threading.current_thread().name
        calls[name] += 1
        if calls[name] == 1:
            barrier.wait(timeout=30)  # both now hold the lock of their first report's new row
        return saved

    Store(pg_url).engine.dispose()
    monkeypatch.setattr(Store, "_save_once", save_once)
    statuses: dict[str, list[str]] = {}

    def write(name: str, results) -> None:
        statuses[name] = [s.status for s in Store(pg_url).save_many(results, batch=2)]

    threads = [threading.Thread(target=write, name=name, args=(name, order))
               for name, order in (("a", [first, second]), ("b", [second, first]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(statuses.values()) == [["new", "new"], ["unchanged", "unchanged"]], statuses
    assert max(calls.values()) > 2, calls  # the deadlock's loser wrote its batch again
    store = Store(pg_url)
    assert store.counts()["reports"] == 2 and store.counts()["events"] == len(first.events) + len(second.events)


# --- corrections, the API and feeds on PostgreSQL ------------------------------------------------------


def test_review_actions_on_postgresql(pg_url, builtin_geocoder, tmp_path):
    from .test_review import REPORTS, WHO, by_docs, jout

    cw = cli(pg_url, builtin_geocoder.gazetteer.path)
    assert cw("ingest", str(write_jsonl(tmp_path / "r.jsonl", REPORTS))).exit_code == 0
    groups = by_docs(jout(cw("incidents", "--format", "json")))
    market, menaka = groups[("paper-2", "wire-1")], groups[("mali-4",)]
    ev = {e["document_id"]: e for e in jout(cw("events", "--format", "json"))}
    assert cw("review", "merge", market["id"], menaka["id"], *WHO).exit_code == 0
    big = by_docs(jout(cw("incidents", "--format", "json")))[("mali-4", "paper-2", "wire-1")]
    assert big["reviewed"] is True and len(big["events"]) == 3
    assert cw("review", "split", big["id"], "--events", ev["mali-4"]["id"], *WHO).exit_code == 0
    wire = ev["wire-1"]
    fixed = cw("review", "set", wire["id"], "location", "Ouatagouna market", *WHO)
    assert fixed.exit_code == 0 and '"Ouatagouna" -> "Ouatagouna market"' in fixed.stdout
    start = wire["figures"][0]["evidence"][0]["start"] if wire["figures"] else wire["victims"][0]["evidence"][0]["start"]
    assert cw("review", "figure", wire["id"], "--evidence-start", str(start), "--status", "discounted", *WHO).exit_code == 0
    market_now = by_docs(jout(cw("incidents", "--format", "json")))[("paper-2", "wire-1")]
    assert cw("review", "set", market_now["id"], "grade", "Contested", *WHO).exit_code == 0

    events = {e["document_id"]: e for e in jout(cw("events", "--format", "json"))}
    assert events["wire-1"]["location"] == "Ouatagouna market" and events["wire-1"]["reviewed"] is True
    groups = by_docs(jout(cw("incidents", "--format", "json")))
    assert set(groups) == {("paper-2", "wire-1"), ("niger-3",), ("mali-4",)}
    (civilians,) = groups[("paper-2", "wire-1")]["victims"]  # the discounted 18-23 no longer counts
    assert (civilians["low"], civilians["high"], civilians["qualifier"]) == (20, 20, "at_least")
    assert groups[("paper-2", "wire-1")]["grade"] == "Contested"
    totals = {t["key"]: t["range"] for t in jout(cw("totals", "--format", "json"))["totals"]}
    assert totals["civilians"] == "at least 32"
    log = jout(cw("review", "log", "--format", "json"))
    assert [e["action"] for e in log] == ["merge", "split", "set", "figure", "set"] and [e["id"] for e in log] == [1, 2, 3, 4, 5]
    assert all(e["author"] == "analyst A" and e["state"] == "applied" for e in log)
    assert jout(cw("review", "pending", "--format", "json")) == []
    # the export carries the corrections
    out = tmp_path / "events.json"
    assert cw("export", "--format", "json", "-o", str(out)).exit_code == 0
    assert {e["document_id"]: e["location"] for e in json.loads(out.read_text())}["wire-1"] == "Ouatagouna market"


def test_the_api_on_postgresql(pg_url, engine):
    from fastapi.testclient import TestClient

    from conflictwatch.serve import create_app

    from .serve_helpers import TOKEN

    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(pg_url, token=TOKEN, engine_factory=lambda: engine)) as client:
        posted = client.post("/reports", headers=auth, json=demo_lines())
        assert posted.status_code == 200, posted.text
        health = client.get("/health").json()
        assert health["store"] == pg_url and health["counts"]["reports"] == len(demo_lines())
        items = client.get("/incidents", params={"q": "ouatagouna", "type": "Violence against civilians"}).json()["items"]
        (market,) = items
        first = client.get("/events", params={"country": "Mali", "limit": 2}).json()
        rest = client.get("/events", params={"country": "Mali", "cursor": first["next_cursor"], "limit": 100}).json()
        everything = client.get("/events", params={"country": "Mali", "limit": 100}).json()["items"]
        assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in everything] and len(everything) > 2
        r = client.post("/review", headers=auth, json={"action": "set", "target": market["id"], "field": "grade",
                                                       "value": "Contested", "author": "ana", "reason": "denied"})
        assert r.status_code == 200, r.text
        assert r.json()["entry"]["id"] == 1 and r.json()["incident"]["grade"] == "Contested"
        assert client.get(f"/incidents/{market['id']}").json()["incident"]["grade"] == "Contested"
        totals = client.get("/totals", params={"by": "country"}).json()
        assert any(t["key"] == "Mali" for t in totals["totals"])
        csv_text = client.get("/export", params={"format": "acled"}).text
        assert csv_text.count("\n") > len(everything)


def test_watch_on_postgresql(pg_url, builtin_geocoder, site, fast_web):  # noqa: F811
    from .web_site import article_page, rss

    items = []
    for i in range(3):
        url = site.add(f"/news/{i}", article_page(story_lines(3)[i]["text"], title=f"Attack near {TOWNS[i]}",
                                                 published=f"2023-05-{i + 5:02d}T08:00:00+00:00"))
        items.append({"title": f"Attack near {TOWNS[i]}", "link": url, "guid": f"s-{i}",
                      "date": dt.datetime(2023, 5, i + 5, 8, tzinfo=dt.timezone.utc)})
    feed = site.add("/feed.xml", rss(items), content_type="application/rss+xml", etag='"v1"')
    cw = cli(pg_url, builtin_geocoder.gazetteer.path)
    first = cw("watch", feed, "--once")
    assert first.exit_code == 0, first.output
    assert "3 items, 3 new; 3 ingested, 0 failed" in first.output
    store = Store(pg_url)
    assert store.counts()["reports"] == 3 and store.counts()["feed_items"] == 3
    assert store.feed(feed).etag == '"v1"' and store.feed(feed).failures == 0
    again = cw("watch", feed, "--once")
    assert again.exit_code == 0 and "not modified" in again.output
    assert store.counts()["reports"] == 3


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["events"], ["totals"], ["incidents"], ["export", "--format", "json", "-o", "out.json"], ["review", "log"],
    ["ingest", str(DEMO)], ["reports"], ["token", "list"],
])
def test_an_unreachable_database_is_a_one_line_error(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"postgresql+psycopg://app:secret@127.0.0.1:{free_port()}/nowhere"
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"error: cannot open the event store postgresql+psycopg://app:***@127.0.0.1:{url.split(':')[3]}"), lines
    assert "Connection refused" in lines[0] and "secret" not in result.output


def test_an_unreachable_database_from_the_command_line_has_no_traceback(tmp_path):
    url = f"postgresql://app@127.0.0.1:{free_port()}/nowhere"  # the plain scheme means psycopg 3 too
    done = subprocess.run([*_conflictwatch(), "--db", url, "totals"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert done.stderr.strip().count("\n") == 0 and "cannot open the event store" in done.stderr
