"""Incidents, analyst review, batch ingest and report aliases, end to end through the CLI.

The reports are written for these tests (fictional). Two of them tell one market attack; one tells
an attack in Niger the same day; one a clash near Menaka a month earlier."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.models import Event, ExtractionResult, Incident, Mention, Report, ReviewEntry
from conflictwatch.store import Store

runner = CliRunner()

REPORTS = [
    {"id": "wire-1", "published": "2023-05-08", "source": "Example Wire",
     "text": "On May 6, gunmen from the Islamic State in the Greater Sahara stormed a weekly market in Ouatagouna in the Gao region "
             "and killed between 18 and 23 civilians, according to local officials."},
    {"id": "paper-2", "published": "2023-05-09", "source": "Example Daily",
     "text": "Militants of the Islamic State in the Greater Sahara attacked the market of Ouatagouna in the Gao region on May 6, "
             "killing at least 20 civilians, a local official said."},
    {"id": "niger-3", "published": "2023-05-08", "source": "Example Niger News",
     "text": "On May 6, gunmen attacked the village of Ayorou in Niger, killing 12 civilians, according to local officials."},
    {"id": "mali-4", "published": "2023-04-05", "source": "Example Daily",
     "text": "On April 2, soldiers of the Malian army clashed with militants of the Islamic State in the Greater Sahara "
             "near Menaka, killing 7 militants, the army said."},
]
WHO = ["--author", "analyst A", "--reason", "checked against the field report"]


@pytest.fixture()
def cw(tmp_path, builtin_geocoder):
    db = tmp_path / "events.sqlite"

    def run(*args: str):
        return runner.invoke(app, ["--db", str(db), "--gazetteer", str(builtin_geocoder.gazetteer.path), *args])

    run.db = db
    run.store = lambda: Store(f"sqlite:///{db}")
    return run


@pytest.fixture()
def batch(tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    return path


def jout(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def incidents(cw):
    return jout(cw("incidents", "--format", "json"))


def by_docs(incs):
    return {tuple(sorted(i["documents"])): i for i in incs}


def events(cw, *args):
    return {e["document_id"]: e for e in jout(cw("events", "--format", "json", *args))}


def snapshot(cw):
    store = cw.store()
    return store.counts(), [e.model_dump() for e in store.reviews()], cw("incidents", "--format", "json").stdout


# --- incidents and totals -------------------------------------------------------------------------


def test_two_reports_of_one_attack_are_one_incident_and_counted_once(cw, batch):
    result = cw("ingest", str(batch))
    assert result.exit_code == 0, result.output
    assert "4 new, 0 updated, 0 unchanged, 0 failed; 4 events written" in result.output
    incs = incidents(cw)
    assert all(set(i) == set(Incident.model_fields) for i in incs)
    groups = by_docs(incs)
    assert set(groups) == {("paper-2", "wire-1"), ("niger-3",), ("mali-4",)}
    market = groups[("paper-2", "wire-1")]
    (civ,) = market["victims"]
    assert (civ["group"], civ["low"], civ["high"], civ["qualifier"]) == ("civilians", 18, 23, "exact")
    assert {f["document_id"] for f in civ["figures"]} == {"wire-1", "paper-2"}
    assert market["country"] == "Mali" and len(market["events"]) == 2
    totals = {t["key"]: t for t in jout(cw("totals", "--format", "json"))["totals"]}
    # 18-23 and 20+ of one attack, plus Niger's 12: never 38-43
    assert totals["civilians"]["range"] == "30 to 35"
    assert totals["civilians"]["incidents"] == 2 and totals["civilians"]["events"] == 3
    by_country = {t["key"]: t["range"] for t in jout(cw("totals", "--by", "country", "--format", "json"))["totals"]}
    assert by_country["Mali"] == "18 to 23" and by_country["Niger"] == "12"
    table = cw("incidents", "--country", "Mali")
    assert "civilians 18 to 23" in table.stdout and "2 incidents" in table.stdout
    assert [i["id"] for i in incidents(cw)] == [i["id"] for i in incs]  # stable across reads
    fair = jout(cw("incidents", "--format", "json", "--grade", "Fair"))
    assert [i["id"] for i in fair] == [market["id"]] and market["independent_sources"] == 2


def test_acled_export_one_row_per_day_with_incident_id(cw, tmp_path):
    report = tmp_path / "span.txt"
    report.write_text("Militants of the Islamic State in the Greater Sahara and fighters of the MSA clashed twice near "
                      "Menaka between March 16 and March 17, and 9 people were killed, local sources said.\n")
    assert cw("ingest", str(report), "--published", "2022-03-20").exit_code == 0
    out = tmp_path / "acled.csv"
    assert cw("export", "--format", "acled", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    (inc,) = incidents(cw)
    assert [(r["event_date"], r["fatalities"], r["incident_id"]) for r in rows] == [
        ("2022-03-16", "5", inc["id"]), ("2022-03-17", "4", inc["id"])]
    assert "the remainder of 1 on the first day" in rows[0]["notes"]


# --- review ---------------------------------------------------------------------------------------


def test_review_actions_survive_reextraction_with_new_event_ids(cw, batch, monkeypatch):
    assert cw("ingest", str(batch)).exit_code == 0
    groups = by_docs(incidents(cw))
    market, menaka = groups[("paper-2", "wire-1")], groups[("mali-4",)]
    ev = events(cw)

    merged = cw("review", "merge", market["id"], menaka["id"], *WHO)
    assert merged.exit_code == 0, merged.output
    after_merge = by_docs(incidents(cw))
    big = after_merge[("mali-4", "paper-2", "wire-1")]
    assert len(big["events"]) == 3 and big["reviewed"] is True and len(after_merge) == 2

    split = cw("review", "split", big["id"], "--events", ev["mali-4"]["id"], *WHO)
    assert split.exit_code == 0, split.output
    assert set(by_docs(incidents(cw))) == {("paper-2", "wire-1"), ("niger-3",), ("mali-4",)}

    wire = ev["wire-1"]
    fixed = cw("review", "set", wire["id"], "location", "Ouatagouna market", *WHO)
    assert fixed.exit_code == 0, fixed.output
    assert '"Ouatagouna" -> "Ouatagouna market"' in fixed.stdout
    start = wire["figures"][0]["evidence"][0]["start"] if wire["figures"] else wire["victims"][0]["evidence"][0]["start"]
    fig = cw("review", "figure", wire["id"], "--evidence-start", str(start), "--status", "discounted", *WHO)
    assert fig.exit_code == 0, fig.output
    market_now = by_docs(incidents(cw))[("paper-2", "wire-1")]
    assert cw("review", "set", market_now["id"], "grade", "Contested", *WHO).exit_code == 0

    def check():
        ev2 = events(cw)
        assert ev2["wire-1"]["location"] == "Ouatagouna market" and ev2["wire-1"]["reviewed"] is True
        assert ev2["wire-1"]["fatalities_low"] is None and ev2["wire-1"]["victims"] == []
        assert ev2["paper-2"]["reviewed"] is False
        groups2 = by_docs(incidents(cw))
        assert set(groups2) == {("paper-2", "wire-1"), ("niger-3",), ("mali-4",)}
        m = groups2[("paper-2", "wire-1")]
        (civ,) = m["victims"]  # the discounted 18-23 no longer counts: only "at least 20"
        assert (civ["low"], civ["high"], civ["qualifier"]) == (20, 20, "at_least")
        assert m["grade"] == "Contested" and m["reviewed"] is True
        totals = {t["key"]: t["range"] for t in jout(cw("totals", "--format", "json"))["totals"]}
        assert totals["civilians"] == "at least 32"
        return ev2

    before = check()
    log = jout(cw("review", "log", "--format", "json"))
    assert [e["action"] for e in log] == ["merge", "split", "set", "figure", "set"]
    assert all(e["author"] == "analyst A" and e["state"] == "applied" for e in log)
    assert log[2]["anchor"]["text"] == "Ouatagouna" and log[2]["anchor"]["field"] == "location"

    # a dictionary change: every report is re-extracted and the event ids change
    import conflictwatch.engine as engine_mod

    original = engine_mod.Engine.from_doc

    def moved(self, doc, report, **kw):
        result = original(self, doc, report, **kw)
        return result.model_copy(update={"events": [
            e.model_copy(update={"id": "f" + e.id[1:] if e.id[0] != "f" else "e" + e.id[1:],
                                 "mentions": [m.model_copy(update={"id": "m" + m.id}) for m in e.mentions]})
            for e in result.events]})

    monkeypatch.setattr(engine_mod, "VERSION", "0.0.0-dictionary-change")
    monkeypatch.setattr(engine_mod.Engine, "from_doc", moved)
    again = cw("ingest", str(batch))
    assert "0 new, 4 updated" in again.output and "orphaned" not in again.output
    after = check()
    assert after["wire-1"]["id"] != before["wire-1"]["id"]
    assert jout(cw("review", "pending", "--format", "json")) == []
    assert len(jout(cw("review", "log", "--format", "json"))) == 5


def test_orphaned_correction_is_flagged_never_dropped(cw, batch, monkeypatch):
    assert cw("ingest", str(batch)).exit_code == 0
    niger = events(cw)["niger-3"]
    assert cw("review", "set", niger["id"], "admin1", "Tillaberi", *WHO).exit_code == 0
    assert events(cw)["niger-3"]["admin1"] == "Tillaberi"

    import conflictwatch.engine as engine_mod

    original = engine_mod.Engine.from_doc

    def forgets_ayorou(self, doc, report, **kw):  # the new dictionaries no longer find the Niger attack
        result = original(self, doc, report, **kw)
        return result.model_copy(update={"events": [e for e in result.events if e.location != "Ayorou"]})

    monkeypatch.setattr(engine_mod, "VERSION", "0.0.0-no-ayorou")
    monkeypatch.setattr(engine_mod.Engine, "from_doc", forgets_ayorou)
    again = cw("ingest", str(batch))
    assert again.exit_code == 0 and "1 correction(s) orphaned" in again.output
    (pending,) = jout(cw("review", "pending", "--format", "json"))
    assert (pending["state"], pending["target"], pending["field"], pending["after"]) == (
        "orphaned", niger["id"], "admin1", "Tillaberi")
    assert pending["anchor"]["text"] == "Ayorou"
    assert "Tillaberi" in cw("review", "pending").stdout
    assert len(jout(cw("review", "log", "--format", "json"))) == 1


def test_bad_review_input_is_one_line_and_changes_nothing(cw, batch):
    assert cw("ingest", str(batch)).exit_code == 0
    groups = by_docs(incidents(cw))
    market, niger = groups[("paper-2", "wire-1")], groups[("niger-3",)]
    wire = events(cw)["wire-1"]
    before = snapshot(cw)
    cases = [
        (("review", "merge", market["id"], "inc-0000000000000000", *WHO), "unknown incident id"),
        (("review", "merge", market["id"], niger["id"], *WHO), "different countries (Mali, Niger)"),
        (("review", "set", wire["id"], "geo_precision", "many", *WHO), "geo_precision='many' is not valid"),
        (("review", "set", wire["id"], "date_start", "May 6", *WHO), "date_start='May 6' is not valid"),
        (("review", "set", wire["id"], "colour", "red", *WHO), "no settable field 'colour'"),
        (("review", "set", "nope", "location", "X", *WHO), "unknown event or incident id 'nope'"),
        (("review", "split", market["id"], "--events", "nope", *WHO), "not in incident"),
        (("review", "figure", wire["id"], "--evidence-start", "3", "--status", "discounted", *WHO), "no figure"),
        (("review", "set", wire["id"], "location", "X", "--author", " ", "--reason", "r"), "non-empty --author"),
    ]
    for args, message in cases:
        result = cw(*args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert snapshot(cw) == before


# --- store ----------------------------------------------------------------------------------------


def _result(doc: str, text: str, event_ids: list[str], mention_ids: list[str] | None = None) -> ExtractionResult:
    report = Report(id=doc, text=text, source="S", published="2023-05-08")
    evs = []
    for k, eid in enumerate(event_ids):
        fields = dict(event_type="Violence against civilians", sub_event_type="Attack", country="Mali",
                      date_start=dt.date(2023, 5, 6), date_end=dt.date(2023, 5, 6))
        mid = (mention_ids or event_ids)[k]
        evs.append(Event(id=eid, document_id=doc, mentions=[Mention(id=mid, document_id=doc, **fields)], **fields))
    return ExtractionResult(report=report, events=evs, extractor_version="v1")


def test_save_many_rolls_back_only_the_bad_report(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    good1 = _result("r1", "text one", ["e1"])
    bad = _result("r2", "text two", ["e2", "e3"], mention_ids=["m", "m"])  # two mentions, one id
    good2 = _result("r3", "text three", ["e4"])
    saved = list(store.save_many([good1, bad, good2], batch=50))
    assert [s.status for s in saved] == ["new", "failed", "new"]
    assert "IntegrityError" in saved[1].error and saved[1].report_id == "r2"
    assert store.counts()["reports"] == 2 and {e.id for e in store.events()} == {"e1", "e4"}
    assert [s.status for s in store.save_many([good1, good2], batch=1)] == ["unchanged", "unchanged"]
    assert store.save(_result("r2", "text two", ["e2"])) == "new"


def test_store_round_trips_incidents_reviews_aliases(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    store.save(_result("r1", "same text", ["e1", "e2"]))
    (saved,) = store.save_many([_result("alias-1", "same text", ["e1", "e2"])])
    assert (saved.status, saved.report_id, saved.alias_of, saved.events_written) == ("unchanged", "r1", "r1", 0)
    assert store.aliases() == {"alias-1": "r1"} and store.resolve_document("alias-1") == "r1"
    inc = Incident(id="inc-1", event_type="Violence against civilians", sub_event_type="Attack", country="Mali",
                   date_start=dt.date(2023, 5, 6), date_end=dt.date(2023, 5, 6), grade="Fair",
                   documents=["r1"], events=["e1", "e2"])
    store.replace_incidents([inc])
    assert store.incidents() == [inc] and store.incident_of("e2") == inc and store.incident_of("x") is None
    from conflictwatch.store import IncidentFilter

    assert store.incidents(IncidentFilter(grade="Weak")) == []
    assert store.incidents(IncidentFilter(document_id="alias-1")) == [inc]
    store.replace_incidents([])
    assert store.incidents() == [] and store.counts()["incident_members"] == 0
    entry = ReviewEntry(at=dt.datetime(2024, 1, 2, 3, 4), author="a", reason="r", action="set", target="e1",
                        field="admin1", before=None, after="Gao", anchor={"kind": "event", "text": "x"})
    stored = store.append_review(entry)
    assert stored.id == 1 and store.reviews() == [stored]
    store.set_review_states({1: "orphaned"})
    assert store.reviews()[0].state == "orphaned"
    info = store.report_infos()["r1"]
    assert (info.id, info.source, info.published, info.text) == ("r1", "S", "2023-05-08", "same text")


# --- fixes ----------------------------------------------------------------------------------------


def test_same_text_twice_under_two_ids_is_one_report_with_an_alias(cw, tmp_path):
    text = REPORTS[2]["text"]
    batch = tmp_path / "twice.jsonl"
    batch.write_text(json.dumps({"id": "first", "published": "2023-05-08", "text": text}) + "\n"
                     + json.dumps({"id": "second", "published": "2023-05-08", "text": text}) + "\n")
    result = cw("ingest", str(batch))
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated, 1 unchanged, 0 failed; 1 events written" in result.output
    assert "same text as first; second is now an alias" in result.output
    first = jout(cw("events", "--format", "json", "--document", "first"))
    assert len(first) == 1 and jout(cw("events", "--format", "json", "--document", "second")) == first
    (inc,) = incidents(cw)
    assert inc["documents"] == ["first"]
    assert jout(cw("incidents", "--format", "json", "--document", "second")) == [inc]
    later = tmp_path / "third.jsonl"
    later.write_text(json.dumps({"id": "third", "published": "2023-05-08", "text": text}) + "\n")
    assert "third is now an alias" in cw("ingest", str(later)).output
    assert jout(cw("events", "--format", "json", "--document", "third")) == first


def test_weekday_without_publication_date_reads_once_and_warns_once(cw, tmp_path):
    report = tmp_path / "weekdays.txt"
    report.write_text("On Saturday, gunmen killed five civilians in the town of Menaka. On Sunday, militants "
                      "attacked an army post in Menaka, killing three soldiers.\n")
    result = cw("extract", str(report))
    assert result.exit_code == 0, result.output
    assert '"On Saturday": date unknown' in result.output and '"On Sunday": date unknown' in result.output
    assert "(day) (day)" not in result.output and "? (" not in result.output
    assert result.output.count("need the publication date") == 1
    ingested = cw("ingest", str(report))
    assert ingested.output.count("need the publication date") == 1
    dated = cw("extract", str(report), "--published", "2023-05-08")
    assert "need the publication date" not in dated.output and "2023-05-06 (day)" in dated.output
