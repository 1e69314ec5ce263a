"""Which events of different reports are one incident: blocking, pair rules, clustering.

* Blocking: events are bucketed by (country, historical) and sorted by start date; an event is
  only compared with the events of its bucket that start before its own range ends plus the date
  window. Nothing is compared across countries, and there is no all-pairs pass.
* Pair rules (:func:`compatible`): other document, date ranges within ``window.days`` (an event
  dated on its report's publication day starting ``publication_day_slack`` days earlier), place
  (two precise points within ``window.km``; an imprecise side: same admin1), actors (unknown or
  unidentified match anything, otherwise the base names overlap; one massacre may be blamed on
  different perpetrators: ``actors.competing_attribution``), types (same event type or a pair
  of ``compatible_types`` or ``compatible_sub_events``).
* Clustering: union-find over the compatible pairs, the reports' lead events first (:func:`lead_events`),
  then closest pairs first, with a complete-link check: two clusters join only when every cross pair
  is compatible and no ``links.cannot`` forbids it. ``links.must`` groups are joined first, whatever
  the rules say.

The input is put in id order first, so the result does not depend on the order of the events.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..geo.gazetteer import compact, normalize
from ..models import Event
from .config import FusionConfig

_EARTH_KM = 6371.0088


@dataclass
class Links:
    """Analyst decisions (from the review log), applied as constraints."""

    must: list[set[str]] = field(default_factory=list)  # each set of event ids ends in one incident
    cannot: list[tuple[set[str], set[str]]] = field(default_factory=list)  # never share an incident


@dataclass(slots=True)
class _Key:
    """The fields of an event the pair rules read, computed once."""

    doc: str
    start: int | None
    end: int | None
    lat: float | None  # radians
    lon: float | None
    cos_lat: float
    precise: bool
    admin1: str | None
    actors: frozenset[str]
    event_type: str
    sub_event_type: str
    actor1: str | None  # base name, None when unidentified
    date_precision: str | None
    actor2: str | None = None  # base name, None when unidentified or civilians
    groups: frozenset[str] = frozenset()  # victim groups with a current killed figure
    said: frozenset[str] = frozenset()  # the place as the report wrote it and as placed, normalised
    killed: int = -1  # the most killed the event tells (-1: no figure)


def base_name(name: str, config: FusionConfig) -> str:
    """An actor's name without its period suffix: "Military Forces of Mali (2021-)" -> "Military Forces of Mali"."""
    pattern = config.base_suffix_re
    return (pattern.sub("", name) if pattern is not None else name).strip()


def is_unidentified(name: str | None, config: FusionConfig) -> bool:
    return name is None or not name.strip() or any(name.startswith(p) for p in config.actors.unidentified_prefixes)


def is_civilians(name: str | None, config: FusionConfig) -> bool:
    return name is not None and any(name.startswith(p) for p in config.actors.civilian_prefixes)


def named_actors(event: Event, config: FusionConfig) -> frozenset[str]:
    """Base names of the event's identified, non-civilian actors (both sides and associates)."""
    out = set()
    for name in (event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2):
        if name and not is_unidentified(name, config) and not is_civilians(name, config):
            out.add(base_name(name, config))
    return frozenset(out)


def _key(event: Event, config: FusionConfig, published: Mapping[str, dt.date] | None = None) -> _Key:
    start = event.date_start or event.date_end
    end = event.date_end or event.date_start
    if start is not None and end is not None and end < start:
        start, end = end, start
    slack = config.window.publication_day_slack
    if (slack and published and start is not None and start == end and event.date_precision == "day"
            and published.get(event.document_id) == start):
        start = start - dt.timedelta(days=slack)  # told the day it was published: maybe the night before
    has_point = event.latitude is not None and event.longitude is not None
    precision = event.geo_precision if event.geo_precision is not None else 2
    lat = math.radians(event.latitude) if has_point else None
    lon = math.radians(event.longitude) if has_point else None
    return _Key(
        doc=event.document_id,
        start=start.toordinal() if start else None,
        end=end.toordinal() if end else None,
        lat=lat,
        lon=lon,
        cos_lat=math.cos(lat) if lat is not None else 0.0,
        precise=has_point and precision < config.window.imprecise_precision,
        admin1=event.admin1.strip().casefold() if event.admin1 else None,
        actors=named_actors(event, config),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=None if is_unidentified(event.actor1, config) else base_name(event.actor1, config),
        date_precision=event.date_precision,
        actor2=_other_side(event, config),
        groups=frozenset(f.group for f in (event.figures or event.victims)
                         if f.status == "current" and f.subset_of is None
                         and (f.killed_low is not None or f.killed_high is not None)),
        said=_said(event),
        killed=_killed(event),
    )


