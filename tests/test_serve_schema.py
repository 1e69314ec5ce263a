"""`conflictwatch serve`: schemathesis (v4 CLI, bounded) against /openapi.json finds no failure, with and
without the token, on a store of the demo reports."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwatch.serve import create_app

from .serve_helpers import TOKEN, Served, build_store

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
pytestmark = pytest.mark.skipif(SCHEMATHESIS is None, reason="schemathesis is not installed (pip install -e '.[dev]')")


def _run(base_url: str, cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SCHEMATHESIS, "run", f"{base_url}/openapi.json", "--max-examples", "15", "--seed", "1",
         "--request-timeout", "60", *extra],
        cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def served(engine, tmp_path_factory):
    url = build_store(engine, tmp_path_factory.mktemp("serve-schema") / "events.sqlite")
    with Served(create_app(url, token=TOKEN, engine_factory=lambda: engine)) as base:
        yield base


def test_schemathesis_finds_nothing_without_the_token(served, tmp_path):
    result = _run(served, tmp_path)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert re.search(r"(\d+) generated, \1 passed", result.stdout), result.stdout[-3000:]


def test_schemathesis_finds_nothing_with_the_token(served, tmp_path):
    result = _run(served, tmp_path, "-H", f"Authorization: Bearer {TOKEN}")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert re.search(r"(\d+) generated, \1 passed", result.stdout), result.stdout[-3000:]
    assert "Authentication failed" not in result.stdout  # the writes were reached
