"""Stores for the `conflictwatch serve` tests: the demo reports (and more) ingested with the test engine."""

from __future__ import annotations

import shutil
from pathlib import Path

from conflictwatch.ingest import read_jsonl
from conflictwatch.models import Report
from conflictwatch.review import refresh
from conflictwatch.store import Store

from .conftest import ROOT

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
TOKEN = "test-token-for-writes"

#: untrusted report text: it must show as text in the dashboard and never run
XSS_TEXT = ("<script>alert(1)</script> On May 9, gunmen killed 3 civilians in the village of "
            "Tessit in Mali's Gao region, according to local officials. <img src=x onerror=alert(2)>")
XSS_ID = "xss-report"


def build_store(engine, path: Path, extra: list[Report] = ()) -> str:
    """Ingest the demo reports (and ``extra``) into a new SQLite store at ``path``; its URL."""
    url = f"sqlite:///{path}"
    store = Store(url)
    reports = [item.report for item in read_jsonl(DEMO)] + list(extra)
    saved = list(store.save_many(engine.extract_many(reports)))
    assert all(s.status == "new" for s in saved), saved
    refresh(store)
    store.engine.dispose()
    return url


def copy_store(url: str, dest: Path) -> str:
    shutil.copy(url.removeprefix("sqlite:///"), dest)
    return f"sqlite:///{dest}"


class Served:
    """The app served by uvicorn in a thread on a free loopback port: ``with Served(app) as base_url``."""

    def __init__(self, app):
        import socket

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = None

    def __enter__(self) -> str:
        import threading
        import time

        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
