"""Accuracy of whole-article reading and fusion: ``conflictwatch eval incidents CASES_JSON``.

The benchmark is a ``cases.json`` of incidents, each told by several reports; every report lists the
figures it states (value, qualifier, who stated it, whether it is the perpetrator's own claim, an
earlier toll later replaced, a wounded/missing count, or about another place or day). The engine reads
every selected report, the fusion library groups all their events into incidents (the incidents mixed,
as a store would hold them), and this module scores:

* **reports -> incidents** (B³ precision/recall/F1): each report goes to the incident holding its main
  event (the non-historical event with the most killed; ties: the earliest in the text); a report
  with no such event is a cluster of its own. Gold: the incident the report is filed under.
* **figure recall**: each gold death figure of the main scope (not a claim, not wounded/missing) is
  looked for among the figures of the report's predicted incident that came from that report: same
  value (low; for "up to N", the high), then the same source (:class:`SourceMatcher`,
  ``data/eval_sources.yaml``). Value recall and value+source recall; qualifier and status agreement
  of the figures found.
* **claims kept apart**: a perpetrator's claim must not be a current figure of any incident, and
  should be found as a claim.
* **scope figures** (another place, day or series) are counted apart: how many leaked into the main
  incident.
* **fused range covers**: per gold incident, the current main-scope figures that the predicted
  incident's range (low..high of the matching victim group) covers, next to the gold ``fused`` range.

Reading is :func:`read_cases`, scoring :func:`score_incidents` (pure: given events and incidents),
both together with the engine and the fusion library :func:`evaluate_incidents`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field, model_validator

from .evaluate import EvalError, read_text
from .ingest import InputError, decode, report_from_text
from .lexicon import LexiconError, data_path, load_lexicon, read_yaml
from .models import Claim, Event, Evidence, Incident, IncidentFigure, IncidentVictims, Report

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine

Lang = Literal["en", "fr", "all"]


# --- gold ---------------------------------------------------------------------------------------


class _Gold(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class GoldFigure(_Gold):
    """One figure a report states (see the ``conventions`` block of cases.json)."""

    group: str
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: Literal["exact", "at_least", "about", "up_to"]
    attributed_to: str = ""
    is_perpetrator_claim: bool = False
    not_fatalities: bool = False
    status: Literal["current", "superseded", "revised"] = "current"
    scope: str | None = None
    subset_of: str | None = None
    contested: bool = False

    @model_validator(mode="after")
    def _value(self) -> "GoldFigure":
        if self.low is None and self.high is None:
            raise ValueError("a figure needs low or high")
        return self

    @property
    def earlier(self) -> bool:
        """An earlier toll, replaced (superseded) or corrected (revised)."""
        return self.status != "current"

    @property
    def scored(self) -> bool:
        """A death figure of the main scope that is not the perpetrator's claim."""
        return not self.not_fatalities and not self.is_perpetrator_claim and self.scope is None

    def value_text(self) -> str:
        prefix = {"at_least": "≥", "about": "~", "up_to": "≤", "exact": ""}[self.qualifier]
        if self.low is not None and self.high is not None and self.high != self.low:
            return f"{prefix}{self.low}–{self.high}"
        return f"{prefix}{self.low if self.low is not None else self.high}"


class GoldReport(_Gold):
    id: str
    file: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None
    url: str | None = None
    title: str | None = None
    figures: list[GoldFigure] = Field(default_factory=list)


class GoldFused(_Gold):
    group: str | None = None
    low: int | None = None
    high: int | None = None


class GoldIncident(_Gold):
    slug: str
    name: str = ""
    reports: list[GoldReport]
    fused: GoldFused | None = None


class CasesFile(_Gold):
    incidents: list[GoldIncident]


class Case(BaseModel):
    """One selected report: its text (as a :class:`Report`), its gold incident and figures."""

    model_config = ConfigDict(frozen=True)

    incident: str
    gold: GoldReport
    report: Report


class CaseSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    lang: str
    incidents: list[GoldIncident]
    cases: list[Case]


def _jsonl_meta(path: Path) -> dict[str, dict]:
    """reports.jsonl beside an incident's texts: id -> {file, published, outlet, lang, url, title}."""
    meta: dict[str, dict] = {}
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON: {exc.msg}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise EvalError(f"{path}:{number}: a line must be a JSON object with an 'id'")
        meta[obj["id"]] = obj
    return meta


def read_cases(path: Path | str, lang: Lang = "en") -> CaseSet:
    """The gold incidents of ``cases.json`` and the selected reports' texts.

    Each incident's folder (beside cases.json, named by its slug) holds the texts and a
    ``reports.jsonl`` (id, file, published, outlet, lang); without it the ``file`` of cases.json
    (relative to cases.json) is used. ``lang``: en, fr or all. Raises :class:`EvalError`."""
    path = Path(path)
    try:
        raw = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: not valid JSON: {exc.msg} (line {exc.lineno})") from None
    try:
        parsed = CasesFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EvalError(f"{path}: {where}: {first['msg']}") from None
    if lang not in ("en", "fr", "all"):
        raise EvalError(f"unknown language {lang!r}; expected en, fr or all")
    root = path.parent
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for incident in parsed.incidents:
        folder = root / incident.slug
        jsonl = folder / "reports.jsonl"
        meta = _jsonl_meta(jsonl) if jsonl.exists() else {}
        for gold in incident.reports:
            if gold.id in seen:
                raise EvalError(f"{path}: report {gold.id!r} is listed twice ({seen[gold.id]} and {incident.slug})")
            seen[gold.id] = incident.slug
            info = {k: v for k, v in gold.model_dump().items() if v is not None}
            info.update({k: v for k, v in meta.get(gold.id, {}).items() if v is not None})
            report_lang = info.get("lang")
            if lang != "all" and report_lang != lang:
                continue
            if gold.id in meta and meta[gold.id].get("file"):
                text_path = folder / meta[gold.id]["file"]
            elif gold.file:
                text_path = root / gold.file
            else:
                raise EvalError(f"{path}: report {gold.id!r} names no file (and {jsonl} does not list it)")
            try:
                text = decode(text_path.read_bytes(), str(text_path))
                report = report_from_text(text, origin=str(text_path), doc_id=gold.id, published=info.get("published"),
                                          source=info.get("outlet"), url=info.get("url"), title=info.get("title"))
            except FileNotFoundError:
                raise EvalError(f"{text_path}: no such file (report {gold.id})") from None
            except InputError as exc:
                raise EvalError(str(exc)) from None
            gold = gold.model_copy(update={"outlet": info.get("outlet"), "published": info.get("published"),
                                           "lang": report_lang})
            cases.append(Case(incident=incident.slug, gold=gold, report=report))
    if not cases:
        raise EvalError(f"{path}: no reports in language {lang!r}" if lang != "all" else f"{path}: no reports")
    return CaseSet(path=str(path), lang=lang, incidents=parsed.incidents, cases=cases)


# --- who stated a figure ------------------------------------------------------------------------


class SourceTable(BaseModel):
    """data/eval_sources.yaml, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    classes: dict[str, tuple[str, ...]]
    weak: tuple[str, ...] = ()
    weak_translations: dict[str, str] = {}
    stopwords: tuple[str, ...] = ()
    unstated: tuple[str, ...] = ()


class SourceKeys(BaseModel):
    """What a source names: parties (classes or name words) and weak speaker words."""

    model_config = ConfigDict(frozen=True)

    strong: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.strong and not self.weak

    def __or__(self, other: "SourceKeys") -> "SourceKeys":
        return SourceKeys(strong=self.strong | other.strong, weak=self.weak | other.weak)

    def meets(self, other: "SourceKeys") -> bool:
        """A party in common; or, when neither names a party, a speaker word ("a source" = "sources")."""
        if self.strong & other.strong:
            return True
        return not self.strong and not other.strong and bool(self.weak & other.weak)


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # "U.N." -> "UN."
    text = re.sub(r"\b([A-Z]{2,})\.", r"\1", text)
    return re.sub(r"'s\b", "", text)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(normalised word, is an acronym) pairs."""
    out = []
    for m in _WORD.finditer(_fold(text)):
        word = m.group(0)
        acronym = len(word) >= 2 and word.isupper() and word.isalpha()
        out.append((word.casefold() if acronym else _singular(word.casefold()), acronym))
    return out