def _other_side(event: Event, config: FusionConfig) -> str | None:
    """actor2's base name; None when unidentified, civilians, or the same as actor1 (an actor told
    on both sides names only one side: the other is not known)."""
    if is_unidentified(event.actor2, config) or is_civilians(event.actor2, config):
        return None
    name = base_name(event.actor2, config)  # type: ignore[arg-type]
    if not is_unidentified(event.actor1, config) and base_name(event.actor1, config) == name:  # type: ignore[arg-type]
        return None
    return name


def _said(event: Event) -> frozenset[str]:
    """The event's place names, as placed and as written, without the names of its areas (a
    report that wrote only "Niger" says nothing about which place)."""
    areas = {normalize(x) for x in (event.country, event.admin1, event.admin2, event.iso) if x}
    names = [event.location or "", *(ev.text for ev in event.evidence if ev.field == "location")]
    return frozenset(n for n in map(normalize, names) if n and n not in areas)


def same_name(a: frozenset[str], b: frozenset[str], config: FusionConfig) -> bool:
    """Whether two events' places are written alike ("Inates" / "I-n-Atès" / "Inatess"): the
    geocoder may have put one name on two homonyms of one region."""
    if not a or not b:
        return False
    if a & b:
        return True
    squash, other = {compact(x) for x in a}, {compact(y) for y in b}  # normalize() made hyphens spaces
    limit = config.window.same_name_similarity
    return any(fuzz.ratio(x, y) >= limit for x in squash for y in other if min(len(x), len(y)) >= 4)


def _km(a: _Key, b: _Key) -> float:
    dlat = b.lat - a.lat  # type: ignore[operator]
    dlon = b.lon - a.lon  # type: ignore[operator]
    h = math.sin(dlat / 2) ** 2 + a.cos_lat * b.cos_lat * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _gap_days(a: _Key, b: _Key) -> int:
    """Days between two date ranges (0 when they overlap)."""
    return max(0, b.start - a.end, a.start - b.end)  # type: ignore[operator]


def _pair_score(a: _Key, b: _Key, config: FusionConfig) -> tuple[int, int, float] | None:
    """How alike two events are, when they may be one incident (else None); lower is closer.

    (differences among event type, sub-event type, actor1 and date precision; day gap; km), so that
    when one report's events could pair either way with another's, the like ones pair first.
    """
    if a.doc == b.doc and not _same_report_parts(a, b):
        return None
    gap = _gap_days(a, b)
    if gap > config.window.days:
        return None
    if a.precise and b.precise:
        km = _km(a, b)
        if km > config.window.km and not (a.admin1 == b.admin1 and same_name(a.said, b.said, config)):
            return None  # (two reports writing the same name in one region: the geocoder's homonyms)
        km = min(km, config.window.km)
    else:
        # an imprecise place matches any place of its area: the same admin1, or (placed only at
        # the country) anywhere in the country, which blocking already requires
        if a.admin1 is not None and b.admin1 is not None and a.admin1 != b.admin1:
            return None
        if (a.admin1 is None) != (b.admin1 is None) and (a.precise or b.precise) is False:
            pass
        km = config.window.km + (0 if a.admin1 and b.admin1 else 1)  # region, then country matches rank last
    if not _sides_fit(a, b) and not _competing_attribution(a, b, gap, config):
        return None
    if not types_fit(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type, config):
        return None
    differences = ((a.event_type != b.event_type) + (a.sub_event_type != b.sub_event_type)
                   + (a.actor1 != b.actor1) + (a.date_precision != b.date_precision))
    return differences, gap, km


