"""The project's dictionaries (actors, triggers, victims, attribution, discourse, places).

Each YAML file under ``conflictwatch/data`` is validated by a pydantic model here, so a typo in a
user's extension fails loudly with the file name. ``CONFLICTWATCH_DATA`` may point to a folder
holding replacements for any of the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .config import DATA_DIR


class LexiconError(ValueError):
    """A dictionary file is missing or malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- actors -----------------------------------------------------------------------------------


class PeriodName(_Strict):
    name: str
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None


class Actor(_Strict):
    name: str
    inter: int = Field(ge=1, le=8)
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    names: tuple[PeriodName, ...] = ()

    def name_on(self, day: dt.date | None) -> str:
        """ACLED's name for the actor on a date (state forces are renamed after a change of regime)."""
        if day is not None:
            for period in self.names:
                if (period.from_ is None or period.from_ <= day) and (period.to is None or day < period.to):
                    return period.name
        return self.name

    @property
    def key(self) -> str:
        return self.name


class CiviliansSpec(_Strict):
    """An actor named after the event's country: "Civilians (Mali)", "Unidentified Armed Group (Mali)"."""

    name_template: str
    inter: int = 7
    fallback: str


class ActorsFile(_Strict):
    actors: tuple[Actor, ...]
    civilians: CiviliansSpec
    unidentified: CiviliansSpec

    @field_validator("actors")
    @classmethod
    def _unique(cls, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        seen: dict[str, str] = {}
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                other = seen.get(alias)
                if other is not None and other != actor.name:
                    raise ValueError(f"alias {alias!r} names both {other!r} and {actor.name!r}")
                seen[alias] = actor.name
        return actors

    def by_name(self, name: str) -> Actor | None:
        for actor in self.actors:
            if actor.name == name or any(p.name == name for p in actor.names):
                return actor
        return None


# --- triggers ---------------------------------------------------------------------------------

TargetKind = Literal["civilian", "armed", "unknown"]


class Trigger(_Strict):
    lemmas: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    pos: Literal["VERB", "NOUN"] | None = None
    sub_event_type: str | None = None
    by_target: dict[TargetKind, str] | None = None
    lethal: bool = False
    priority: int = 0
    victims_are_subject: bool = False

    @field_validator("by_target")
    @classmethod
    def _all_targets(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and set(value) != {"civilian", "armed", "unknown"}:
            raise ValueError("by_target needs civilian, armed and unknown")
        return value

    def sub_type_for(self, target: TargetKind) -> str:
        if self.by_target is not None:
            return self.by_target[target]
        assert self.sub_event_type is not None
        return self.sub_event_type


class TriggersFile(_Strict):
    triggers: tuple[Trigger, ...]

    @field_validator("triggers")
    @classmethod
    def _typed(cls, triggers: tuple[Trigger, ...]) -> tuple[Trigger, ...]:
        for trig in triggers:
            if (trig.sub_event_type is None) == (trig.by_target is None):
                raise ValueError(f"trigger {trig.lemmas or trig.phrases}: give sub_event_type or by_target")
            if not trig.lemmas and not trig.phrases:
                raise ValueError("a trigger needs lemmas or phrases")
        return triggers


# --- victims, attribution, discourse, places ----------------------------------------------------


class VictimsFile(_Strict):
    nouns: dict[Literal["civilian", "armed", "people"], tuple[str, ...]]
    appositive_override: bool = True
    state_members: tuple[str, ...] = ()
    injured: tuple[str, ...]
    dead: tuple[str, ...]

    def group_of(self, lemma: str) -> str | None:
        for group, words in self.nouns.items():
            if lemma in words:
                return group
        return None


class AttributionFile(_Strict):
    reporting_verbs: tuple[str, ...]
    claim_verbs: tuple[str, ...]
    according_phrases: tuple[str, ...]
    parties: tuple[str, ...]


class Coref(_Strict):
    phrase: str
    tags: tuple[str, ...]


class AggregateCues(_Strict):
    phrases: tuple[str, ...]
    lemmas: tuple[str, ...]


class DiscourseFile(_Strict):
    reference_determiners: tuple[str, ...]
    new_event_modifiers: tuple[str, ...]
    reference_modifiers: tuple[str, ...]
    aggregate_cues: AggregateCues
    coref: tuple[Coref, ...]
    pair_phrases: tuple[str, ...]
    possessive_forces: tuple[str, ...]
    place_anaphora: tuple[str, ...]
    near_cues: tuple[str, ...]
    movement_prepositions: tuple[str, ...]
    historical_window_days: int = Field(ge=0)


class KnownPlace(_Strict):
    name: str
    kind: Literal["place", "region"]
    country: str | None = None


class PlacesFile(_Strict):
    place_nouns: tuple[str, ...]
    region_nouns: tuple[str, ...]
    known: tuple[KnownPlace, ...]


class Lexicon(_Strict):
    actors: ActorsFile
    triggers: TriggersFile
    victims: VictimsFile
    attribution: AttributionFile
    discourse: DiscourseFile
    places: PlacesFile
    version: str


_FILES: dict[str, type[BaseModel]] = {
    "actors": ActorsFile,
    "triggers": TriggersFile,
    "victims": VictimsFile,
    "attribution": AttributionFile,
    "discourse": DiscourseFile,
    "places": PlacesFile,
}


def data_path(name: str) -> Path:
    """A data file: the user's override folder ($CONFLICTWATCH_DATA) first, then the package's."""
    override = os.environ.get("CONFLICTWATCH_DATA")
    if override:
        candidate = Path(override) / name
        if candidate.exists():
            return candidate
    return DATA_DIR / name


def read_yaml(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: file not found") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc


def load_file(name: str, model: type[BaseModel]) -> tuple[BaseModel, bytes]:
    path = data_path(f"{name}.yaml")
    raw = read_yaml(path)
    try:
        return model.model_validate(raw), path.read_bytes()
    except ValidationError as exc:
        raise LexiconError(f"{path}: {exc}") from exc


@cache
def load_lexicon() -> Lexicon:
    """All dictionaries, validated; ``version`` is a hash of their bytes (changes re-extract)."""
    parts: dict[str, BaseModel] = {}
    digest = hashlib.sha256()
    for name, model in _FILES.items():
        parsed, raw = load_file(name, model)
        parts[name] = parsed
        digest.update(name.encode())
        digest.update(raw)
    return Lexicon(version=digest.hexdigest()[:16], **parts)  # type: ignore[arg-type]
