"""Accuracy the way the field measures it.

Two benchmarks:

* **ACLED-coded gold** (:func:`read_gold_csv`, :func:`evaluate_events`): an analyst's coding of
  reports in ACLED's CSV layout (any subset of its columns, plus an optional ``document_id`` that
  ties a row to a report). The engine's events are aligned to the gold events (greedy, on a
  similarity of date ±1 day, place, event type), then scored field by field: event found
  (precision/recall/F1), event type and sub-event type (accuracy, weighted and macro F1, confusion
  matrix), fatalities (exact, within ±10%), date, location name, coordinate distance, actors. The
  worst misses are listed with the engine's evidence sentence and the gold notes.
* **CASE 2021 Task 2** (:func:`read_case_tsv`, :func:`evaluate_case`): fine-grained classification
  of one-event snippets into ACLED's 25 sub-types (subtask 1) plus 5 classes outside ACLED
  (subtasks 2/3), scored by weighted F1 as the shared task did. Prediction is
  :func:`classify_snippet`: the engine's own typing, the code path of ``Engine.extract``.

Everything is plain Python; scores are generic (:func:`prf_scores`).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .lexicon import data_path, load_lexicon, read_yaml
from .models import Event, Report
from .taxonomy import canonical, event_type_of, event_types, short_code, sub_types

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine


class EvalError(ValueError):
    """Bad evaluation input (gold file, reports, benchmark file); the message names where."""


# --- generic scores -----------------------------------------------------------------------------


@dataclass
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass
class Scores:
    """Per-class and averaged precision/recall/F1 of a classification (sklearn's definitions:
    weighted = averaged with the gold support as weight; macro = plain mean over the labels;
    a class never predicted has precision 0)."""

    n: int
    accuracy: float
    per_class: list[ClassScore]
    weighted_precision: float
    weighted_recall: float
    weighted_f1: float
    macro_precision: float
    macro_recall: float
    macro_f1: float

    def as_dict(self) -> dict:
        return asdict(self)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def prf_scores(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str] | None = None) -> Scores:
    """P/R/F1 per label and their weighted and macro averages.

    ``labels``: the labels to average over (default: every label in gold or pred, like sklearn).
    Weighted averages only count labels with gold support, so the choice matters for macro only."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred {len(pred)}")
    gold_c, pred_c = Counter(gold), Counter(pred)
    hit = Counter(g for g, p in zip(gold, pred) if g == p)
    names = list(dict.fromkeys(labels)) if labels is not None else sorted(set(gold) | set(pred))
    per = []
    for label in names:
        p = _div(hit[label], pred_c[label])
        r = _div(hit[label], gold_c[label])
        f = _div(2 * p * r, p + r)
        per.append(ClassScore(label, p, r, f, gold_c[label], pred_c[label]))
    total = sum(c.support for c in per)
    n = len(gold)

    def weighted(attr: str) -> float:
        return _div(sum(getattr(c, attr) * c.support for c in per), total)

    def macro(attr: str) -> float:
        return _div(sum(getattr(c, attr) for c in per), len(per))

    return Scores(
        n=n, accuracy=_div(sum(hit.values()), n), per_class=per,
        weighted_precision=weighted("precision"), weighted_recall=weighted("recall"), weighted_f1=weighted("f1"),
        macro_precision=macro("precision"), macro_recall=macro("recall"), macro_f1=macro("f1"),
    )


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count."""
    table: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred):
        row = table.setdefault(g, {})
        row[p] = row.get(p, 0) + 1
    return table


# --- names --------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def plain(text: str | None) -> str:
    """The gazetteer's name normalisation, for any name: 'Civilians (Mali)' -> 'civilians mali'."""
    from .geo.gazetteer import normalize

    return normalize(text) if text else ""


@cache
def _actor_keys() -> dict[str, str]:
    """plain(name or alias or period name) -> the actor's ACLED name (actors dictionary)."""
    keys: dict[str, str] = {}
    for actor in load_lexicon().actors.actors:
        for form in (actor.name, *actor.aliases, *(p.name for p in actor.names)):
            keys.setdefault(plain(form), actor.name)
    return keys


def actor_key(name: str | None) -> str:
    """One key per actor: an ACLED name, an alias or a period name of the same actor give the same
    key; unknown names are compared after casefolding and dropping punctuation."""
    key = plain(name)
    if not key:
        return ""
    return plain(_actor_keys().get(key, key))


def place_keys(name: str | None) -> set[str]:
    """Normalised forms of a place name: the gazetteer's normalisation, without region words
    ('Menaka region' = 'Menaka'), and its spelling skeleton ('Anderanbokan' = 'Anderamboukane')."""
    from .geo.gazetteer import normalize, skeleton, strip_region_words

    if not name:
        return set()
    norm = normalize(name)
    if not norm:
        return set()
    base = strip_region_words(norm) or norm
    return {norm, base, "~" + skeleton(base)}


def same_place_name(a: str | None, b: str | None) -> bool:
    ka, kb = place_keys(a), place_keys(b)
    return bool(ka & kb)


