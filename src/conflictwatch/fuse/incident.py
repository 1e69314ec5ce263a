"""An incident from its member events: fields, victims per group, claims, grade.

See docs/fusion.md for the rules in prose; every word list is data in fusion.yaml.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable

from ..models import DATE_PRECISION_RANK, Claim, Event, Incident, IncidentFigure, IncidentVictims, VictimCount, midpoint
from .cluster import base_name, is_civilians, is_unidentified
from .config import FusionConfig
from .sources import ReportInfo, group_label, independent_groups, is_official

_COUNTED_QUALIFIERS = ("exact", "at_least")


def incident_id(event_ids: Iterable[str]) -> str:
    """A stable id: "inc-" and the smallest member event id (unchanged while that event stays)."""
    ids = list(event_ids)
    if not ids:
        raise ValueError("an incident needs at least one event")
    return "inc-" + min(ids)


# --- fields ---------------------------------------------------------------------------------


def _date_rank(e: Event) -> int:
    return DATE_PRECISION_RANK.get(e.date_precision or "", 5)


def _dates(events: list[Event]) -> tuple:
    dated = [e for e in events if e.date_start or e.date_end]
    if not dated:
        return None, None, None
    best = min(_date_rank(e) for e in dated)
    chosen = [e for e in dated if _date_rank(e) == best]
    starts = [e.date_start or e.date_end for e in chosen]
    ends = [e.date_end or e.date_start for e in chosen]
    start, end = min(starts), max(ends)
    ranges = {(s, t) for s, t in zip(starts, ends, strict=True)}
    if len(ranges) == 1:
        precision = chosen[0].date_precision or ("day" if start == end else "span")
    else:
        precision = "day" if start == end else "span"
    return start, end, precision


def _most_frequent(values: list[tuple[str, Event]]) -> str | None:
    """The most frequent value; ties: the most precisely dated, then the earliest, then by name."""
    if not values:
        return None
    counts = Counter(v for v, _ in values)
    rank: dict[str, tuple] = {}
    for v, e in values:
        r = (_date_rank(e), e.date_start or e.date_end or _FAR)
        rank[v] = min(rank.get(v, r), r)
    return min(counts, key=lambda v: (-counts[v], rank[v], v))


class _Far:
    """Sorts after every date."""

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return True


_FAR = _Far()


def _actor(events: list[Event], attr: str, config: FusionConfig) -> str | None:
    named = [(getattr(e, attr), e) for e in events if not is_unidentified(getattr(e, attr), config)]
    if named:
        return _most_frequent(named)
    return _most_frequent([(getattr(e, attr), e) for e in events if getattr(e, attr)])


def _place(events: list[Event]) -> Event:
    """The member whose place is the most precise (lowest geo_precision; ties: most frequent location)."""
    counts = Counter(e.location for e in events if e.location)

    def key(e: Event) -> tuple:
        has_point = e.latitude is not None and e.longitude is not None
        return (e.geo_precision if e.geo_precision is not None else (2 if has_point else 4),
                not has_point, -counts.get(e.location, 0), e.location or "\uffff", e.id)

    return min(events, key=key)


# --- victims --------------------------------------------------------------------------------


def _value(f: IncidentFigure) -> int | None:
    """One number for a figure: its low, or the middle of its range rounded half up."""
    return midpoint(f.low, f.high)


def _counted(f: IncidentFigure) -> bool:
    return f.status == "current" and f.subset_of is None and (f.low is not None or f.high is not None)


def _order(f: IncidentFigure) -> tuple:
    """Publication order: undated reports first, a month before its days, then text position."""
    return (f.published or "", f.document_id, f.evidence.start if f.evidence else -1, f.event_id)


def _figures(event: Event, report: ReportInfo | None) -> list[tuple[str, IncidentFigure]]:
    """(victim group, figure) for every killed figure of the event (``figures``, else ``victims``)."""
    stated: list[VictimCount] = event.figures or event.victims
    out = []
    for v in stated:
        if v.killed_low is None and v.killed_high is None:
            continue  # injured only
        out.append((v.group, IncidentFigure(
            low=v.killed_low, high=v.killed_high, qualifier=v.qualifier,
            source=v.source or (report.source if report else None),
            document_id=event.document_id, event_id=event.id,
            published=report.published if report else None, status=v.status, subset_of=v.subset_of,
            evidence=v.evidence[0] if v.evidence else None)))
    return out


def group_victims(group: str, figures: list[IncidentFigure], doc_groups: list[list[str]],
                  config: FusionConfig) -> IncidentVictims:
    """low / best / high of one victim group from every figure its reports state."""
    figures = sorted(figures, key=_order)
    counted = [f for f in figures if _counted(f)]
    low = high = best = None
    qualifier = "unknown"
    rule = ""
    if counted:
        credible = [f for f in counted if f.qualifier in _COUNTED_QUALIFIERS and f.low is not None] or \
                   [f for f in counted if f.low is not None]
        if credible:
            low_fig = min(credible, key=lambda f: (f.low, _order(f)))
            low, qualifier = low_fig.low, low_fig.qualifier
        high_fig = max(counted, key=lambda f: (f.high if f.high is not None else f.low, _order(f)))
        high = high_fig.high if high_fig.high is not None else high_fig.low
        if low is None:
            qualifier = high_fig.qualifier
        official = [f for f in counted if is_official(f.source, config)]
        if official:
            latest = official[-1]
            best = _value(latest)
            rule = f"latest official figure: {latest.source}" + (f", {latest.published}" if latest.published else "")
        else:
            doc_group = {d: k for k, g in enumerate(doc_groups) for d in g}
            per_group: dict[int, IncidentFigure] = {}
            for f in counted:  # in publication order: the last one of a group is its latest
                per_group[doc_group.get(f.document_id, -1)] = f
            values = [v for v in (_value(f) for f in per_group.values()) if v is not None]
            if values:
                best = math.floor(statistics.median(values) + 0.5)
                n = len(values)
                rule = (f"median of {n} independent sources' latest figures" if n > 1
                        else "the only independent source's latest figure")
    return IncidentVictims(group=group, low=low, best=best, high=high, qualifier=qualifier,
                           best_rule=rule, figures=figures)


def _claims(events: list[Event]) -> list[Claim]:
    seen: dict[tuple[str, str], Claim] = {}
    for e in events:
        for c in e.claims:
            seen.setdefault((c.claimant, c.statement), c)
    return [seen[k] for k in sorted(seen)]


# --- grade ----------------------------------------------------------------------------------


def _group_kind(group: str, config: FusionConfig) -> str:
    g = group.strip().casefold()
    if g in config.civilian_groups or is_civilians(group, config):
        return "civilian"
    if g in config.unknown_groups:
        return "unknown"
    return "armed"


def grade(incident: Incident, members: list[Event], labels: list[str], config: FusionConfig) -> tuple[str, str]:
    """Airwars' grade of the incident and the reason, by the rules of docs/fusion.md (in order)."""
    figures = [f for v in incident.victims for f in v.figures]
    counted = {v.group for v in incident.victims for f in v.figures if _counted(f)}
    non_claim = [f for f in figures if f.status != "claim"]
    kinds = {g: _group_kind(g, config) for g in counted}
    civilian_harm = any(k == "civilian" for k in kinds.values())
    # 1. Discounted
    if counted and all(k == "armed" for k in kinds.values()):
        return "Discounted", (f"Discounted: the dead were combatants ({'; '.join(sorted(counted))}); "
                              "no civilian harm is reported")
    if non_claim and all(f.status == "discounted" for f in non_claim):
        return "Discounted", "Discounted: an analyst discounted the figures"
    # 2. Contested
    perpetrators = sorted({base_name(e.actor1, config) for e in members
                           if not is_unidentified(e.actor1, config) and not is_civilians(e.actor1, config)})
    if len(perpetrators) > 1:
        return "Contested", f"Contested: the reports name different perpetrators: {'; '.join(perpetrators)}"
    actor1 = base_name(incident.actor1, config) if incident.actor1 else None
    for c in incident.claims:
        if config.denial_re is not None and config.denial_re.search(c.statement):
            return "Contested", f"Contested: {c.claimant} disputes it: \u201c{c.statement}\u201d"
    for c in incident.claims:
        if base_name(c.claimant, config) != actor1 and not is_unidentified(incident.actor1, config):
            return "Contested", (f"Contested: {c.claimant}, not the perpetrator ({incident.actor1}), "
                                 f"gives its own account: \u201c{c.statement}\u201d")
        claim_kinds = {_group_kind(v.group, config) for v in c.figures}
        if civilian_harm and claim_kinds and "civilian" not in claim_kinds:
            return "Contested", (f"Contested: {c.claimant}'s claim contradicts the civilian toll: "
                                 f"\u201c{c.statement}\u201d")
    # 3. Confirmed
    for c in incident.claims:
        owns = is_unidentified(incident.actor1, config) or base_name(c.claimant, config) == actor1
        civilians = any(_group_kind(v.group, config) == "civilian" for v in c.figures)
        if (c.status == "confirmed" and civilian_harm) or (owns and civilians):
            return "Confirmed", (f"Confirmed: {c.claimant} accepts responsibility for the civilian harm: "
                                 f"\u201c{c.statement}\u201d")
    # 4. Fair / 5. Weak
    n = len(labels)
    if n >= 2:
        return "Fair", f"{n} independent sources: {'; '.join(labels)}"
    copies = len(incident.documents)
    extra = f" ({copies} reports carrying one story)" if copies > 1 else ""
    return "Weak", f"a single source: {labels[0] if labels else 'unknown'}{extra}"


