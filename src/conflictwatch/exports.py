"""Export events: ACLED CSV, UCDP GED CSV, GeoJSON, Parquet, JSON and flat CSV.

Conventions shared by every format:

* claims by parties to the conflict never add to fatalities; they are kept apart (notes, JSON);
* historical events are exported with their flag (ACLED tags/notes, a column elsewhere), never dropped;
* events without a date or coordinates are exported with those fields empty.

ACLED's unit is one event per day, location and actor pair, so the ACLED export keeps it:

* an event the report tells as spanning several days (``date_precision`` "span", up to
  :data:`ACLED_SPLIT_MAX_DAYS` days: "clashed twice between March 16 and March 17"; never an
  uncertain day, ``date_uncertain``: "days later" is one day somewhere in its span) becomes one row
  per day; its conservative figure (``fatalities_low``) is split evenly over the rows, the remainder
  on the first day, so the rows add up to the event's figure, and each row's notes say so. Rows
  after the first have ``-2``, ``-3``... appended to ``event_id_cnty``; ``time_precision`` stays 2
  (the report gives the span, not the day). Longer spans stay one row (``time_precision`` 3);
* rows stay per event, never per incident: the events of several reports of one incident are each
  a row, as ACLED codes each source's event; the last column, ``incident_id``, joins the rows to
  ``conflictwatch incidents`` (empty for an event not fused), so an analyst can keep one row per
  incident or check that the rows of one incident agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import sys
import time
import types
import typing
from functools import cache
from pathlib import Path
from typing import IO, Any, Iterable

from pydantic import BaseModel

from . import taxonomy
from .lexicon import data_path
from .models import QUALIFIER_WORDS, Claim, Event, Incident, VictimCount

FORMATS = ("json", "csv", "acled", "ucdp", "geojson", "parquet")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "incident_id",  # not ACLED's: joins rows to conflictwatch incidents
)

#: a "span" event of at most this many days becomes one ACLED row per day
ACLED_SPLIT_MAX_DAYS = 7

UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_name", "dyad_name",
    "side_a", "side_b", "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude",
    "longitude", "geom_wkt", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)

# Fields of Event kept as JSON strings in the flat formats (CSV, Parquet).
NESTED_FIELDS = ("victims", "figures", "sources", "claims", "evidence", "mentions")

UNKNOWN_ISO3 = "XXX"  # event_id_cnty prefix when the country is unknown


# ACLED geo_precision -> UCDP where_prec (1 exact place, 2 within ~25 km, 4 first-order admin unit).
WHERE_PREC_FROM_GEO = {1: 1, 2: 2, 3: 4}
WHERE_PREC_COUNTRY = 6


# --- countries --------------------------------------------------------------------------------


class Country(BaseModel):
    iso2: str
    iso3: str
    iso_numeric: int | None
    name: str
    acled_region: str
    ucdp_region: str
    gwno: int | None


@cache
def countries() -> dict[str, Country]:
    """alpha-2 -> ISO 3166 alpha-3 and numeric, ACLED's name and region, UCDP region and Gleditsch-Ward
    number (UCDP's country_id; filled for Africa, the Middle East and a few others)."""
    table: dict[str, Country] = {}
    with data_path("acled_countries.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[row["iso2"].upper()] = Country(
                iso2=row["iso2"].upper(), iso3=row["iso3"], name=row["country"],
                iso_numeric=int(row["iso_numeric"]) if row["iso_numeric"] else None,
                acled_region=row["acled_region"], ucdp_region=row["ucdp_region"],
                gwno=int(row["gwno"]) if row["gwno"] else None,
            )
    return table


def country_of(event: Event) -> Country | None:
    return countries().get((event.iso or "").upper()) if event.iso else None


# --- shared helpers ---------------------------------------------------------------------------


def numeric_id(event_id: str) -> int:
    """A stable integer from the event id: its first 8 hex digits, or those of its SHA-1 if not hex."""
    head = event_id[:8]
    try:
        if len(head) == 8:
            return int(head, 16)
    except ValueError:
        pass
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:8], 16)