def types_fit(type_a: str, sub_a: str, type_b: str, sub_b: str, config: FusionConfig) -> bool:
    """The same event type, a pair of ``compatible_types``, or a pair of ``compatible_sub_events``
    (each side named by its event type or its sub-event type: the looting of a town with the
    attack that killed its people)."""
    if type_a == type_b or frozenset((type_a, type_b)) in config.type_pairs:
        return True
    pairs = config.sub_event_pairs
    return any(frozenset((x, y)) in pairs for x in (type_a, sub_a) for y in (type_b, sub_b) if x != y)


def _competing_attribution(a: _Key, b: _Key, gap: int, config: FusionConfig) -> bool:
    """Two reports blaming different perpetrators for one massacre: events of
    ``competing_attribution.types`` at one precise place (within its km) and time (within its days)
    whose tolls agree (both at least ``min_killed``, the larger at most ``toll_ratio`` times the
    smaller) are one attack whoever each report says did it (the incident is graded Contested); the
    victim side says nothing either (a report that calls the dead village militiamen). Two killings
    of a few people the same day in one town by different groups stay two."""
    rule = config.actors.competing_attribution
    if a.event_type not in config.attribution_types or b.event_type not in config.attribution_types:
        return False
    if not (a.precise and b.precise) or gap > rule.days:
        return False
    low, high = sorted((a.killed, b.killed))
    if low < rule.min_killed or high > rule.toll_ratio * low:
        return False
    return _km(a, b) <= rule.km


def _same_report_parts(a: _Key, b: _Key) -> bool:
    """Two events of one report are one incident only when the report gives them the same day and
    their dead can never be counted twice (they share no victim group with figures): "the massacre came after a
    clash with the militia" on the day of the massacre. Place, actors and type are checked as for
    any pair."""
    # the one day the report gives both (not a span of "days later", a month or a year)
    return (a.date_precision == b.date_precision == "day" and a.start == b.start == a.end == b.end
            and not (a.groups & b.groups))


