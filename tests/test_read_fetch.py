"""Pages by URL, from a local server: timeouts, the size cap, retries, robots.txt, the user agent,
URLs recognised before fetching again, and wire copies stored once with all their URLs."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from conflictwatch.read import FetchError, Fetcher, read_url
from conflictwatch.store import Store

from .web_site import article_page, cw, demo_report, fast_settings_dict, fast_web, site  # noqa: F401 - fixtures

TITLE = "Militants kill soldiers and civilians near Ansongo"


def fetcher(**fetch) -> Fetcher:
    from conflictwatch.read.settings import WebSettings

    return Fetcher(WebSettings.model_validate(fast_settings_dict(**fetch)).fetch, sleep=lambda s: None)


def one_line_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("error:") or line.startswith("skipped")]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_page_by_url(site):  # noqa: F811
    url = site.add("/2023/05/ansongo", article_page(demo_report()["text"], title=TITLE))
    with fetcher() as f:
        report = read_url(url, f)
    assert report.text == demo_report()["text"]
    assert (report.url, report.published, report.source, report.title) == (url, "2023-05-08", "Example Sahel Monitor", TITLE)
    assert site.user_agents[-1].startswith("conflictwatch/")  # the settings' user agent, on the page and robots.txt
    assert site.hits["/robots.txt"] == 1


def test_404_is_one_line(site):  # noqa: F811
    with fetcher() as f, pytest.raises(FetchError) as info:
        f.get(site.url("/gone"))
    assert str(info.value) == f"{site.url('/gone')}: HTTP 404 Not Found"
    assert site.hits["/gone"] == 1  # a 4xx is not retried


def test_a_slow_server_times_out_after_the_retries(site):  # noqa: F811
    url = site.add("/slow", article_page("x", title="t"), delay=2.0)
    started = time.monotonic()
    with fetcher(read_timeout=0.3, retries=1) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert str(info.value) == f"{url}: timed out after 0.3 s (2 tries)"
    assert time.monotonic() - started < 1.9  # never waited for the server
    time.sleep(0.05)
    assert site.hits["/slow"] == 2


def test_a_50_mb_answer_is_refused_at_the_cap(site):  # noqa: F811
    url = site.add("/huge", stream_bytes=50 * 1000 * 1000)
    with fetcher(max_bytes=1_000_000) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert str(info.value) == f"{url}: over the 1.0 MB limit for one page; stopped reading"
    time.sleep(0.2)
    assert site.streamed < 10 * 1000 * 1000  # the client hung up long before 50 MB


def test_a_declared_size_over_the_cap_is_not_read(site):  # noqa: F811
    url = site.add("/big", b"x" * 2_000_001)
    with fetcher(max_bytes=1_000_000) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert str(info.value) == f"{url}: 2.0 MB is over the 1.0 MB limit for one page (Content-Length); not read"


def test_retries_with_back_off_on_503(site):  # noqa: F811
    url = site.add("/busy", article_page(demo_report()["text"], title=TITLE), fail_first=2)
    waits = []
    from conflictwatch.read.settings import WebSettings

    settings = WebSettings.model_validate(fast_settings_dict(retries=2, backoff_seconds=0.01)).fetch
    with Fetcher(settings, sleep=waits.append) as f:
        got = f.get(url)
    assert got.status == 200 and site.hits["/busy"] == 3
    assert waits == [0.01, 0.02]  # back-off doubles
    with fetcher(retries=0) as f, pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable \(1 try\)$"):
        site.hits["/busy"] = 0
        f.get(url)


def test_robots_txt_is_respected(site):  # noqa: F811
    site.add("/robots.txt", "User-agent: conflictwatch\nDisallow: /private/\n", content_type="text/plain")
    url = site.add("/private/a", article_page(demo_report()["text"], title=TITLE))
    with fetcher() as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert str(info.value) == f"{url}: disallowed by {site.base}/robots.txt for conflictwatch"
    assert site.hits["/private/a"] == 0
    with fetcher(robots=False) as f:
        assert f.get(url).status == 200


def test_a_robots_txt_that_fails_forbids_the_site(site):  # noqa: F811
    site.add("/robots.txt", "oops", status=503, content_type="text/plain")
    url = site.add("/a", article_page(demo_report()["text"], title=TITLE))
    with fetcher() as f, pytest.raises(FetchError, match="robots.txt answered HTTP 503"):
        f.get(url)
    assert site.hits["/a"] == 0


@pytest.mark.parametrize(("url", "message"), [("ftp://example.org/a", r"not an http\(s\) URL"),
                                              ("http://", r"not an http\(s\) URL")])
def test_bad_urls(url, message):
    with fetcher() as f, pytest.raises(FetchError, match=message):
        f.get(url)


def test_cli_ingest_a_url_then_recognise_it(cw, site):  # noqa: F811
    url = site.add("/2023/05/ansongo", article_page(demo_report()["text"], title=TITLE))
    first = cw("ingest", url)
    assert first.exit_code == 0, first.output
    assert f"new       {url} -> " in first.output and "1 new, 0 updated, 0 unchanged, 0 failed; 5 events written" in first.output
    again = cw("ingest", url + "#comments")  # the same address (a fragment is no other page)
    assert again.exit_code == 0, again.output
    assert "already ingested from this URL; not fetched again" in again.output
    assert "0 new, 0 updated, 1 unchanged, 0 failed" in again.output
    assert site.hits["/2023/05/ansongo"] == 1
    (report,) = cw.store().reports()
    assert (report.url, report.published, report.source) == (url, "2023-05-08", "Example Sahel Monitor")
    events = json.loads(cw("events", "--format", "json").stdout)
    assert {e["location"] for e in events} >= {"Bara", "Ouatagouna"}
    shown = cw("extract", url, "--format", "json")  # extract reads URLs too (and never stores)
    assert shown.exit_code == 0 and len(json.loads(shown.stdout)) == 5


def test_cli_bad_urls_are_one_line_and_nothing_is_stored(cw, site):  # noqa: F811
    good = site.add("/good", article_page(demo_report()["text"], title=TITLE))
    slow = site.add("/slow", article_page("x", title="t"), delay=2.0)
    huge = site.add("/huge", stream_bytes=50 * 1000 * 1000)
    menu = site.add("/menu", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    pdf = site.add("/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    result = cw("ingest", "--max-bytes", "1000000", site.url("/missing"), slow, huge, menu, pdf, good)
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert skipped == [
        f"skipped {site.url('/missing')}: HTTP 404 Not Found",
        f"skipped {slow}: timed out after 0.5 s (2 tries)",
        f"skipped {huge}: over the 1.0 MB limit for one page; stopped reading",
        f"skipped {menu}: no article text found in the HTML page (0 characters of main text, 40 needed)",
        f"skipped {pdf}: not a web page (application/pdf)",
    ]
    assert "1 new, 0 updated, 0 unchanged, 5 failed" in result.output
    counts = cw.store().counts()
    assert (counts["reports"], counts["urls"]) == (1, 1)  # only the good page
    single = cw("extract", site.url("/missing"))
    assert single.exit_code == 1
    assert one_line_error(single) == f"error: {site.url('/missing')}: HTTP 404 Not Found"


def test_wire_copies_are_one_report_with_all_their_urls(cw, site):  # noqa: F811
    wire = demo_report("demo-ouatagouna-wire-2023-05")["text"]
    a = site.add("/rfi/ouatagouna", article_page(wire, title="Mali: 20 civilians killed at Ouatagouna market",
                                                   site="Radio Example", published="2023-05-09T10:00:00+00:00"))
    b = site.add("/wakat/mali-marche", article_page(wire, title="Gunmen kill at least 20 at a weekly market",
                                                     site="Example Daily", published="2023-05-09T12:30:00+00:00"))
    result = cw("ingest", a, b)
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated, 1 unchanged, 0 failed" in result.output
    assert f"unchanged {b} -> " in result.output and "this URL is now listed with it" in result.output
    listed = json.loads(cw("reports", "--format", "json").stdout)
    assert len(listed) == 1
    assert listed[0]["urls"] == [a, b] and listed[0]["outlets"] == ["Example Daily", "Radio Example"]
    by_url = json.loads(cw("reports", "--url", b, "--format", "json").stdout)
    assert by_url[0]["id"] == listed[0]["id"]
    incidents = json.loads(cw("incidents", "--format", "json").stdout)
    market = next(i for i in incidents if not i["historical"])
    assert market["documents"] == [listed[0]["id"]] and market["independent_sources"] == 1  # counted once
    assert site.hits["/rfi/ouatagouna"] == site.hits["/wakat/mali-marche"] == 1
    assert cw("ingest", b).output.count("already ingested from this URL") == 1 and site.hits["/wakat/mali-marche"] == 1
    table = cw("reports")
    assert table.exit_code == 0 and "1 reports" in table.output
    unknown = cw("reports", "--url", site.url("/nowhere"))
    assert unknown.exit_code == 1 and "no stored report was read from this URL" in unknown.output


def test_a_store_made_before_the_web_tables_still_opens(cw, site, tmp_path):  # noqa: F811
    Store(f"sqlite:///{cw.db}")
    with sqlite3.connect(cw.db) as db:  # as a store from before this change (and before migrations): no URL
        for table in ("feed_items", "feeds", "report_urls", "alembic_version"):  # or feed tables, no revision
            db.execute(f"DROP TABLE {table}")
    url = site.add("/a", article_page(demo_report()["text"], title=TITLE))
    result = cw("ingest", url)
    assert result.exit_code == 0, result.output
    assert cw.store().counts()["urls"] == 1


def test_a_french_page_and_a_page_without_a_date_by_url(cw, site):  # noqa: F811
    french = ("Des hommes armés ont tué au moins 20 civils samedi au marché de Ouatagouna, dans la région de Gao, "
              "selon un responsable local.")
    fr = site.add("/fr/ouatagouna", article_page(french, title="Mali : 20 civils tués", site="Exemple Info", lang="fr",
                                                 charset="iso-8859-1", published="2023-05-09T08:00:00+00:00"),
                  encoding="iso-8859-1", content_type="text/html; charset=iso-8859-1")
    djibo = demo_report("demo-djibo-2023-06")["text"]
    undated = site.add("/djibo", article_page(djibo, title="Convoy ambushed", site=None, published=None))
    result = cw("ingest", fr, undated)
    assert result.exit_code == 0, result.output
    assert f"warning {undated}: dates such as a weekday" in result.output.replace("\n", " ")
    reports = {r.url: r for r in cw.store().reports()}
    assert reports[fr].text == french and (reports[fr].published, reports[fr].source) == ("2023-05-09", "Exemple Info")
    assert reports[undated].published is None and reports[undated].source == site.base.removeprefix("http://")  # the host
    events = json.loads(cw("events", "--document", reports[undated].id, "--format", "json").stdout)
    ambush = next(e for e in events if e["location"] == "Djibo" and e["fatalities_low"] == 12)
    assert ambush["date_start"] is None  # "June 11" without a year: no publication date to place it


def test_crawl_delay_is_waited_out_between_two_requests(site):  # noqa: F811
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 5\n", content_type="text/plain")
    a = site.add("/a", article_page(demo_report()["text"], title=TITLE))
    from conflictwatch.read.settings import WebSettings

    waits = []
    settings = WebSettings.model_validate(fast_settings_dict(backoff_max_seconds=0.2)).fetch
    with Fetcher(settings, sleep=waits.append) as f:
        f.get(a)
        assert waits == []
        f.get(a)
    assert len(waits) == 1 and 0.1 < waits[0] <= 0.2  # Crawl-delay 5 s, capped at backoff_max_seconds
