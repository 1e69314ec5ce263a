"""Where a correction points: a report's content and an evidence span, not an event id.

Event ids are a hash of the report's content and the trigger's offsets, so they change when a
dictionary change moves a trigger. A correction is therefore anchored to the report's content hash,
the evidence field it concerns and that evidence's span (start, end, text). Re-applied to fresh
machine output it goes to the event of that report whose evidence for that field has the same
text, the nearest one by offset; when no event has it the correction is *orphaned* (kept, listed by
``review pending``), never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Event, Evidence, VictimCount

#: evidence field that supports each model field (fields without evidence of their own are
#: anchored to the event's trigger, evidence field ``event_type``)
EVIDENCE_OF: dict[str, str] = {
    "date_start": "date", "date_end": "date", "date_precision": "date",
    "event_type": "event_type", "sub_event_type": "event_type",
    "actor1": "actor1", "inter1": "actor1", "assoc_actor_1": "actor1",
    "actor2": "actor2", "inter2": "actor2", "assoc_actor_2": "actor2",
    "location": "location", "latitude": "location", "longitude": "location", "admin1": "location",
    "admin2": "location", "country": "location", "iso": "location", "geo_precision": "location",
    "where_prec": "location", "geo_note": "location",
    "fatalities_low": "fatalities", "fatalities_best": "fatalities", "fatalities_high": "fatalities",
    "fatalities_qualifier": "fatalities", "victims": "fatalities", "figures": "fatalities",
    "sources": "sources",
}
TRIGGER = "event_type"


def _span(ev: Evidence) -> dict:
    return {"start": ev.start, "end": ev.end, "text": ev.text}


def evidence_for(event: Event, field: str | None) -> Evidence | None:
    """The event's evidence for a model field, else its trigger, else its first evidence."""
    wanted = EVIDENCE_OF.get(field or "", field)
    for name in (wanted, TRIGGER):
        found = [e for e in event.evidence if e.field == name]
        if found:
            return found[0]
    return event.evidence[0] if event.evidence else None


def event_anchor(event: Event, content_hash: str, field: str | None = None) -> dict:
    """Anchor of one event (and one of its fields): report content hash + evidence field + span."""
    ev = evidence_for(event, field)
    trigger = evidence_for(event, TRIGGER)
    return {
        "kind": "event", "content_hash": content_hash, "document_id": event.document_id, "event_id": event.id,
        "field": ev.field if ev else None, **(_span(ev) if ev else {"start": None, "end": None, "text": None}),
        "trigger": _span(trigger) if trigger else None,
    }


def figures_of(event: Event) -> list[VictimCount]:
    """Every figure of the event (``figures``; the victims when the engine listed no figures)."""
    return list(event.figures) if event.figures else list(event.victims)


def figure_anchor(event: Event, figure: VictimCount, content_hash: str) -> dict:
    ev = figure.evidence[0] if figure.evidence else None
    anchor = event_anchor(event, content_hash, "figures")
    anchor.update({"kind": "figure", "field": "figure", "group": figure.group,
                   **(_span(ev) if ev else {"start": None, "end": None, "text": None})})
    return anchor


class Resolver:
    """Finds, in fresh machine output, what anchors point to."""

    def __init__(self, events: Iterable[Event], hashes: dict[str, str]):
        self.by_hash: dict[str, list[Event]] = {}
        for e in events:
            self.by_hash.setdefault(hashes.get(e.document_id, ""), []).append(e)

    def _candidates(self, anchor: dict) -> list[Event]:
        return self.by_hash.get(anchor.get("content_hash") or "", [])

    @staticmethod
    def _rank(anchor: dict, event: Event, start: int) -> tuple:
        trigger = anchor.get("trigger") or {}
        own = evidence_for(event, TRIGGER)
        trigger_gap = abs(own.start - trigger["start"]) if own and trigger.get("start") is not None else 10**9
        return (abs(start - (anchor.get("start") or 0)), event.id != anchor.get("event_id"), trigger_gap, event.id)

    def event(self, anchor: dict) -> Event | None:
        """The event of the anchored report whose evidence for the anchored field has the same span
        text, nearest by offset; None when there is none (the correction is orphaned)."""
        if anchor.get("text") is None:  # an event without evidence: only its id can find it again
            return next((e for e in self._candidates(anchor) if e.id == anchor.get("event_id")), None)
        scored = [
            (self._rank(anchor, e, ev.start), e)
            for e in self._candidates(anchor)
            for ev in e.evidence if ev.field == anchor.get("field") and ev.text == anchor["text"]
        ]
        return min(scored, key=lambda p: p[0])[1] if scored else None

    def figure(self, anchor: dict) -> tuple[Event, int] | None:
        """(event, index in ``figures_of(event)``) of the figure with the anchored evidence text."""
        scored = []
        for e in self._candidates(anchor):
            for i, f in enumerate(figures_of(e)):
                for ev in f.evidence:
                    if ev.text == anchor.get("text") and f.group == anchor.get("group", f.group):
                        scored.append((self._rank(anchor, e, ev.start), i, e))
        if not scored:
            return None
        _, index, event = min(scored, key=lambda p: p[0])
        return event, index
