"""Fetching pages and feeds politely: httpx with timeouts, a size cap, retries with back-off, a clear
user agent, and robots.txt respected (settings in data/web.yaml).

Every failure is a :class:`FetchError` (an :class:`~conflictwatch.ingest.InputError`) whose one-line
message starts with the URL. The answer is streamed and reading stops as soon as it passes the cap:
a 50 MB answer costs at most the cap in memory.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..ingest import InputError
from .settings import FetchSettings, web_settings

#: robots.txt files larger than this are read only this far (RFC 9309 asks for at least 500 KiB)
ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(InputError):
    """A URL that could not be fetched; the message is one line starting with the URL."""


class _Retry(Exception):
    """A failure worth another try (timeout, dropped connection, 429, 5xx)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


def normalize_url(url: str) -> str:
    """The address without its #fragment and surrounding blanks (the form stored and compared)."""
    return urldefrag(str(url).strip())[0]


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10e6 else f"{n / 1e6:.0f} MB"


class Fetcher:
    """One client for a run: connections, robots.txt files and the last hit per site are reused."""

    def __init__(self, settings: FetchSettings | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.settings = settings or web_settings().fetch
        s = self.settings
        self._sleep = sleep
        self.client = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            follow_redirects=True, max_redirects=s.max_redirects, transport=transport,
        )
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self._last_hit: dict[str, float] = {}
        #: requests sent (robots.txt included), for the callers' summaries
        self.requests = 0

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # --- the one public call -------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given: a 304 comes back as
        ``not_modified``). Raises :class:`FetchError`."""
        url = normalize_url(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: not an http(s) URL")
        site = f"{parts.scheme}://{parts.netloc}"
        if self.settings.robots:
            self._check_robots(url, site)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        s = self.settings
        tries = s.retries + 1
        last: _Retry | None = None
        for attempt in range(tries):
            if attempt:
                wait = min(s.backoff_seconds * 2 ** (attempt - 1), s.backoff_max_seconds)
                if last is not None and last.retry_after is not None and last.retry_after <= s.backoff_max_seconds:
                    wait = max(wait, last.retry_after)
                self._sleep(wait)
            self._polite(site)
            try:
                return self._once(url, headers)
            except _Retry as exc:
                last = exc
        assert last is not None
        raise FetchError(f"{url}: {last.message} ({tries} {'try' if tries == 1 else 'tries'})")

    # --- inside ----------------------------------------------------------------------------------

    def _polite(self, site: str) -> None:
        """Wait out the site's robots.txt Crawl-delay (at most backoff_max_seconds) since the last hit."""
        robots = self._robots.get(site)
        delay = None
        if isinstance(robots, RobotFileParser):
            try:
                delay = robots.crawl_delay(self.settings.robots_token)
            except (TypeError, ValueError):  # pragma: no cover - a malformed Crawl-delay line
                delay = None
        last = self._last_hit.get(site)
        if delay and last is not None:
            wait = min(float(delay), self.settings.backoff_max_seconds) - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_hit[site] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        s = self.settings
        budget = s.connect_timeout + 3 * s.read_timeout  # a server that trickles bytes never hits read_timeout
        deadline = time.monotonic() + budget
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                code = resp.status_code
                if code == 304:
                    return self._fetched(url, resp, b"")
                if code == 429 or code >= 500:
                    raise _Retry(f"HTTP {code} {resp.reason_phrase}".rstrip(), _retry_after(resp.headers.get("retry-after")))
                if code >= 400:
                    raise FetchError(f"{url}: HTTP {code} {resp.reason_phrase}".rstrip())
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > s.max_bytes:
                    raise FetchError(f"{url}: {_mb(int(declared))} is over the {_mb(s.max_bytes)} limit for one page "
                                     "(Content-Length); not read")
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > s.max_bytes:
                        raise FetchError(f"{url}: over the {_mb(s.max_bytes)} limit for one page; stopped reading")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: too slow: still reading after {budget:g} s")
                return self._fetched(url, resp, bytes(body))
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {s.read_timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {s.max_redirects} redirects") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"{url}: bad URL: {exc}") from None
        except httpx.TransportError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise _Retry(f"cannot connect: {reason}") from None

    @staticmethod
    def _fetched(url: str, resp: httpx.Response, body: bytes) -> Fetched:
        ctype = resp.headers.get("content-type")
        mime = ctype.split(";")[0].strip().lower() if ctype else None
        return Fetched(url=url, final_url=str(resp.url), status=resp.status_code, content=body, content_type=mime,
                       charset=resp.charset_encoding, etag=resp.headers.get("etag"),
                       last_modified=resp.headers.get("last-modified"))

    def _check_robots(self, url: str, site: str) -> None:
        robots = self._robots.get(site)
        if robots is None:
            robots = self._robots[site] = self._read_robots(site)
        if isinstance(robots, FetchError):
            raise FetchError(f"{url}: {robots}")
        if not robots.can_fetch(self.settings.robots_token, url):
            raise FetchError(f"{url}: disallowed by {site}/robots.txt for {self.settings.robots_token}")

    def _read_robots(self, site: str) -> RobotFileParser | FetchError:
        """The site's rules: 4xx allows everything; 5xx or no answer forbids the site for this run."""
        parser = RobotFileParser(f"{site}/robots.txt")
        self.requests += 1
        try:
            with self.client.stream("GET", f"{site}/robots.txt") as resp:
                if 400 <= resp.status_code < 500:
                    parser.parse([])
                    return parser
                if resp.status_code >= 300:
                    return FetchError(f"robots.txt answered HTTP {resp.status_code}; the site is not fetched for now")
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) >= ROBOTS_MAX_BYTES:
                        break
        except httpx.HTTPError as exc:
            reason = "timed out" if isinstance(exc, httpx.TimeoutException) else (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return FetchError(f"cannot read robots.txt ({reason}); the site is not fetched for now")
        parser.parse(bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", "replace").splitlines())
        return parser


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
