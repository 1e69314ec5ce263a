"""The store's Alembic migrations, on SQLite and on a real PostgreSQL server (``tests/pg.py``): they
build exactly the ORM's schema, adopt and upgrade older stores keeping their rows, and let several
processes open one new store at once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, insert, select, text

from conflictwatch import migrations
from conflictwatch.ingest import read_jsonl
from conflictwatch.models import ReviewEntry
from conflictwatch.store import Base, EventRow, MentionRow, ReportRow, ReviewRow, Store, StoreError

from .conftest import ROOT

DEMO = ROOT / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"
TABLES = {"reports", "events", "mentions", "report_aliases", "report_urls", "feeds", "feed_items", "incidents",
          "incident_members", "review_log", "api_tokens"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty database: an SQLite file, or a fresh database of the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite'}"
    return request.getfixturevalue("pg_url")


def differences(url: str, metadata=Base.metadata) -> list:
    """What Alembic's autogenerate finds between the database and ``metadata`` (the ORM's by default)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    finally:
        engine.dispose()


def versions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


def baseline():
    """Revision 0001's frozen schema (the store as at git commit 7ca82ed)."""
    return migrations._scripts().get_revision("0001").module.metadata


def test_migrations_build_exactly_the_models(db_url):
    store = Store(db_url)
    assert migrations.head() == "0002" and migrations.current(store.engine) == "0002"
    assert versions(db_url) == ["0002"]
    assert differences(db_url) == []
    assert set(inspect(store.engine).get_table_names()) == TABLES | {"alembic_version"}
    store.engine.dispose()
    # opening it again changes nothing
    assert migrations.upgrade(Store(db_url).engine) == ("0002", "0002")


def test_downgrade_and_upgrade_again(db_url):
    Store(db_url).engine.dispose()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "0001")
    assert "lang" not in {c["name"] for c in inspect(engine).get_columns("reports")}
    assert differences(db_url, baseline()) == []  # 0001 is the store as it was
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    Store(db_url).engine.dispose()
    assert versions(db_url) == ["0002"] and differences(db_url) == []


def _old_rows(engine, lang_column: bool) -> dict:
    """Rows as the store before migrations wrote them: the demo reports with a fictional event each
    (and a mention), a review entry."""
    reports = [item.report for item in read_jsonl(DEMO)]
    now = dt.datetime(2026, 1, 2, 3, 4, 5)
    rows = {"reports": [], "events": [], "mentions": []}
    for k, r in enumerate(reports):
        report = dict(id=r.id, content_hash=r.content_hash, text=r.text, source=r.source, url=r.url, title=r.title,
                      published=r.published, extractor_version="0.1.0+old", stated_totals=[], ingested_at=now)
        if lang_column:
            report["lang"] = None
        rows["reports"].append(report)
        data = {"id": f"ev-{k}", "document_id": r.id, "event_type": "Battles", "sub_event_type": "Armed clash",
                "country": "Mali", "date_start": f"2023-05-0{k + 1}", "fatalities_low": k, "notes": "é ü"}
        rows["events"].append(dict(id=f"ev-{k}", document_id=r.id, date_start=dt.date(2023, 5, k + 1), date_end=None,
                                   event_type="Battles", sub_event_type="Armed clash", country="Mali", location=None,
                                   fatalities_low=k, fatalities_high=k, historical=False, data=data))
        rows["mentions"].append(dict(id=f"m-{k}", event_id=f"ev-{k}", document_id=r.id, data={
            "id": f"m-{k}", "document_id": r.id, "event_type": "Battles", "sub_event_type": "Armed clash"}))
    with engine.begin() as conn:
        for table in ("reports", "events", "mentions"):
            conn.execute(insert(Base.metadata.tables[table] if lang_column else baseline().tables[table]), rows[table])
        conn.execute(insert(baseline().tables["review_log"]), [dict(
            at=now, author="analyst A", reason="checked", action="set", target="ev-0", field="location",
            before=None, after="Bara", anchor={"kind": "event", "text": "Bara"}, state="applied")])
    return rows