def km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float | None:
    from .geo.gazetteer import haversine_km

    if None in (lat1, lon1, lat2, lon2):
        return None
    return haversine_km(lat1, lon1, lat2, lon2)  # type: ignore[arg-type]


# --- gold in ACLED's CSV layout ---------------------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")
ALIGN_COLUMNS = ("event_date", "location", "latitude", "event_type", "sub_event_type")


def parse_acled_date(value: str) -> dt.date:
    """ACLED's '21 March 2020' (its current files), '21-March-2020' (older files) or ISO '2020-03-21'."""
    text = _SPACES.sub(" ", value.strip())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r} (expected e.g. '21 March 2020' or '2020-03-21')")


@dataclass
class GoldEvent:
    row: int  # line number in the file (header = 1)
    event_id: str = ""
    document_id: str | None = None
    date: dt.date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    notes: str = ""
    admin1: str | None = None
    country: str | None = None  # ISO alpha-2, from the country or iso3 column
    region: str | None = None  # the reporting region of the country (data/regions.yaml)

    @property
    def label(self) -> str:
        return self.event_id or f"row {self.row}"


def _cell(row: dict[str, str | None], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def read_text(path: Path | str) -> str:
    """A gold or benchmark file's text (UTF-8, a BOM allowed, gzip accepted), or an :class:`EvalError`
    naming it."""
    try:
        raw = Path(path).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise EvalError(f"{path}: broken gzip file ({exc})") from None
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise EvalError(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8") from None


def read_gold_csv(path: Path | str, *, text: str | None = None, split: str | None = None,
                  sample: int | None = None) -> tuple[list[GoldEvent], list[str]]:
    """Gold events from an ACLED-style CSV (any subset of ACLED's columns; ``document_id`` optional;
    gzip accepted).

    ``split`` keeps the rows whose ``split`` column says so (the train/dev split of the training
    data); ``sample`` keeps that many rows, chosen by a stable hash of the event id (of the notes
    when there is none), so every run scores the same rows.

    Returns the events and the file's column names. Raises :class:`EvalError` for a missing or empty
    file, no usable column, a bad date, number or type, or duplicate rows."""
    from .geo.builtin import row_iso2

    origin = str(path)
    if text is None:
        text = read_text(path)
    if not text.strip():
        raise EvalError(f"{origin}: empty file")
    head = text[:4096].splitlines()[0]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    if not any(c in columns for c in ALIGN_COLUMNS):
        raise EvalError(f"{origin}: none of the columns {', '.join(ALIGN_COLUMNS)} found "
                        f"(header: {', '.join(columns) or 'none'}); is this an ACLED CSV?")
    if split is not None and "split" not in columns:
        raise EvalError(f"{origin}: --split {split} given but the file has no 'split' column")
    events: list[GoldEvent] = []
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple, int] = {}
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise EvalError(f"{origin}:{number}: more cells than columns in the header")
        if not any((v or "").strip() for v in row.values()):
            continue
        if split is not None and _cell(row, "split") != split:
            continue
        where = f"{origin}:{number}"
        g = GoldEvent(row=number, event_id=_cell(row, "event_id_cnty") or "", document_id=_cell(row, "document_id"),
                      actor1=_cell(row, "actor1"), actor2=_cell(row, "actor2"), location=_cell(row, "location"),
                      notes=_cell(row, "notes") or "", admin1=_cell(row, "admin1"))
        g.country = row_iso2({k: v or "" for k, v in row.items()})
        g.region = region_of(g.country)
        date = _cell(row, "event_date")
        if date is not None:
            try:
                g.date = parse_acled_date(date)
            except ValueError as exc:
                raise EvalError(f"{where}: event_date: {exc}") from None
        sub, etype = _cell(row, "sub_event_type"), _cell(row, "event_type")
        if sub is not None:
            try:
                g.sub_event_type = canonical(sub)
            except ValueError as exc:
                raise EvalError(f"{where}: sub_event_type: {exc}") from None
            g.event_type = event_type_of(g.sub_event_type)
            if etype is not None and etype != g.event_type:
                raise EvalError(f"{where}: sub_event_type {sub!r} belongs to {g.event_type!r}, not to event_type {etype!r}")
        elif etype is not None:
            if etype not in event_types():
                raise EvalError(f"{where}: unknown event_type {etype!r}; expected one of: {', '.join(event_types())}")
            g.event_type = etype
        for name in ("latitude", "longitude"):
            value = _cell(row, name)
            if value is not None:
                try:
                    setattr(g, name, float(value))
                except ValueError:
                    raise EvalError(f"{where}: {name} is not a number: {value!r}") from None
        if (g.latitude is None) != (g.longitude is None):
            raise EvalError(f"{where}: latitude and longitude must be given together")
        fat = _cell(row, "fatalities")
        if fat is not None:
            try:
                g.fatalities = int(float(fat))
            except ValueError:
                raise EvalError(f"{where}: fatalities is not a number: {fat!r}") from None
            if g.fatalities < 0:
                raise EvalError(f"{where}: fatalities is negative")
        if g.event_id:
            if g.event_id in seen_ids:
                raise EvalError(f"{where}: duplicate event_id_cnty {g.event_id!r} (first on line {seen_ids[g.event_id]})")
            seen_ids[g.event_id] = number
        else:
            key = tuple(sorted((k, (v or "").strip()) for k, v in row.items()))
            if key in seen_rows:
                raise EvalError(f"{where}: duplicate of line {seen_rows[key]}; give each event its own "
                                "event_id_cnty if two identical events really happened")
            seen_rows[key] = number
        events.append(g)
    if not events:
        raise EvalError(f"{origin}: no gold events" + (f" of split {split!r}" if split else " (only a header)"))
    if sample is not None and sample < len(events):
        events = sorted(events, key=lambda g: hashlib.sha1((g.event_id or g.notes).encode()).hexdigest())[:sample]
        events.sort(key=lambda g: g.row)
    return events, columns


@cache
def _regions() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO2 -> ACLED region, ACLED region -> reporting region) from data/regions.yaml."""
    acled: dict[str, str] = {}
    with data_path("acled_countries.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            acled[r["iso2"]] = r["acled_region"]
    groups = read_yaml(data_path("regions.yaml"))["reporting_regions"]
    return acled, {member: name for name, members in groups.items() for member in members}


def region_of(iso2: str | None) -> str | None:
    """The reporting region (Africa, Middle East, Asia, Europe, Americas, Oceania) of a country."""
    if iso2 is None:
        return None
    acled, groups = _regions()
    return groups.get(acled.get(iso2, ""))


# --- predictions --------------------------------------------------------------------------------


@dataclass
class PredEvent:
    index: int
    document_id: str
    date_start: dt.date | None
    date_end: dt.date | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None  # ACLED's convention (the most conservative figure), as the ACLED export writes it
    fatalities_low: int | None
    fatalities_high: int | None
    historical: bool
    evidence: str
    admin1: str | None = None

    @classmethod
    def of(cls, index: int, e: Event) -> "PredEvent":
        sentence = next((ev.sentence for ev in e.evidence if ev.field == "event_type"), "")
        return cls(index=index, document_id=e.document_id, date_start=e.date_start, date_end=e.date_end,
                   event_type=e.event_type, sub_event_type=e.sub_event_type, actor1=e.actor1, actor2=e.actor2,
                   location=e.location, latitude=e.latitude, longitude=e.longitude,
                   fatalities=e.fatalities_low, fatalities_low=e.fatalities_low, fatalities_high=e.fatalities_high,
                   historical=e.historical, evidence=sentence, admin1=e.admin1)


# --- alignment ----------------------------------------------------------------------------------

DATE_SLACK = dt.timedelta(days=1)
MAX_SPAN = dt.timedelta(days=7)  # a predicted date vaguer than a week cannot be tied to a gold day
NEAR_KM = 25.0


@dataclass
class PairCheck:
    date_known: bool
    date_ok: bool
    loc_known: bool
    loc_ok: bool
    type_known: bool
    type_ok: bool
    score: float


def date_window(g: GoldEvent, p: PredEvent) -> tuple[bool, bool]:
    """(the predicted dates hold the gold day within a day's slack, and they are a day or a week at most)."""
    assert g.date is not None and p.date_start is not None
    end = p.date_end or p.date_start
    within = p.date_start - DATE_SLACK <= g.date <= end + DATE_SLACK
    return within, end - p.date_start <= MAX_SPAN


def location_ok(g: GoldEvent, p: PredEvent) -> tuple[bool, bool]:
    """(known on both sides, same place): same name after normalisation, or within 25 km."""
    known, ok = False, False
    if g.location and p.location:
        known = True
        ok = same_place_name(g.location, p.location)
    d = km(g.latitude, g.longitude, p.latitude, p.longitude)
    if d is not None:
        known = True
        ok = ok or d <= NEAR_KM
    return known, ok


def check_pair(g: GoldEvent, p: PredEvent) -> PairCheck | None:
    """How well a predicted event fits a gold event; None when they cannot be the same event.

    Eligible: the dates agree within a day (when both are known) and the place or the event type
    agrees. A predicted span longer than a week that holds the gold day (a month-precision date) is
    no date agreement: like an unknown date, the place and the event type must both agree, and the
    date counts as wrong. Score: date 3, place 2, event type 1, sub-type 0.5, each actor 0.25,
    fatalities 0.25."""
    if g.document_id is not None and g.document_id != p.document_id:
        return None
    both_dated = g.date is not None and p.date_start is not None
    within, precise = date_window(g, p) if both_dated else (False, False)
    if both_dated and not within:
        return None
    date_ok = within and precise
    date_known = date_ok
    loc_known, loc_ok = location_ok(g, p)
    type_known = g.event_type is not None
    type_ok = type_known and g.event_type == p.event_type
    if not (loc_ok or type_ok):
        return None
    if not date_known and not (loc_ok and (type_ok or not type_known)):
        return None
    score = 3.0 * date_ok + 2.0 * loc_ok + 1.0 * type_ok + 0.5 * (g.sub_event_type == p.sub_event_type)
    score += 0.25 * (actor_key(g.actor1) == actor_key(p.actor1)) + 0.25 * (actor_key(g.actor2) == actor_key(p.actor2))
    if g.fatalities is not None:
        score += 0.25 * fatalities_within(g.fatalities, p.fatalities, 0.10)
    return PairCheck(date_known, date_ok, loc_known, loc_ok, type_known, type_ok, score)


def align(gold: Sequence[GoldEvent], pred: Sequence[PredEvent]) -> list[tuple[int, int, PairCheck]]:
    """Greedy one-to-one alignment: the best-scoring eligible pair first (ties: file order)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            chk = check_pair(g, p)
            if chk is not None:
                pairs.append((-chk.score, gi, pi, chk))
    pairs.sort(key=lambda x: x[:3])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi, chk in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, chk))
    return sorted(out)


# --- what a report lets one find --------------------------------------------------------------------

_NAME_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.I)
#: the longest place name looked up, in words
NAME_WORDS = 5


def states_day(g: GoldEvent, text: str, published: str | None, lang: str = "en") -> bool:
    """Does the text give the gold event's day, as the matching needs it (:func:`date_window`: a
    day to a week holding the gold day, within a day's slack)? Every date the text writes is read
    with the engine's own grammar, a relative one from the date before it."""
    from .timex import PartialDate, find_timexes, resolve

    if g.date is None:
        return False
    try:
        pub = PartialDate.parse(published) if published else None
    except ValueError:
        pub = None
    anchor = None
    for _, _, expr in find_timexes(text, lang=lang):
        r = resolve(expr, anchor=anchor, published=pub)
        if r.start is None:
            continue
        end = r.end or r.start
        if r.start - DATE_SLACK <= g.date <= end + DATE_SLACK and end - r.start <= MAX_SPAN:
            return True
        anchor = r
    return False


def names_place(g: GoldEvent, text: str, geocoder: Any) -> bool:
    """Could the text place the gold event, as the matching needs it (:func:`location_ok`)? It names
    the event's place, or its admin1 (an area whose point may lie near it), or a place the gazetteer
    (and the record, when used) has within NEAR_KM of it, in any country. Names are runs of up to
    :data:`NAME_WORDS` words (split at hyphens, without a possessive 's) that start with a capital:
    generous on purpose, so that no event the engine could match is counted out."""
    words = [_POSSESSIVE.sub("", m.group()) for m in _NAME_WORD.finditer(text)]
    for i, first in enumerate(words):
        if not first[:1].isupper():
            continue
        for j in range(i, min(i + NAME_WORDS, len(words))):
            name = " ".join(words[i:j + 1])
            if any(known and same_place_name(known, name) for known in (g.location, g.admin1)):
                return True
            if g.latitude is None or geocoder is None:
                continue
            for row in geocoder.places_named(name):
                d = km(g.latitude, g.longitude, row.lat, row.lon)
                if d is not None and d <= NEAR_KM:
                    return True
    return False


def findable(g: GoldEvent, text: str, published: str | None, geocoder: Any, lang: str = "en") -> bool:
    """Can any event read from ``text`` be aligned to ``g`` (:func:`check_pair`)? Only if the text
    gives its day or names its place: an event the text neither dates to the day nor places cannot
    be told from another of its type, whatever the engine does. An upper bound: the text may name
    the place or the day and the engine still miss it."""
    return states_day(g, text, published, lang) or names_place(g, text, geocoder)


def fatalities_within(gold: int, pred: int | None, share: float) -> bool:
    value = pred or 0  # ACLED writes 0 when no figure is known
    return abs(value - gold) <= share * gold


# --- scoring events -----------------------------------------------------------------------------


@dataclass
class Ratio:
    hits: int
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    def as_dict(self) -> dict:
        return {"hits": self.hits, "n": self.n, "value": self.value}


@dataclass
class Miss:
    kind: str  # missed (gold not found) | spurious (no gold event) | mismatch
    weight: float
    gold: GoldEvent | None = None
    pred: PredEvent | None = None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, gold, predicted)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "gold": _gold_dict(self.gold) if self.gold else None,
            "predicted": _pred_dict(self.pred) if self.pred else None,
            "fields": [{"field": f, "gold": _jsonable(g), "predicted": _jsonable(p)} for f, g, p in self.fields],
            "evidence": self.pred.evidence if self.pred else None,
            "gold_notes": self.gold.notes if self.gold else None,
        }

    def summary(self) -> str:
        if self.kind == "missed":
            g = self.gold
            return (f"missed gold {g.label}: {g.date or '?'} {g.sub_event_type or g.event_type or '?'} at "
                    f"{g.location or '?'}, {g.fatalities if g.fatalities is not None else '?'} killed")
        if self.kind == "spurious":
            p = self.pred
            return (f"no gold event for predicted {p.date_start or '?'} {p.sub_event_type} at {p.location or '?'} "
                    f"({p.fatalities if p.fatalities is not None else '?'} killed)")
        return f"gold {self.gold.label}: " + "; ".join(f"{f} {g!s} ≠ {p!s}" for f, g, p in self.fields)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _gold_dict(g: GoldEvent) -> dict:
    return {k: _jsonable(v) for k, v in asdict(g).items()}


