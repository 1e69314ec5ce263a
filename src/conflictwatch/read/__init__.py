"""Reports from the web: saved HTML pages, URLs and news feeds.

* :mod:`.html` — a page's main text and metadata (trafilatura, htmldate);
* :mod:`.fetch` — polite fetching (httpx: timeouts, size cap, retries with back-off, robots.txt);
* :mod:`.feeds` — RSS/Atom polling (feedparser, ETag / Last-Modified, seen items in the store);
* :mod:`.pipeline` — reports into the store, the one path ``ingest`` and ``watch`` share;
* :mod:`.settings` — data/web.yaml.

No printing here: every problem is an :class:`~conflictwatch.ingest.InputError` with one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest import MAX_BYTES, InputError, Item, decode, read_paths, report_from_text
from ..models import Report
from .fetch import Fetched, FetchError, Fetcher, is_url, normalize_url
from .html import extract_page, looks_like_html, report_from_page
from .settings import web_settings

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["FetchError", "Fetcher", "is_url", "normalize_url", "read_inputs", "read_url", "report_from_fetched"]

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown"}
KNOWN_URL = "already ingested from this URL; not fetched again"


def report_from_fetched(fetched: Fetched, *, published: str | None = None, source: str | None = None,
                        title: str | None = None, country: str | None = None, max_bytes: int = MAX_BYTES) -> Report:
    """The report of a fetched page (HTML, or plain text); the page's metadata fills what is not given.
    Its ``url`` is the address asked for (redirects followed)."""
    url = fetched.url
    mime = fetched.content_type
    if mime in TEXT_TYPES and not looks_like_html(fetched.content):
        text = decode(fetched.content, url, max(max_bytes, len(fetched.content)))
        return report_from_text(text, origin=url, published=published, source=source, url=url, title=title,
                                country=country)
    if mime is not None and mime not in HTML_TYPES and not looks_like_html(fetched.content):
        raise FetchError(f"{url}: not a web page ({mime})")
    page = extract_page(fetched.content, url, url=fetched.final_url, charset=fetched.charset)
    return report_from_page(page, origin=url, published=published, source=source, url=url, title=title,
                            country=country)


def read_url(url: str, fetcher: Fetcher, *, published: str | None = None, source: str | None = None,
             title: str | None = None, country: str | None = None) -> Report:
    """Fetch a page and read it as a report; :class:`InputError` (one line, naming the URL) otherwise."""
    fetched = fetcher.get(url, accept="text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1")
    return report_from_fetched(fetched, published=published, source=source, title=title, country=country)


def read_inputs(args: list[str], *, store: Store | None = None, published: str | None = None,
                source: str | None = None, max_bytes: int = MAX_BYTES, country: str | None = None,
                fetcher_factory: Callable[[], Fetcher] | None = None) -> Iterator[Item]:
    """Every report of files, folders, JSONL batches and URLs, in the order given. A URL the store
    already has a text for is not fetched again: its stored report comes back, with a note."""
    fetcher: Fetcher | None = None
    try:
        for arg in args:
            if not is_url(arg):
                yield from read_paths([Path(arg)], published=published, source=source, max_bytes=max_bytes,
                                      country=country)
                continue
            url = normalize_url(arg)
            known = store.report_for_url(url) if store is not None else None
            if known is not None:
                yield Item(url, report=known[0].model_copy(update={"country": country}), note=KNOWN_URL)
                continue
            if fetcher is None:
                if fetcher_factory is not None:
                    fetcher = fetcher_factory()
                else:
                    settings = web_settings().fetch
                    if max_bytes != MAX_BYTES:  # --max-bytes given: it caps the page too
                        settings = settings.model_copy(update={"max_bytes": max_bytes})
                    fetcher = Fetcher(settings)
            try:
                yield Item(url, report=read_url(url, fetcher, published=published, source=source, country=country))
            except InputError as exc:
                yield Item(url, error=str(exc))
    finally:
        if fetcher is not None:
            fetcher.close()