# --- the incident ---------------------------------------------------------------------------


def build_incident(members: list[Event], reports: dict[str, ReportInfo], config: FusionConfig,
                   how: str) -> Incident:
    members = sorted(members, key=lambda e: e.id)
    start, end, precision = _dates(members)
    event_type = _most_frequent([(e.event_type, e) for e in members])
    sub = _most_frequent([(e.sub_event_type, e) for e in members if e.event_type == event_type])
    place = _place(members)
    documents = sorted({e.document_id for e in members})
    infos = [reports.get(d) or ReportInfo(id=d, source=None, published=None) for d in documents]
    doc_groups = independent_groups(infos, config)
    by_id = {i.id: i for i in infos}
    labels = [group_label(g, by_id, config) for g in doc_groups]

    figures: dict[str, list[IncidentFigure]] = {}
    for e in members:
        for group, f in _figures(e, reports.get(e.document_id)):
            figures.setdefault(group, []).append(f)
    victims = [group_victims(g, figures[g], doc_groups, config) for g in sorted(figures)]

    incident = Incident(
        id=incident_id(e.id for e in members),
        date_start=start, date_end=end, date_precision=precision,
        event_type=event_type, sub_event_type=sub,
        actor1=_actor(members, "actor1", config), actor2=_actor(members, "actor2", config),
        location=place.location, latitude=place.latitude, longitude=place.longitude, admin1=place.admin1,
        country=place.country or next((e.country for e in members if e.country), None),
        iso=place.iso or next((e.iso for e in members if e.iso), None),
        geo_precision=place.geo_precision,
        documents=documents, events=[e.id for e in members],
        victims=victims, claims=_claims(members),
        independent_sources=len(doc_groups),
        historical=all(e.historical for e in members),
        reviewed=any(e.reviewed for e in members),
        notes=how,
    )
    incident.grade, incident.grade_reason = grade(incident, members, labels, config)
    return incident