class SourceMatcher:
    """Matches a gold attribution to the engine's source (see data/eval_sources.yaml)."""

    def __init__(self, table: SourceTable, place_words: Iterable[str] = ()):
        self.table = table
        self.phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for cls, words in table.classes.items():
            for phrase in words:
                key = tuple(w for w, _ in _tokens(phrase))
                if key:
                    self.phrases[key].add(cls)
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.weak = {w for p in table.weak for w, _ in _tokens(p)}
        self.translated = {_tokens(k)[0][0]: _tokens(v)[0][0] for k, v in table.weak_translations.items()}
        self.stop = {w for p in table.stopwords for w, _ in _tokens(p)}
        self.places = {w for p in place_words for w, _ in _tokens(p)}
        self.unstated = [tuple(w for w, _ in _tokens(p)) for p in table.unstated]

    def keys(self, text: str | None, *, names: bool = True) -> SourceKeys:
        """The parties and speaker words a source names; ``names=False``: only the table's parties
        (no other word counts as a name)."""
        if not text:
            return SourceKeys()
        toks = _tokens(text)
        strong: set[str] = set()
        weak: set[str] = set()
        i = 0
        while i < len(toks):
            for size in range(min(self.longest, len(toks) - i), 0, -1):
                key = tuple(w for w, _ in toks[i:i + size])
                if size == 1 and not toks[i][1] and key[0] in self.stop:
                    continue
                if key in self.phrases:
                    strong |= self.phrases[key]
                    i += size
                    break
            else:
                word, acronym = toks[i]
                i += 1
                if not acronym and (word in self.stop or word.isdigit()):
                    continue
                if word in self.places:
                    continue
                if word in self.weak:
                    weak.add(self.translated.get(word, word))
                elif names:
                    strong.add(word)
        return SourceKeys(strong=frozenset(strong), weak=frozenset(weak))

    def gold_keys(self, attributed_to: str) -> tuple[list[SourceKeys] | None, list[SourceKeys]]:
        """What a gold attribution names: (the alternatives of its main text, None when it names
        nobody; the alternatives of its parenthesised asides).

        " / " separates alternatives; what follows ':' or ';' describes the figure and is ignored.
        Asides ("government (spokesman)", "AIB (official news agency)", "not stated (citing AFP)")
        count through the table's parties and speaker words only, except beside "not stated", where
        they name the figure's origin ("not stated (headline, citing AFP)" = AFP)."""
        main = re.split(r"[:;]", _PARENS.sub(" ", attributed_to), maxsplit=1)[0]
        aside = [m.group(0)[1:-1] for m in _PARENS.finditer(attributed_to)]
        unstated = self.says_unstated(main)
        parts = [] if unstated else [k for part in main.split("/") if not (k := self.keys(part)).empty]
        extra = [k for a in aside for part in re.split(r"[/;]", a)
                 if not self.says_unstated(part) and not (k := self.keys(part, names=unstated or not parts)).empty]
        if not parts and not unstated and extra:
            return extra, []
        return (parts or None), extra

    def says_unstated(self, text: str) -> bool:
        words = [w for w, _ in _tokens(text)]
        return any(p and any(tuple(words[i:i + len(p)]) == p for i in range(len(words))) for p in self.unstated)

    def is_publisher(self, source: str | None, publisher: str | None) -> bool:
        """No source, or the report's own publisher (the engine's fallback attribution)."""
        if not source or not source.strip():
            return True
        if not publisher:
            return False
        if _fold(source).casefold().strip() == _fold(publisher).casefold().strip():
            return True
        mine = self.keys(source)
        theirs = self.keys(publisher) | self.keys(" ".join(m.group(0)[1:-1] for m in _PARENS.finditer(publisher)))
        return bool(mine.strong) and mine.strong <= theirs.strong

    def match(self, attributed_to: str, source: str | None, publisher: str | None) -> bool:
        """Does the engine's ``source`` (None: nobody) agree with the gold attribution? A gold
        attribution naming nobody matches nobody or the report's publisher (or the origin its aside
        names); a source that is the publisher matches a gold attribution naming the publisher."""
        main, aside = self.gold_keys(attributed_to)
        # a source that names nobody ("estimates", "the first toll") is no voice either
        unstated = self.is_publisher(source, publisher) or self.keys(source).empty
        keys = self.keys(publisher) if unstated else self.keys(source)
        if main is None and unstated:
            return True
        return any(alt.meets(keys) for alt in (main or []) + aside)


