"""Cross-report fusion (conflictwatch.fuse): blocking, windows, links, victims, sources, grades."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.fuse import FusionConfig, Links, ReportInfo, fuse, incident_id, independent_groups
from conflictwatch.fuse import cluster as cluster_mod
from conflictwatch.models import Claim, Event, Evidence, VictimCount

GAO = (16.27, 0.05)  # a point in Gao region
GAO_REGION = (16.5, 1.0)  # where a region-only place is put (the region's centroid)
MOPTI_REGION = (14.5, -4.2)
D0 = dt.date(2023, 5, 6)


def ev(eid: str, doc: str, day: int = 0, *, lat: float | None = GAO[0], lon: float | None = GAO[1], prec: int | None = 1,
       admin1: str | None = "Gao", iso: str | None = "ML", etype: str = "Violence against civilians",
       sub: str = "Attack", actor1: str | None = "Islamic State (Sahel)", actor2: str | None = "Civilians (Mali)",
       figures: list[VictimCount] | None = None, victims: list[VictimCount] | None = None,
       claims: list[Claim] | None = None, historical: bool = False, precision: str = "day",
       end: int | None = None, location: str | None = "Ouatagouna", dated: bool = True) -> Event:
    start = D0 + dt.timedelta(days=day) if dated else None
    stop = D0 + dt.timedelta(days=end if end is not None else day) if dated else None
    return Event(id=eid, document_id=doc, date_start=start, date_end=stop, date_precision=precision if dated else None,
                 event_type=etype, sub_event_type=sub, actor1=actor1, actor2=actor2, location=location,
                 latitude=lat, longitude=lon, admin1=admin1, country="Mali" if iso == "ML" else None, iso=iso,
                 geo_precision=prec, figures=figures or [], victims=victims or [], claims=claims or [],
                 historical=historical)


def killed(low: int, high: int | None = None, *, group: str = "civilians", q: str = "exact", source: str | None = None,
           status: str = "current", subset_of: str | None = None, injured: bool = False, at: int = 0) -> VictimCount:
    span = Evidence(field="fatalities", text=str(low), start=at, end=at + 2, sentence=f"{low} were killed.",
                    sentence_start=at, sentence_end=at + 12)
    if injured:
        return VictimCount(group=group, injured_low=low, injured_high=high or low, qualifier=q, source=source,
                           status=status, evidence=[span])
    return VictimCount(group=group, killed_low=low, killed_high=high if high is not None else low, qualifier=q,
                       source=source, status=status, subset_of=subset_of, evidence=[span])


def info(doc: str, source: str | None = None, published: str | None = "2023-05-07", text: str = "") -> ReportInfo:
    return ReportInfo(id=doc, source=source, published=published, text=text)


def reports_for(events: list[Event], **sources: str) -> dict[str, ReportInfo]:
    return {e.document_id: info(e.document_id, sources.get(e.document_id, f"Outlet {e.document_id}"))
            for e in events}


def members(incidents) -> list[list[str]]:
    return sorted(i.events for i in incidents)


# --- blocking and windows ---------------------------------------------------------------------


def test_thousand_single_event_reports_stay_thousand_incidents():
    events = [ev(f"e{i:04d}", f"d{i:04d}", day=i, lat=-30 + (i % 50) * 1.0, lon=-10 + (i // 50) * 1.0,
                 admin1=f"Region {i}") for i in range(1000)]
    incidents = fuse(events, reports_for(events))
    assert len(incidents) == 1000
    assert all(len(i.events) == 1 and len(i.documents) == 1 for i in incidents)
    assert {i.id for i in incidents} == {f"inc-e{i:04d}" for i in range(1000)}


def test_blocking_compares_only_events_near_in_time_within_a_country(monkeypatch):
    calls = []
    real = cluster_mod._pair_score

    def counting(a, b, config):
        calls.append((a.doc, b.doc))
        return real(a, b, config)

    monkeypatch.setattr(cluster_mod, "_pair_score", counting)
    # 500 events in one country, 10 days apart, plus 500 in another country on the same days
    events = [ev(f"a{i:03d}", f"da{i:03d}", day=10 * i) for i in range(500)]
    events += [ev(f"b{i:03d}", f"db{i:03d}", day=10 * i, iso="NE", admin1="Tillaberi") for i in range(500)]
    incidents = fuse(events, reports_for(events))
    assert len(incidents) == 1000
    assert calls == []
    # two events 2 days apart in one country are compared once
    calls.clear()
    fuse([ev("x1", "dx1", 0), ev("x2", "dx2", 2), ev("y1", "dy1", 1, iso="NE", admin1="Tillaberi")], {})
    assert calls == [("dx1", "dx2")]


def test_same_day_100_km_apart_stay_two():
    a = ev("e1", "d1", 0)
    b = ev("e2", "d2", 0, lat=GAO[0] + 0.9, lon=GAO[1], location="Tabankort")  # ~100 km north
    assert members(fuse([a, b], reports_for([a, b]))) == [["e1"], ["e2"]]


def test_same_place_one_day_apart_fuse_with_both_documents():
    a = ev("e1", "d1", 0, figures=[killed(12)])
    b = ev("e2", "d2", 1, lat=GAO[0] + 0.05, lon=GAO[1] + 0.05, figures=[killed(15)])  # ~7.6 km
    [incident] = fuse([a, b], reports_for([a, b]))
    assert incident.events == ["e1", "e2"]
    assert incident.documents == ["d1", "d2"]
    assert incident.id == "inc-e1" == incident_id(["e2", "e1"])
    assert (incident.date_start, incident.date_end, incident.date_precision) == (D0, D0 + dt.timedelta(days=1), "span")
    assert incident.notes.startswith("fused 2 events of 2 reports")


def test_three_days_apart_stay_two():
    a, b = ev("e1", "d1", 0), ev("e2", "d2", 3)
    assert members(fuse([a, b], reports_for([a, b]))) == [["e1"], ["e2"]]
    # a span from day -1 to day 2 is within the window of both e1 (overlap) and e2 (1 day), but e1
    # and e2 are 3 days apart: complete-link keeps e2 out of the cluster (no drift along a chain)
    c = ev("e3", "d3", -1, end=2, precision="span")
    got = members(fuse([a, b, c], reports_for([a, b, c])))
    assert got == [["e1", "e3"], ["e2"]]


def test_region_only_place_fuses_within_its_admin1_only():
    precise = ev("e1", "d1", 0)
    region = ev("e2", "d2", 0, lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3, location="Gao")  # ~110 km off
    [incident] = fuse([precise, region], reports_for([precise, region]))
    assert incident.events == ["e1", "e2"]
    assert (incident.location, incident.latitude, incident.geo_precision) == ("Ouatagouna", GAO[0], 1)
    other = ev("e3", "d3", 0, lat=MOPTI_REGION[0], lon=MOPTI_REGION[1], prec=3, admin1="Mopti", location="Mopti")
    assert members(fuse([precise, other], {})) == [["e1"], ["e3"]]
    no_point = ev("e4", "d4", 0, lat=None, lon=None, prec=None, location="Gao")
    assert members(fuse([precise, no_point], {})) == [["e1", "e4"]]


def test_two_precise_places_beyond_the_window_never_fuse_even_in_one_admin1():
    a = ev("e1", "d1", 0)
    b = ev("e2", "d2", 0, lat=GAO[0] + 0.3, location="Tabankort")  # ~33 km, same admin1, another name
    assert members(fuse([a, b], {})) == [["e1"], ["e2"]]


def test_one_written_name_placed_at_two_homonyms_of_one_region_fuses():
    """Two reports both write "Inates"; the gazetteer placed one at each of two homonyms of the same
    admin1 (~200 km apart). The written name decides; a different written name does not fuse."""
    def said(e: Event, text: str) -> Event:
        e.evidence.append(Evidence(field="location", text=text, start=0, end=len(text), sentence=text,
                                   sentence_start=0, sentence_end=len(text)))
        return e

    a = said(ev("e1", "d1", 0, location="Inates"), "Inates")
    b = said(ev("e2", "d2", 0, lat=GAO[0] + 1.8, location="Inates"), "Inates")
    assert members(fuse([a, b], {})) == [["e1", "e2"]]
    c = said(ev("e3", "d3", 0, lat=GAO[0] + 1.8, location="Tamalat"), "Tamalat")
    assert members(fuse([a, c], {})) == [["e1"], ["e3"]]
    d = said(ev("e4", "d4", 0, lat=GAO[0] + 1.8, admin1="Menaka", location="Inates"), "Inates")
    assert members(fuse([a, d], {})) == [["e1"], ["e4"]]
    # the gazetteer's spellings of the homonyms ("Inatess", "I-n-Atès") are alike too, and a report
    # that wrote only the country says nothing about which place
    e = said(ev("e5", "d5", 0, location="Inatess"), "Mali")
    f = said(ev("e6", "d6", 0, lat=GAO[0] + 1.8, location="I-n-Atès"), "Inates")
    assert members(fuse([e, f], {})) == [["e5", "e6"]]
    g = said(ev("e7", "d7", 0, location="Tamalat"), "Mali")
    h = said(ev("e8", "d8", 0, lat=GAO[0] + 1.8, location="Inates"), "Mali")
    assert members(fuse([g, h], {})) == [["e7"], ["e8"]]


def test_events_without_country_or_date_stand_alone():
    a = ev("e1", "d1", 0)
    b = ev("e2", "d2", 0, iso=None)
    c = ev("e3", "d3", dated=False)
    assert members(fuse([a, b, c], {})) == [["e1"], ["e2"], ["e3"]]
    assert members(fuse([a, b, c], {}, links=Links(must=[{"e1", "e3"}]))) == [["e1", "e3"], ["e2"]]


def test_actors_must_overlap_unless_unidentified():
    a = ev("e1", "d1", 0, actor1="Islamic State (Sahel)")
    b = ev("e2", "d2", 0, actor1="JNIM: Group for Support of Islam and Muslims")
    c = ev("e3", "d3", 0, actor1="Unidentified Armed Group (Mali)")
    assert members(fuse([a, b], {})) == [["e1"], ["e2"]]
    assert members(fuse([a, c], {})) == [["e1", "e3"]]
    # base names: the period suffix does not matter; civilians alone make no overlap
    d = ev("e4", "d4", 0, etype="Battles", sub="Armed clash", actor1="Military Forces of Mali (2021-)",
           actor2="Islamic State (Sahel)")
    e = ev("e5", "d5", 0, etype="Battles", sub="Armed clash", actor1="Military Forces of Mali (2012-2021)",
           actor2=None)
    assert members(fuse([d, e], {})) == [["e4", "e5"]]
    f = ev("e6", "d6", 0, actor1="Fulani Ethnic Militia (Mali)")
    assert members(fuse([b, f], {})) == [["e2"], ["e6"]]


def test_one_report_names_the_perpetrator_another_the_side_that_lost_men():
    perpetrator = ev("e1", "d1", 0, actor1="Islamic State (Sahel)", actor2="Civilians (Mali)")
    losers = ev("e2", "d2", 0, actor1="Unidentified Armed Group (Mali)", actor2="MSA: Movement for Azawad Salvation")
    assert members(fuse([perpetrator, losers], {})) == [["e1", "e2"]]
    # the same two sides told in the other order are one clash; another perpetrator against
    # civilians is not
    clash = ev("e3", "d3", 0, etype="Battles", sub="Armed clash", actor1="Islamic State (Sahel)",
               actor2="MSA: Movement for Azawad Salvation")
    told_back = ev("e4", "d4", 0, etype="Battles", sub="Armed clash", actor1="MSA: Movement for Azawad Salvation",
                   actor2="Islamic State (Sahel)")
    assert members(fuse([clash, told_back], {})) == [["e3", "e4"]]
    other = ev("e5", "d5", 0, actor1="JNIM: Group for Support of Islam and Muslims", actor2="Civilians (Mali)")
    assert members(fuse([perpetrator, other], {})) == [["e1"], ["e5"]]


def test_event_types_compatible_by_the_table_only():
    massacre = ev("e1", "d1", 0, actor2="Dozo Communal Militia (Mali)")
    battle = ev("e2", "d2", 0, etype="Battles", sub="Armed clash", actor2="Dozo Communal Militia (Mali)")
    riot = ev("e3", "d3", 0, etype="Riots", sub="Mob violence", actor2="Dozo Communal Militia (Mali)")
    assert members(fuse([massacre, battle, riot], {})) == [["e1", "e2"], ["e3"]]


def test_historical_events_fuse_only_with_each_other():
    now = ev("e1", "d1", 0)
    past1 = ev("e2", "d2", 0, historical=True, precision="year")
    past2 = ev("e3", "d3", 0, historical=True, precision="year")
    incidents = fuse([now, past1, past2], {})
    assert members(incidents) == [["e1"], ["e2", "e3"]]
    assert [i.historical for i in incidents] == [False, True]


# --- one document, analyst links -------------------------------------------------------------


def test_two_events_of_one_document_with_dead_of_one_group_never_fuse():
    # the report told two attacks the same day: their dead must never be counted as one range
    a, b = ev("e1", "d1", 0, figures=[killed(10)]), ev("e2", "d1", 0, figures=[killed(12)])
    assert members(fuse([a, b], {})) == [["e1"], ["e2"]]
    # a clash told beside the massacre of the same day, with no dead of the massacre's group, is
    # the same incident; on another day it is not
    clash = ev("e3", "d1", 0, etype="Battles", sub="Armed clash", actor2="Dozo Communal Militia (Mali)")
    assert members(fuse([a, clash], {})) == [["e1", "e3"]]
    later = ev("e4", "d1", 1, etype="Battles", sub="Armed clash", actor2="Dozo Communal Militia (Mali)")
    assert members(fuse([a, later], {})) == [["e1"], ["e4"]]
    incidents = fuse([a, b, clash, later], {})
    for incident in incidents:  # no victim group gets figures from two events of one report
        groups = [v.group for v in incident.victims for f in v.figures if f.status == "current"]
        assert len(groups) == len(set(groups))


def test_links_merge_and_split():
    a, b = ev("e1", "d1", 0, figures=[killed(10)]), ev("e2", "d1", 0, figures=[killed(12)])
    assert members(fuse([a, b], {})) == [["e1"], ["e2"]]
    merged = fuse([a, b], {}, links=Links(must=[{"e1", "e2"}]))
    assert members(merged) == [["e1", "e2"]]
    assert "analyst merge applied to e1, e2" in merged[0].notes
    # a third report's event may not join a cluster holding two events of one document... unless it
    # fits both; here it does
    c = ev("e3", "d2", 0, figures=[killed(11)])
    assert members(fuse([a, b, c], {}, links=Links(must=[{"e1", "e2"}]))) == [["e1", "e2", "e3"]]
    # without the merge, e3 joins one of them (d1's lead event, with the most killed), never both
    assert members(fuse([a, b, c], {})) == [["e1"], ["e2", "e3"]]
    # a split keeps two compatible events of different reports apart
    split = fuse([a, c], {}, links=Links(cannot=[({"e1"}, {"e3"})]))
    assert members(split) == [["e1"], ["e3"]]
    assert "analyst split applied to e1" in split[0].notes
    with pytest.raises(ValueError, match="links conflict"):
        fuse([a, c], {}, links=Links(must=[{"e1", "e3"}], cannot=[({"e1"}, {"e3"})]))


def test_split_group_keeps_clusters_apart_transitively():
    a, b, c = ev("e1", "d1", 0), ev("e2", "d2", 0), ev("e3", "d3", 1)
    got = members(fuse([a, b, c], {}, links=Links(cannot=[({"e1"}, {"e2", "e3"})])))
    assert got == [["e1"], ["e2", "e3"]]


# --- incident fields --------------------------------------------------------------------------


def test_fields_prefer_precise_members_and_most_frequent_values():
    day = ev("e1", "d1", 1, actor1="Unidentified Armed Group (Mali)", location="Ouatagouna")
    month = ev("e2", "d2", -5, end=25, precision="month", lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3,
               location="Gao", etype="Battles", sub="Armed clash", actor2="Dozo Communal Militia (Mali)")
    third = ev("e3", "d3", 1, lat=GAO[0] + 0.01, prec=2, actor2="Dozo Communal Militia (Mali)",
               location="Ouatagouna")
    [incident] = fuse([day, month, third], {})
    assert (incident.date_start, incident.date_end, incident.date_precision) == (D0 + dt.timedelta(days=1),) * 2 + ("day",)
    assert (incident.event_type, incident.sub_event_type) == ("Violence against civilians", "Attack")
    assert incident.actor1 == "Islamic State (Sahel)"  # the named one, though only 2 of 3 name it
    assert incident.actor2 == "Dozo Communal Militia (Mali)"
    assert (incident.location, incident.geo_precision, incident.latitude) == ("Ouatagouna", 1, GAO[0])


# --- victims ----------------------------------------------------------------------------------


def _massacre(extra_official: bool = False):
    a = ev("e1", "d1", 0, figures=[
        killed(10, source="local officials", status="superseded", at=10),
        killed(18, 23, source="local officials", at=50),
        killed(5, source="local officials", subset_of="civilians", at=80),
        killed(3, injured=True, source="local officials", at=90),
    ])
    b = ev("e2", "d2", 0, figures=[
        killed(25, q="at_least", source="residents"),
        killed(40, source="Islamic State (Sahel)", status="claim"),
        killed(4, group="Islamic State (Sahel)", source="residents"),
    ], claims=[Claim(claimant="Islamic State (Sahel)", statement="the group said it killed 40 militiamen",
                     figures=[killed(40, group="Dozo Communal Militia (Mali)")])])
    c = ev("e3", "d3", 1, figures=[killed(30, q="about", source="a rights group")],
           claims=[Claim(claimant="Islamic State (Sahel)", statement="the group said it killed 40 militiamen",
                         figures=[killed(40, group="Dozo Communal Militia (Mali)")])])
    events = [a, b, c]
    reports = {"d1": info("d1", "Local Radio", "2023-05-06"), "d2": info("d2", "Reuters", "2023-05-07"),
               "d3": info("d3", "AFP", "2023-05-08")}
    if extra_official:
        events.append(ev("e4", "d4", 0, figures=[killed(27, source="Ministry of Security spokesman")]))
        events.append(ev("e5", "d5", 0, figures=[killed(22, source="the government")]))
        reports["d4"] = info("d4", "Sahel Monitor", "2023-05-09")
        reports["d5"] = info("d5", "Daily Mail", "2023-05-05")
    return events, reports


def test_victims_low_best_high_with_superseded_claims_and_subsets():
    events, reports = _massacre()
    [incident] = fuse(events, reports)
    civ = next(v for v in incident.victims if v.group == "civilians")
    assert (civ.low, civ.best, civ.high, civ.qualifier) == (18, 25, 30, "exact")
    assert civ.best_rule == "median of 3 independent sources' latest figures"  # 21 (18-23), 25, 30
    statuses = sorted((f.low, f.status, f.subset_of) for f in civ.figures)
    assert statuses == [(5, "current", "civilians"), (10, "superseded", None), (18, "current", None),
                        (25, "current", None), (30, "current", None), (40, "claim", None)]
    first = next(f for f in civ.figures if f.low == 18)
    assert (first.document_id, first.event_id, first.published, first.source) == ("d1", "e1", "2023-05-06", "local officials")
    assert first.evidence is not None and first.evidence.start == 50
    fighters = next(v for v in incident.victims if v.group == "Islamic State (Sahel)")
    assert (fighters.low, fighters.best, fighters.high) == (4, 4, 4)
    assert fighters.best_rule == "the only independent source's latest figure"
    # claims gathered from the members, deduplicated
    assert [c.claimant for c in incident.claims] == ["Islamic State (Sahel)"]
    assert incident.independent_sources == 3


def test_best_is_the_latest_official_figure():
    events, reports = _massacre(extra_official=True)
    [incident] = fuse(events, reports)
    civ = next(v for v in incident.victims if v.group == "civilians")
    assert (civ.low, civ.best, civ.high) == (18, 27, 30)
    assert civ.best_rule == "latest official figure: Ministry of Security spokesman, 2023-05-09"


def test_at_least_qualifier_follows_the_low_figure_and_victims_are_the_fallback():
    a = ev("e1", "d1", 0, victims=[killed(12, q="at_least", source="residents")])
    b = ev("e2", "d2", 0, figures=[killed(20, q="about", source="medics")])
    [incident] = fuse([a, b], reports_for([a, b]))
    [civ] = incident.victims
    assert (civ.low, civ.high, civ.qualifier, civ.best) == (12, 20, "at_least", 16)


def test_only_about_figures_still_give_a_low():
    a = ev("e1", "d1", 0, figures=[killed(30, q="about", source="residents")])
    [incident] = fuse([a], {})
    [civ] = incident.victims
    assert (civ.low, civ.high, civ.qualifier) == (30, 30, "about")


# --- independent sources ----------------------------------------------------------------------

STORY = ("Gunmen on motorbikes attacked the village of Tessit on Saturday, killing at least 12 civilians and "
         "burning the market, a local official said. The attackers fled towards the border before troops "
         "arrived, and residents said several people were still missing on Sunday.")
OTHER = ("Heavy rains flooded three districts of the capital overnight, and the city council said it would "
         "open schools as shelters while engineers inspect two damaged bridges across the river.")


def test_wire_copies_count_once():
    copy = "Copyright 2023 The Wire. All rights reserved.\n" + STORY + "\nRead more stories on our website."
    groups = independent_groups([info("a", "Daily One", text=STORY), info("b", "Daily Two", text=copy),
                                 info("c", "Daily Three", text=OTHER)], FusionConfig.load())
    assert groups == [["a", "b"], ["c"]]
    agency = independent_groups([info("a", "WBNG (AP)", text=STORY), info("b", "Wilton Bulletin (AP)", text=OTHER),
                                 info("c", "Apple Daily", text="")])
    assert agency == [["a", "b"], ["c"]]
    different = independent_groups([info("a", "Reuters", text=STORY), info("b", "Sahel Monitor", text=OTHER)])
    assert different == [["a"], ["b"]]


def test_incident_independent_sources_and_fair_grade_reason():
    a, b, c = ev("e1", "d1", 0), ev("e2", "d2", 0), ev("e3", "d3", 0)
    reports = {"d1": info("d1", "WBNG (AP)", text=STORY), "d2": info("d2", "Wilton Bulletin (AP)", text=STORY),
               "d3": info("d3", "Example Sahel Monitor", text=OTHER)}
    [incident] = fuse([a, b, c], reports)
    assert incident.independent_sources == 2
    assert (incident.grade, incident.grade_reason) == ("Fair", "2 independent sources: AP; Example Sahel Monitor")
    [copies] = fuse([a, b], reports)
    assert (copies.grade, copies.grade_reason) == ("Weak", "a single source: AP (2 reports carrying one story)")


# --- grades -----------------------------------------------------------------------------------


def test_grade_weak_single_source():
    [incident] = fuse([ev("e1", "d1", 0, figures=[killed(6)])], {"d1": info("d1", "Example Sahel Monitor")})
    assert (incident.grade, incident.grade_reason) == ("Weak", "a single source: Example Sahel Monitor")


def test_grade_discounted_combatants_and_analyst():
    battle = ev("e1", "d1", 0, etype="Battles", sub="Armed clash", actor2="Military Forces of Mali (2021-)",
                figures=[killed(6, group="Military Forces of Mali (2021-)")])
    [incident] = fuse([battle], {})
    assert incident.grade == "Discounted"
    assert incident.grade_reason == ("Discounted: the dead were combatants (Military Forces of Mali (2021-)); "
                                     "no civilian harm is reported")
    analyst = ev("e2", "d2", 0, figures=[killed(6, status="discounted")])
    [incident] = fuse([analyst], {})
    assert (incident.grade, incident.grade_reason) == ("Discounted", "Discounted: an analyst discounted the figures")
    mixed = ev("e3", "d3", 0, figures=[killed(6, group="Military Forces of Mali (2021-)"), killed(2)])
    assert fuse([mixed], {})[0].grade == "Weak"


def test_grade_contested_by_competing_perpetrators():
    a = ev("e1", "d1", 0, etype="Battles", sub="Armed clash", actor2="Dozo Communal Militia (Mali)",
           figures=[killed(9)])
    b = ev("e2", "d2", 0, actor1="JNIM: Group for Support of Islam and Muslims",
           actor2="Dozo Communal Militia (Mali)", figures=[killed(11)])
    [incident] = fuse([a, b], reports_for([a, b]))
    assert incident.grade == "Contested"
    assert incident.grade_reason == ("Contested: the reports name different perpetrators: "
                                     "Islamic State (Sahel); JNIM: Group for Support of Islam and Muslims")


def test_grade_contested_by_another_partys_account_and_by_denial():
    army = Claim(claimant="Military Forces of Mali (2021-)", statement="the army said 30 terrorists were neutralised",
                 figures=[killed(30, group="Islamic State (Sahel)")])
    [incident] = fuse([ev("e1", "d1", 0, figures=[killed(20)], claims=[army])], {})
    assert incident.grade == "Contested"
    assert incident.grade_reason == ("Contested: Military Forces of Mali (2021-), not the perpetrator "
                                     "(Islamic State (Sahel)), gives its own account: "
                                     "\u201cthe army said 30 terrorists were neutralised\u201d")
    denial = Claim(claimant="Islamic State (Sahel)", statement="the group denied any role in the killings")
    [incident] = fuse([ev("e2", "d2", 0, figures=[killed(20)], claims=[denial])], {})
    assert incident.grade_reason == ("Contested: Islamic State (Sahel) disputes it: "
                                     "\u201cthe group denied any role in the killings\u201d")
    # the perpetrator's own contradicting account of a civilian massacre
    own = Claim(claimant="Islamic State (Sahel)", statement="the group said it killed 25 militiamen",
                figures=[killed(25, group="Dozo Communal Militia (Mali)")])
    [incident] = fuse([ev("e3", "d3", 0, figures=[killed(20)], claims=[own])], {})
    assert incident.grade_reason == ("Contested: Islamic State (Sahel)'s claim contradicts the civilian toll: "
                                     "\u201cthe group said it killed 25 militiamen\u201d")


def test_grade_confirmed_when_the_perpetrator_accepts_civilian_harm():
    owned = Claim(claimant="Islamic State (Sahel)", statement="the group said its fighters killed 20 villagers",
                  figures=[killed(20)])
    a = ev("e1", "d1", 0, figures=[killed(20)], claims=[owned])
    [incident] = fuse([a], {})
    assert (incident.grade, incident.grade_reason) == (
        "Confirmed", "Confirmed: Islamic State (Sahel) accepts responsibility for the civilian harm: "
                     "\u201cthe group said its fighters killed 20 villagers\u201d")
    flagged = Claim(claimant="Military Forces of Mali (2021-)", statement="the army acknowledged the strike",
                    status="confirmed")
    b = ev("e2", "d2", 0, etype="Explosions/Remote violence", sub="Air/drone strike",
           actor1="Military Forces of Mali (2021-)", figures=[killed(7)], claims=[flagged])
    assert fuse([b], {})[0].grade == "Confirmed"


# --- config -----------------------------------------------------------------------------------


def test_bad_fusion_yaml_names_the_file(tmp_path):
    good = FusionConfig.load()
    assert good.window.days == 2 and good.window.km == 25
    text = Path(good.path).read_text(encoding="utf-8")
    bad = tmp_path / "fusion.yaml"
    bad.write_text(text.replace("km: 25", "km: -5"), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}: window.km: Input should be greater than 0")):
        FusionConfig.load(bad)
    bad.write_text(text + "\nwindows: {days: 3}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}: windows: Extra inputs are not permitted")):
        FusionConfig.load(bad)
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}: expected a mapping of settings, got list")):
        FusionConfig.load(bad)
    bad.write_text(text.replace("[Explosions/Remote violence, Battles]", "[Explosions, Battles]"), encoding="utf-8")
    with pytest.raises(ValueError, match="'Explosions' is not an ACLED event type"):
        FusionConfig.load(bad)


def test_config_windows_are_data(tmp_path):
    text = Path(FusionConfig.load().path).read_text(encoding="utf-8")
    wide = tmp_path / "fusion.yaml"
    wide.write_text(text.replace("km: 25", "km: 50").replace("days: 2", "days: 3"), encoding="utf-8")
    a, b = ev("e1", "d1", 0), ev("e2", "d2", 3, lat=GAO[0] + 0.3)
    assert members(fuse([a, b], {})) == [["e1"], ["e2"]]
    assert members(fuse([a, b], {}, config=FusionConfig.load(wide))) == [["e1", "e2"]]


# --- order independence -----------------------------------------------------------------------

_POINTS = [GAO, (GAO[0] + 0.1, GAO[1]), (GAO[0] + 0.2, GAO[1] + 0.05), (GAO[0] + 0.9, GAO[1])]


@st.composite
def event_sets(draw):
    n = draw(st.integers(min_value=1, max_value=14))
    out = []
    for i in range(n):
        p = draw(st.integers(0, len(_POINTS)))
        lat, lon = (GAO_REGION if p == len(_POINTS) else _POINTS[p])
        etype, sub = draw(st.sampled_from([("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
                                           ("Riots", "Mob violence")]))
        out.append(ev(f"e{i:02d}", f"d{draw(st.integers(0, 5))}", draw(st.integers(0, 8)), lat=lat, lon=lon,
                      prec=3 if p == len(_POINTS) else 1, etype=etype, sub=sub,
                      actor1=draw(st.sampled_from(["Islamic State (Sahel)", "Unidentified Armed Group (Mali)",
                                                   "JNIM: Group for Support of Islam and Muslims"])),
                      historical=draw(st.booleans()) and draw(st.booleans())))
    return out


@settings(max_examples=60, deadline=None)
@given(event_sets(), st.randoms(use_true_random=False))
def test_fuse_is_order_independent(events, rnd):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    first = fuse(events, {})
    second = fuse(shuffled, {})
    assert members(first) == members(second)
    assert sorted(e for i in first for e in i.events) == sorted(e.id for e in events)
    for incident in first:  # two events of one report only on one day, never both with dead of a group
        mine = [e for e in events if e.id in incident.events]
        for x in mine:
            for y in mine:
                if x.id < y.id and x.document_id == y.document_id:
                    assert x.date_start == y.date_start == x.date_end == y.date_end
                    gx = {f.group for f in x.figures if f.status == "current"}
                    gy = {f.group for f in y.figures if f.status == "current"}
                    assert not gx & gy


def test_duplicate_event_ids_are_refused():
    with pytest.raises(ValueError, match="appears twice"):
        fuse([ev("e1", "d1"), ev("e1", "d2")], {})


def test_random_large_input_has_each_event_once():
    rng = random.Random(3)
    events = [ev(f"e{i:04d}", f"d{i % 300:03d}", rng.randrange(60), lat=GAO[0] + rng.uniform(-1, 1),
                 lon=GAO[1] + rng.uniform(-1, 1)) for i in range(1200)]
    incidents = fuse(events, {})
    ids = sorted(e for i in incidents for e in i.events)
    assert ids == sorted(e.id for e in events)
    assert len(incidents) < len(events)


def test_like_events_pair_first_when_two_reports_tell_two_events_each():
    # each report tells an air strike (day) and a month-long fighting (month) at one place: both
    # cross pairings pass the windows; the strikes pair with each other, the fighting too
    kw = dict(actor1="Military Forces of Mali (2021-)", actor2="Islamic State (Sahel)")
    strike_a = ev("a1", "dA", 1, etype="Explosions/Remote violence", sub="Air/drone strike", **kw)
    fight_a = ev("a2", "dA", -5, end=25, precision="month", etype="Battles", sub="Armed clash", **kw)
    strike_b = ev("b2", "dB", 1, etype="Explosions/Remote violence", sub="Air/drone strike", **kw)
    fight_b = ev("b1", "dB", -5, end=25, precision="month", etype="Battles", sub="Armed clash", **kw)
    got = members(fuse([strike_a, fight_a, strike_b, fight_b], {}))
    assert got == [["a1", "b2"], ["a2", "b1"]]


# --- issue 7: fusing reports that tell one incident at different levels of detail -------------


def test_a_reports_lead_event_links_before_its_background_events():
    # report A: "gunmen killed 40 villagers in the Gao region this week ... earlier, 12 people
    # were killed in another attack in the region"; report B: "38 killed in Ouatagouna on Saturday".
    # B's massacre could pair with either of A's region-only events; it goes with A's lead (40 killed).
    week = dict(lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3, precision="week", day=-3, end=3, location="Gao")
    background = ev("a1", "dA", figures=[killed(12)], **week)
    lead = ev("a2", "dA", figures=[killed(40)], **week)
    other = ev("b1", "dB", 0, figures=[killed(38)])
    assert cluster_mod.lead_events([background, lead, other]) == {1, 2}
    assert members(fuse([background, lead, other], {})) == [["a1"], ["a2", "b1"]]


def test_a_report_whose_events_tie_has_no_lead():
    a = ev("a1", "dA", 0, figures=[killed(5)])
    b = ev("a2", "dA", 0, figures=[killed(5)], location="Gao")
    c = ev("a3", "dA", 0, historical=True, figures=[killed(50)])
    only = ev("b1", "dB", 0)
    assert cluster_mod.lead_events([a, b, c, only]) == {3}


def test_an_actor_told_on_both_sides_names_only_one_side():
    # "Islamic State fighters clashed with ... Islamic State" (the other side lost in extraction)
    # names IS, not the other side: it fits "gunmen attacked the MSA" of the same day and place
    muddled = ev("e1", "d1", 0, etype="Battles", sub="Armed clash", actor1="Islamic State (Sahel)",
                 actor2="Islamic State (Sahel)")
    losers = ev("e2", "d2", 0, actor1="Unidentified Armed Group (Mali)", actor2="MSA: Movement for Azawad Salvation")
    assert members(fuse([muddled, losers], {})) == [["e1", "e2"]]
    # a named other side still tells two clashes apart
    clash = ev("e3", "d3", 0, etype="Battles", sub="Armed clash", actor1="JNIM: Group for Support of Islam and Muslims",
               actor2="MSA: Movement for Azawad Salvation")
    assert members(fuse([muddled, clash], {})) == [["e1"], ["e3"]]


def test_looting_of_a_town_fuses_with_the_attack_that_killed_its_people():
    looting = ev("e1", "d1", etype="Strategic developments", sub="Looting/property destruction",
                 actor2=None, lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3, precision="month", day=-5, end=20)
    massacre = ev("e2", "d2", 0, figures=[killed(30)])
    assert members(fuse([looting, massacre], {})) == [["e1", "e2"]]
    take_over = ev("e3", "d3", 0, etype="Battles", sub="Non-state actor overtakes territory", actor2=None)
    handed = ev("e4", "d4", 0, etype="Strategic developments", sub="Non-violent transfer of territory", actor2=None)
    assert members(fuse([take_over, handed], {})) == [["e3", "e4"]]
    # other strategic developments stay apart: an agreement, an arrest
    deal = ev("e5", "d5", 0, etype="Strategic developments", sub="Agreement", actor2=None)
    assert members(fuse([deal, massacre], {})) == [["e2"], ["e5"]]
    config = FusionConfig.load()
    assert cluster_mod.types_fit("Strategic developments", "Looting/property destruction", "Battles", "Armed clash", config)
    assert not cluster_mod.types_fit("Strategic developments", "Arrests", "Battles", "Armed clash", config)


def test_unknown_sub_event_in_compatible_sub_events_is_refused(tmp_path):
    text = Path(FusionConfig.load().path).read_text(encoding="utf-8")
    bad = tmp_path / "fusion.yaml"
    bad.write_text(text.replace("- [Looting/property destruction, Battles]", "- [Pillage, Battles]"), encoding="utf-8")
    with pytest.raises(ValueError, match="compatible_sub_events: 'Pillage'"):
        FusionConfig.load(bad)


def test_reports_blaming_different_perpetrators_for_one_massacre_fuse():
    # "jihadists killed 130 villagers in Ouatagouna" / "the army is accused of killing 160 there"
    jihadists = ev("e1", "d1", 0, figures=[killed(130)])
    army = ev("e2", "d2", 1, actor1="Military Forces of Mali (2021-)", figures=[killed(160)],
              lat=GAO[0] + 0.03)  # ~3 km off
    incidents = fuse([jihadists, army], {})
    assert members(incidents) == [["e1", "e2"]]
    assert incidents[0].grade == "Contested"
    # the victims called village militiamen by one report: still one massacre
    militia = ev("e3", "d3", 0, actor1="JNIM: Group for Support of Islam and Muslims",
                 actor2="Dan Na Ambassagou Militia (Mali)", figures=[killed(140)])
    assert members(fuse([jihadists, militia], {})) == [["e1", "e3"]]


def test_different_perpetrators_stay_apart_for_small_tolls_far_tolls_places_or_days():
    jihadists = ev("e1", "d1", 0, figures=[killed(130)])
    army = dict(actor1="Military Forces of Mali (2021-)")
    assert members(fuse([jihadists, ev("e2", "d2", 0, figures=[killed(40)], **army)], {})) == [["e1"], ["e2"]]
    few = ev("e3", "d3", 0, figures=[killed(3)])
    assert members(fuse([few, ev("e4", "d4", 0, figures=[killed(4)], **army)], {})) == [["e3"], ["e4"]]
    far = ev("e5", "d5", 0, figures=[killed(120)], lat=GAO[0] + 0.15, **army)  # ~17 km
    assert members(fuse([jihadists, far], {})) == [["e1"], ["e5"]]
    later = ev("e6", "d6", 2, figures=[killed(120)], **army)
    assert members(fuse([jihadists, later], {})) == [["e1"], ["e6"]]
    region = ev("e7", "d7", 0, figures=[killed(120)], lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3, **army)
    assert members(fuse([jihadists, region], {})) == [["e1"], ["e7"]]
    battle = ev("e8", "d8", 0, etype="Battles", sub="Armed clash", figures=[killed(120)], **army)
    assert members(fuse([jihadists, battle], {})) == [["e1"], ["e8"]]


def _lead_case():
    # report A tells a massacre in Mopti (its lead, 40 killed) and, as background, 12 killed by the
    # Islamic State in the Gao region that week; report E tells 30 killed by JNIM in the Gao region
    # that week; report X tells an attack at Ouatagouna by unidentified gunmen that both could be
    lead = ev("a2", "dA", 0, figures=[killed(40)], lat=MOPTI_REGION[0], lon=MOPTI_REGION[1], admin1="Mopti",
              location="Mopti")
    week = dict(lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3, precision="week", day=-3, end=3, location="Gao")
    background = ev("a1", "dA", figures=[killed(12)], **week)
    other = ev("e1", "dE", figures=[killed(30)], actor1="JNIM: Group for Support of Islam and Muslims", **week)
    told = ev("x1", "dX", 0, actor1="Unidentified Armed Group (Mali)", figures=[killed(25)])
    return [lead, background, other, told]


def test_leads_are_decided_over_all_of_a_reports_events():
    events = _lead_case()
    assert members(fuse(events, {})) == [["a1"], ["a2"], ["e1", "x1"]]
    # fusing the Gao events apart (a connected group, as Spark does) with the leads of the whole set
    # gives the same incidents; without them, A's background event would lead its own report there
    part = [e for e in events if e.id != "a2"]
    assert cluster_mod.lead_ids(events) == {"a2", "e1", "x1"}
    assert members(fuse(part, {}, leads=cluster_mod.lead_ids(events))) == [["a1"], ["e1", "x1"]]
    assert members(fuse(part, {})) == [["a1", "x1"], ["e1"]]


def _dateline_case():
    # report 1 (published on the 9th): "the attack on Tuesday the 6th"; report 2, published on the
    # 9th, dated only by its dateline "09.09": 3 days apart, but report 2's day is when it was told
    told = ev("e1", "d1", 0, figures=[killed(30)])
    dateline = ev("e2", "d2", 3, figures=[killed(28)])
    reports = {"d1": info("d1", published=(D0 + dt.timedelta(days=3)).isoformat()),
               "d2": info("d2", published=(D0 + dt.timedelta(days=3)).isoformat())}
    return told, dateline, reports


def test_an_event_dated_on_its_reports_publication_day_may_have_happened_the_day_before():
    told, dateline, reports = _dateline_case()
    assert members(fuse([told, dateline], reports)) == [["e1", "e2"]]
    # without the publication day, or told on a day before it was published, 3 days stay apart
    assert members(fuse([told, dateline], {})) == [["e1"], ["e2"]]
    day_before = {**reports, "d2": info("d2", published=(D0 + dt.timedelta(days=4)).isoformat())}
    assert members(fuse([told, dateline], day_before)) == [["e1"], ["e2"]]
    # a report published in a month (no day) says nothing; four days apart stay apart
    by_month = {**reports, "d2": info("d2", published=D0.strftime("%Y-%m"))}
    assert members(fuse([told, dateline], by_month)) == [["e1"], ["e2"]]
    later = ev("e3", "d3", 4, figures=[killed(28)])
    assert members(fuse([told, later], {**reports, "d3": info("d3", published=(D0 + dt.timedelta(days=4)).isoformat())})) \
        == [["e1"], ["e3"]]
    assert cluster_mod.publication_days({"d1": info("d1", published="2023-05-09"), "d2": info("d2", published="2023-05"),
                                         "d3": info("d3", published=None)}) == {"d1": dt.date(2023, 5, 9)}


def test_publication_day_slack_is_data(tmp_path):
    told, dateline, reports = _dateline_case()
    text = Path(FusionConfig.load().path).read_text(encoding="utf-8")
    off = tmp_path / "fusion.yaml"
    off.write_text(text.replace("publication_day_slack: 1", "publication_day_slack: 0"), encoding="utf-8")
    assert members(fuse([told, dateline], reports, config=FusionConfig.load(off))) == [["e1"], ["e2"]]


def test_a_background_event_goes_with_the_most_alike_event_not_with_any_lead():
    # report A leads with a massacre in Mopti and mentions "an attack on an army patrol in the Gao
    # region last week"; report B (leading with another attack) tells the army's fight with the
    # Islamic State at Ouatagouna this month; report C tells only 3 villagers killed in Tessit (a
    # Gao village ~100 km from Ouatagouna) on day 2. A's patrol attack fits both B's fight and C's
    # killing by the windows; it goes with the fight (both battles), and C stays alone.
    army = dict(etype="Battles", sub="Armed clash", actor2="Military Forces of Mali (2021-)")
    a_lead = ev("a1", "dA", 0, figures=[killed(40)], lat=MOPTI_REGION[0], lon=MOPTI_REGION[1], admin1="Mopti",
                location="Mopti")
    a_patrol = ev("a2", "dA", -5, end=1, precision="week", lat=GAO_REGION[0], lon=GAO_REGION[1], prec=3,
                  location="Gao", actor1="Unidentified Armed Group (Mali)", **army)
    b_lead = ev("b1", "dB", 0, figures=[killed(60)], lat=MOPTI_REGION[0] + 0.5, lon=MOPTI_REGION[1], admin1="Mopti",
                location="Djenne")
    b_fight = ev("b2", "dB", -6, end=24, precision="month", **army)
    c_only = ev("c1", "dC", 2, figures=[killed(3)], lat=GAO[0] - 0.9, location="Tessit",
                actor1="Unidentified Armed Group (Mali)")
    got = members(fuse([a_lead, a_patrol, b_lead, b_fight, c_only], {}))
    assert ["a2", "b2"] in got and ["c1"] in got
