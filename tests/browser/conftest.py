"""Browser tests: Playwright driving Debian's chromium (`.ci/run` installs it; `playwright install` cannot
download browsers here). Skipped, with the reason, when there is no chromium or no Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CANDIDATES = [os.environ.get("CONFLICTWATCH_CHROMIUM", ""), "/usr/lib/chromium/chromium-headless-shell",
              "/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]


def chromium_binary() -> str | None:
    return next((c for c in CANDIDATES if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def browser():
    binary = chromium_binary()
    if binary is None:
        reason = "no chromium binary (apt-get install chromium chromium-headless-shell; .ci/run does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the browser tests")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    # bypass_csp: Playwright's waits evaluate strings, which the server's CSP forbids; it also means the
    # test of untrusted report text proves the escaping alone keeps scripts from running, CSP aside
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []  # uncaught script errors: every test checks there were none
    page.dialogs = []  # alert() and friends: a report's <script> must never open one
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    # nothing may load from anywhere but the server under test
    page.outside = []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield page
    context.close()
