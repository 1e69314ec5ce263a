"""Totals that keep their uncertainty.

A total is a range: the sum of the low figures and the sum of the high figures, with the weakest
qualifier of its parts ("at least" if any part was "at least"). Claims never count; historical
(background) events are left out unless asked for; events with unknown fatalities are counted as
events but add nothing, and are reported as such so an unknown is never read as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel

from .models import Event, Qualifier

By = Literal["victim", "month", "location", "actor", "type", "country"]

STRENGTH: dict[str, int] = {"exact": 0, "about": 1, "at_least": 2, "unknown": 3}


class Total(BaseModel):
    key: str
    killed_low: int = 0
    killed_high: int = 0
    qualifier: Qualifier = "exact"
    events: int = 0
    events_unknown: int = 0
    sources: list[str] = []

    def add(self, low: int | None, high: int | None, qualifier: Qualifier, sources: Iterable[str]) -> None:
        if low is None and high is None:
            self.events_unknown += 1
            return
        low = low or 0
        self.killed_low += low
        self.killed_high += high if high is not None else low
        if qualifier != "unknown" and STRENGTH[qualifier] > STRENGTH[self.qualifier]:
            self.qualifier = qualifier
        for s in sources:
            if s and s not in self.sources:
                self.sources.append(s)

    @property
    def range_text(self) -> str:
        if self.events_unknown and self.events_unknown == self.events:
            return "unknown"  # no figure at all: never shown as 0
        prefix = {"at_least": "at least ", "about": "about ", "exact": "", "unknown": ""}[self.qualifier]
        body = f"{self.killed_low}" if self.killed_low == self.killed_high else f"{self.killed_low} to {self.killed_high}"
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
