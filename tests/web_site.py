"""A local web site for the tests of conflictwatch.read: pages, feeds and misbehaving servers on
127.0.0.1 (a random port), never the outside network. Every page here is written for the tests."""

from __future__ import annotations

import html
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"


def demo_report(doc_id: str = "demo-ansongo-2023-05") -> dict:
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["id"] == doc_id:
            return obj
    raise KeyError(doc_id)


def article_page(text: str, *, title: str, site: str | None = "Example Sahel Monitor",
                 published: str | None = "2023-05-08T09:30:00+00:00", canonical: str | None = None,
                 lang: str = "en", charset: str = "utf-8", extra_head: str = "") -> str:
    """An article page as news sites make them: a menu, a cookie banner, a share bar, "related
    articles" and readers' comments (each with figures of its own) around the article's paragraphs."""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    meta = [f'<meta charset="{charset}">', f"<title>{html.escape(title)}{f' | {html.escape(site)}' if site else ''}</title>",
            f'<meta property="og:title" content="{html.escape(title)}">']
    if site:
        meta.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{chr(10).join(meta)}
{extra_head}
</head>
<body>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/sahel">Sahel</a></li>
<li><a href="/world">World</a></li><li><a href="/about">About us</a></li><li><a href="/donate">Donate</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. By browsing you accept all cookies.</div>
<main>
<article>
<h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<div class="share">Share on Facebook Twitter WhatsApp Email</div>
<aside class="related"><h3>Related articles</h3><ul>
<li><a href="/x1">Gunmen killed 99 people in Kidal on March 3, officials said</a></li>
<li><a href="/x2">Soldiers killed 57 militants near Timbuktu</a></li></ul></aside>
<section id="comments" class="comments"><h3>3 comments</h3>
<div class="comment"><p>Reader: The army killed 500 rebels in Menaka yesterday, my cousin says.</p></div>
<div class="comment"><p>Another reader: bandits killed 70 villagers in Douentza last week.</p></div></section>
</main>
<footer><p>&copy; 2023 {html.escape(site or "Example")}. All rights reserved. Contact | Privacy | Terms</p></footer>
</body>
</html>
"""


def rss(items: list[dict], *, title: str = "Example Sahel Monitor", link: str = "http://example.invalid/") -> str:
    """An RSS 2.0 feed; each item: title, link, guid, date (a datetime), description."""
    entries = []
    for it in items:
        parts = [f"<title>{html.escape(it['title'])}</title>"]
        if it.get("link"):
            parts.append(f"<link>{html.escape(it['link'])}</link>")
        if it.get("guid"):
            parts.append(f'<guid isPermaLink="false">{html.escape(it["guid"])}</guid>')
        if it.get("date"):
            parts.append(f"<pubDate>{format_datetime(it['date'])}</pubDate>")
        if it.get("description"):
            parts.append(f"<description>{html.escape(it['description'])}</description>")
        entries.append(f"<item>{''.join(parts)}</item>")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>{link}</link>
<description>News from the Sahel</description>
{chr(10).join(entries)}
</channel></rss>
"""


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    #: an endless answer without Content-Length, generated lazily: this many bytes at most
    stream_bytes: int = 0
    #: answer 503 (with Retry-After: 0) to the first this many requests
    fail_first: int = 0
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """The routes of the local server and the requests it saw (path -> count)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.conditional: list[tuple[str, str | None, str | None]] = []
        self.streamed = 0
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes | Callable[[], bytes] = b"", **kw) -> str:
        if isinstance(body, str):
            body = body.encode(kw.pop("encoding", "utf-8"))
        self.routes[path] = Route(body=body, **kw)
        return self.url(path)


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            try:
                self._get()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout, the size cap): as it should

        def _get(self) -> None:
            path = self.path.split("#")[0]
            site.hits[path] += 1
            site.user_agents.append(self.headers.get("User-Agent", ""))
            route = site.routes.get(path)
            if route is None:
                body = b"<html><body><h1>404 Not Found</h1></body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            site.conditional.append((path, inm, ims))
            if route.delay:
                time.sleep(route.delay)
            if (route.etag and inm == route.etag) or (route.last_modified and ims == route.last_modified):
                self.send_response(304)
                self.end_headers()
                return
            if route.fail_first and site.hits[path] <= route.fail_first:
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.stream_bytes:
                self._stream(route)
                return
            body = route.body() if callable(route.body) else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for k, v in route.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            """A huge page, made as it is sent (never held in memory), until the client hangs up."""
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"lorem ipsum " * 5000 + b"</p>\n"
            sent = 0
            try:
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                    site.streamed = sent
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def serve(site: Site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    server.daemon_threads = True
    site.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


# --- fixtures (imported by the test modules) ---------------------------------------------------

import pytest  # noqa: E402
import yaml  # noqa: E402


@pytest.fixture()
def site():
    s = Site()
    server, thread = serve(s)
    yield s
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def fast_settings_dict(**fetch) -> dict:
    """The package's web.yaml with short timeouts and back-off, for tests."""
    raw = yaml.safe_load((ROOT / "src" / "conflictwatch" / "data" / "web.yaml").read_text(encoding="utf-8"))
    raw["fetch"].update({"connect_timeout": 2, "read_timeout": 0.5, "retries": 1, "backoff_seconds": 0.01,
                         "backoff_max_seconds": 0.05, **fetch})
    return raw


@pytest.fixture()
def fast_web(tmp_path, monkeypatch):
    """web.yaml with short timeouts in $CONFLICTWATCH_DATA (what the CLI reads); returns the settings."""
    from conflictwatch.read.settings import WebSettings

    folder = tmp_path / "data-override"
    folder.mkdir()
    raw = fast_settings_dict()
    (folder / "web.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(folder))
    return WebSettings.model_validate(raw)


@pytest.fixture()
def cw(tmp_path, builtin_geocoder, engine, monkeypatch, fast_web):  # noqa: F811
    """The CLI on a fresh store with the session's engine and the fast web settings: cw("ingest", ...)."""
    from typer.testing import CliRunner

    import conflictwatch.cli as cli
    from conflictwatch.store import Store

    monkeypatch.setattr(cli, "make_engine", lambda: engine)
    db = tmp_path / "events.sqlite"
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli.app, ["--db", str(db), "--gazetteer", str(builtin_geocoder.gazetteer.path), *args])

    run.db = db
    run.store = lambda: Store(f"sqlite:///{db}")
    return run
