"""Saved web pages: the main text and the metadata of a page, and the same events as the plain text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.ingest import InputError, read_file, read_paths, report_from_text
from conflictwatch.read.html import _clean_text, extract_page, looks_like_html, report_from_page
from conflictwatch.read.settings import parse_duration
from conflictwatch.store import Store

from .web_site import article_page, demo_report

runner = CliRunner()
TITLE = "Militants kill soldiers and civilians near Ansongo"
CANONICAL = "https://monitor.example/2023/05/ansongo"
FRENCH = ("Des hommes armés ont tué au moins 20 civils samedi au marché hebdomadaire de Ouatagouna, dans la "
          "région de Gao, selon un responsable local.\nLe bilan est ensuite passé à 25 morts, a indiqué la mairie lundi.")
BOILERPLATE = ("Related articles", "Kidal", "500 rebels", "cookies", "Share on", "All rights reserved", "Home", "Donate")


@pytest.fixture()
def ansongo_page(tmp_path):
    path = tmp_path / "ansongo.html"
    path.write_text(article_page(demo_report()["text"], title=TITLE, canonical=CANONICAL), encoding="utf-8")
    return path


@pytest.fixture()
def cw(tmp_path, builtin_geocoder, engine, monkeypatch):
    """The CLI on a fresh store, with the session's engine."""
    import conflictwatch.cli as cli

    monkeypatch.setattr(cli, "make_engine", lambda: engine)
    db = tmp_path / "events.sqlite"

    def run(*args: str):
        return runner.invoke(app, ["--db", str(db), "--gazetteer", str(builtin_geocoder.gazetteer.path), *args])

    run.db = db
    return run


def test_main_text_and_metadata_of_a_page(ansongo_page):
    page = extract_page(ansongo_page.read_bytes(), str(ansongo_page))
    assert page.text == demo_report()["text"]  # the article, paragraph per line, nothing else
    assert not any(word in page.text for word in BOILERPLATE)
    assert TITLE not in page.text  # the headline is the title, not told twice
    assert (page.title, page.site, page.published, page.url) == (TITLE, "Example Sahel Monitor", "2023-05-08", CANONICAL)


def test_a_page_fills_published_source_title_and_url_unless_given(ansongo_page):
    report = read_file(ansongo_page)
    assert (report.published, report.source, report.title, report.url) == (
        "2023-05-08", "Example Sahel Monitor", TITLE, CANONICAL)
    assert report.text == demo_report()["text"] and report.id == report.content_hash[:12]
    given = read_file(ansongo_page, published="2023-05", source="My Monitor")
    assert (given.published, given.source, given.title) == ("2023-05", "My Monitor", TITLE)


def test_page_and_plain_text_give_the_same_events(ansongo_page, engine):
    from_page = engine.extract(read_file(ansongo_page))
    plain = report_from_text(demo_report()["text"], origin="demo", published="2023-05-08", source="Example Sahel Monitor")
    from_text = engine.extract(plain)
    assert [e.model_dump() for e in from_page.events] == [e.model_dump() for e in from_text.events]
    events = from_page.events
    assert len(events) == 5
    clash = next(e for e in events if e.location == "Bara")
    assert (str(clash.date_start), clash.sub_event_type, clash.actor1, clash.fatalities_low) == (
        "2023-05-04", "Armed clash", "Islamic State (Sahel)", 6)
    market = next(e for e in events if e.sub_event_type == "Attack" and not e.historical)
    assert (market.location, market.fatalities_low, market.fatalities_high) == ("Ouatagouna", 18, 23)
    # the comment's "500 rebels" and the related article's "99 people" never became events
    assert {e.fatalities_low for e in events} <= {6, 18, 41, None}


def test_a_french_page_in_latin1(tmp_path):
    data = article_page(FRENCH, title="Mali : au moins 20 civils tués à Ouatagouna", site="Exemple Info", lang="fr",
                        charset="iso-8859-1", published="2023-05-09T08:00:00+00:00").encode("iso-8859-1")
    path = tmp_path / "ouatagouna-fr.htm"
    path.write_bytes(data)
    report = read_file(path)
    assert report.text == FRENCH
    assert (report.published, report.source, report.title) == ("2023-05-09", "Exemple Info",
                                                                "Mali : au moins 20 civils tués à Ouatagouna")


def test_a_page_without_a_date_has_no_publication_date(tmp_path):
    text = demo_report("demo-djibo-2023-06")["text"]
    path = tmp_path / "djibo.html"
    path.write_text(article_page(text, title="Convoy ambushed near Djibo", site=None, published=None), encoding="utf-8")
    report = read_file(path)
    # no date in the metadata: the footer's copyright year is not taken for one
    assert report.published is None and report.source is None and report.text == text


@pytest.mark.parametrize("body", [
    "<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
    "<html><body><p>x</p></body></html>",
])
def test_a_page_without_an_article_is_one_line_error(tmp_path, body):
    path = tmp_path / "menu.html"
    path.write_text(body)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert str(info.value).startswith(f"{path}: no article text found in the HTML page (")
    assert "\n" not in str(info.value)


def test_folders_read_saved_pages(tmp_path, ansongo_page):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_paths([tmp_path]))
    assert [i.origin for i in items] == [str(ansongo_page)] and items[0].report.title == TITLE


def test_cli_extract_and_ingest_a_saved_page(cw, ansongo_page):
    shown = cw("extract", str(ansongo_page), "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert len(json.loads(shown.stdout)) == 5
    done = cw("ingest", str(ansongo_page))
    assert done.exit_code == 0, done.output
    assert "1 new, 0 updated, 0 unchanged, 0 failed; 5 events written" in done.output
    store = Store(f"sqlite:///{cw.db}")
    (report,) = store.reports()
    assert report.text == demo_report()["text"] and report.published == "2023-05-08" and report.url == CANONICAL
    for event in store.events():  # the evidence points into the stored, extracted text
        for ev in event.evidence:
            assert report.text[ev.start:ev.end] == ev.text
    assert store.report_urls()[report.id][0]["url"] == CANONICAL


def test_report_from_page_prefers_what_is_given(ansongo_page):
    page = extract_page(ansongo_page.read_text(), "p")
    report = report_from_page(page, origin="p", url="https://mirror.example/a", title="Other title")
    assert (report.url, report.title, report.source) == ("https://mirror.example/a", "Other title", "Example Sahel Monitor")


def test_looks_like_html():
    assert looks_like_html(b"  <!doctype html><html>") and looks_like_html(b"Text then <p>a paragraph")
    assert not looks_like_html(b"On May 4, gunmen killed six soldiers (a <b>-rated road).")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), max_size=8))
def test_clean_text_has_no_blank_lines_and_is_stable(lines):
    cleaned = _clean_text("\n".join(lines), None)
    assert "\n\n" not in cleaned and cleaned == cleaned.strip()
    assert _clean_text(cleaned, None) == cleaned


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h30m", 5400), ("90s", 90), ("2d", 172800), ("45", 45)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "soon", "15x", "0m", "-5m", "1h junk"])
def test_bad_durations(bad):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(bad)


def test_a_malformed_web_yaml_is_one_line(tmp_path, monkeypatch, ansongo_page):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "web.yaml").write_text("fetch: {user_agent: x}\nhtml: {}\nfeeds: {}\n")
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(folder))
    with pytest.raises(InputError) as info:
        read_file(ansongo_page)
    assert str(info.value) == f"{folder / 'web.yaml'}: fetch.robots_token: Field required"
