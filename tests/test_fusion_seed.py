"""The seed report plus a second report of the same massacres (tests/data/menaka_second_report.txt,
written for the project) fuse into one incident per massacre, with both sources' figures."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.engine import Engine
from conflictwatch.fuse import ReportInfo, fuse
from conflictwatch.geo import Geocoder
from conflictwatch.ingest import read_file
from conflictwatch.totals import compute

from .conftest import ROOT, SEED, needs_shared

pytestmark = needs_shared
SECOND = ROOT / "tests" / "data" / "menaka_second_report.txt"


@pytest.fixture(scope="module")
def fused(geonames_gazetteer_path):
    engine = Engine(geocoder=Geocoder(geonames_gazetteer_path))
    seed = read_file(SEED, published="2022-03", source="Long War Journal")
    second = read_file(SECOND, published="2022-03-20", source="Example Wire")
    events = [e for r in (seed, second) for e in engine.extract(r).events]
    infos = {r.id: ReportInfo(r.id, r.source, r.published, r.text) for r in (seed, second)}
    return seed, second, events, fuse(events, infos)


def incident_at(incidents, location, day):
    found = [i for i in incidents if i.location == location and not i.historical and i.date_start == day
             and i.event_type == "Violence against civilians"]
    assert len(found) == 1, [(i.location, i.date_start, i.documents) for i in incidents]
    return found[0]


def figures(incident, group="civilians"):
    (victims,) = [v for v in incident.victims if v.group == group]
    return victims, sorted((f.low, f.source) for f in victims.figures if f.status == "current")


def test_each_massacre_is_one_incident_with_both_sources(fused):
    seed, second, events, incidents = fused
    tamalat = incident_at(incidents, "Tamalelt", dt.date(2022, 3, 8))
    assert tamalat.documents == sorted([seed.id, second.id])
    victims, figs = figures(tamalat)
    assert [f[0] for f in figs] == [153, 160]
    assert (victims.low, victims.high) == (153, 176)
    assert tamalat.independent_sources == 2 and tamalat.grade == "Fair"

    anderanbokan = incident_at(incidents, "Andéranboukan", dt.date(2022, 3, 12))
    assert anderanbokan.documents == sorted([seed.id, second.id])
    victims, figs = figures(anderanbokan)
    assert [f[0] for f in figs] == [35, 40]
    assert (victims.low, victims.high) == (35, 42)


def test_every_event_is_in_exactly_one_incident(fused):
    _, _, events, incidents = fused
    members = [e for i in incidents for e in i.events]
    assert sorted(members) == sorted(e.id for e in events)


def test_the_seed_totals_still_hold(fused):
    seed, _, events, _ = fused
    rows = {r.key: r for r in compute([e for e in events if e.document_id == seed.id], "victim")}
    assert (rows["civilians"].killed_low, rows["civilians"].killed_high) == (385, 415)
