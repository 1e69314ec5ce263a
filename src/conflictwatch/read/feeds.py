"""RSS and Atom feeds: fetched with conditional GETs (ETag / Last-Modified), parsed with feedparser.

A feed that is not well-formed XML is refused whole (:class:`FeedError`, one line) rather than read
by guesswork: a truncated download would otherwise give half-items. Undefined HTML entities
(``&nbsp;`` in a title), which many feeds carry, are forgiven.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..ingest import InputError
from .fetch import Fetcher, normalize_url

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class FeedError(InputError):
    """A feed that could not be read; one line starting with its URL."""


@dataclass(frozen=True)
class FeedItem:
    """One entry: the key it is known by (its id, else its link, else a hash of its text), the page
    it points to, and what the feed says of it."""

    key: str
    link: str | None
    title: str | None = None
    published: str | None = None
    #: the entry's own text (HTML), for entries without a link
    content: str | None = None


@dataclass
class FeedPoll:
    url: str
    not_modified: bool = False
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items: list[FeedItem] = field(default_factory=list)


def poll_feed(fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedPoll:
    """Fetch and parse a feed (conditionally); :class:`FeedError` or a fetch error otherwise."""
    url = normalize_url(url)
    fetched = fetcher.get(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
    if fetched.not_modified:
        return FeedPoll(url, not_modified=True, etag=etag, last_modified=last_modified)
    poll = parse_feed(fetched.content, url, base=fetched.final_url, content_type=fetched.content_type)
    poll.etag, poll.last_modified = fetched.etag, fetched.last_modified
    return poll


def parse_feed(data: bytes, url: str, *, base: str | None = None, content_type: str | None = None) -> FeedPoll:
    import feedparser

    headers = {"content-location": base or url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and _fatal(problem):
        raise FeedError(f"{url}: not a well-formed RSS or Atom feed: {_reason(problem)}")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"{url}: not an RSS or Atom feed" + (f" ({_reason(problem)})" if problem is not None else ""))
    items = [_item(entry, base or url) for entry in parsed.entries]
    seen: set[str] = set()
    unique = [i for i in items if not (i.key in seen or seen.add(i.key))]
    return FeedPoll(url, title=(parsed.feed.get("title") or "").strip() or None, items=unique)


def _fatal(problem: Exception) -> bool:
    from xml.sax import SAXException

    return isinstance(problem, SAXException) and "undefined entity" not in str(problem)


def _reason(problem: Exception) -> str:
    message = getattr(problem, "getMessage", None)
    text = message() if callable(message) else str(problem)
    text = text.splitlines()[0] if text else type(problem).__name__
    line, column = getattr(problem, "getLineNumber", None), getattr(problem, "getColumnNumber", None)
    if callable(line) and line():
        return f"{text} (line {line()}" + (f", column {column()})" if callable(column) and column() else ")")
    return text


def _item(entry, base: str) -> FeedItem:
    from urllib.parse import urljoin

    link = entry.get("link")
    link = normalize_url(urljoin(base, link)) if link else None
    content = None
    if entry.get("content"):
        content = entry["content"][0].get("value")
    content = content or entry.get("summary")
    key = entry.get("id") or link
    if not key:
        key = "sha256:" + hashlib.sha256(f"{entry.get('title')}\n{content}".encode()).hexdigest()[:32]
    return FeedItem(key=str(key), link=link, title=(entry.get("title") or "").strip() or None,
                    published=_day(entry.get("published_parsed") or entry.get("updated_parsed")), content=content)


def _day(value) -> str | None:
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    except (AttributeError, ValueError):
        return None