@cache
def load_source_matcher() -> SourceMatcher:
    """The matcher of data/eval_sources.yaml; country names and the actors' demonyms are ignored."""
    from .nlp import countries

    path = data_path("eval_sources.yaml")
    try:
        table = SourceTable.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    places = list(countries()) + [d for a in load_lexicon().actors.actors for d in a.demonyms]
    return SourceMatcher(table, places)


# --- results ------------------------------------------------------------------------------------


class Ratio(BaseModel):
    hits: int = 0
    n: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share(self) -> float | None:
        return self.hits / self.n if self.n else None

    def add(self, ok: bool) -> None:
        self.n += 1
        self.hits += int(ok)


class B3(BaseModel):
    precision: float
    recall: float
    f1: float
    n: int


class NearFigure(BaseModel):
    value: str
    source: str | None
    status: str
    incident: str | None
    evidence: str | None


class FigureMiss(BaseModel):
    kind: Literal["figure", "source", "claim leaked", "claim not found", "scope leaked", "not covered"]
    report: str
    incident: str
    gold: str
    attributed_to: str
    status: str
    found: str = ""
    predicted: str | None = Field(default=None, description="the predicted incident the report went to")
    nearest: list[NearFigure] = Field(default_factory=list)


class IncidentRow(BaseModel):
    slug: str
    reports: int
    predicted: str | None = Field(description="the predicted incident holding most of its reports")
    clusters: int = Field(description="how many predicted clusters its reports fall into")
    b3_precision: float
    b3_recall: float
    figures_value: Ratio
    figures_source: Ratio
    claims_apart: Ratio
    covered: Ratio
    group: str | None = None
    fused_low: int | None = None
    fused_high: int | None = None
    gold_low: int | None = None
    gold_high: int | None = None


class ReportMapping(BaseModel):
    report: str
    gold: str
    event: str | None
    incident: str | None


class IncidentEvaluation(BaseModel):
    cases: str
    lang: str
    n_reports: int
    n_gold_incidents: int
    n_predicted_incidents: int
    b3: B3
    figures_value: Ratio = Field(default_factory=Ratio, description="gold figures found with the same value")
    figures_source: Ratio = Field(default_factory=Ratio, description="... with the same value and source")
    qualifier_agree: Ratio = Field(default_factory=Ratio, description="of the figures found, same qualifier")
    status_agree: Ratio = Field(default_factory=Ratio, description="of the figures found, superseded iff gold earlier")
    earlier_found_superseded: Ratio = Field(default_factory=Ratio,
                                            description="of the earlier (superseded/revised) gold figures found, "
                                                        "marked superseded")
    claims_apart: Ratio = Field(default_factory=Ratio, description="perpetrator claims not a current figure")
    claims_found: Ratio = Field(default_factory=Ratio, description="perpetrator claims found as claims")
    scope_apart: Ratio = Field(default_factory=Ratio,
                               description="figures of another place/day not in the main incident's figures")
    covered: Ratio = Field(default_factory=Ratio, description="current main-scope figures inside the fused range")
    fused_equal: Ratio = Field(default_factory=Ratio, description="gold incidents whose fused low/high are the gold's")
    fused_within: Ratio = Field(default_factory=Ratio,
                                description="gold incidents whose fused range lies within the gold range")
    per_incident: list[IncidentRow] = Field(default_factory=list)
    mapping: list[ReportMapping] = Field(default_factory=list)
    misses: list[FigureMiss] = Field(default_factory=list)

    def as_dict(self, misses: bool = False) -> dict:
        exclude = None if misses else {"misses", "mapping"}
        return self.model_dump(mode="json", exclude=exclude)


