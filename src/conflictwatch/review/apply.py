"""Re-applying the analysts' corrections to fresh machine output, and the refresh of incidents.

Order: event field and figure corrections are laid over the stored events (the stored machine
output is never edited); merges and splits become fusion constraints (``fuse.Links``); the events
are fused into incidents; incident field corrections are laid over the incidents. Each correction's
state (applied / orphaned) is recorded in the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..coreference import group_ranges
from ..discourse import fatalities
from ..models import Event, Incident, ReviewEntry
from ..store import EventFilter, Store
from .anchors import Resolver, figures_of

@dataclass
class Overlay:
    """What the log does to one set of events: corrected events, fusion links, entry states."""

    events: list[Event]
    must: list[set[str]] = field(default_factory=list)
    cannot: list[tuple[set[str], set[str]]] = field(default_factory=list)
    states: dict[int, str] = field(default_factory=dict)
    reviewed_events: set[str] = field(default_factory=set)
    reviewed_groups: list[set[str]] = field(default_factory=list)

    @property
    def orphaned(self) -> list[int]:
        return [i for i, s in self.states.items() if s == "orphaned"]


def _with_figure_status(event: Event, index: int, status: str) -> Event:
    figures = figures_of(event)
    figures[index] = figures[index].model_copy(update={"status": status})
    victims = group_ranges(figures)
    return Event.model_validate({**event.model_dump(), "figures": [f.model_dump() for f in figures],
                                 "victims": [v.model_dump() for v in victims], **fatalities(victims),
                                 "reviewed": True})


def with_field(record: Event | Incident, name: str, value: object):
    """The record with one field set, validated by its model (raises ValueError on a bad value)."""
    model = type(record)
    try:
        return model.model_validate({**record.model_dump(), name: value, "reviewed": True})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"{name}={value!r} is not valid for {model.__name__}.{name}: {first['msg']}") from None


def overlay_events(events: Iterable[Event], entries: list[ReviewEntry], hashes: dict[str, str]) -> Overlay:
    """Lay the log over the events: field and figure corrections applied, merges and splits turned
    into must-link / cannot-link sets of the events' current ids."""
    current = {e.id: e for e in events}
    result = Overlay(events=[])
    resolver = Resolver(current.values(), hashes)
    for entry in entries:
        anchor = entry.anchor or {}
        state = "applied"
        if entry.action == "set" and anchor.get("kind") == "event":
            found = resolver.event(anchor)
            if found is None:
                state = "orphaned"
            else:
                try:
                    current[found.id] = with_field(current[found.id], entry.field or "", entry.after)
                    result.reviewed_events.add(found.id)
                except ValueError:
                    state = "orphaned"
        elif entry.action == "figure":
            hit = resolver.figure(anchor)
            if hit is None:
                state = "orphaned"
            else:
                event, index = hit
                current[event.id] = _with_figure_status(current[event.id], index, str(entry.after))
                result.reviewed_events.add(event.id)
        elif entry.action == "merge":
            groups = [{e.id for a in group if (e := resolver.event(a)) is not None} for group in anchor.get("groups", [])]
            groups = [g for g in groups if g]
            if len(groups) < 2:
                state = "orphaned"
            else:
                _merge(result, set().union(*groups))
        elif entry.action == "split":
            leave = {e.id for a in anchor.get("leave", []) if (e := resolver.event(a)) is not None}
            stay = {e.id for a in anchor.get("stay", []) if (e := resolver.event(a)) is not None}
            if not leave or not stay:
                state = "orphaned"
            else:
                _split(result, leave, stay)
        if entry.id is not None:
            result.states[entry.id] = state
    result.events = list(current.values())
    return result


def _merge(result: Overlay, union: set[str]) -> None:
    joined = set(union)
    keep = []
    for group in result.must:
        if group & joined:
            joined |= group
        else:
            keep.append(group)
    result.must = keep + [joined]
    result.cannot = [(a, b) for a, b in result.cannot if not (a & joined and b & joined)]
    result.reviewed_groups.append(joined)


def _split(result: Overlay, leave: set[str], stay: set[str]) -> None:
    result.must = [g - leave for g in result.must if len(g - leave) > 1]
    if len(leave) > 1:
        result.must.append(set(leave))
    result.cannot.append((set(leave), set(stay)))
    result.reviewed_groups.extend([set(leave), set(stay)])


def overlay_incidents(incidents: list[Incident], entries: list[ReviewEntry], overlay: Overlay,
                      hashes: dict[str, str]) -> list[Incident]:
    """Incident field corrections laid over fused incidents; incidents that hold a corrected event or
    an analyst's merge or split are marked reviewed."""
    resolver = Resolver(overlay.events, hashes)
    out = list(incidents)
    index = {e: i for i, inc in enumerate(out) for e in inc.events}
    for i, inc in enumerate(out):
        members = set(inc.events)
        if members & overlay.reviewed_events or any(members & g for g in overlay.reviewed_groups):
            out[i] = inc.model_copy(update={"reviewed": True})
    for entry in entries:
        if entry.action != "set" or (entry.anchor or {}).get("kind") != "incident":
            continue
        found = [e.id for a in entry.anchor.get("members", []) if (e := resolver.event(a)) is not None]
        hits = [index[e] for e in found if e in index]
        state = "orphaned"
        if hits:
            target = max(set(hits), key=hits.count)
            try:
                out[target] = with_field(out[target], entry.field or "", entry.after)
                state = "applied"
            except ValueError:
                pass
        if entry.id is not None:
            overlay.states[entry.id] = state
    return out


# --- the store's view -----------------------------------------------------------------------------


def reviewed_events(store: Store, flt: EventFilter | None = None, *, limit: int | None = None,
                    offset: int = 0) -> list[Event]:
    """Stored events with the analysts' corrections laid over them (``reviewed: true``); ``limit`` and
    ``offset`` page through them."""
    flt = flt or EventFilter()
    entries = store.reviews()
    if not entries:
        return store.events(flt, limit=limit, offset=offset)
    loose = EventFilter(document_id=flt.document_id)
    overlay = overlay_events(store.events(loose), entries, store.content_hashes())
    rest = dataclasses.replace(flt, document_id=None)  # the store already applied it (with aliases)
    found = [e for e in overlay.events if rest.matches(e)]
    return found[offset:offset + limit if limit is not None else None]


def refresh(store: Store, config=None) -> list[Incident]:
    """Fuse the stored events into incidents with the analysts' corrections, store them, and record
    which corrections still find what they were anchored to. Returns the incidents."""
    from ..fuse import Links, fuse

    # one refresh at a time across processes: one that read the events first must not write last
    with store.lock("refresh"):
        entries = store.reviews()
        hashes = store.content_hashes()
        overlay = overlay_events(store.events(), entries, hashes)
        incidents = fuse(overlay.events, store.report_infos(), config=config,
                         links=Links(must=overlay.must, cannot=overlay.cannot))
        incidents = overlay_incidents(incidents, entries, overlay, hashes)
        store.replace_incidents(incidents)
        changed = {e.id: overlay.states[e.id] for e in entries if e.id in overlay.states and overlay.states[e.id] != e.state}
        store.set_review_states(changed)
    return incidents


def current_incidents(store: Store, flt=None, *, limit: int | None = None, offset: int = 0) -> list[Incident]:
    """Stored incidents, refreshed first when the store holds events never fused; ``limit`` and
    ``offset`` page through them."""
    counts = store.counts()
    if counts["events"] != counts["incident_members"]:
        refresh(store)
    return store.incidents(flt, limit=limit, offset=offset)
