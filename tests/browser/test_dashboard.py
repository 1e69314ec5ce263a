"""The dashboard in real Chromium: map, filters in the URL, incident view, evidence highlight, review,
untrusted report text; on the demo reports, the seed report (../shared) and a report with a <script>."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from conflictwatch.ingest import read_file
from conflictwatch.models import Report
from conflictwatch.serve import create_app

from ..conftest import ROOT, SEED
from ..serve_helpers import TOKEN, XSS_ID, XSS_TEXT, Served, build_store, copy_store

SCREENSHOT = ROOT / "docs" / "img" / "dashboard.png"


@pytest.fixture(scope="module")
def store_url(engine, tmp_path_factory):
    extra = [Report(id=XSS_ID, text=XSS_TEXT, published="2023-05-10", source="<b>Untrusted</b> Wire",
                    title="<img src=x onerror=alert(3)>")]
    if SEED.exists():
        extra.append(read_file(SEED, published="2022-03", source="Long War Journal"))
    return build_store(engine, tmp_path_factory.mktemp("dashboard") / "events.sqlite", extra)


@pytest.fixture(scope="module")
def base(store_url, engine):
    with Served(create_app(store_url, token=TOKEN, engine_factory=lambda: engine)) as url:
        yield url


def get(base: str, path: str, **params) -> dict:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{base}{path}{query}") as r:
        return json.load(r)


def ready(page) -> None:
    page.wait_for_selector("body[data-state=ready]")


def clean(page) -> None:
    assert page.errors == [], page.errors
    assert page.dialogs == [], page.dialogs
    assert page.outside == [], page.outside


def placed(incidents: list[dict]) -> int:
    return sum(1 for i in incidents if i["latitude"] is not None and i["longitude"] is not None)


def test_a_marker_per_placed_incident(page, base):
    incidents = get(base, "/incidents", limit=1000)["items"]
    page.goto(base + "/")
    ready(page)
    assert page.locator("#incidents tbody tr").count() == len(incidents)
    assert page.locator("path.cw-marker").count() == placed(incidents) > 0
    ids = set(page.eval_on_selector_all("path.cw-marker", "ps => ps.map(p => p.dataset.incident)"))
    assert ids == {i["id"] for i in incidents if i["latitude"] is not None}
    # precision is visible: area-only places get a dashed area circle, with its own class
    areas = sum(1 for i in incidents if i["latitude"] is not None and (i["geo_precision"] or 3) > 1)
    assert page.locator("path.cw-area").count() == areas
    # country borders were drawn from the vendored Natural Earth file
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    # the timeline: killed per week by victim group, as low-high bands
    titles = page.eval_on_selector_all("#timeline rect.cw-band title", "ts => ts.map(t => t.textContent)")
    assert "week of 2023-05-01: civilians 18 to 25" in titles
    # totals as ranges, as the API gives them ("at least 385 to 415", "unknown")
    totals = get(base, "/totals")["totals"]
    shown = dict(zip(page.locator("#totals li .group").all_text_contents(),
                     page.locator("#totals li .range").all_text_contents()))
    assert shown == {t["key"]: t["range"] for t in totals} and shown["unknown (no figures)"] == "unknown"
    clean(page)


def test_reads_off_loopback_ask_for_the_token(page, store_url, engine):
    with Served(create_app(store_url, token=TOKEN, open_reads=False, engine_factory=lambda: engine)) as base:
        page.goto(base + "/")
        ready(page)
        assert "needs the token" in page.locator("#status").text_content()
        assert page.locator("#incidents tbody tr").count() == 0
        page.fill("#r-token", TOKEN)
        page.dispatch_event("#r-token", "change")
        page.wait_for_function("document.querySelectorAll('#incidents tbody tr').length > 0")
        ready(page)
        assert page.locator("#f-country option").count() > 1
        assert page.locator("#status").is_hidden()


def test_filtering_by_country_updates_map_table_and_url(page, base):
    burkina = get(base, "/incidents", country="Burkina Faso", limit=1000)["items"]
    everything = get(base, "/incidents", limit=1000)["items"]
    assert 0 < len(burkina) < len(everything)
    page.goto(base + "/")
    ready(page)
    page.select_option("#f-country", "Burkina Faso")
    page.wait_for_function(f"document.querySelectorAll('#incidents tbody tr').length === {len(burkina)}")
    ready(page)
    assert "country=Burkina+Faso" in page.url
    assert page.locator("path.cw-marker").count() == placed(burkina)
    places = page.locator("#incidents tbody tr td:nth-child(4)").all_text_contents()
    assert places and all(p.endswith("Burkina Faso") for p in places)
    totals = page.locator("#totals li .group").all_text_contents()
    assert "civilians" not in totals  # the Mali market attack is filtered out of the totals too
    # the link can be shared: opening it shows the same
    other = page.context.new_page()
    other.goto(page.url)
    ready(other)
    assert other.locator("#f-country").input_value() == "Burkina Faso"
    assert other.locator("#incidents tbody tr").count() == len(burkina)
    other.close()
    page.go_back()
    page.wait_for_function(f"document.querySelectorAll('#incidents tbody tr').length === {len(everything)}")
    clean(page)


def _market(base: str) -> dict:
    items = get(base, "/incidents", q="ouatagouna", type="Violence against civilians")["items"]
    assert len(items) == 1
    return items[0]


def test_incident_view_and_the_evidence_highlight(page, base):
    market = _market(base)
    page.goto(base + "/")
    ready(page)
    page.click(f"#incidents tbody tr[data-id='{market['id']}']")
    page.wait_for_selector("#detail:not([hidden]) tr.cw-figure")
    assert f"incident={market['id']}" in page.url
    figures = [f for v in market["victims"] for f in v["figures"] if f["status"] != "claim"]
    assert page.locator("#detail tr.cw-figure").count() == len(figures)
    assert "18 to 25" in page.locator("#detail ul.victims").text_content()
    row = page.locator("#detail tr.cw-figure", has_text="between 18 and 23 civilians")
    assert row.locator("td").nth(1).text_content() == "18 to 23"
    assert row.locator("td").nth(2).text_content() == "local officials"
    assert row.locator("td").nth(3).text_content() == "current"
    row.click()
    page.wait_for_selector("#report:not([hidden]) mark.cw-evidence")
    assert page.locator("#report mark").count() == 1
    assert page.locator("#report mark.cw-evidence").text_content() == "between 18 and 23 civilians"
    report = get(base, "/reports/demo-ansongo-2023-05")
    shown = page.locator("#report .report-text").text_content()
    assert shown == report["text"]
    start = shown.index("between 18 and 23 civilians")
    before = page.evaluate("document.querySelector('#report mark').previousSibling.textContent")
    assert before == report["text"][:start]
    # another report's figure highlights its own words
    page.locator("#detail tr.cw-figure", has_text="at least 20 civilians").click()
    page.wait_for_function("document.querySelector('#report mark').textContent === 'at least 20 civilians'")
    clean(page)


def test_review_edit_needs_the_token(page, store_url, engine, tmp_path):
    url = copy_store(store_url, tmp_path / "review.sqlite")
    with Served(create_app(url, token=TOKEN, engine_factory=lambda: engine)) as base:
        market = _market(base)
        assert market["grade"] != "Contested"
        page.goto(f"{base}/?incident={market['id']}")
        page.wait_for_selector("#review-form")
        page.select_option("#rv-field", "grade")
        page.fill("#rv-value", "Contested")
        page.click("#rv-save")  # no token yet
        page.wait_for_function("document.getElementById('review-status').textContent.startsWith('Refused')")
        assert get(base, f"/incidents/{market['id']}")["incident"]["grade"] == market["grade"]
        assert get(base, "/review") == []
        # with the token
        assert page.locator("#review-bar").evaluate("d => d.open")  # the refusal opened the token box
        page.fill("#r-token", TOKEN)
        page.dispatch_event("#r-token", "change")
        page.fill("#r-author", "ana")
        page.fill("#r-reason", "the army denies it")
        page.select_option("#rv-field", "grade")
        page.fill("#rv-value", "Contested")
        page.click("#rv-save")
        page.wait_for_function("document.querySelector('#detail .grade') && "
                               "document.querySelector('#detail .grade').textContent === 'Contested'")
        assert get(base, f"/incidents/{market['id']}")["incident"]["grade"] == "Contested"
        row = page.locator(f"#incidents tbody tr[data-id='{market['id']}'] td").nth(5)
        assert row.text_content() == "Contested"
        log = page.locator("#log tbody tr").first.locator("td").all_text_contents()
        assert log[2:8] == ["ana", "set", market["id"], "grade", json.dumps(market["grade"]), '"Contested"']
        assert "Saved as review #1" in page.locator("#review-status").text_content()
        clean(page)


def test_report_text_is_never_run(page, base):
    incidents = [i for i in get(base, "/incidents", limit=1000)["items"] if XSS_ID in i["documents"]]
    assert incidents, "the report with a <script> gave no incident"
    inc = incidents[0]
    page.add_init_script("window.__xss = []; window.alert = m => window.__xss.push(m);")
    page.goto(f"{base}/?incident={inc['id']}")
    page.wait_for_selector("#detail:not([hidden])")
    page.locator("#detail ul.reports a").first.click()
    page.wait_for_selector("#report:not([hidden])")
    text = page.locator("#report .report-text").text_content()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert page.locator("#report h2").text_content() == "<img src=x onerror=alert(3)>"
    assert "<b>Untrusted</b> Wire" in page.locator("#report p").first.text_content()
    assert page.locator("#report script, #report img, #report b, #detail img").count() == 0
    if inc["victims"] and inc["victims"][0]["figures"]:
        page.locator("#detail tr.cw-figure").first.click()
        page.wait_for_selector("#report mark.cw-evidence")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") == []
    clean(page)


@pytest.mark.skipif(not SEED.exists(), reason="the seed report (../shared) is not here; it is in the project's CI")
def test_the_seed_report(page, base):
    seed = [i for i in get(base, "/incidents", limit=1000)["items"]
            if any(d != XSS_ID and not d.startswith("demo-") for d in i["documents"])]
    assert seed
    biggest = max(seed, key=lambda i: max((v["high"] or 0 for v in i["victims"]), default=0))
    page.goto(f"{base}/?incident={biggest['id']}")
    page.wait_for_selector("#detail:not([hidden]) tr.cw-figure")
    fig = next(f for v in biggest["victims"] for f in v["figures"] if f["status"] != "claim" and f["evidence"])
    page.locator("#detail tr.cw-figure", has_text=fig["evidence"]["text"]).first.click()
    page.wait_for_selector("#report mark.cw-evidence")
    assert page.locator("#report mark.cw-evidence").text_content() == fig["evidence"]["text"]
    assert page.locator("path.cw-marker").count() == placed(get(base, "/incidents", limit=1000)["items"])
    clean(page)


def test_readme_screenshot(page, engine, tmp_path):
    """docs/img/dashboard.png, as `make demo` then `conflictwatch serve` shows it (the demo reports)."""
    url = build_store(engine, tmp_path / "demo.sqlite")
    with Served(create_app(url, token=TOKEN, engine_factory=lambda: engine)) as base:
        market = _market(base)
        page.set_viewport_size({"width": 1360, "height": 1100})
        page.goto(f"{base}/?incident={market['id']}")
        page.wait_for_selector("#detail:not([hidden]) tr.cw-figure")
        page.locator("#detail tr.cw-figure", has_text="between 18 and 23 civilians").click()
        page.wait_for_selector("#report mark.cw-evidence")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(500)  # the map's last tiles of borders
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    clean(page)


def test_merge_and_split_in_the_dashboard(page, store_url, engine, tmp_path):
    url = copy_store(store_url, tmp_path / "merge.sqlite")
    with Served(create_app(url, token=TOKEN, engine_factory=lambda: engine)) as base:
        burkina = get(base, "/incidents", country="Burkina Faso")["items"]
        first, second = burkina[0], burkina[1]
        page.goto(f"{base}/?country=Burkina+Faso")
        ready(page)
        page.click("#review-bar summary")
        page.fill("#r-token", TOKEN)
        page.dispatch_event("#r-token", "change")
        page.fill("#r-author", "ana")
        page.fill("#r-reason", "one operation")
        page.check(f"#incidents tbody tr[data-id='{first['id']}'] input.pick")
        assert page.locator("#merge").is_disabled()
        page.check(f"#incidents tbody tr[data-id='{second['id']}'] input.pick")
        page.click("#merge")
        page.wait_for_function(f"document.querySelectorAll('#incidents tbody tr').length === {len(burkina) - 1}")
        ready(page)
        merged = [i for i in get(base, "/incidents", country="Burkina Faso")["items"]
                  if set(first["events"]) <= set(i["events"])]
        assert len(merged) == 1 and set(second["events"]) <= set(merged[0]["events"]) and merged[0]["reviewed"]
        assert f"incident={merged[0]['id']}" in page.url  # the merged incident is open
        assert page.locator("#log tbody tr").first.locator("td").nth(3).text_content() == "merge"
        # and split the second one's events out again
        page.wait_for_selector("#detail:not([hidden]) .split-pick")
        for event in second["events"]:
            page.check(f"#detail .split-pick[value='{event}']")
        page.click("#rv-split")
        page.wait_for_function(f"document.querySelectorAll('#incidents tbody tr').length === {len(burkina)}")
        ready(page)
        assert [e["action"] for e in get(base, "/review")] == ["merge", "split"]
        clean(page)
