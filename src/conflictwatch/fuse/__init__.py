"""Cross-report fusion: events of many reports become incidents (pure functions; no store).

    from conflictwatch.fuse import ReportInfo, Links, FusionConfig, fuse
    incidents = fuse(events, {r.id: ReportInfo(r.id, r.source, r.published, r.text) for r in reports})

The rules (blocking by country and event date, place/actor/type windows, complete-link clustering,
analyst links, victims per group with low/best/high, independent sources, Airwars grades) are
described in docs/fusion.md; their windows and word lists are data in data/fusion.yaml.
"""

from __future__ import annotations


from ..models import Event, Incident
from . import cluster as clustering
from .cluster import Links, compatible
from .config import FusionConfig, default_config
from .incident import build_incident, incident_id
from .sources import ReportInfo, independent_groups, wire_agency

__all__ = [
    "FusionConfig", "Links", "ReportInfo", "compatible", "fuse", "incident_id", "independent_groups",
    "wire_agency",
]


def fuse(events: list[Event], reports: dict[str, ReportInfo], config: FusionConfig | None = None,
         links: Links | None = None, leads: set[str] | None = None) -> list[Incident]:
    """Fuse events (from many reports) into incidents, sorted by incident id.

    Every event ends in exactly one incident. ``links.must`` groups are joined first; ``links.cannot``
    pairs of groups never share an incident; a must group that a cannot link splits is a ValueError.
    Event ids must be unique. ``leads``: the ids of each report's lead event
    (``cluster.lead_ids`` over all of the reports' events), needed only when ``events`` leave out
    some events of their reports (a connected group fused apart, as in Spark).
    """
    config = config or default_config()
    ordered = sorted(events, key=lambda e: e.id)
    for a, b in zip(ordered, ordered[1:]):
        if a.id == b.id:
            raise ValueError(f"event id {a.id!r} appears twice in the input")
    links = links or Links()
    must_ids = {eid for group in links.must if len(group) > 1 for eid in group}
    cannot_ids = {eid for left, right in links.cannot for eid in (*left, *right)}
    w = config.window
    incidents = []
    published = clustering.publication_days(reports) if config.window.publication_day_slack else None
    for group in clustering.cluster(ordered, config, links, leads, published):
        members = [ordered[i] for i in group]
        incidents.append(build_incident(members, reports, config, _how(members, w, must_ids, cannot_ids)))
    return sorted(incidents, key=lambda i: i.id)


def _how(members: list[Event], window, must_ids: set[str], cannot_ids: set[str]) -> str:
    docs = len({e.document_id for e in members})
    if len(members) == 1:
        text = "one event of one report"
    else:
        text = (f"fused {len(members)} events of {docs} report{'s' if docs != 1 else ''}: same country, "
                f"event dates within {window.days} days, places within {window.km:g} km or the same "
                "admin1 for a region-only place, compatible actors and event types")
    merged = sorted(e.id for e in members if e.id in must_ids)
    if merged:
        text += f"; analyst merge applied to {', '.join(merged)}"
    split = sorted(e.id for e in members if e.id in cannot_ids)
    if split:
        text += f"; analyst split applied to {', '.join(split)}"
    if all(e.historical for e in members):
        text += "; historical (a background mention of a past incident)"
    return text
