"""The analysts' actions: merge, split, set a field, set a figure's status.

Each checks its input against the current (corrected) records first and raises
:class:`ReviewError` (one line) without touching the store when it is wrong; otherwise it appends
one entry to the review log, anchored to report content (see ``anchors``), and refreshes the
incidents.
"""

from __future__ import annotations

import datetime as dt
import json

from ..models import Event, Incident, ReviewEntry
from ..store import Store
from .anchors import event_anchor, figure_anchor, figures_of
from .apply import current_incidents, refresh, reviewed_events, with_field

#: fields that say what a record is, not what it tells: never set by hand
PROTECTED = frozenset({"id", "document_id", "mentions", "evidence", "events", "documents", "reviewed"})
FIGURE_STATUSES = ("current", "superseded", "discounted")


class ReviewError(ValueError):
    """A correction that cannot be made; the message is one line."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _check_who(author: str, reason: str) -> None:
    if not author.strip() or not reason.strip():
        raise ReviewError("every correction needs a non-empty --author and --reason")


def _incidents_by_id(store: Store) -> dict[str, Incident]:
    return {i.id: i for i in current_incidents(store)}


def _events_by_id(store: Store) -> dict[str, Event]:
    return {e.id: e for e in reviewed_events(store)}


def _member_anchors(inc: Incident, events: dict[str, Event], hashes: dict[str, str]) -> list[dict]:
    return [event_anchor(events[e], hashes.get(events[e].document_id, "")) for e in inc.events if e in events]


def _holding(incidents: list[Incident], event_id: str) -> Incident | None:
    return next((i for i in incidents if event_id in i.events), None)


def merge(store: Store, incident_ids: list[str], *, author: str, reason: str, config=None) -> tuple[ReviewEntry, Incident | None]:
    """Make these incidents one. Returns the log entry and the merged incident."""
    _check_who(author, reason)
    ids = list(dict.fromkeys(incident_ids))
    if len(ids) < 2:
        raise ReviewError("merge needs at least two different incident ids")
    incidents = _incidents_by_id(store)
    unknown = [i for i in ids if i not in incidents]
    if unknown:
        raise ReviewError(f"unknown incident id {unknown[0]!r} (see conflictwatch incidents)")
    countries = sorted({incidents[i].country or "unknown country" for i in ids})
    if len(countries) > 1:
        raise ReviewError(f"cannot merge incidents in different countries ({', '.join(countries)})")
    events, hashes = _events_by_id(store), store.content_hashes()
    entry = store.append_review(ReviewEntry(
        at=_now(), author=author, reason=reason, action="merge", target=",".join(ids), before=ids,
        anchor={"kind": "merge", "groups": [_member_anchors(incidents[i], events, hashes) for i in ids]}))
    fused = refresh(store, config)
    return entry, _holding(fused, incidents[ids[0]].events[0]) if incidents[ids[0]].events else None


def split(store: Store, incident_id: str, event_ids: list[str], *, author: str, reason: str,
          config=None) -> tuple[ReviewEntry, Incident | None]:
    """Move these events of an incident out into a new incident. Returns the entry and the new incident."""
    _check_who(author, reason)
    incidents = _incidents_by_id(store)
    if incident_id not in incidents:
        raise ReviewError(f"unknown incident id {incident_id!r} (see conflictwatch incidents)")
    inc = incidents[incident_id]
    leave = list(dict.fromkeys(event_ids))
    if not leave:
        raise ReviewError("split needs --events EV1,EV2 (events of the incident)")
    strangers = [e for e in leave if e not in inc.events]
    if strangers:
        raise ReviewError(f"event {strangers[0]!r} is not in incident {incident_id} (its events: {', '.join(inc.events)})")
    stay = [e for e in inc.events if e not in leave]
    if not stay:
        raise ReviewError(f"split would move every event of {incident_id}; leave at least one")
    events, hashes = _events_by_id(store), store.content_hashes()
    anchor = {"kind": "split",
              "leave": [event_anchor(events[e], hashes.get(events[e].document_id, "")) for e in leave if e in events],
              "stay": [event_anchor(events[e], hashes.get(events[e].document_id, "")) for e in stay if e in events]}
    entry = store.append_review(ReviewEntry(at=_now(), author=author, reason=reason, action="split",
                                            target=incident_id, before=inc.events, after=leave, anchor=anchor))
    fused = refresh(store, config)
    return entry, _holding(fused, leave[0])


def parse_value(raw: str) -> object:
    """A command-line value: JSON when it parses as JSON (12, null, true, ["a"]), else the text."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def set_field(store: Store, target: str, field: str, raw_value: str, *, author: str, reason: str,
              config=None) -> ReviewEntry:
    """Correct one field of an event or an incident; the value is validated by the model."""
    _check_who(author, reason)
    events = _events_by_id(store)
    record: Event | Incident | None = events.get(target)
    if record is None:
        record = _incidents_by_id(store).get(target)
    if record is None:
        raise ReviewError(f"unknown event or incident id {target!r}")
    model = type(record)
    if field not in model.model_fields or field in PROTECTED:
        settable = ", ".join(f for f in model.model_fields if f not in PROTECTED)
        raise ReviewError(f"{model.__name__} has no settable field {field!r}; one of: {settable}")
    try:
        changed = with_field(record, field, parse_value(raw_value))
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    hashes = store.content_hashes()
    if isinstance(record, Event):
        anchor = event_anchor(record, hashes.get(record.document_id, ""), field)
    else:
        anchor = {"kind": "incident", "members": _member_anchors(record, events, hashes)}
    entry = store.append_review(ReviewEntry(
        at=_now(), author=author, reason=reason, action="set", target=target, field=field,
        before=record.model_dump(mode="json")[field], after=changed.model_dump(mode="json")[field], anchor=anchor))
    refresh(store, config)
    return entry


def set_figure(store: Store, event_id: str, status: str, *, author: str, reason: str,
               evidence_start: int | None = None, evidence_text: str | None = None, config=None) -> ReviewEntry:
    """Set the status of one figure of an event (current, superseded, discounted), the figure named
    by the start offset or the text of its evidence span."""
    _check_who(author, reason)
    if status not in FIGURE_STATUSES:
        raise ReviewError(f"--status must be one of: {', '.join(FIGURE_STATUSES)}")
    if evidence_start is None and evidence_text is None:
        raise ReviewError("name the figure by --evidence-start N or --evidence TEXT")
    event = _events_by_id(store).get(event_id)
    if event is None:
        raise ReviewError(f"unknown event id {event_id!r}")
    figures = figures_of(event)
    found = [f for f in figures for ev in f.evidence
             if (evidence_start is None or ev.start == evidence_start) and (evidence_text is None or ev.text == evidence_text)]
    if not found:
        spans = "; ".join(f"{ev.start} {ev.text!r}" for f in figures for ev in f.evidence) or "none"
        raise ReviewError(f"event {event_id} has no figure with that evidence (its figures' spans: {spans})")
    figure = found[0]
    entry = store.append_review(ReviewEntry(
        at=_now(), author=author, reason=reason, action="figure", target=event_id, field="figure",
        before=figure.status, after=status,
        anchor=figure_anchor(event, figure, store.content_hashes().get(event.document_id, ""))))
    refresh(store, config)
    return entry


def pending(store: Store) -> list[ReviewEntry]:
    """Corrections whose anchor no longer matches the machine output (state ``orphaned``)."""
    return [e for e in store.reviews() if e.state == "orphaned"]