@pytest.mark.parametrize("made_by", ["alembic-0001", "create_all-7ca82ed", "create_all-older", "create_all-832d4bd"])
def test_an_older_store_is_upgraded_and_keeps_its_rows(db_url, made_by):
    """``alembic-0001``: a store at revision 0001. ``create_all-*``: stores made before migrations
    (no alembic_version), as at 7ca82ed, older (without the country-date index added since), and as at
    832d4bd (which had reports.lang already)."""
    engine = create_engine(db_url)
    if made_by == "alembic-0001":
        with engine.begin() as conn:
            command.upgrade(migrations.config(conn), "0001")
    elif made_by == "create_all-832d4bd":
        Base.metadata.create_all(engine)
    else:
        baseline().create_all(engine)
        if made_by == "create_all-older":
            with engine.begin() as conn:
                conn.execute(text("DROP INDEX ix_events_country_date"))
    rows = _old_rows(engine, lang_column=made_by == "create_all-832d4bd")
    engine.dispose()

    store = Store(db_url)
    assert versions(db_url) == ["0002"] and differences(db_url) == []
    with store.engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(select(ReportRow.id, ReportRow.content_hash, ReportRow.text,
                                                      ReportRow.lang).order_by(ReportRow.id))] == sorted(
            (r["id"], r["content_hash"], r["text"], None) for r in rows["reports"])
        assert conn.execute(select(EventRow.data).where(EventRow.id == "ev-2")).scalar_one()["notes"] == "é ü"
        assert conn.scalar(select(MentionRow.event_id).where(MentionRow.id == "m-1")) == "ev-1"
        assert conn.execute(select(ReviewRow.author, ReviewRow.after)).all() == [("analyst A", "Bara")]
    n = len(rows["reports"])
    assert n >= 3 and [(e.id, e.fatalities_low, str(e.date_start), [m.id for m in e.mentions])
                       for e in store.events()] == [(f"ev-{k}", k, f"2023-05-0{k + 1}", [f"m-{k}"]) for k in range(n)]
    assert store.counts() == {"reports": n, "events": n, "mentions": n, "incidents": 0, "incident_members": 0,
                              "reviews": 1, "aliases": 0, "urls": 0, "feeds": 0, "feed_items": 0}
    # the new column is written and read
    report = store.report(rows["reports"][0]["id"])
    assert report.lang is None
    entry = store.append_review(ReviewEntry(at=dt.datetime(2026, 1, 3), author="b", reason="r", action="set",
                                            target="ev-1", field="admin1", before=None, after="Gao", anchor={}))
    assert entry.id == 2 and [r.id for r in store.reviews()] == [1, 2]


def _open_at_once(url: str, n: int = 4) -> list[subprocess.CompletedProcess]:
    code = "import sys; from conflictwatch.store import Store; print(Store(sys.argv[1]).counts()['reports'])"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(n)]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate()) for p in procs]


@pytest.mark.parametrize("kind", ["new", "before-migrations"])
def test_processes_opening_one_store_at_once(db_url, kind):
    expected = "0"
    if kind == "before-migrations":
        engine = create_engine(db_url)
        baseline().create_all(engine)
        expected = str(len(_old_rows(engine, lang_column=False)["reports"]))
        engine.dispose()
    done = _open_at_once(db_url)
    assert [(p.returncode, p.stdout.strip()) for p in done] == [(0, expected)] * 4, [p.stderr for p in done]
    assert versions(db_url) == ["0002"] and differences(db_url) == []


def test_a_newer_schema_is_refused_in_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    Store(url).engine.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(StoreError) as info:
        Store(url)
    message = str(info.value)
    assert "\n" not in message and "schema revision 0099, newer than this conflictwatch knows (up to 0002)" in message


def test_the_migrations_ship_in_the_package():
    names = {p.name for p in (migrations.SCRIPT_LOCATION / "versions").glob("*.py")}
    assert {"0001_baseline.py", "0002_reports_lang.py"} <= names
    assert (migrations.SCRIPT_LOCATION / "env.py").is_file()
    assert (migrations.SCRIPT_LOCATION / "script.py.mako").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"migrations/versions/*.py"' in pyproject and '"migrations/script.py.mako"' in pyproject