def _pred_dict(p: PredEvent) -> dict:
    return {k: _jsonable(v) for k, v in asdict(p).items() if k != "evidence"}


@dataclass
class EventEvaluation:
    n_gold: int
    n_pred: int
    n_matched: int
    precision: float
    recall: float
    f1: float
    event_type: Scores | None
    sub_event_type: Scores | None
    event_type_confusion: dict[str, dict[str, int]]
    sub_event_type_confusion: dict[str, dict[str, int]]
    fields: dict[str, Ratio]
    distance_km_median: float | None
    distance_n: int
    misses: list[Miss]
    excluded_historical: int = 0
    columns: list[str] = field(default_factory=list)
    #: The same measures per reporting region (gold rows tied to their reports), when known.
    regions: dict[str, "EventEvaluation"] = field(default_factory=dict)
    #: Gold events whose report gives their day or names their place (:func:`findable`), and how many
    #: of them were found; None when not measured (no gold row tied to a report).
    n_findable: int | None = None
    n_findable_matched: int | None = None

    def headline(self) -> dict[str, float | None]:
        """The acceptance measures in one row: share of gold events found, then field accuracy over
        the matched ones."""
        f = self.fields
        return {
            "events found": self.recall if self.n_gold else None,
            "findable": _div(self.n_findable, self.n_gold) if self.n_findable is not None and self.n_gold else None,
            "found of findable": (_div(self.n_findable_matched or 0, self.n_findable)
                                  if self.n_findable else None),
            "event type": self.event_type.accuracy if self.event_type else None,
            "sub-event type": self.sub_event_type.accuracy if self.sub_event_type else None,
            "actor1": f["actor1"].value, "actor2": f["actor2"].value,
            "fatalities": f["fatalities_exact"].value, "date": f["date_exact"].value,
            "admin1": f["admin1"].value, "≤ 10 km": f["within_10km"].value,
        }

    def as_dict(self, worst: int | None = None, with_confusion: bool = False) -> dict:
        out = {
            "events": {"gold": self.n_gold, "predicted": self.n_pred, "matched": self.n_matched,
                       "precision": self.precision, "recall": self.recall, "f1": self.f1,
                       "excluded_historical": self.excluded_historical,
                       "findable": self.n_findable, "findable_matched": self.n_findable_matched},
            "event_type": _type_summary(self.event_type),
            "sub_event_type": _type_summary(self.sub_event_type),
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "coordinates": {"median_km": self.distance_km_median, "n": self.distance_n},
            "worst": [m.as_dict() for m in (self.misses if worst is None else self.misses[:worst])],
        }
        if self.regions:
            out["regions"] = {name: {"gold": r.n_gold, **r.headline()} for name, r in self.regions.items()}
        if with_confusion:
            out["event_type"]["confusion"] = self.event_type_confusion
            out["sub_event_type"]["confusion"] = self.sub_event_type_confusion
        return out