def export_timestamp() -> int:
    """UNIX time of the export; $SOURCE_DATE_EPOCH when set (reproducible builds and tests)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    if fixed:
        try:
            return int(fixed)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH must be an integer, not {fixed!r}") from None
    return int(time.time())


def span_days(event: Event) -> int | None:
    """Number of days covered (1 for a single day), None without a start date."""
    if event.date_start is None:
        return None
    end = event.date_end or event.date_start
    return max((end - event.date_start).days, 0) + 1


def acled_time_precision(event: Event) -> int | str:
    """ACLED: 1 day known; 2 a span of up to a week or a named week; 3 a month or longer."""
    days = span_days(event)
    if days is None:
        return ""
    precision = event.date_precision or "day"
    if precision in ("month", "year") or days > 7:
        return 3
    if precision == "week" or days > 1:
        return 2
    return 1


def ucdp_date_prec(event: Event) -> int | str:
    """UCDP date_prec: 1 exact day; 2 2-6 days; 3 a week; 4 a month; 5 longer than a month / a year."""
    days = span_days(event)
    if days is None:
        return ""
    precision = event.date_precision or "day"
    if precision == "year" or days > 31:
        return 5
    if precision == "month" or days > 7:
        return 4
    if precision == "week" or days == 7:
        return 3
    if days > 1:
        return 2
    return 1


def ucdp_where_prec(event: Event) -> int | str:
    """UCDP where_prec from the geocoder's own value when the model has one, else from ACLED's
    geo_precision (1->1, 2->2, 3->4); country only (no coordinates) -> 6."""
    own = getattr(event, "where_prec", None)
    if own:
        return own
    if event.geo_precision in WHERE_PREC_FROM_GEO and event.latitude is not None:
        return WHERE_PREC_FROM_GEO[event.geo_precision]
    if event.iso or event.country:
        return WHERE_PREC_COUNTRY
    return ""


def publishers(event: Event) -> list[str]:
    seen: list[str] = []
    for m in event.mentions:
        if m.publisher and m.publisher not in seen:
            seen.append(m.publisher)
    return seen


def is_civilians(name: str | None) -> bool:
    return bool(name) and name.strip().lower().startswith("civilian")


def effective_inter(event: Event) -> tuple[int | None, int | None]:
    """inter1/inter2, with 7 filled in for a 'Civilians (...)' actor that came without a code."""
    inter1 = event.inter1 if event.inter1 is not None else (7 if is_civilians(event.actor1) else None)
    inter2 = event.inter2 if event.inter2 is not None else (7 if is_civilians(event.actor2) else None)
    return inter1, inter2


def civilian_targeting(event: Event) -> bool:
    """ACLED's civilian_targeting: civilians are an actor of the event, or civilians are among the
    victims of an event that is not a battle (civilians caught in a clash are not 'targeted')."""
    inter1, inter2 = effective_inter(event)
    if 7 in (inter1, inter2):
        return True
    if event.event_type == "Battles":
        return False
    return any(is_civilians(v.group) for v in event.victims)


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "unknown"
    if low is None:
        return f"up to {high}"
    if high is None or high == low:
        return str(low)
    return f"{low}-{high}"


def _group_phrase(group: str) -> str:
    return group if is_civilians(group) or group.lower() == "people" else f"{group} members"


def victim_phrase(v: VictimCount) -> str:
    parts = []
    if v.killed_low is not None or v.killed_high is not None:
        parts.append(f"{QUALIFIER_WORDS.get(v.qualifier, '')}{_range(v.killed_low, v.killed_high)} "
                     f"{_group_phrase(v.group)} killed")
    if v.injured_low is not None or v.injured_high is not None:
        injured = f"{_range(v.injured_low, v.injured_high)} injured"
        parts.append(injured if parts else f"{injured} among {_group_phrase(v.group)}")
    text = ", ".join(parts) or f"{_group_phrase(v.group)}: figure unknown"
    return f"{text} according to {v.source}" if v.source else text


def claim_phrase(c: Claim) -> str:
    figures = "; ".join(victim_phrase(f.model_copy(update={"source": None})) for f in c.figures)
    return f"Claim by {c.claimant}, {c.status}: {figures or c.statement}"


def evidence_sentences(event: Event) -> list[str]:
    out: list[str] = []
    for ev in event.evidence:
        s = " ".join(ev.sentence.split())
        if s and s not in out:
            out.append(s)
    return out


def has_figures(event: Event) -> bool:
    return event.fatalities_low is not None or event.fatalities_best is not None or event.fatalities_high is not None


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def date_phrase(event: Event) -> str:
    start, end = event.date_start, event.date_end or event.date_start
    if start is None:
        return "On an unknown date"
    precision = event.date_precision or "day"
    if precision == "year":
        return f"In {start.year}" if end.year == start.year else f"Between {start.year} and {end.year}"
    if precision == "month" and (start.year, start.month) == (end.year, end.month):
        return f"In {start:%B %Y}"
    if precision == "week":
        return f"In the week of {_day(start)}"
    if end != start:
        return f"Between {_day(start)} and {_day(end)}"
    return f"On {_day(start)}"


def summary_sentence(event: Event) -> str:
    """'On 8 March 2022, Attack by Islamic State (Sahel) against Civilians (Mali) in Tamalat (Menaka, Mali).'"""
    text = f"{date_phrase(event)}, {taxonomy.canonical(event.sub_event_type)}"
    if event.actor1:
        text += f" by {event.actor1}"
        if event.assoc_actor_1:
            text += f" (with {event.assoc_actor_1})"
    if event.actor2:
        text += f" against {event.actor2}"
        if event.assoc_actor_2:
            text += f" (with {event.assoc_actor_2})"
    area = ", ".join(x for x in (event.admin2, event.admin1, event.country) if x and x != event.location)
    if event.location:
        text += f" in {event.location}" + (f" ({area})" if area else "")
    elif area:
        text += f" in {area}"
    return text + "."


def compose_notes(event: Event) -> str:
    """A summary in ACLED's manner: a sentence composed from the fields, the evidence sentences, the
    figures with who stated them, the claims (kept apart, never counted), the engine's own notes,
    and a [historical] marker."""
    parts: list[str] = []
    if event.historical:
        parts.append("[historical]")
    parts.append(summary_sentence(event))
    parts.extend(evidence_sentences(event))
    figures = [victim_phrase(v) for v in event.victims]
    if figures:
        parts.append(f"Figures: {'; '.join(figures)}.")
    if has_figures(event):
        total = _range(event.fatalities_low, event.fatalities_high)
        if event.fatalities_qualifier not in ("exact", "unknown"):
            total = QUALIFIER_WORDS[event.fatalities_qualifier] + total
        parts.append(f"Fatalities: {total}.")
    else:
        parts.append("Fatalities unknown.")
    for c in event.claims:
        parts.append(claim_phrase(c) + " (not counted in fatalities).")
    if event.notes:
        parts.append(event.notes.rstrip(".") + ".")
    return " ".join(parts)


def acled_tags(event: Event) -> str:
    tags = []
    if event.historical:
        tags.append("historical")
    if event.claims and not has_figures(event):
        tags.append("claim-only")
    if not has_figures(event):
        tags.append("fatalities unknown")
    return "; ".join(tags)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _coord(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


# --- ACLED ------------------------------------------------------------------------------------


def acled_row(event: Event, timestamp: int | None = None, incident_id: str = "") -> dict:
    country = country_of(event)
    inter1, inter2 = effective_inter(event)
    sub = taxonomy.canonical(event.sub_event_type)
    return {
        "event_id_cnty": f"{country.iso3 if country else UNKNOWN_ISO3}{numeric_id(event.id)}",
        "event_date": event.date_start.isoformat() if event.date_start else "",
        "year": event.date_start.year if event.date_start else "",
        "time_precision": acled_time_precision(event),
        "disorder_type": taxonomy.disorder_type(sub),
        "event_type": taxonomy.event_type_of(sub),
        "sub_event_type": sub,
        "actor1": _blank(event.actor1),
        "assoc_actor_1": _blank(event.assoc_actor_1),
        "inter1": _blank(inter1),
        "actor2": _blank(event.actor2),
        "assoc_actor_2": _blank(event.assoc_actor_2),
        "inter2": _blank(inter2),
        "interaction": taxonomy.interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian_targeting(event) else "",
        "iso": _blank(country.iso_numeric) if country else "",
        "region": country.acled_region if country else "",
        "country": event.country or (country.name if country else ""),
        "admin1": _blank(event.admin1),
        "admin2": _blank(event.admin2),
        "admin3": "",
        "location": _blank(event.location),
        "latitude": _coord(event.latitude),
        "longitude": _coord(event.longitude),
        "geo_precision": _blank(event.geo_precision),
        "source": "; ".join(publishers(event)),
        "source_scale": "",
        "notes": compose_notes(event),
        "fatalities": event.fatalities_low or 0,
        "tags": acled_tags(event),
        "timestamp": export_timestamp() if timestamp is None else timestamp,
        "incident_id": incident_id,
    }


def acled_days(event: Event) -> list[dt.date]:
    """The days of ACLED rows of an event: each day of a short span, else its start day (or none)."""
    days = span_days(event)
    if (event.date_precision != "span" or event.date_uncertain or days is None or days < 2
            or days > ACLED_SPLIT_MAX_DAYS):
        return [event.date_start] if event.date_start else []
    return [event.date_start + dt.timedelta(days=k) for k in range(days)]


def split_fatalities(total: int, days: int) -> list[int]:
    """An even split of a figure over days, the remainder on the first: 8 over 3 -> [4, 2, 2]."""
    share, rest = divmod(total, days)
    return [share + rest] + [share] * (days - 1)


def acled_event_rows(event: Event, timestamp: int | None = None, incident_id: str = "") -> list[dict]:
    """The ACLED rows of one event: one, or one per day of a span (see the module docstring)."""
    row = acled_row(event, timestamp, incident_id)
    days = acled_days(event)
    if len(days) < 2:
        return [row]
    total = event.fatalities_low or 0
    shares = split_fatalities(total, len(days))
    rows = []
    for k, (day, share) in enumerate(zip(days, shares)):
        note = (f"Day {k + 1} of {len(days)} of an event told as spanning {days[0].isoformat()} to "
                f"{days[-1].isoformat()}, one ACLED row per day")
        if has_figures(event):
            note += (f"; its fatalities ({total}) split over the days, {share} on this day"
                     + (f", the remainder of {total % len(days)} on the first day" if k == 0 and total % len(days) else ""))
        rows.append(row | {
            "event_id_cnty": row["event_id_cnty"] + (f"-{k + 1}" if k else ""),
            "event_date": day.isoformat(), "year": day.year, "time_precision": 2,
            "fatalities": share, "notes": f"{row['notes']} {note}.",
        })
    return rows


def acled_rows(events: list[Event], incident_ids: dict[str, str] | None = None) -> list[dict]:
    """ACLED rows, keys = ACLED's 31 columns in ACLED's order and ``incident_id``: one row per event
    and day (an event spanning a few days is a row per day; see the module docstring)."""
    stamp = export_timestamp()
    incident_ids = incident_ids or {}
    return [row for e in events for row in acled_event_rows(e, stamp, incident_ids.get(e.id, ""))]


# --- UCDP GED ---------------------------------------------------------------------------------


def _base(name: str) -> str:
    return name.split(" (")[0].strip().lower()


def _belongs(group: str, actor: str | None, assoc: str | None) -> bool:
    """Does a victim group name denote this side (actor or one of its associated actors)?"""
    g = group.strip().lower()
    names = [actor] if actor else []
    names += [a.strip() for a in (assoc or "").split(";") if a.strip()]
    for name in names:
        n = name.lower()
        if g == n or n.startswith(g) or g.startswith(n) or _base(name) == _base(group):
            return True
    return False


def _victim_best(v: VictimCount) -> int:
    """The middle of a stated range (UCDP's best), else the stated figure (same rule as the engine)."""
    low = v.killed_low or 0
    high = v.killed_high if v.killed_high is not None else low
    return (low + high + 1) // 2 if high > low else low


def ucdp_sides(event: Event) -> tuple[tuple[str | None, str | None, int | None], tuple[str | None, str | None, int | None]]:
    """(side_a, side_b), each (actor, assoc actors, inter): the state-like side first, civilians second."""
    inter1, inter2 = effective_inter(event)
    one = (event.actor1, event.assoc_actor_1, inter1)
    two = (event.actor2, event.assoc_actor_2, inter2)
    state = taxonomy.taxonomy().ucdp.state
    if (inter2 in state and inter1 not in state) or (inter1 == 7 and inter2 not in (7, None)):
        one, two = two, one
    return one, two


def ucdp_row(event: Event) -> dict:
    country = country_of(event)
    inter1, inter2 = effective_inter(event)
    tov = taxonomy.ucdp_type_of_violence(inter1, inter2)
    (a, a_assoc, _), (b, b_assoc, b_inter) = ucdp_sides(event)
    side_b = "Civilians" if b_inter == 7 or is_civilians(b) else b
    dyad = f"{a} - {side_b}" if a and side_b else ""
    killed = [v for v in event.victims if v.killed_low is not None or v.killed_high is not None]
    deaths = {"a": 0, "b": 0, "civ": 0}
    for v in killed:
        if is_civilians(v.group):
            deaths["civ"] += _victim_best(v)
        elif _belongs(v.group, a, a_assoc):
            deaths["a"] += _victim_best(v)
        elif b_inter != 7 and _belongs(v.group, b, b_assoc):
            deaths["b"] += _victim_best(v)
    known = has_figures(event)
    best = event.fatalities_best if event.fatalities_best is not None else (event.fatalities_low or 0)
    low = event.fatalities_low if event.fatalities_low is not None else best
    high = event.fatalities_high if event.fatalities_high is not None else best
    mentions = event.mentions
    where = ", ".join(x for x in (event.location, event.admin2, event.admin1, event.country) if x)
    coords_name = event.location or event.admin1 or event.country or ""
    return {
        "id": numeric_id(event.id),
        "relid": event.id,
        "year": event.date_start.year if event.date_start else "",
        "active_year": "",
        "code_status": "",
        "type_of_violence": _blank(tov),
        "conflict_name": dyad if tov in (2, 3) else "",
        "dyad_name": dyad,
        "side_a": _blank(a),
        "side_b": _blank(side_b),
        "number_of_sources": len(mentions) or "",
        "source_article": "; ".join(dict.fromkeys(m.document_id for m in mentions)),
        "source_office": "; ".join(publishers(event)),
        "source_date": "",
        "source_headline": "",
        "source_original": "; ".join(event.sources),
        "where_prec": ucdp_where_prec(event),
        "where_coordinates": coords_name if event.latitude is not None else (event.country or ""),
        "where_description": where,
        "adm_1": _blank(event.admin1),
        "adm_2": _blank(event.admin2),
        "latitude": _blank(event.latitude),
        "longitude": _blank(event.longitude),
        "geom_wkt": f"POINT ({event.longitude} {event.latitude})" if event.latitude is not None
        and event.longitude is not None else "",
        "country": event.country or (country.name if country else ""),
        "country_id": _blank(country.gwno) if country else "",
        "region": country.ucdp_region if country else "",
        "event_clarity": "",
        "date_prec": ucdp_date_prec(event),
        "date_start": event.date_start.isoformat() if event.date_start else "",
        "date_end": (event.date_end or event.date_start).isoformat() if event.date_start else "",
        "deaths_a": deaths["a"] if known else "",
        "deaths_b": deaths["b"] if known else "",
        "deaths_civilians": deaths["civ"] if known else "",
        "deaths_unknown": max(best - sum(deaths.values()), 0) if known else "",
        "best": best if known else "",
        "high": high if known else "",
        "low": low if known else "",
    }


def ucdp_rows(events: list[Event]) -> list[dict]:
    """One UCDP GED-style row per event, keys = UCDP_COLUMNS. Death columns are empty when no figure
    was reported (UCDP itself only lists events with deaths)."""
    return [ucdp_row(e) for e in events]


# --- flat rows (CSV, Parquet) -----------------------------------------------------------------


def _flat_value(name: str, value: Any) -> Any:
    if name in NESTED_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    return value


def flat_row(event: Event) -> dict:
    """The event's fields, JSON-safe; lists and objects as JSON strings."""
    data = event.model_dump(mode="json")
    return {k: _flat_value(k, v) for k, v in data.items()}


def flat_columns() -> list[str]:
    return list(Event.model_fields)


# --- GeoJSON ----------------------------------------------------------------------------------


def feature(event: Event) -> dict:
    props = event.model_dump(mode="json", exclude={"evidence", "mentions"})
    sentences = evidence_sentences(event)
    props["evidence_count"] = len(event.evidence)
    props["evidence_sentence"] = sentences[0] if sentences else None
    props["mentions"] = [{"id": m.id, "document_id": m.document_id, "publisher": m.publisher}
                         for m in event.mentions]
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": props}


def geojson(events: list[Event]) -> dict:
    """A GeoJSON FeatureCollection: one Point per event; events without coordinates get geometry null."""
    return {"type": "FeatureCollection", "features": [feature(e) for e in events]}


# --- Parquet ----------------------------------------------------------------------------------


def _arrow_type(annotation: Any):
    import pyarrow as pa

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _arrow_type(args[0]) if len(args) == 1 else pa.string()
    if origin is typing.Literal:
        return pa.string()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is float:
        return pa.float64()
    if annotation is dt.date:
        return pa.date32()
    return pa.string()


def parquet_schema():
    """Arrow schema of the flat table, derived from the Event model (nested fields are JSON strings)."""
    import pyarrow as pa

    fields = []
    for name, info in Event.model_fields.items():
        typ = pa.string() if name in NESTED_FIELDS else _arrow_type(info.annotation)
        fields.append(pa.field(name, typ, nullable=True, metadata={
            b"description": (info.description or ("JSON" if name in NESTED_FIELDS else "")).encode()}))
    return pa.schema(fields, metadata={b"conflictwatch": b"events; nested fields are JSON strings"})


def incident_type():
    """Arrow type of the ``incident`` column: what ``totals`` needs of the event's incident (its figures
    per victim group as fused, the current sources of each, its reports), so totals over a Parquet
    export count each incident once, as over the store (see conflictwatch.analysis.duckdb)."""
    import pyarrow as pa

    victim = pa.struct([("group", pa.string()), ("low", pa.int64()), ("high", pa.int64()),
                        ("qualifier", pa.string()), ("sources", pa.list_(pa.string()))])
    return pa.struct([("id", pa.string()), ("date_start", pa.date32()), ("date_end", pa.date32()),
                      ("event_type", pa.string()), ("location", pa.string()), ("actor1", pa.string()),
                      ("country", pa.string()), ("historical", pa.bool_()), ("documents", pa.list_(pa.string())),
                      ("events", pa.int64()), ("victims", pa.list_(victim))])


def incident_value(inc: Incident) -> dict:
    from .totals import incident_sources

    return {"id": inc.id, "date_start": inc.date_start, "date_end": inc.date_end, "event_type": inc.event_type,
            "location": inc.location, "actor1": inc.actor1, "country": inc.country, "historical": inc.historical,
            "documents": list(inc.documents), "events": len(inc.events),
            "victims": [{"group": v.group, "low": v.low, "high": v.high, "qualifier": v.qualifier,
                         "sources": incident_sources(inc, v.group)} for v in inc.victims]}


def parquet_table(events: list[Event], incidents: list[Incident] | None = None,
                  stated_totals: dict[str, list[VictimCount]] | None = None):
    """The flat table; with ``incidents`` (as the CLI's export gives them) two more columns,
    ``incident_id`` and ``incident`` (see :func:`incident_type`; filled on the first row of each
    incident only, null on its other rows), and the reports' own stated totals in the file's
    metadata (``conflictwatch.stated_totals``)."""
    import pyarrow as pa

    schema = parquet_schema()
    columns: dict[str, list] = {f.name: [] for f in schema}
    for e in events:
        for name in columns:
            value = getattr(e, name)
            if name in NESTED_FIELDS:
                value = json.dumps([x.model_dump(mode="json") if isinstance(x, BaseModel) else x for x in value],
                                   ensure_ascii=False)
            columns[name].append(value)
    if incidents is None:
        return pa.Table.from_pydict(columns, schema=schema)
    of_event = {eid: inc for inc in incidents for eid in inc.events}
    values = {inc.id: incident_value(inc) for inc in incidents}
    columns["incident_id"] = [of_event[e.id].id if e.id in of_event else None for e in events]
    seen: set[str] = set()  # the incident once, on its first row: a reader needs no deduplication
    columns["incident"] = [values[i] if i is not None and not (i in seen or seen.add(i)) else None
                           for i in columns["incident_id"]]
    documents = {e.document_id for e in events}
    stated = {d: [v.model_dump(mode="json", exclude={"evidence"}) for v in vs]
              for d, vs in (stated_totals or {}).items() if vs and d in documents}
    schema = schema.append(pa.field("incident_id", pa.string())).append(pa.field("incident", incident_type()))
    schema = schema.with_metadata(schema.metadata | {b"conflictwatch.stated_totals": json.dumps(stated).encode()})
    return pa.Table.from_pydict(columns, schema=schema)


# --- writing ----------------------------------------------------------------------------------


def _csv_text(rows: Iterable[dict], columns: Iterable[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def render(events: list[Event], fmt: str, incident_ids: dict[str, str] | None = None) -> str:
    """The export as text (every format but parquet); ``incident_ids`` (event id -> incident id) fills
    the ACLED export's incident_id column."""
    if fmt == "json":
        return json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv_text((flat_row(e) for e in events), flat_columns())
    if fmt == "acled":
        return _csv_text(acled_rows(events, incident_ids), ACLED_COLUMNS)
    if fmt == "ucdp":
        return _csv_text(ucdp_rows(events), UCDP_COLUMNS)
    if fmt == "geojson":
        return json.dumps(geojson(events), indent=2, ensure_ascii=False) + "\n"
    if fmt == "parquet":
        raise ValueError("parquet is binary: it needs an output file path (--output FILE.parquet)")
    raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")


#: rows per Parquet row group: DuckDB reads a file's row groups in parallel (pyarrow's default puts up
#: to a million rows in one group, read by one thread)
PARQUET_ROW_GROUP = 131_072


def write_export(events: list[Event], fmt: str, out: Path | str | IO[str] | None,
                 incident_ids: dict[str, str] | None = None, incidents: list[Incident] | None = None,
                 stated_totals: dict[str, list[VictimCount]] | None = None) -> None:
    """Write events in one of FORMATS to a path, an open text stream, or standard output (None);
    ``incidents`` and ``stated_totals`` add what totals need to a Parquet file (:func:`parquet_table`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise ValueError("parquet is binary: it needs an output file path (--output FILE.parquet)")
        import pyarrow.parquet as pq

        pq.write_table(parquet_table(events, incidents, stated_totals), str(out), row_group_size=PARQUET_ROW_GROUP)
        return
    text = render(events, fmt, incident_ids)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    elif isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        out.write(text)
