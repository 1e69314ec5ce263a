"""Totals that keep their uncertainty.

A total is a range: the sum of the low figures and the sum of the high figures, with the weakest
qualifier of its parts ("at least" if any part was "at least"). Claims never count; historical
(background) events are left out unless asked for; events with unknown fatalities are counted as
events but add nothing, and are reported as such so an unknown is never read as zero.

:func:`compute_incidents` counts each incident once (what the CLI's ``totals`` does): two reports of
one massacre never double its dead. Per victim group it adds the incident's low and high (its most
conservative and its highest credible figure across the reports), never the claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel

from .models import QUALIFIER_STRENGTH, QUALIFIER_WORDS, Event, Incident, Qualifier

By = Literal["victim", "month", "location", "actor", "type", "country"]



class Total(BaseModel):
    key: str
    killed_low: int = 0
    killed_high: int = 0
    qualifier: Qualifier = "exact"
    events: int = 0
    events_unknown: int = 0
    sources: list[str] = []
    incidents: int = 0
    reports: list[str] = []

    def add(self, low: int | None, high: int | None, qualifier: Qualifier, sources: Iterable[str]) -> None:
        if low is None and high is None:
            self.events_unknown += 1
            return
        low = low or 0
        self.killed_low += low
        self.killed_high += high if high is not None else low
        if qualifier != "unknown" and QUALIFIER_STRENGTH[qualifier] > QUALIFIER_STRENGTH[self.qualifier]:
            self.qualifier = qualifier
        for s in sources:
            if s and s not in self.sources:
                self.sources.append(s)

    @property
    def range_text(self) -> str:
        counted = self.incidents or self.events
        if self.events_unknown and self.events_unknown == counted:
            return "unknown"  # no figure at all: never shown as 0
        return range_text(self.killed_low, self.killed_high, self.qualifier)


def range_text(low: int | None, high: int | None, qualifier: Qualifier) -> str:
    """'at least 385 to 415', 'about 12', '6', 'up to 30', 'unknown'."""
    if low is None and high is None:
        return "unknown"
    if low is None:
        return f"up to {high}"
    prefix = QUALIFIER_WORDS[qualifier]
    body = f"{low}" if high is None or low == high else f"{low} to {high}"
    return prefix + body


def _month(e: Event) -> str:
    return e.date_start.strftime("%Y-%m") if e.date_start else "unknown date"


KEYS: dict[str, Callable[[Event], str]] = {
    "month": _month,
    "location": lambda e: e.location or "unknown place",
    "actor": lambda e: e.actor1 or "unidentified",
    "type": lambda e: e.event_type,
    "country": lambda e: e.country or "unknown country",
}


def compute(events: Iterable[Event], by: By = "victim", include_historical: bool = False) -> list[Total]:
    totals: dict[str, Total] = {}

    def bucket(key: str) -> Total:
        return totals.setdefault(key, Total(key=key))

    for e in events:
        if e.historical and not include_historical:
            continue
        if by == "victim":
            for v in e.victims:
                if v.killed_low is None and v.killed_high is None:
                    continue
                t = bucket(v.group)
                t.events += 1
                t.add(v.killed_low, v.killed_high, v.qualifier, [v.source or ""])
            if not any(v.killed_low is not None for v in e.victims):
                t = bucket("unknown (no figures)")
                t.events += 1
                t.add(None, None, "unknown", [])
            continue
        t = bucket(KEYS[by](e))
        t.events += 1
        t.add(e.fatalities_low, e.fatalities_high, e.fatalities_qualifier, e.sources)
    return sorted(totals.values(), key=lambda t: (-t.killed_high, t.key))


INCIDENT_KEYS: dict[str, Callable[[Incident], str]] = {
    "month": _month,  # type: ignore[dict-item]  (same fields on incidents)
    "location": lambda i: i.location or "unknown place",
    "actor": lambda i: i.actor1 or "unidentified",
    "type": lambda i: i.event_type,
    "country": lambda i: i.country or "unknown country",
}


def incident_sources(inc: Incident, group: str | None = None) -> list[str]:
    return [f.source or "" for v in inc.victims if group is None or v.group == group
            for f in v.figures if f.status == "current"]


def compute_incidents(incidents: Iterable[Incident], by: By = "victim", include_historical: bool = False) -> list[Total]:
    """Totals over incidents, each counted once: per victim group its low..high across its reports.
    ``incidents`` counts the incidents of a row, ``events`` their member events, ``events_unknown``
    the incidents without any figure, ``reports`` the reports behind them."""
    totals: dict[str, Total] = {}

    def count(key: str, inc: Incident, low, high, qualifier, sources) -> None:
        t = totals.setdefault(key, Total(key=key))
        t.incidents += 1
        t.events += len(inc.events)
        t.add(low, high, qualifier, sources)
        for d in inc.documents:
            if d not in t.reports:
                t.reports.append(d)

    for inc in incidents:
        if inc.historical and not include_historical:
            continue
        known = [v for v in inc.victims if v.low is not None or v.high is not None]
        if by == "victim":
            for v in known:
                count(v.group, inc, v.low, v.high, v.qualifier, incident_sources(inc, v.group))
            if not known:
                count("unknown (no figures)", inc, None, None, "unknown", [])
            continue
        if known:
            low = sum(v.low or 0 for v in known)
            high = sum(v.high if v.high is not None else (v.low or 0) for v in known)
            qualifier = max((v.qualifier for v in known), key=QUALIFIER_STRENGTH.__getitem__)
            count(INCIDENT_KEYS[by](inc), inc, low, high, qualifier, incident_sources(inc))
        else:
            count(INCIDENT_KEYS[by](inc), inc, None, None, "unknown", [])
    return sorted(totals.values(), key=lambda t: (-t.killed_high, t.key))