# --- scoring ------------------------------------------------------------------------------------


def _killed(e: Event) -> int:
    values = [v for v in (e.fatalities_low, e.fatalities_best, e.fatalities_high) if v is not None]
    return max(values) if values else -1


def _position(e: Event) -> int:
    return min((ev.start for ev in e.evidence), default=1 << 30)


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a report is about: the non-historical one with the most killed, ties the earliest."""
    current = [(i, e) for i, e in enumerate(events) if not e.historical]
    if not current:
        return None
    return min(current, key=lambda ie: (-_killed(ie[1]), _position(ie[1]), ie[0]))[1]


def b_cubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> B3:
    """B³ over items: per item, the share of its predicted cluster in its gold cluster (precision)
    and of its gold cluster in its predicted cluster (recall), averaged."""
    items = list(gold)
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for item in items:
        g_members[gold[item]].add(item)
        p_members[pred[item]].add(item)
    if not items:
        return B3(precision=0.0, recall=0.0, f1=0.0, n=0)
    p = sum(len(g_members[gold[i]] & p_members[pred[i]]) / len(p_members[pred[i]]) for i in items) / len(items)
    r = sum(len(g_members[gold[i]] & p_members[pred[i]]) / len(g_members[gold[i]]) for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return B3(precision=p, recall=r, f1=f, n=len(items))


def _fig_value(f: IncidentFigure | Any) -> str:
    low, high = getattr(f, "low", None), getattr(f, "high", None)
    q = {"at_least": "≥", "about": "~"}.get(getattr(f, "qualifier", ""), "")
    if low is not None and high is not None and high != low:
        return f"{q}{low}–{high}"
    return f"{q}{low if low is not None else high}"


def value_matches(gold: GoldFigure, low: int | None, high: int | None) -> bool:
    """Same value: the low figure; for "up to N" the high (or the only figure: the engine has no
    up-to qualifier and may give "up to 170" as about 170)."""
    if gold.low is None:
        return (high if high is not None else low) == gold.high
    return low == gold.low


def _qualifier_agrees(gold: GoldFigure, f: IncidentFigure) -> bool:
    if gold.qualifier == "up_to":
        return not f.low
    return gold.qualifier == f.qualifier


def _evidence_text(ev: Evidence | None) -> str | None:
    return ev.sentence if ev is not None else None


def _claim_values(claims: Iterable[Claim]) -> list[tuple[int | None, int | None]]:
    return [(v.killed_low, v.killed_high) for c in claims for v in c.figures]


CIVILIAN_WORDS = ("civilian", "people", "villager", "resident", "person")


def _gold_group_civilian(group: str) -> bool:
    head = _fold(group).casefold()
    return any(w in head.split("(")[0] for w in CIVILIAN_WORDS)


def _victims_for(incident: Incident, group: str) -> list[IncidentVictims]:
    """The predicted victim groups a gold group can be: civilians, or the non-civilian groups."""
    civilian = _gold_group_civilian(group)
    return [v for v in incident.victims if v.group.casefold().startswith("civilian") == civilian]


def _covers(v: IncidentVictims, gold: GoldFigure) -> bool:
    if v.low is None and v.high is None:
        return False
    low = v.low if v.low is not None else 0
    high = v.high if v.high is not None else low
    return all(low <= x <= high for x in (gold.low, gold.high) if x is not None)


def score_incidents(cases: CaseSet, events: Mapping[str, Sequence[Event]], incidents: Sequence[Incident],
                    matcher: SourceMatcher | None = None) -> IncidentEvaluation:
    """Score fused incidents against the gold of ``cases``.

    ``events``: each report's extracted events (by report id); ``incidents``: the fusion of them all."""
    matcher = matcher or load_source_matcher()
    by_event = {eid: inc for inc in incidents for eid in inc.events}
    by_id = {inc.id: inc for inc in incidents}
    doc_figures: dict[str, list[tuple[Incident, IncidentVictims, IncidentFigure]]] = defaultdict(list)
    for inc in incidents:
        for v in inc.victims:
            for f in v.figures:
                doc_figures[f.document_id].append((inc, v, f))

    gold_of: dict[str, str] = {}
    pred_of: dict[str, str] = {}
    incident_of: dict[str, Incident | None] = {}
    mapping = []
    for case in cases.cases:
        rid = case.report.id
        main = main_event(events.get(rid, ()))
        inc = by_event.get(main.id) if main is not None else None
        gold_of[rid] = case.incident
        pred_of[rid] = inc.id if inc is not None else f"single:{rid}"
        incident_of[rid] = inc
        mapping.append(ReportMapping(report=rid, gold=case.incident, event=main.id if main else None,
                                     incident=inc.id if inc else None))
    b3 = b_cubed(gold_of, pred_of)
    result = IncidentEvaluation(cases=cases.path, lang=cases.lang, n_reports=len(cases.cases),
                                n_gold_incidents=len({c.incident for c in cases.cases}),
                                n_predicted_incidents=len(set(pred_of.values())), b3=b3, mapping=mapping)

    def nearest(rid: str, gold: GoldFigure) -> list[NearFigure]:
        target = gold.low if gold.low is not None else gold.high or 0
        cands = sorted(doc_figures.get(rid, ()),
                       key=lambda t: abs((t[2].low if t[2].low is not None else t[2].high or 0) - target))
        return [NearFigure(value=f"{v.group} {_fig_value(f)}", source=f.source, status=f.status, incident=i.id,
                           evidence=_evidence_text(f.evidence)) for i, v, f in cands[:3]]

    rows: dict[str, dict[str, Ratio]] = defaultdict(lambda: defaultdict(Ratio))
    for case in cases.cases:
        rid, slug = case.report.id, case.incident
        inc = incident_of[rid]
        mine = [(i, v, f) for i, v, f in doc_figures.get(rid, ()) if inc is not None and i.id == inc.id]
        gold_values = {(g.low, g.high) for g in case.gold.figures if not g.is_perpetrator_claim}
        for g in case.gold.figures:
            if g.not_fatalities:
                continue
            if g.is_perpetrator_claim:
                _score_claim(result, rows[slug], case, g, doc_figures, events, by_event, gold_values, nearest, inc)
                continue
            if g.scope is not None:
                leaked = [f for _, _, f in mine if f.status != "claim" and value_matches(g, f.low, f.high)]
                result.scope_apart.add(not leaked)
                if leaked:
                    result.misses.append(FigureMiss(kind="scope leaked", report=rid, incident=slug,
                                                    predicted=inc.id if inc else None, gold=f"{g.group} {g.value_text()}",
                                                    attributed_to=f"{g.attributed_to} [scope: {g.scope}]",
                                                    status=g.status, found=_fig_value(leaked[0])))
                continue
            same = [(v, f) for _, v, f in mine if f.status != "claim" and value_matches(g, f.low, f.high)]
            sourced = [(v, f) for v, f in same if matcher.match(g.attributed_to, f.source, case.report.source)]
            result.figures_value.add(bool(same))
            result.figures_source.add(bool(sourced))
            rows[slug]["figures_value"].add(bool(same))
            rows[slug]["figures_source"].add(bool(sourced))
            if same:
                best = _best(g, sourced or same)
                result.qualifier_agree.add(_qualifier_agrees(g, best))
                result.status_agree.add(g.earlier == (best.status == "superseded"))
                if g.earlier:
                    result.earlier_found_superseded.add(best.status == "superseded")
            if not sourced:
                result.misses.append(FigureMiss(
                    kind="source" if same else "figure", report=rid, incident=slug,
                    predicted=inc.id if inc else None, gold=f"{g.group} {g.value_text()}",
                    attributed_to=g.attributed_to, status=g.status,
                    found=", ".join(f"{_fig_value(f)} from {f.source or 'nobody'}" for _, f in same),
                    nearest=[] if same else nearest(rid, g)))

    _score_cover(result, cases, incident_of, by_id, rows)
    return result