def _sides_fit(a: _Key, b: _Key) -> bool:
    """Compatible actors: a named actor in common (two reports blaming different perpetrators for
    an attack on the same side are competing attributions, graded Contested), or each side the
    same or unknown in one of them (one report names the perpetrator, another only the side that
    lost men), or the same two sides in the other order."""
    if not a.actors or not b.actors or a.actors & b.actors:
        return True

    def fit(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    return (fit(a.actor1, b.actor1) and fit(a.actor2, b.actor2)) or (
        None not in (a.actor1, a.actor2, b.actor1, b.actor2) and a.actor1 == b.actor2 and a.actor2 == b.actor1)


def compatible(a: Event, b: Event, config: FusionConfig) -> bool:
    """Whether two events may be the same incident by the rules (country, date, place, actors, type)."""
    if not a.iso or a.iso != b.iso or a.historical != b.historical:
        return False
    ka, kb = _key(a, config), _key(b, config)
    if ka.start is None or kb.start is None:
        return False
    return _pair_score(ka, kb, config) is not None


def publication_days(reports: Mapping[str, object]) -> dict[str, dt.date]:
    """Report id -> its publication day, for reports published on a known day (not a month)."""
    out = {}
    for rid, report in reports.items():
        text = getattr(report, "published", None) or ""
        if len(text) >= 10:
            try:
                out[rid] = dt.date.fromisoformat(text[:10])
            except ValueError:
                continue
    return out


def candidate_pairs(events: list[Event], config: FusionConfig, published: Mapping[str, dt.date] | None = None
                    ) -> dict[tuple[int, int], tuple[int, int, float]]:
    """Compatible pairs (i < j, indexes into ``events``) found through country/date blocking.
    ``published``: report id -> publication day (:func:`publication_days`)."""
    keys = [_key(e, config, published) for e in events]
    buckets: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, (event, key) in enumerate(zip(events, keys, strict=True)):
        if event.iso and key.start is not None:
            buckets[(event.iso.upper(), event.historical)].append(i)
    window = config.window.days
    pairs: dict[tuple[int, int], tuple[int, int, float]] = {}
    for members in buckets.values():
        members.sort(key=lambda i: (keys[i].start, i))
        for pos, i in enumerate(members):
            ki = keys[i]
            limit = ki.end + window  # type: ignore[operator]
            for j in members[pos + 1:]:
                kj = keys[j]
                if kj.start > limit:  # type: ignore[operator]
                    break
                score = _pair_score(ki, kj, config)
                if score is not None:
                    pairs[(i, j) if i < j else (j, i)] = score
    return pairs


def _killed(event: Event) -> int:
    """The most killed the event gives: its fatalities, else its current figures (-1: none)."""
    values = [v for v in (event.fatalities_low, event.fatalities_best, event.fatalities_high) if v is not None]
    if not values:
        values = [v for f in (event.figures or event.victims) if f.status == "current" and f.subset_of is None
                  for v in (f.killed_low, f.killed_high) if v is not None]
    return max(values) if values else -1


def lead_events(events: list[Event]) -> set[int]:
    """Indexes of each report's lead event: the one it is about. A report leads with its incident
    (the inverted pyramid): its only non-historical event, else the one with strictly the most
    killed, else among those with the most killed the one told first; the earlier attacks, the
    separate clash nearby and the regional toll it tells after are background. A report whose
    events tie (same toll, not told at known places) has no lead."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if not event.historical:
            by_doc[event.document_id].append(i)
    out = set()
    for members in by_doc.values():
        if len(members) == 1:
            out.add(members[0])
            continue
        ranked = sorted(members, key=lambda i: (-_killed(events[i]), _told(events[i])))
        first, second = ranked[0], ranked[1]
        if _killed(events[first]) > _killed(events[second]):
            out.add(first)
        elif _told(events[first]) < _told(events[second]):  # the same toll: the one told first
            out.add(first)
    return out


def _told(event: Event) -> int:
    """Where the report first tells the event (its earliest evidence); unknown: after everything."""
    return min((ev.start for ev in event.evidence), default=1 << 30)


def lead_ids(events: list[Event]) -> set[str]:
    """Ids of the lead events (:func:`lead_events`) of the reports of ``events``: the events given
    must be all of each report's events."""
    return {events[i].id for i in lead_events(events)}


def cluster(events: list[Event], config: FusionConfig, links: Links | None = None,
            leads: set[str] | None = None, published: Mapping[str, dt.date] | None = None) -> list[list[int]]:
    """Indexes of ``events`` grouped into incidents (each group sorted; groups by first index).

    ``events`` should be in id order (``fuse`` sorts them) so that the result is order-independent.
    ``leads``: ids of the reports' lead events, when ``events`` are not all of each report's events
    (a connected group of a larger set: :func:`lead_ids` of the whole set); else computed here.
    """
    links = links or Links()
    index = {e.id: i for i, e in enumerate(events)}
    parent = list(range(len(events)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(events))}

    # cannot-links: each cluster carries the (constraint, side) marks of its members
    marks: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for k, (left, right) in enumerate(links.cannot):
        for side, ids in enumerate((left, right)):
            for eid in ids:
                if eid in index:
                    marks[index[eid]].add((k, side))

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def forbidden(ra: int, rb: int) -> bool:
        mb = marks.get(rb)
        if not mb:
            return False
        return any((k, 1 - side) in mb for k, side in marks.get(ra, ()))

    def join(ra: int, rb: int) -> int:
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
        if rb in marks:
            marks[ra] |= marks.pop(rb)
        return ra

    for group in links.must:
        ids = sorted(index[e] for e in group if e in index)
        for other in ids[1:]:
            ra, rb = find(ids[0]), find(other)
            if ra == rb:
                continue
            if forbidden(ra, rb):
                raise ValueError(
                    f"links conflict: events {sorted(group)} must share an incident, but a split keeps "
                    f"{events[other].id} apart from the others")
            join(ra, rb)

    pairs = candidate_pairs(events, config, published)
    lead = lead_events(events) if leads is None else {i for i, e in enumerate(events) if e.id in leads}
    # pairs of two reports' lead events (what each report is about) link first; then the rest,
    # most alike first (a background event goes with the most alike event, lead or not)
    order = sorted(pairs.items(), key=lambda item: (not (item[0][0] in lead and item[0][1] in lead),
                                                    item[1], item[0]))
    for (i, j), _score in order:
        ri, rj = find(i), find(j)
        if ri == rj or forbidden(ri, rj):
            continue
        mi, mj = members[ri], members[rj]
        if all(((x, y) if x < y else (y, x)) in pairs for x in mi for y in mj):
            join(ri, rj)

    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
