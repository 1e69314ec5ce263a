"""Totals keep their uncertainty; claims and background events never inflate them."""

from __future__ import annotations

import datetime as dt

from conflictwatch.models import Claim, Event, VictimCount
from conflictwatch.totals import compute


def ev(ident, victims, *, historical=False, claims=(), month=3, qualifier="exact"):
    low = sum(v.killed_low or 0 for v in victims) if victims else None
    high = sum(v.killed_high or 0 for v in victims) if victims else None
    return Event(id=ident, document_id="d", event_type="Violence against civilians", sub_event_type="Attack",
                 date_start=dt.date(2022, month, 1), date_end=dt.date(2022, month, 1), victims=list(victims),
                 historical=historical, claims=list(claims), fatalities_low=low, fatalities_high=high,
                 fatalities_qualifier=qualifier if victims else "unknown", location="Tamalat")


def civ(low, high, q="exact", source="s"):
    return VictimCount(group="civilians", killed_low=low, killed_high=high, qualifier=q, source=source)


def test_ranges_add_up_and_keep_the_weakest_qualifier():
    events = [ev("1", [civ(153, 176)]), ev("2", [civ(97, 97, "at_least")]), ev("3", [civ(20, 20)])]
    (total,) = compute(events, "victim")
    assert (total.key, total.killed_low, total.killed_high, total.qualifier) == ("civilians", 270, 293, "at_least")
    assert total.range_text == "at least 270 to 293"


def test_claims_and_historical_events_are_left_out():
    claim = Claim(claimant="Islamic State (Sahel)", statement="...", status="contested",
                  figures=[VictimCount(group="MSA", killed_low=250, killed_high=250, qualifier="at_least")])
    events = [ev("1", [civ(10, 10)]), ev("2", [], claims=[claim]), ev("3", [civ(100, 100)], historical=True)]
    by_victim = {t.key: t for t in compute(events, "victim")}
    assert by_victim["civilians"].killed_high == 10
    assert "MSA" not in by_victim
    assert by_victim["unknown (no figures)"].events_unknown == 1
    with_history = {t.key: t for t in compute(events, "victim", include_historical=True)}
    assert with_history["civilians"].killed_high == 110


def test_by_month_counts_unknown_fatalities_as_unknown_not_zero():
    events = [ev("1", [civ(5, 5)], month=3), ev("2", [], month=4)]
    totals = {t.key: t for t in compute(events, "month")}
    assert totals["2022-03"].killed_low == 5
    assert totals["2022-04"].events == 1 and totals["2022-04"].events_unknown == 1
    assert totals["2022-04"].killed_high == 0


def test_groups_without_any_figure_read_unknown_not_zero():
    from conflictwatch.totals import Total

    t = Total(key="unknown (no figures)", events=2)
    t.add(None, None, "unknown", [])
    t.add(None, None, "unknown", [])
    assert t.range_text == "unknown" and t.killed_high == 0
    t.events += 1
    t.add(5, 7, "exact", ["MSA"])
    assert t.range_text == "5 to 7"