def _type_summary(s: Scores | None) -> dict:
    if s is None:
        return {"n": 0}
    return {"n": s.n, "accuracy": s.accuracy, "weighted_f1": s.weighted_f1, "macro_f1": s.macro_f1,
            "per_class": [asdict(c) for c in s.per_class]}


def evaluate_events(gold: Sequence[GoldEvent], events: Iterable[Event], *, include_historical: bool = False,
                    columns: Sequence[str] = (), findable: dict[int, bool] | None = None) -> EventEvaluation:
    """Align the engine's events to the gold events and score them field by field.

    Background events the engine flags ``historical`` are left out unless ``include_historical``
    (an analyst codes them from the report of their own time, not from a later mention). Fields
    the gold file lacks (no column, or blank cell) are not scored. ``findable``: per gold event (by
    its row), whether its report lets one find it (:func:`findable`); counted when given."""
    all_pred = [PredEvent.of(i, e) for i, e in enumerate(events)]
    pred = [p for p in all_pred if include_historical or not p.historical]
    excluded = len(all_pred) - len(pred)
    pairs = align(gold, pred)
    n_gold, n_pred, n_match = len(gold), len(pred), len(pairs)
    precision, recall = _div(n_match, n_pred), _div(n_match, n_gold)
    f1 = _div(2 * precision * recall, precision + recall)

    et_g, et_p, st_g, st_p = [], [], [], []
    counts = {name: [0, 0] for name in ("date_exact", "location_name", "admin1", "within_10km", "within_25km",
                                        "fatalities_exact", "fatalities_10pct", "fatalities_in_range",
                                        "actor1", "actor2", "actors_either_order")}
    distances: list[float] = []
    misses: list[Miss] = []
    have = set(columns) if columns else None

    def has(col: str, value: Any) -> bool:
        return value is not None if have is None else col in have

    def tally(name: str, ok: bool) -> None:
        counts[name][0] += ok
        counts[name][1] += 1

    for gi, pi, _chk in pairs:
        g, p = gold[gi], pred[pi]
        wrong: list[tuple[str, Any, Any]] = []
        weight = 0.0
        if g.event_type is not None:
            et_g.append(g.event_type)
            et_p.append(p.event_type)
        if g.sub_event_type is not None:
            st_g.append(g.sub_event_type)
            st_p.append(p.sub_event_type)
            if g.sub_event_type != p.sub_event_type:
                wrong.append(("sub_event_type", g.sub_event_type, p.sub_event_type))
                weight += 2 if g.event_type != p.event_type else 1
        elif g.event_type is not None and g.event_type != p.event_type:
            wrong.append(("event_type", g.event_type, p.event_type))
            weight += 2
        if g.date is not None:
            ok = p.date_start == g.date
            tally("date_exact", ok)
            if not ok:
                wrong.append(("date", g.date, p.date_start))
                weight += 0.5
        for name, field_, gold_name, pred_name, cost in (("location_name", "location", g.location, p.location, 1.0),
                                                         ("admin1", "admin1", g.admin1, p.admin1, 0.5)):
            if gold_name is not None:
                ok = same_place_name(gold_name, pred_name)
                tally(name, ok)
                if not ok:
                    wrong.append((field_, gold_name, pred_name))
                    weight += cost
        d = km(g.latitude, g.longitude, p.latitude, p.longitude)
        if g.latitude is not None:
            if d is None:
                tally("within_10km", False)
                tally("within_25km", False)
            else:
                distances.append(d)
                tally("within_10km", d <= 10)
                tally("within_25km", d <= 25)
                if d > 25:
                    wrong.append(("coordinates_km", 0, round(d, 1)))
                    weight += 0.5
        if g.fatalities is not None:
            exact = (p.fatalities or 0) == g.fatalities
            tally("fatalities_exact", exact)
            tally("fatalities_10pct", fatalities_within(g.fatalities, p.fatalities, 0.10))
            low, high = p.fatalities_low or 0, p.fatalities_high if p.fatalities_high is not None else (p.fatalities_low or 0)
            tally("fatalities_in_range", low <= g.fatalities <= high)
            if not exact:  # a near figure is still listed (lightly weighted): analysts check every count
                wrong.append(("fatalities", g.fatalities, p.fatalities))
                near = fatalities_within(g.fatalities, p.fatalities, 0.10)
                weight += 0.25 if near else 1 + min(2.0, abs((p.fatalities or 0) - g.fatalities) / max(g.fatalities, 1))
        a1 = has("actor1", g.actor1)
        a2 = has("actor2", g.actor2)
        for name, scored, gold_actor, pred_actor in (("actor1", a1, g.actor1, p.actor1), ("actor2", a2, g.actor2, p.actor2)):
            if not scored:
                continue
            ok = actor_key(gold_actor) == actor_key(pred_actor)
            tally(name, ok)
            if not ok:
                wrong.append((name, gold_actor, pred_actor))
                weight += 0.5
        if a1 and a2:
            gs = {actor_key(g.actor1), actor_key(g.actor2)}
            tally("actors_either_order", gs == {actor_key(p.actor1), actor_key(p.actor2)})
        if wrong:
            misses.append(Miss("mismatch", weight, gold=g, pred=p, fields=wrong))

    matched_g = {gi for gi, _, _ in pairs}
    matched_p = {pi for _, pi, _ in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            misses.append(Miss("missed", 5.0 + min(5.0, (g.fatalities or 0) / 10), gold=g))
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            misses.append(Miss("spurious", 3.0 + min(3.0, (p.fatalities or 0) / 20), pred=p))
    misses.sort(key=lambda m: -m.weight)

    return EventEvaluation(
        n_gold=n_gold, n_pred=n_pred, n_matched=n_match, precision=precision, recall=recall, f1=f1,
        event_type=prf_scores(et_g, et_p, labels=sorted(set(et_g))) if et_g else None,
        sub_event_type=prf_scores(st_g, st_p, labels=sorted(set(st_g))) if st_g else None,
        event_type_confusion=confusion(et_g, et_p), sub_event_type_confusion=confusion(st_g, st_p),
        fields={k: Ratio(*v) for k, v in counts.items()},
        distance_km_median=statistics.median(distances) if distances else None, distance_n=len(distances),
        misses=misses, excluded_historical=excluded, columns=list(columns),
        n_findable=None if findable is None else sum(findable.get(g.row, False) for g in gold),
        n_findable_matched=None if findable is None else sum(findable.get(gold[gi].row, False) for gi in matched_g),
    )


def check_documents(gold: Sequence[GoldEvent], reports: Sequence[Report]) -> None:
    ids = {r.id for r in reports}
    unknown = sorted({g.document_id for g in gold if g.document_id is not None and g.document_id not in ids})
    if unknown:
        raise EvalError(f"gold rows name document_id(s) not among the reports: {', '.join(unknown[:10])}"
                        f"{' …' if len(unknown) > 10 else ''}")
    dup = [i for i, n in Counter(r.id for r in reports).items() if n > 1]
    if dup:
        raise EvalError(f"reports: duplicate id(s) {', '.join(sorted(dup)[:10])}")


def evaluate_reports(engine: "Engine", gold: Sequence[GoldEvent], reports: Sequence[Report], *,
                     include_historical: bool = False, columns: Sequence[str] = ()) -> EventEvaluation:
    """Run the engine on the reports and score its events against the gold."""
    check_documents(gold, reports)
    readable = [r for r in reports if engine.route(r).pipeline is not None]  # another language: no events
    events = [e for result in engine.extract_many(readable) for e in result.events]
    by_id = {r.id: r for r in readable}
    flags = {g.row: findable(g, by_id[g.document_id].text, by_id[g.document_id].published, engine.geocoder,
                             engine.route(by_id[g.document_id]).pipeline)  # the language it was read in
             for g in gold if g.document_id in by_id}
    result = evaluate_events(gold, events, include_historical=include_historical, columns=columns, findable=flags)
    result.regions = evaluate_by_region(gold, events, include_historical=include_historical, columns=columns,
                                        findable=flags)
    return result


def evaluate_by_region(gold: Sequence[GoldEvent], events: Sequence[Event], *, include_historical: bool = False,
                       columns: Sequence[str] = (), findable: dict[int, bool] | None = None) -> dict[str, EventEvaluation]:
    """The evaluation per reporting region: each gold row with its region, each predicted event with
    the region of the gold rows of its report (rows without a document_id or country are left out)."""
    doc_region: dict[str, str] = {}
    for g in gold:
        if g.document_id is not None and g.region is not None:
            doc_region.setdefault(g.document_id, g.region)
    names = sorted({g.region for g in gold if g.region is not None and g.document_id is not None})
    if len(names) < 2:
        return {}
    return {
        name: evaluate_events([g for g in gold if g.region == name and g.document_id is not None],
                              [e for e in events if doc_region.get(e.document_id) == name],
                              include_historical=include_historical, columns=columns, findable=findable)
        for name in names
    }


def reports_from_notes(gold: Sequence[GoldEvent]) -> tuple[list[GoldEvent], list[Report]]:
    """Each gold row's notes become a report (published: the event's month) whose gold is that row."""
    from .ingest import report_from_text

    rows, reports = [], []
    for g in gold:
        if not g.notes.strip():
            continue
        doc_id = g.event_id or f"row{g.row}"
        published = f"{g.date.year:04d}-{g.date.month:02d}" if g.date else None
        reports.append(report_from_text(g.notes, origin=f"row {g.row}", doc_id=doc_id, published=published))
        rows.append(GoldEvent(**{**asdict(g), "document_id": doc_id}))
    if not reports:
        raise EvalError("--notes: no row has a 'notes' text to extract from")
    return rows, reports


# --- CASE 2021 task 2 ---------------------------------------------------------------------------

EXTRA_LABELS = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")


def acled_labels() -> list[str]:
    return [short_code(s) for s in sub_types()]


def case_labels() -> list[str]:
    return acled_labels() + list(EXTRA_LABELS)


@dataclass
class Snippet:
    id: str
    text: str
    label: str


def read_case_tsv(path: Path | str) -> list[Snippet]:
    """CASE 2021 task 2 file: tab-separated, header ``id, EventSnippet, SubType`` (SubType optional
    for unlabelled files: then label is '')."""
    origin = str(path)
    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise EvalError(f"{origin}: empty file")
    header = [h.strip() for h in rows[0]]
    if "EventSnippet" not in header:
        raise EvalError(f"{origin}: no 'EventSnippet' column (header: {', '.join(header)}); expected id, EventSnippet, SubType")
    i_id = header.index("id") if "id" in header else None
    i_text = header.index("EventSnippet")
    i_label = header.index("SubType") if "SubType" in header else None
    valid = set(case_labels())
    out, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise EvalError(f"{origin}:{number}: {len(row)} cells, header has {len(header)}")
        ident = row[i_id].strip() if i_id is not None else str(number - 1)
        if ident in seen:
            raise EvalError(f"{origin}:{number}: duplicate id {ident!r}")
        seen.add(ident)
        label = row[i_label].strip().upper() if i_label is not None else ""
        if label and label not in valid:
            raise EvalError(f"{origin}:{number}: unknown label {label!r}")
        out.append(Snippet(ident, row[i_text].strip(), label))
    if not out:
        raise EvalError(f"{origin}: no snippets")
    return out


@dataclass(frozen=True)
class ExtraRule:
    label: str
    lemmas: tuple[str, ...]
    phrases: tuple[str, ...]
    priority: int
    override: bool


@cache
def extra_rules() -> tuple[ExtraRule, ...]:
    """data/case_extra.yaml: cues of CASE's 5 classes outside ACLED (evaluator's fallback only)."""
    raw = read_yaml(data_path("case_extra.yaml"))
    rules = []
    for item in (raw or {}).get("classes", []):
        label = str(item["label"]).upper()
        if label not in EXTRA_LABELS:
            raise EvalError(f"case_extra.yaml: {label!r} is not one of {', '.join(EXTRA_LABELS)}")
        rules.append(ExtraRule(label, tuple(item.get("lemmas", ())), tuple(item.get("phrases", ())),
                               int(item.get("priority", 0)), bool(item.get("override", False))))
    return tuple(sorted(rules, key=lambda r: -r.priority))


def _extra_label(doc: Any, *, override_only: bool = False) -> str | None:
    lemmas = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
    low = " " + " ".join(t.lower_ for t in doc) + " "
    for rule in extra_rules():
        if override_only and not rule.override:
            continue
        if lemmas & set(rule.lemmas) or any(f" {p} " in low for p in rule.phrases):
            return rule.label
    return None


@dataclass
class Classified:
    acled: str  # one of the 25 ACLED short codes
    case: str  # one of the 30 CASE labels
    how: str  # event | trigger | extra | none
    evidence: str = ""
    case_fallback_only: str = ""  # the CASE label when the extra cues never override the engine


def _salient(events: Sequence[Event], doc: Any) -> Event:
    """The event a one-event snippet is about: the current events before background ones, then
    the highest trigger priority, then the first told."""
    by_start = {s.start_char: s._.cw_value.priority for s in doc.spans["cw_trigger"]}

    def prio(e: Event) -> int:
        ev = next((x for x in e.evidence if x.field == "event_type"), None)
        return by_start.get(ev.start, 0) if ev is not None else 0

    order = {id(e): i for i, e in enumerate(events)}
    return min(events, key=lambda e: (e.historical, -prio(e), order[id(e)]))


def classify(engine: "Engine", text: str) -> Classified:
    """Both labels of a snippet: the engine's event typing (``Engine.from_doc`` on the parsed
    text, i.e. ``Engine.extract`` without a publication date), else the top-priority trigger of
    the snippet, else the CASE extra cues (data/case_extra.yaml), else OTHER."""
    report = Report(id="snippet", text=text)
    doc = engine.nlp(text)
    result = engine.from_doc(doc, report)
    acled: str | None = None
    how, evidence = "none", ""
    if result.events:
        event = _salient(result.events, doc)
        acled, how = short_code(event.sub_event_type), "event"
        evidence = next((x.text for x in event.evidence if x.field == "event_type"), "")
    else:
        triggers = list(doc.spans["cw_trigger"])
        if triggers:
            top = max(triggers, key=lambda s: s._.cw_value.priority)
            sub = engine.resolver.context.trigger_sub_type(top)
            acled, how, evidence = short_code(sub), "trigger", top.text
    extra = _extra_label(doc, override_only=acled is not None)
    strict = acled or extra or "OTHER"
    if extra is not None:
        return Classified(acled or "OTHER", extra, "extra", evidence, strict)
    return Classified(acled or "OTHER", acled or "OTHER", how, evidence, strict)


def classify_snippet(engine: "Engine", text: str, *, extra: bool = True) -> str:
    """A CASE 2021 label for a snippet (see :func:`classify`). ``extra=False``: one of the 25 ACLED
    codes only (subtask 1)."""
    c = classify(engine, text)
    return c.case if extra else c.acled


@dataclass
class CaseEvaluation:
    n: int
    subtask1: Scores  # gold in the 25 ACLED classes, predictions among those 25
    all30: Scores  # every snippet, 30 labels
    all30_fallback_only: Scores  # the same, extra cues used only when the engine has no label
    seconds_per_snippet: float
    how: dict[str, int]
    confusion1: dict[str, dict[str, int]]
    confusion30: dict[str, dict[str, int]]
    misses: list[dict]

    def as_dict(self, worst: int | None = None, with_confusion: bool = False) -> dict:
        out = {"n": self.n, "seconds_per_snippet": self.seconds_per_snippet, "how": self.how,
               "subtask1": self.subtask1.as_dict(), "all30": self.all30.as_dict(),
               "all30_fallback_only": self.all30_fallback_only.as_dict(),
               "published_best_subtask1_weighted_f1": 0.839,
               "misses": self.misses if worst is None else self.misses[:worst]}
        if with_confusion:
            out["confusion_subtask1"] = self.confusion1
            out["confusion_all30"] = self.confusion30
        return out


def evaluate_case(engine: "Engine", snippets: Sequence[Snippet], progress=None) -> CaseEvaluation:
    labelled = [s for s in snippets if s.label]
    if not labelled:
        raise EvalError("no labelled snippets (SubType column missing or empty)")
    results: list[Classified] = []
    start = time.perf_counter()
    for i, s in enumerate(labelled):
        results.append(classify(engine, s.text))
        if progress is not None:
            progress(i + 1, len(labelled))
    elapsed = time.perf_counter() - start
    acled = set(acled_labels())
    g1 = [s.label for s in labelled if s.label in acled]
    p1 = [r.acled for s, r in zip(labelled, results) if s.label in acled]
    g30 = [s.label for s in labelled]
    p30 = [r.case for r in results]
    misses = [
        {"id": s.id, "gold": s.label, "predicted": r.case, "how": r.how, "trigger": r.evidence, "text": s.text}
        for s, r in zip(labelled, results) if r.case != s.label
    ]
    return CaseEvaluation(
        n=len(labelled),
        subtask1=prf_scores(g1, p1, labels=sorted(set(g1))),
        all30=prf_scores(g30, p30, labels=sorted(set(g30))),
        all30_fallback_only=prf_scores(g30, [r.case_fallback_only for r in results], labels=sorted(set(g30))),
        seconds_per_snippet=elapsed / len(labelled),
        how=dict(Counter(r.how for r in results)),
        confusion1=confusion(g1, p1), confusion30=confusion(g30, p30),
        misses=misses,
    )