def _best(g: GoldFigure, found: Sequence[tuple[IncidentVictims, IncidentFigure]]) -> IncidentFigure:
    """Of several figures with the gold value, the one agreeing most (subset, status, qualifier)."""
    def agreement(vf: tuple[IncidentVictims, IncidentFigure]) -> tuple[int, int, int]:
        _, f = vf
        return ((g.subset_of is not None) == (f.subset_of is not None), g.earlier == (f.status == "superseded"),
                _qualifier_agrees(g, f))
    return max(found, key=agreement)[1]


def _score_claim(result: IncidentEvaluation, row: dict[str, Ratio], case: Case, g: GoldFigure,
                 doc_figures: Mapping[str, list[tuple[Incident, IncidentVictims, IncidentFigure]]],
                 events: Mapping[str, Sequence[Event]], by_event: Mapping[str, Incident],
                 gold_values: set[tuple[int | None, int | None]], nearest: Callable,
                 predicted: Incident | None) -> None:
    """A perpetrator's claim: never a current figure (in any incident, from this report), found as a claim."""
    rid = case.report.id
    ambiguous = (g.low, g.high) in gold_values  # the report also states the value as a non-claim figure
    figures = doc_figures.get(rid, ())
    leaked = [f for _, _, f in figures if f.status == "current" and value_matches(g, f.low, f.high)]
    apart = ambiguous or not leaked
    holding = {by_event[e.id].id: by_event[e.id] for e in events.get(rid, ()) if e.id in by_event}
    as_claim = any(f.status == "claim" and value_matches(g, f.low, f.high) for _, _, f in figures) or any(
        value_matches(g, low, high) for inc in holding.values() for low, high in _claim_values(inc.claims))
    result.claims_apart.add(apart)
    result.claims_found.add(as_claim)
    row["claims_apart"].add(apart)
    if not apart or not as_claim:
        result.misses.append(FigureMiss(
            kind="claim leaked" if not apart else "claim not found", report=rid, incident=case.incident,
            predicted=predicted.id if predicted else None,
            gold=f"{g.group} {g.value_text()}", attributed_to=g.attributed_to, status=g.status,
            found=", ".join(f"{_fig_value(f)} from {f.source or 'nobody'}" for f in leaked),
            nearest=nearest(rid, g) if apart else []))


