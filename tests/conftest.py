from __future__ import annotations

import os
from pathlib import Path

import pytest

from .pg import pg_server, pg_url  # noqa: F401 - fixtures: a real PostgreSQL server (tests/pg.py)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "menaka-2022-03" / "article.txt"
GEONAMES = SHARED / "data" / "geonames"

needs_shared = pytest.mark.skipif(
    not SEED.exists(),
    reason=f"../shared (seed corpus and GeoNames dumps) not found at {SHARED}; it exists in the project's CI",
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the user's ~/.local/share/conflictwatch from a test."""
    home = tmp_path_factory.getbasetemp() / "cw-home"
    monkeypatch.setenv("CONFLICTWATCH_HOME", str(home))
    monkeypatch.delenv("CONFLICTWATCH_DB", raising=False)
    monkeypatch.delenv("CONFLICTWATCH_GAZETTEER", raising=False)
    monkeypatch.delenv("CONFLICTWATCH_DATA", raising=False)
    monkeypatch.delenv("CONFLICTWATCH_MODEL_DIR", raising=False)  # the shipped model, whatever the shell says


@pytest.fixture(scope="session")
def builtin_geocoder(tmp_path_factory):
    from conflictwatch.geo import Geocoder

    return Geocoder(tmp_path_factory.mktemp("gaz-builtin") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


@pytest.fixture(scope="session")
def geonames_gazetteer_path(tmp_path_factory):
    """A gazetteer with the 7 West African GeoNames dumps of ../shared loaded."""
    if not GEONAMES.exists():
        pytest.skip(f"GeoNames dumps not found at {GEONAMES}")
    from conflictwatch.geo import Geocoder

    path = tmp_path_factory.mktemp("gaz-geonames") / "gazetteer.sqlite"
    geocoder = Geocoder(path)
    for dump in sorted(GEONAMES.glob("*.txt")):
        geocoder.load_geonames(dump)
    geocoder.close()
    return path


@pytest.fixture()
def eval_cli(engine, monkeypatch):
    """`conflictwatch eval ...` run with the session's engine: eval_cli(*args) -> click Result."""
    import typer
    from typer.testing import CliRunner

    import conflictwatch.eval_cli as ec

    monkeypatch.setattr(ec, "engine_factory", lambda: engine)
    app = typer.Typer()
    app.add_typer(ec.eval_app, name="eval")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["eval", *args])
