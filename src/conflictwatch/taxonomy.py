"""ACLED's taxonomy, loaded once from data/acled.yaml.

* the 6 event types and 25 sub-event types (ACLED's spelling), their disorder type and the CASE 2021
  short codes;
* the 8 inter codes, ACLED's numeric interaction code, and the UCDP type_of_violence they imply.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from .lexicon import data_path, read_yaml


class SubType(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    sub: str
    disorder: str
    code: str
    aliases: tuple[str, ...] = ()


class UcdpRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    state: frozenset[int] = Field(description="inter codes of state-like actors")
    non_state: frozenset[int] = Field(description="inter codes of organised non-state actors")
    civilians: frozenset[int]


class Taxonomy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    event_types: dict[str, list[SubType]]
    inter: dict[int, str]
    ucdp: UcdpRules


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy.model_validate(read_yaml(data_path("acled.yaml")))


@cache
def _by_sub() -> dict[str, tuple[str, SubType]]:
    """Sub-type name (and each alias) -> (event type, spec)."""
    table: dict[str, tuple[str, SubType]] = {}
    for etype, subs in taxonomy().event_types.items():
        for s in subs:
            table[s.sub] = (etype, s)
    for etype, subs in taxonomy().event_types.items():
        for s in subs:
            for alias in s.aliases:
                table.setdefault(alias, (etype, s))
    return table


@cache
def _by_code() -> dict[str, str]:
    return {s.code: s.sub for subs in taxonomy().event_types.values() for s in subs}


def _lookup(sub_event_type: str) -> tuple[str, SubType]:
    try:
        return _by_sub()[sub_event_type]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown ACLED sub-event type {sub_event_type!r}; expected one of: {', '.join(sub_types())}"
        ) from None


def event_types() -> list[str]:
    """The 6 ACLED event types, in codebook order."""
    return list(taxonomy().event_types)


def sub_types(event_type: str | None = None) -> list[str]:
    """The 25 ACLED sub-event types (or those of one event type), ACLED's spelling, codebook order."""
    if event_type is None:
        return [s.sub for subs in taxonomy().event_types.values() for s in subs]
    try:
        return [s.sub for s in taxonomy().event_types[event_type]]
    except KeyError:
        raise ValueError(f"unknown ACLED event type {event_type!r}; expected one of: {', '.join(event_types())}") from None


def canonical(sub_event_type: str) -> str:
    """ACLED's own spelling of a sub-event type given by name or alias ('Arrest' -> 'Arrests')."""
    return _lookup(sub_event_type)[1].sub


def event_type_of(sub_event_type: str) -> str:
    return _lookup(sub_event_type)[0]


def disorder_type(sub_event_type: str) -> str:
    return _lookup(sub_event_type)[1].disorder


def short_code(sub_event_type: str) -> str:
    """The CASE 2021 short code, e.g. 'Attack' -> 'ATTACK'."""
    return _lookup(sub_event_type)[1].code


def sub_from_short_code(code: str) -> str:
    try:
        return _by_code()[code.strip().upper()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown ACLED/CASE 2021 short code {code!r}") from None


def inter_name(code: int) -> str:
    try:
        return taxonomy().inter[code]
    except KeyError:
        raise ValueError(f"unknown ACLED inter code {code!r}; expected 1-8") from None


def interaction_code(inter1: int | None, inter2: int | None) -> str:
    """ACLED's numeric interaction: both inter codes, smaller first (2 and 7 -> '27'); one actor
    alone gives its code followed by 0 ('sole rebel action' = '20'); no actor -> ''."""
    codes = sorted(c for c in (inter1, inter2) if c)
    for c in codes:
        inter_name(c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def ucdp_type_of_violence(inter1: int | None, inter2: int | None) -> int | None:
    """UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided; None when the pair is not
    organised violence in UCDP's sense (one side only, rioters, protesters, civilians alone)."""
    rules = taxonomy().ucdp
    if inter1 is None or inter2 is None:
        return None
    pair = (inter1, inter2)
    organised = rules.state | rules.non_state
    if any(c in rules.civilians for c in pair):
        other = inter2 if inter1 in rules.civilians else inter1
        return 3 if other in organised else None
    if not all(c in organised for c in pair):
        return None
    if any(c in rules.state for c in pair):
        return 1
    return 2