def _score_cover(result: IncidentEvaluation, cases: CaseSet, incident_of: Mapping[str, Incident | None],
                 by_id: Mapping[str, Incident], rows: dict[str, dict[str, Ratio]]) -> None:
    by_slug: dict[str, list[Case]] = defaultdict(list)
    for case in cases.cases:
        by_slug[case.incident].append(case)
    gold = {i.slug: i for i in cases.incidents}
    for slug, members in by_slug.items():
        votes = Counter(incident_of[c.report.id].id for c in members if incident_of[c.report.id] is not None)
        clusters = len({incident_of[c.report.id].id if incident_of[c.report.id] else c.report.id for c in members})
        predicted = by_id[votes.most_common(1)[0][0]] if votes else None
        fused = gold[slug].fused
        group = fused.group if fused and fused.group else None
        row = rows[slug]
        for case in members:
            for g in case.gold.figures:
                if not g.scored or g.earlier or g.subset_of is not None:
                    continue
                victims = _victims_for(predicted, g.group) if predicted is not None else []
                ok = any(_covers(v, g) for v in victims)
                result.covered.add(ok)
                row["covered"].add(ok)
                if not ok:
                    ranges = ", ".join(f"{v.group} {v.low}–{v.high}" for v in victims) or "no victims group"
                    result.misses.append(FigureMiss(kind="not covered", report=case.report.id, incident=slug,
                                                    predicted=predicted.id if predicted else None,
                                                    gold=f"{g.group} {g.value_text()}", attributed_to=g.attributed_to,
                                                    status=g.status, found=ranges))
        vs = _victims_for(predicted, group) if predicted is not None and group else []
        main = max(vs, key=lambda v: (v.high or v.low or 0)) if vs else None
        b3 = _b3_of([c.report.id for c in members], result.mapping)
        if fused is not None and fused.low is not None and fused.high is not None:
            low, high = (main.low, main.high) if main else (None, None)
            result.fused_equal.add((low, high) == (fused.low, fused.high))
            result.fused_within.add(low is not None and high is not None and fused.low <= low <= high <= fused.high)
        result.per_incident.append(IncidentRow(
            slug=slug, reports=len(members), predicted=predicted.id if predicted else None, clusters=clusters,
            b3_precision=b3[0], b3_recall=b3[1],
            figures_value=row["figures_value"], figures_source=row["figures_source"],
            claims_apart=row["claims_apart"], covered=row["covered"], group=group,
            fused_low=main.low if main else None, fused_high=main.high if main else None,
            gold_low=fused.low if fused else None, gold_high=fused.high if fused else None))


