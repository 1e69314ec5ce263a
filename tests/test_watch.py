"""`conflictwatch watch`: feeds from a local server, new items only, failures that never stop the others."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conflictwatch.read.feeds import FeedError, parse_feed
from conflictwatch.read.settings import WebSettings
from conflictwatch.read.watch import watch_round
from conflictwatch.store import Store

from .web_site import DEMO, article_page, cw, demo_report, fast_settings_dict, fast_web, rss, site  # noqa: F401

TOWNS = ["Gao", "Mopti", "Djenne", "Bandiagara", "Douentza", "Menaka", "Kidal", "Timbuktu", "Segou", "Niono",
         "Koro", "Bankass", "Djibo", "Dori", "Kaya", "Ouahigouya", "Tillaberi", "Diffa", "Kayes", "Sikasso"]


def story(i: int) -> str:
    town = TOWNS[i]
    return (f"On May {i + 1}, gunmen killed {i + 3} civilians in an attack on a market near {town}, local officials said.\n"
            f"Residents of {town} said the attackers fled on motorbikes.")


def stories_site(site, n: int, *, etag: str | None = '"v1"') -> str:  # noqa: F811
    items = []
    for i in range(n):
        url = site.add(f"/news/{i}", article_page(story(i), title=f"Attack near {TOWNS[i]}",
                                                 published=f"2023-05-{i + 2:02d}T08:00:00+00:00"))
        items.append({"title": f"Attack near {TOWNS[i]}", "link": url, "guid": f"story-{i}",
                      "date": dt.datetime(2023, 5, i + 2, 8, tzinfo=dt.timezone.utc)})
    return site.add("/feed.xml", rss(items), content_type="application/rss+xml", etag=etag)


def page_hits(site) -> int:  # noqa: F811
    return sum(n for path, n in site.hits.items() if path.startswith("/news/"))


def test_watch_once_ingests_20_items_then_fetches_nothing(cw, site):  # noqa: F811
    feed = stories_site(site, 20)
    first = cw("watch", feed, "--once")
    assert first.exit_code == 0, first.output
    store = cw.store()
    assert store.counts()["reports"] == 20 and page_hits(site) == 20
    lines = [line for line in first.output.splitlines() if line.startswith("new event")]
    events = store.events()
    assert len(lines) == len(events) >= 20
    assert f"feed {feed} (Example Sahel Monitor): 20 items, 20 new; 20 ingested, 0 failed" in first.output
    # every story's dead and date, read from its page
    by_place = {e.location: e for e in events}
    assert by_place["Kidal"].fatalities_low == 9 and str(by_place["Kidal"].date_start) == "2023-05-07"
    line = next(line for line in lines if "Kidal" in line)
    assert line.startswith("new event 2023-05-07 (day)  Attack") and "killed 9" in line and line.endswith(site.url("/news/6"))
    assert {r.published for r in store.reports()} == {f"2023-05-{d:02d}" for d in range(2, 22)}
    again = cw("watch", feed, "--once")
    assert again.exit_code == 0, again.output
    assert f"feed {feed} (Example Sahel Monitor): not modified" in again.output
    assert "poll 1: 0 reports written, 0 new events" in again.output
    assert page_hits(site) == 20 and site.hits["/feed.xml"] == 2
    assert site.conditional[-1] == ("/feed.xml", '"v1"', None)  # the ETag came back


def test_a_feed_with_new_and_seen_items_fetches_the_new_ones_only(cw, site):  # noqa: F811
    feed = stories_site(site, 3, etag=None)  # a server without validators: the seen-item table decides
    assert cw("watch", feed, "--once").exit_code == 0
    assert page_hits(site) == 3
    again = cw("watch", feed, "--once")
    assert "3 items, 0 new; 0 ingested" in again.output and page_hits(site) == 3
    wire = demo_report("demo-ouatagouna-wire-2023-05")
    new = site.add("/news/wire", article_page(wire["text"], title="Market attack", published="2023-05-09T10:00:00+00:00"))
    items = [{"title": "Market attack", "link": new, "guid": "wire-1"}] + [
        {"title": f"Attack near {TOWNS[i]}", "link": site.url(f"/news/{i}"), "guid": f"story-{i}"} for i in range(3)]
    site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    third = cw("watch", feed, "--once")
    assert third.exit_code == 0, third.output
    assert "4 items, 1 new; 1 ingested, 0 failed" in third.output
    assert page_hits(site) == 4 and site.hits["/news/wire"] == 1
    assert cw.store().counts()["reports"] == 4


def test_new_reports_join_existing_incidents(cw, site):  # noqa: F811
    assert cw("ingest", str(DEMO)).exit_code == 0
    before = {i["id"]: i for i in json.loads(cw("incidents", "--format", "json").stdout)}
    (market_id,) = [i for i, inc in before.items() if not inc["historical"] and "demo-ansongo-2023-05" in inc["documents"]
                    and inc["event_type"] == "Violence against civilians"]
    # another outlet's account of the Ouatagouna market attack, and the same agency text on a second site
    text = ("Gunmen stormed the weekly market of Ouatagouna in Mali's Gao region on May 6 and killed 22 civilians, "
            "a local official told Other Wire.\nThe attackers came on motorbikes, residents said.")
    page = site.add("/wire/ouatagouna", article_page(text, title="Market attack", site="Other Wire",
                                                     published="2023-05-08T10:00:00+00:00"))
    copy = site.add("/copy/ouatagouna", article_page(text, title="Ouatagouna: 22 dead", site="Reprinter",
                                                     published="2023-05-08T11:00:00+00:00"))
    feed = site.add("/wire.xml", rss([{"title": "Market attack", "link": page, "guid": "a"},
                                      {"title": "Ouatagouna: 22 dead", "link": copy, "guid": "b"}], title="Other Wire"),
                    content_type="application/rss+xml")
    result = cw("watch", feed, "--once")
    assert result.exit_code == 0, result.output
    store = cw.store()
    new_id = next(r.id for r in store.reports() if r.url == page)
    assert f"unchanged {copy} -> {new_id}: same text as a stored report; URL listed with it" in result.output
    after = json.loads(cw("incidents", "--format", "json").stdout)
    joined = next(i for i in after if new_id in i["documents"] and not i["historical"])
    assert joined["id"] == market_id or "demo-ansongo-2023-05" in joined["documents"]
    assert sorted(joined["documents"]) == sorted(before[market_id]["documents"] + [new_id])
    (civilians,) = [v for v in joined["victims"] if v["group"] == "civilians"]
    assert (civilians["low"], civilians["high"]) == (18, 25)  # 22 falls inside the range the reports gave
    line = next(line for line in result.output.splitlines() if line.startswith("new event") and "Ouatagouna" in line)
    assert f"[{joined['id']}]" in line and "killed 22" in line
    assert [u["url"] for u in store.report_urls()[new_id]] == [page, copy]


def test_a_failing_feed_is_reported_and_never_stops_the_others(cw, site):  # noqa: F811
    bad = site.add("/broken.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>A</ti",
                   content_type="application/rss+xml")
    missing = site.url("/gone.xml")
    good = stories_site(site, 2)
    result = cw("watch", bad, missing, good, "--once")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert errors == [
        f"error {bad}: not a well-formed RSS or Atom feed: unclosed token (line 1, column 96) (1 failure in a row; tried again at the next poll)",
        f"error {missing}: HTTP 404 Not Found (1 failure in a row; tried again at the next poll)",
    ]
    assert cw.store().counts()["reports"] == 2  # the good feed's items, and nothing of the bad ones
    again = cw("watch", bad, good, "--once")
    assert "(2 failures in a row;" in again.output and again.exit_code == 1
    feed = cw.store().feed(bad)
    assert feed.failures == 2 and feed.last_error.startswith(f"{bad}: not a well-formed")
    site.add("/broken.xml", rss([{"title": "x", "link": site.url("/news/0"), "guid": "story-0"}]),
             content_type="application/rss+xml")
    fixed = cw("watch", bad, "--once")
    assert fixed.exit_code == 0 and cw.store().feed(bad).failures == 0
    assert "1 items, 1 new; 1 ingested" in fixed.output and page_hits(site) == 2  # /news/0 known by its URL


def test_a_failing_item_is_retried_then_given_up(cw, site, fast_web):  # noqa: F811
    ok = site.add("/news/ok", article_page(story(0), title="Attack near Gao"))
    feed = site.add("/f.xml", rss([{"title": "ok", "link": ok, "guid": "ok"},
                                   {"title": "gone", "link": site.url("/news/gone"), "guid": "gone"}]),
                    content_type="application/rss+xml", etag='"e"')
    first = cw("watch", feed, "--once")
    assert first.exit_code == 1
    assert f"failed {site.url('/news/gone')}: HTTP 404 Not Found (attempt 1; tried again at the next poll)" in first.output
    assert "2 items, 2 new; 1 ingested, 1 failed" in first.output
    assert cw.store().feed(feed).etag is None  # kept out while an item fails: the next poll reads the feed
    for attempt in (2, 3):
        later = cw("watch", feed, "--once")
        assert "2 items, 1 new; 0 ingested, 1 failed" in later.output
    assert "(attempt 3; given up)" in later.output
    assert site.hits["/news/gone"] == fast_web.feeds.item_attempts == 3 and site.hits["/news/ok"] == 1
    last = cw("watch", feed, "--once")
    # given up: the feed's validators are kept again, and the item is not asked for any more
    assert last.exit_code == 0 and "not modified" in last.output and site.hits["/news/gone"] == 3
    assert cw.store().feed_items(feed)["gone"].status == "gave_up"


def test_bad_arguments_are_one_line(cw):
    assert "not an http(s) feed URL" in cw("watch", "feed.xml", "--once").output
    bad = cw("watch", "http://127.0.0.1:9/f.xml", "--every", "soon", "--once")
    assert bad.exit_code == 1 and "--every: not a duration: 'soon'" in bad.output


def test_watch_round_polls_many_times(tmp_path, site, engine):  # noqa: F811
    feed = stories_site(site, 2)
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    settings = WebSettings.model_validate(fast_settings_dict())
    rounds = [watch_round(store, [feed], engine, settings=settings) for _ in range(3)]
    assert [r.reports_written for r in rounds] == [2, 0, 0]
    assert [r.feeds[0].status for r in rounds] == ["ok", "not_modified", "not_modified"]
    assert [r.requests for r in rounds] == [4, 2, 2]  # robots.txt + feed + 2 pages; then robots.txt + feed


@pytest.mark.parametrize("data", [b"not a feed at all", b"<html><body><p>A page</p></body></html>", b""])
def test_what_is_not_a_feed(data):
    with pytest.raises(FeedError) as info:
        parse_feed(data, "http://x/feed")
    assert str(info.value).startswith("http://x/feed: not ")


def test_entities_in_a_feed_are_forgiven_and_entries_without_links_are_read():
    data = rss([{"title": "A", "guid": "g", "description": "<p>" + story(0) + "</p>"}]).replace("<title>A</title>", "<title>A&nbsp;B</title>")
    poll = parse_feed(data.encode(), "http://x/feed")
    (item,) = poll.items
    assert item.link is None and item.key == "g" and story(0).split("\n")[0] in item.content


def test_watch_polls_again_after_the_interval(cw, site):  # noqa: F811
    feed = stories_site(site, 2)
    result = cw("watch", feed, "--rounds", "2", "--every", "0.05s")
    assert result.exit_code == 0, result.output
    assert "poll 1: 2 reports written" in result.output and "poll 2: 0 reports written" in result.output
    assert f"feed {feed} (Example Sahel Monitor): not modified" in result.output
    assert site.hits["/feed.xml"] == 2 and page_hits(site) == 2
