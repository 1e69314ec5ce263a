"""Following feeds: one polling round over many feeds, new items only, into the store.

Per feed: a conditional GET (the ETag / Last-Modified of the last good poll); the items not seen
before (``feed_items``), and those that failed fewer than ``feeds.item_attempts`` times, are read —
a link the store already has a text for is not fetched again — and ingested through the path
``conflictwatch ingest`` uses (:func:`.pipeline.ingest_items`: a SAVEPOINT per report). A feed that
fails is recorded (``feeds.failures``) and tried again at the next round; it never stops the others.
While some item of a feed still fails, the feed's validators are not kept, so the next round gets
the whole feed again and retries it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..ingest import InputError, Item, decode, report_from_text
from ..models import Event, Report
from .fetch import Fetcher
from .feeds import FeedItem, poll_feed
from .html import extract_page, looks_like_html, report_from_page
from .pipeline import ingest_items
from .settings import WebSettings, web_settings

if TYPE_CHECKING:
    from ..engine import Engine
    from ..store import Store

ItemStatus = Literal["new", "updated", "unchanged", "failed", "gave_up", "unsupported"]


@dataclass
class ItemDone:
    feed: str
    item: FeedItem
    status: ItemStatus
    report_id: str | None = None
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    attempts: int = 0
    #: the item's link was ingested before: its stored text was used, the page not fetched again
    known_url: bool = False

    @property
    def origin(self) -> str:
        return self.item.link or f"{self.feed}#{self.item.key}"


@dataclass
class FeedDone:
    url: str
    status: Literal["ok", "not_modified", "failed"]
    title: str | None = None
    items: int = 0
    new_items: int = 0
    error: str | None = None
    failures: int = 0


@dataclass
class Round:
    feeds: list[FeedDone] = field(default_factory=list)
    items: list[ItemDone] = field(default_factory=list)
    #: requests sent this round (feeds, pages and robots.txt files)
    requests: int = 0

    @property
    def reports_written(self) -> int:
        return sum(1 for i in self.items if i.status in ("new", "updated"))

    @property
    def failed(self) -> bool:
        return any(f.status == "failed" for f in self.feeds) or any(i.status in ("failed", "gave_up") for i in self.items)


def watch_round(store: Store, feeds: list[str], engine: Engine | Callable[[], Engine], *,
                settings: WebSettings | None = None, country: str | None = None,
                fetcher: Fetcher | None = None) -> Round:
    """Poll every feed once and ingest its new items. ``engine`` may be a factory (called only when
    some report needs extracting)."""
    settings = settings or web_settings()
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings.fetch)
    done = Round()
    try:
        for url in feeds:
            _poll_one(store, url, engine, settings, fetcher, done, country)
    finally:
        done.requests = fetcher.requests
        if own:
            fetcher.close()
    return done


def _poll_one(store: Store, url: str, engine, settings: WebSettings, fetcher: Fetcher, done: Round,
              country: str | None) -> None:
    state = store.feed(url)
    try:
        poll = poll_feed(fetcher, url, etag=state.etag if state else None,
                         last_modified=state.last_modified if state else None)
    except InputError as exc:
        row = store.feed_polled(url, ok=False, error=str(exc))
        done.feeds.append(FeedDone(url, "failed", title=state.title if state else None, error=str(exc),
                                   failures=row.failures))
        return
    if poll.not_modified:
        store.feed_polled(url, ok=True, keep_validators=True)
        done.feeds.append(FeedDone(url, "not_modified", title=state.title if state else None))
        return
    seen = store.feed_items(url)
    limit = settings.feeds.item_attempts
    todo = [it for it in poll.items
            if it.key not in seen or (seen[it.key].status == "failed" and seen[it.key].attempts < limit)]
    ready: dict[int, tuple[FeedItem, bool]] = {}
    items: list[Item] = []
    failed = 0
    for it in todo:
        previous = seen[it.key].attempts if it.key in seen else 0
        known = store.report_for_url(it.link) if it.link else None
        try:
            report = known[0] if known is not None else _read_item(fetcher, it, url, poll.title)
        except InputError as exc:
            failed += 1
            done.items.append(_failed(store, url, it, str(exc), previous, limit))
            continue
        item = Item(it.link or f"{url}#{it.key}", report=report.model_copy(update={"country": country}))
        ready[id(item)] = (it, known is not None)
        items.append(item)
    for result in ingest_items(store, engine, items):
        it, known_url = ready[id(result.item)]
        previous = seen[it.key].attempts if it.key in seen else 0
        if result.status == "failed":
            failed += 1
            done.items.append(_failed(store, url, it, result.error or "not stored", previous, limit))
            continue
        if result.status == "unsupported":  # seen, not stored, not tried again
            store.mark_feed_item(url, it.key, link=it.link, status="unsupported", error=result.error)
            done.items.append(ItemDone(url, it, "unsupported", error=result.error, known_url=known_url))
            continue
        row = store.mark_feed_item(url, it.key, link=it.link, status="ingested", report_id=result.report_id)
        events = result.result.events if result.result is not None and result.status != "unchanged" else []
        done.items.append(ItemDone(url, it, result.status, report_id=result.report_id, events=events,
                                   attempts=row.attempts, known_url=known_url))
    # while an item still fails, forget the validators: the next round gets the whole feed again
    retry = failed and any(i.status == "failed" for i in done.items if i.feed == url)
    store.feed_polled(url, ok=True, title=poll.title, etag=None if retry else poll.etag,
                      last_modified=None if retry else poll.last_modified)
    done.feeds.append(FeedDone(url, "ok", title=poll.title, items=len(poll.items), new_items=len(todo)))


def _failed(store: Store, feed: str, it: FeedItem, error: str, previous: int, limit: int) -> ItemDone:
    status: ItemStatus = "gave_up" if previous + 1 >= limit else "failed"
    row = store.mark_feed_item(feed, it.key, link=it.link, status=status, error=error)
    return ItemDone(feed, it, status, error=error, attempts=row.attempts)


def _read_item(fetcher: Fetcher, it: FeedItem, feed: str, feed_title: str | None) -> Report:
    """The item's page (or, for an entry without a link, its own text); what the page does not say
    is taken from the feed (the entry's date and title, the feed's title as the outlet)."""
    from . import read_url

    if it.link:
        report = read_url(it.link, fetcher)
    elif it.content:
        origin = f"{feed}#{it.key}"
        data = it.content.encode("utf-8")
        if looks_like_html(data):
            report = report_from_page(extract_page(data, origin), origin=origin)
        else:
            report = report_from_text(decode(data, origin), origin=origin)
    else:
        raise InputError(f"{feed}#{it.key}: the item has neither a link nor a text")
    fill = {k: v for k, v in (("published", it.published), ("title", it.title), ("source", feed_title))
            if v and getattr(report, k) is None}
    return report.model_copy(update=fill) if fill else report
