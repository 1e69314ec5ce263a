"""Fixtures of the gazetteer tests.

Building the built-in gazetteer takes a few seconds and indexing the seven West African GeoNames
dumps a few more, so each is built once per session and copied for the tests that change it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .geo_testdata import DUMPS, SMALL_DUMP, need_dumps

from conflictwatch.geo import Geocoder

def _snapshot(geo: Geocoder, path: Path) -> Path:
    geo.gazetteer.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    geo.close()
    return path


def copy_db(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture(scope="session")
def builtin_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("builtin") / "gazetteer.sqlite"
    return _snapshot(Geocoder(path), path)


@pytest.fixture(scope="session")
def dumps_db(tmp_path_factory, builtin_db) -> Path:
    need_dumps()
    path = copy_db(builtin_db, tmp_path_factory.mktemp("dumps"))
    geo = Geocoder(path)
    for f in DUMPS:
        geo.load_geonames(f)
    return _snapshot(geo, path)


@pytest.fixture
def builtin_geo(builtin_db, tmp_path) -> Geocoder:
    geo = Geocoder(copy_db(builtin_db, tmp_path))
    yield geo
    geo.close()


@pytest.fixture
def dumps_geo(dumps_db, tmp_path) -> Geocoder:
    geo = Geocoder(copy_db(dumps_db, tmp_path))
    yield geo
    geo.close()


@pytest.fixture
def small_dump(tmp_path) -> Path:
    p = tmp_path / "XX.txt"
    p.write_text(SMALL_DUMP, encoding="utf-8")
    return p