def _b3_of(ids: Sequence[str], mapping: Sequence[ReportMapping]) -> tuple[float, float]:
    """B³ precision and recall averaged over one gold incident's reports (the clusters as a whole)."""
    gold = {m.report: m.gold for m in mapping}
    pred = {m.report: m.incident or f"single:{m.report}" for m in mapping}
    p = r = 0.0
    for i in ids:
        cluster = {j for j in pred if pred[j] == pred[i]}
        same = {j for j in cluster if gold[j] == gold[i]}
        p += len(same) / len(cluster)
        r += len(same) / len(ids)
    return (p / len(ids), r / len(ids)) if ids else (0.0, 0.0)


# --- running ------------------------------------------------------------------------------------


Fuser = Callable[[list[Event], list[Report]], list[Incident]]


def fuse_with_library(events: list[Event], reports: list[Report]) -> list[Incident]:
    """The project's fusion library over all events of all reports."""
    try:
        from .fuse import ReportInfo, fuse
    except ImportError as exc:
        raise EvalError(f"the fusion library (conflictwatch.fuse) is not available: {exc}") from None
    infos = {r.id: ReportInfo(id=r.id, source=r.source, published=r.published, text=r.text) for r in reports}
    return list(fuse(events, infos))


def evaluate_incidents(engine: "Engine", cases: CaseSet, fuser: Fuser | None = None,
                       matcher: SourceMatcher | None = None) -> IncidentEvaluation:
    """Extract every selected report, fuse all their events together, score."""
    reports = [c.report for c in cases.cases]
    by_report: dict[str, list[Event]] = {}
    readable = [r for r in reports if engine.route(r).pipeline is not None]  # another language: no events
    for result in engine.extract_many(readable):
        by_report[result.report.id] = list(result.events)
    events = [e for r in reports for e in by_report.get(r.id, [])]
    incidents = (fuser or fuse_with_library)(events, reports)
    return score_incidents(cases, by_report, incidents, matcher)
