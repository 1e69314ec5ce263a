"""`conflictwatch serve`: the HTTP API over a store of the demo reports (FastAPI's TestClient)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from fastapi.testclient import TestClient

from conflictwatch.review import current_incidents, reviewed_events
from conflictwatch.serve import create_app
from conflictwatch.store import EventFilter, IncidentFilter, Store
from conflictwatch.totals import compute_incidents

from .serve_helpers import TOKEN, build_store, copy_store

PROBLEM = "application/problem+json"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
INJECTIONS = [
    "' OR '1'='1", "Mali'; DROP TABLE events; --", "\" OR 1=1 --", "1) UNION SELECT sql FROM sqlite_master --",
    "%' OR 1=1 --", "Mali\\' --", "*/ OR /*", "'; UPDATE incidents SET grade='Confirmed'; --",
]


@pytest.fixture(scope="module")
def demo_url(engine, tmp_path_factory):
    return build_store(engine, tmp_path_factory.mktemp("serve-api") / "base.sqlite")


@pytest.fixture()
def url(demo_url, tmp_path):
    return copy_store(demo_url, tmp_path / "events.sqlite")


@pytest.fixture()
def client(url, engine):
    with TestClient(create_app(url, token=TOKEN, engine_factory=lambda: engine)) as c:
        yield c


def _market(client) -> dict:
    """The Ouatagouna market attack: two reports, civilians killed, figures from several sources."""
    items = client.get("/incidents", params={"q": "ouatagouna", "type": "Violence against civilians"}).json()["items"]
    assert len(items) == 1, items
    return items[0]


def test_incidents_and_events_are_the_librarys(client, url):
    store = Store(url)
    body = client.get("/incidents").json()
    assert [i["id"] for i in body["items"]] == [i.id for i in current_incidents(store)]
    assert len(body["items"]) == 9 and body["next_cursor"] is None
    events = client.get("/events", params={"limit": 1000}).json()["items"]
    assert [e["id"] for e in events] == [e.id for e in reviewed_events(store)]
    assert len(events) == 13


def test_country_filter_and_pagination(client):
    mali = client.get("/incidents", params={"country": "Mali"}).json()["items"]
    burkina = client.get("/incidents", params={"country": "Burkina Faso"}).json()["items"]
    assert {i["country"] for i in mali} == {"Mali"} and len(mali) == 6
    assert {i["country"] for i in burkina} == {"Burkina Faso"} and len(burkina) == 3
    first = client.get("/incidents", params={"country": "Mali", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"] == "2"
    seen = [i["id"] for i in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/incidents", params={"country": "Mali", "limit": 2, "cursor": cursor}).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [i["id"] for i in mali]


def test_new_filters_agree_in_sql_and_python(client, url):
    store = Store(url)
    cases = [
        {"admin1": "Gao"}, {"actor": "Islamic State (Sahel)"}, {"q": "DJIBO"}, {"q": "clash"},
        {"bbox": (-2.0, 13.0, 0.0, 15.0)}, {"since": "2023-05-05", "until": "2023-05-31"},
    ]
    for case in cases:
        flt = EventFilter(**{k: dt.date.fromisoformat(v) if k in ("since", "until") else v for k, v in case.items()})
        in_sql = [e.id for e in store.events(flt)]
        in_python = [e.id for e in store.events() if flt.matches(e)]
        assert in_sql == in_python and in_sql, case
        params = {k: (",".join(map(str, v)) if isinstance(v, tuple) else v) for k, v in case.items()}
        assert [e["id"] for e in client.get("/events", params=params).json()["items"]] == in_sql
    burkina = client.get("/incidents", params={"bbox": "-2,13,0,15"}).json()["items"]
    assert burkina and {i["country"] for i in burkina} == {"Burkina Faso"}


def test_incident_shows_every_figure_with_source_status_and_evidence(client, url):
    market = _market(client)
    detail = client.get(f"/incidents/{market['id']}").json()
    civilians = next(v for v in detail["incident"]["victims"] if v["group"] == "civilians")
    figures = {f["evidence"]["text"]: f for f in civilians["figures"]}
    local = figures["between 18 and 23 civilians"]
    assert (local["low"], local["high"], local["source"], local["status"]) == (18, 23, "local officials", "current")
    assert local["document_id"] == "demo-ansongo-2023-05"
    assert {r["id"] for r in detail["reports"]} == {"demo-ansongo-2023-05", "demo-ouatagouna-wire-2023-05",
                                                   "demo-ouatagouna-fr-2023-05"}  # the French report fuses too
    french = figures["au moins 20 civils"]  # its evidence in the French text, its source in French
    assert (french["low"], french["source"], french["document_id"]) == (20, "élus locaux", "demo-ouatagouna-fr-2023-05")
    assert {e["id"] for e in detail["events"]} == set(detail["incident"]["events"])
    assert civilians["low"] == 18
    # the evidence offsets point into the report's text
    report = client.get(f"/reports/{local['document_id']}").json()
    ev = local["evidence"]
    assert report["text"][ev["start"]:ev["end"]] == "between 18 and 23 civilians"
    spans = [s for s in report["spans"] if s["field"] == "figure" and s["start"] == ev["start"]]
    assert spans and spans[0]["group"] == "civilians" and spans[0]["source"] == "local officials"


def test_claims_stay_apart(client):
    claims = [f for i in client.get("/incidents").json()["items"] for v in i["victims"] for f in v["figures"]
              if f["status"] == "claim"]
    assert {f["evidence"]["text"] for f in claims} >= {"more than 40 soldiers", "14 of the assailants"}
    army = next(i for i in client.get("/incidents", params={"q": "Bara"}).json()["items"])
    isis = next(v for v in army["victims"] if v["group"] == "Islamic State (Sahel)")
    assert isis["low"] is None and isis["high"] is None  # the army's claim of 14 never counts


def test_totals_are_ranges_from_the_library(client, url):
    store = Store(url)
    for by in ("victim", "country", "month"):
        body = client.get("/totals", params={"by": by}).json()
        expected = compute_incidents(current_incidents(store, IncidentFilter()), by)
        assert [(t["key"], t["killed_low"], t["killed_high"], t["range"]) for t in body["totals"]] == [
            (t.key, t.killed_low, t.killed_high, t.range_text) for t in expected]
    victims = {t["key"]: t for t in client.get("/totals").json()["totals"]}
    assert victims["civilians"]["range"].startswith("18 to ")
    assert victims["unknown (no figures)"]["range"] == "unknown"  # never a false 0
    assert victims["VDP: Volunteers for the Defense of the Homeland"]["range"] == "at least 12"


def test_export_formats(client):
    acled = client.get("/export", params={"format": "acled", "country": "Burkina Faso"})
    assert acled.status_code == 200 and acled.headers["content-type"].startswith("text/csv")
    assert "attachment" in acled.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(acled.text)))
    assert len(rows) == 3 and {r["country"] for r in rows} == {"Burkina Faso"} and all(r["incident_id"] for r in rows)
    geo = client.get("/export", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 13
    parquet = client.get("/export", params={"format": "parquet"})
    import pyarrow.parquet as pq
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == 13
    assert client.get("/export", params={"format": "ucdp"}).text.startswith("id,relid,")
    assert client.get("/export", params={"format": "xlsx"}).status_code == 422


def test_writes_need_the_token(client, url):
    before = Store(url).counts()
    body = {"action": "set", "target": _market(client)["id"], "field": "location", "value": "Elsewhere",
            "author": "ana", "reason": "test"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = client.post("/review", json=body, headers=headers)
        assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
        assert r.headers["www-authenticate"] == "Bearer"
        r = client.post("/reports", json={"text": "Gunmen killed 4 people in Gao."}, headers=headers)
        assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    assert Store(url).counts() == before


def test_review_with_the_token_changes_the_value_and_the_log(client):
    market = _market(client)
    r = client.post("/review", headers=AUTH, json={"action": "set", "target": market["id"], "field": "grade",
                                                   "value": "Contested", "author": "ana", "reason": "denied by the army"})
    assert r.status_code == 200, r.text
    assert r.json()["incident"]["grade"] == "Contested" and r.json()["entry"]["id"] == 1
    assert client.get(f"/incidents/{market['id']}").json()["incident"]["grade"] == "Contested"
    log = client.get("/review").json()
    assert [(e["author"], e["field"], e["before"], e["after"]) for e in log] == [("ana", "grade", market["grade"], "Contested")]
    assert log[0]["at"].endswith("Z") or "+00:00" in log[0]["at"]


def test_review_figure_merge_split(client):
    market = _market(client)
    detail = client.get(f"/incidents/{market['id']}").json()
    fig = next(f for v in detail["incident"]["victims"] for f in v["figures"] if f["evidence"]["text"] == "25")
    r = client.post("/review", headers=AUTH, json={"action": "figure", "event": fig["event_id"], "status": "discounted",
                                                   "evidence_start": fig["evidence"]["start"], "author": "ana",
                                                   "reason": "a rumour"})
    assert r.status_code == 200, r.text
    civilians = next(v for v in r.json()["incident"]["victims"] if v["group"] == "civilians")
    assert civilians["high"] < 25
    # split the two reports apart, then merge them again
    events = detail["incident"]["events"]
    r = client.post("/review", headers=AUTH, json={"action": "split", "incident": r.json()["incident"]["id"],
                                                   "events": events[:1], "author": "ana", "reason": "two attacks?"})
    assert r.status_code == 200, r.text
    moved = r.json()["incident"]["events"]
    assert events[0] in moved and events[1] not in moved
    parts = [i["id"] for i in client.get("/incidents").json()["items"] if set(i["events"]) & set(events)]
    assert len(parts) == 2
    r = client.post("/review", headers=AUTH, json={"action": "merge", "incidents": parts, "author": "ana",
                                                   "reason": "one attack after all"})
    assert r.status_code == 200 and set(events) <= set(r.json()["incident"]["events"])
    assert [e["action"] for e in client.get("/review").json()] == ["figure", "split", "merge"]


def test_review_errors_are_problems(client):
    bad = [
        ({"action": "set", "target": "nope", "field": "location", "value": "x", "author": "a", "reason": "r"}, 404),
        ({"action": "set", "target": _market(client)["id"], "field": "latitude", "value": "north", "author": "a",
          "reason": "r"}, 409),
        ({"action": "merge", "incidents": ["a"], "author": "a", "reason": "r"}, 422),
        ({"action": "figure", "event": "e", "status": "current", "evidence_start": True, "author": "a", "reason": "r"}, 422),
        ({"action": "drop", "author": "a", "reason": "r"}, 422),
    ]
    for body, status in bad:
        r = client.post("/review", headers=AUTH, json=body)
        assert r.status_code == status, (body, r.text)
        assert r.headers["content-type"] == PROBLEM
        problem = r.json()
        assert problem["status"] == status and problem["title"] and problem["detail"]
    assert client.get("/review").json() == []


def test_post_reports_one_and_a_batch(client):
    one = {"id": "api-1", "text": "On May 2, gunmen killed 7 civilians in Ansongo, Mali, local officials said.",
           "published": "2023-05-03", "source": "API test"}
    r = client.post("/reports", headers=AUTH, json=one)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reports"] == [{"id": "api-1", "status": "new", "events_written": len(body["events"]),
                                "alias_of": None, "error": None}]
    assert body["events"] and all(e["document_id"] == "api-1" for e in body["events"])
    assert any(v["group"] == "civilians" and v["low"] == 7 for i in body["incidents"] for v in i["victims"])
    again = client.post("/reports", headers=AUTH, json=one).json()
    assert again["reports"][0]["status"] == "unchanged"
    lines = "\n".join(json.dumps({"id": f"batch-{i}", "text": f"Soldiers killed {i + 2} militants near Gao, Mali on June {i + 1}.",
                                  "published": "2023-06"}) for i in range(2))
    r = client.post("/reports", headers={**AUTH, "Content-Type": "application/x-ndjson"}, content=lines)
    assert r.status_code == 200, r.text
    assert [s["id"] for s in r.json()["reports"]] == ["batch-0", "batch-1"]
    assert client.get("/reports/batch-1").json()["text"].startswith("Soldiers killed 3")


def test_post_reports_in_an_unsupported_language(client, url):
    es = {"id": "api-es", "text": "El martes, hombres armados mataron a siete civiles en un mercado de Ansongo, en el "
          "norte de Malí, según fuentes locales citadas por la prensa."}
    before = Store(url).counts()
    r = client.post("/reports", headers=AUTH, json=es)  # nothing read: a problem, nothing stored
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert "api-es: written in 'es'" in r.json()["detail"]
    assert Store(url).counts() == before and client.get("/reports/api-es").status_code == 404
    short = {"id": "api-short", "lang": "es", "text": "Gunmen killed 4 people in Gao."}  # given: not in the schema
    r = client.post("/reports", headers=AUTH, json=short)
    assert r.status_code == 422 and r.json()["detail"].endswith("lang: Input should be 'en' or 'fr'")
    batch = [es, {"id": "api-en", "text": "On May 2, gunmen killed 7 civilians in Ansongo, Mali, officials said."}]
    r = client.post("/reports", headers=AUTH, json=batch)  # a batch: counted apart, the rest read
    assert r.status_code == 200, r.text
    assert [(s["id"], s["status"]) for s in r.json()["reports"]] == [("api-es", "unsupported"), ("api-en", "new")]
    assert client.get("/reports/api-en").status_code == 200 and client.get("/reports/api-es").status_code == 404


def test_a_short_text_detected_in_another_language_is_read_by_the_fallback(engine):
    from conflictwatch.models import Report

    report = Report(id="short", text="Gunmen killed 4 people in Gao.")
    first = engine.route(report)
    assert first.pipeline == "en" and report.lang is not None
    assert engine.route(report).pipeline == "en"  # routing again keeps the choice
    assert engine.extract(report).report.lang == report.lang


def test_post_reports_bad_input(client):
    cases = [
        ({"json": {"text": "   "}}, 422),
        ({"json": {"text": "x", "extra": 1}}, 422),
        ({"json": {"text": "x", "published": "May"}}, 422),
        ({"content": b"not json", "headers": {"Content-Type": "application/json"}}, 400),
        ({"content": b"text", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"json": [{"text": f"r{i}"} for i in range(201)]}, 413),
    ]
    for kwargs, status in cases:
        headers = {**AUTH, **kwargs.pop("headers", {})}
        r = client.post("/reports", headers=headers, **kwargs)
        assert r.status_code == status, (kwargs, r.text)
        assert r.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("param", ["country", "admin1", "actor", "q", "type", "grade", "since", "until", "bbox",
                                   "cursor", "limit", "by"])
def test_sql_injection_in_every_filter(client, url, param):
    before = Store(url).counts()
    paths = ["/totals"] if param == "by" else ["/events", "/incidents", "/totals", "/export"]
    for path in paths:
        if (param in ("cursor", "limit") and path in ("/totals", "/export")) or (param == "grade" and path == "/events"):
            continue  # not a parameter there
        for attack in INJECTIONS:
            r = client.get(path, params={param: attack})
            assert r.status_code < 500, (path, param, attack, r.text)
            if r.status_code == 200 and path in ("/events", "/incidents"):
                assert r.json()["items"] == []
            elif r.status_code == 200 and path == "/totals":
                assert r.json()["totals"] == []
            else:
                assert 400 <= r.status_code < 500 or path == "/export"
    for attack in INJECTIONS:
        assert client.get(f"/incidents/{attack}").status_code == 404
        assert client.get(f"/reports/{attack}").status_code == 404
    assert Store(url).counts() == before
    assert len(client.get("/incidents").json()["items"]) == 9


def test_errors_are_problem_json(client):
    for path, status in [("/incidents/unknown", 404), ("/reports/unknown", 404), ("/nowhere", 404),
                         ("/events?limit=0", 422), ("/events?limit=true", 422), ("/events?limit=99999999999999999999", 422),
                         ("/events?since=0", 422), ("/events?since=2023-02-30", 422), ("/events?bbox=1,2,3", 422),
                         ("/totals?by=weekday", 422)]:
        r = client.get(path)
        assert r.status_code == status, (path, r.text)
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["status"] == status and r.json()["instance"] == path.split("?")[0]
    r = client.delete("/review")
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"


def test_openapi_documents_problems_and_auth(client):
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/review"]["post"]
    assert post["security"] == [{"HTTPBearer": []}]
    assert list(post["responses"]["401"]["content"]) == [PROBLEM]
    assert "security" not in schema["paths"]["/incidents"]["get"]  # reads are open on loopback
    assert schema["components"]["schemas"]["Problem"]["required"] == ["title", "status"]
    assert client.get("/docs").status_code == 200 and "swagger-ui-bundle.js" in client.get("/docs").text


def test_reads_need_the_token_off_loopback(url, engine):
    with TestClient(create_app(url, token=TOKEN, open_reads=False, engine_factory=lambda: engine)) as c:
        r = c.get("/incidents")
        assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
        assert c.get("/incidents", headers=AUTH).status_code == 200
        assert c.get("/openapi.json").json()["paths"]["/incidents"]["get"]["security"] == [{"HTTPBearer": []}]
        assert c.get("/health").json()["reads_need_token"] is True


def test_stored_tokens(url, engine):
    from conflictwatch.serve.auth import create_token

    store = Store(url)
    token_id, token = create_token(store, "field team")
    assert token not in json.dumps(store.tokens(), default=str)  # only its hash is kept
    with TestClient(create_app(url, token=None, engine_factory=lambda: engine)) as c:
        body = {"action": "merge", "incidents": ["a", "b"], "author": "a", "reason": "r"}
        assert c.post("/review", json=body, headers={"Authorization": f"Bearer {token}"}).status_code == 404
        assert store.revoke_token(token_id)
        assert c.post("/review", json=body, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_no_token_configured_refuses_writes(url, engine):
    with TestClient(create_app(url, token=None, engine_factory=lambda: engine)) as c:
        r = c.post("/review", json={"action": "merge", "incidents": ["a", "b"], "author": "a", "reason": "r"})
        assert r.status_code == 401 and "no token is configured" in r.json()["detail"]


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fapp.py",
    "/static/%2e%2e%2fapp.py", "/static/vendor/../../app.py", "/static//etc/passwd", "/static/..\\..\\app.py",
])
def test_static_path_traversal_is_refused(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "create_app" not in r.text and "root:" not in r.text


def test_dashboard_and_vendored_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "static/app.js" in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # nothing from elsewhere
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for path in ("/static/vendor/leaflet-1.9.4/leaflet.js", "/static/vendor/topojson-client-3.1.0/topojson-client.min.js",
                 "/static/vendor/world-atlas-2.0.2/countries-50m.json", "/static/vendor/leaflet-1.9.4/LICENSE",
                 "/static/app.js", "/static/app.css"):
        assert client.get(path).status_code == 200, path


def test_token_commands(tmp_path):
    from typer.testing import CliRunner

    from conflictwatch.cli import app

    db = str(tmp_path / "events.sqlite")
    runner = CliRunner()
    made = runner.invoke(app, ["--db", db, "token", "create", "--name", "field team"])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("cw_") and len(token) > 30
    store = Store(f"sqlite:///{db}")
    from conflictwatch.serve.auth import hash_token
    assert [t["sha256"] for t in store.tokens()] == [hash_token(token)]
    listed = runner.invoke(app, ["--db", db, "token", "list"])
    assert "#1  field team" in listed.stdout and token not in listed.stdout
    assert runner.invoke(app, ["--db", db, "token", "revoke", "1"]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "token", "revoke", "1"]).exit_code == 1
    assert store.tokens() == []


def test_serve_command_serves(url, tmp_path):
    """`conflictwatch serve` as a user runs it: a process on a port, the dashboard and the API."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "conflictwatch"
    proc = subprocess.Popen([str(exe), "--db", url.removeprefix("sqlite:///"), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    health = json.load(r)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.poll() is not None else "timeout"
                time.sleep(0.3)
        assert health["counts"]["incidents"] == 9 and health["reads_need_token"] is False
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:
            assert b"static/app.js" in r.read()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
