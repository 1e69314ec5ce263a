"""The fusion settings (data/fusion.yaml), validated on load.

``FusionConfig.load()`` reads the package's file (or ``$CONFLICTWATCH_DATA/fusion.yaml``); a
malformed file raises :class:`~conflictwatch.lexicon.LexiconError` (a ``ValueError``) naming it.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..lexicon import LexiconError, check_regex, data_path, read_yaml
from ..taxonomy import event_types, sub_types

FILE_NAME = "fusion.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(_Strict):
    days: int = Field(ge=0, description="date ranges within this many days of each other")
    km: float = Field(gt=0, description="two precise places at most this far apart")
    imprecise_precision: int = Field(ge=1, le=3, description="geo_precision from which a place is imprecise")
    same_name_similarity: float = Field(default=90, ge=50, le=100,
                                        description="two places farther apart than km in one admin1 are the "
                                                    "same when their written names are this alike (0-100)")
    publication_day_slack: int = Field(default=0, ge=0, le=3,
                                       description="an event dated only on its report's publication day may have "
                                                   "happened this many days before")


class CompetingAttribution(_Strict):
    """Events of these types at one place and time may name different perpetrators."""

    types: tuple[str, ...] = ()
    km: float = Field(default=10, gt=0, description="both places precise and at most this far apart")
    days: int = Field(default=1, ge=0, description="date ranges within this many days of each other")
    min_killed: int = Field(default=20, ge=1, description="both events tell at least this many killed")
    toll_ratio: float = Field(default=2.0, ge=1, description="the larger toll at most this many times the smaller")


class ActorRules(_Strict):
    unidentified_prefixes: tuple[str, ...] = ()
    civilian_prefixes: tuple[str, ...] = ()
    base_name_suffix: str = ""
    competing_attribution: CompetingAttribution = CompetingAttribution()

    @field_validator("base_name_suffix")
    @classmethod
    def _regex(cls, value: str) -> str:
        return check_regex(value, "base_name_suffix")


class GroupRules(_Strict):
    civilian: tuple[str, ...]
    unknown: tuple[str, ...] = ()


class SourceRules(_Strict):
    wire_agencies: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    shingle_words: int = Field(ge=1)
    copy_threshold: float = Field(gt=0, le=1)
    min_shingles: int = Field(ge=1)
    official_words: tuple[str, ...] = ()

    @field_validator("wire_agencies")
    @classmethod
    def _aliases(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        seen: dict[str, str] = {}
        for agency, aliases in value.items():
            if not aliases:
                raise ValueError(f"wire agency {agency!r} has no aliases")
            for alias in aliases:
                if alias in seen and seen[alias] != agency:
                    raise ValueError(f"alias {alias!r} names both {seen[alias]!r} and {agency!r}")
                seen[alias] = agency
        return value


class GradeRules(_Strict):
    denial_words: tuple[str, ...] = ()


class FusionConfig(_Strict):
    """Windows, compatible types and the word lists fusion uses (see data/fusion.yaml)."""

    window: Window
    compatible_types: tuple[tuple[str, str], ...] = ()
    compatible_sub_events: tuple[tuple[str, str], ...] = ()
    actors: ActorRules
    groups: GroupRules
    sources: SourceRules
    grades: GradeRules = GradeRules()
    path: str | None = Field(default=None, exclude=True, description="the file it was read from")

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @field_validator("compatible_types")
    @classmethod
    def _real_types(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        known = set(event_types())
        for pair in value:
            for name in pair:
                if name not in known:
                    raise ValueError(f"compatible_types: {name!r} is not an ACLED event type ({', '.join(sorted(known))})")
        return value

    @field_validator("compatible_sub_events")
    @classmethod
    def _real_sub_events(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        known = set(event_types()) | set(sub_types())
        for pair in value:
            for name in pair:
                if name not in known:
                    raise ValueError(f"compatible_sub_events: {name!r} is neither an ACLED event type nor a sub-event type")
        return value

    @model_validator(mode="after")
    def _attribution_types(self) -> FusionConfig:
        known = set(event_types())
        for name in self.actors.competing_attribution.types:
            if name not in known:
                raise ValueError(f"actors.competing_attribution.types: {name!r} is not an ACLED event type")
        return self

    @classmethod
    def load(cls, path: str | Path | None = None) -> FusionConfig:
        """Read and validate ``path`` (default: the package's data/fusion.yaml or its override)."""
        file = Path(path) if path is not None else data_path(FILE_NAME)
        raw = read_yaml(file)
        if not isinstance(raw, dict):
            raise LexiconError(f"{file}: expected a mapping of settings, got {type(raw).__name__}")
        try:
            return cls.model_validate({**raw, "path": str(file)})
        except ValidationError as exc:
            raise LexiconError(f"{file}: {_one_line(exc)}") from exc

    # --- derived lookups (computed once per config) ------------------------------------------

    @cached_property
    def type_pairs(self) -> frozenset[frozenset[str]]:
        return frozenset(frozenset(pair) for pair in self.compatible_types)

    @cached_property
    def sub_event_pairs(self) -> frozenset[frozenset[str]]:
        return frozenset(frozenset(pair) for pair in self.compatible_sub_events)

    @cached_property
    def attribution_types(self) -> frozenset[str]:
        return frozenset(self.actors.competing_attribution.types)

    @cached_property
    def base_suffix_re(self) -> re.Pattern[str] | None:
        return re.compile(self.actors.base_name_suffix) if self.actors.base_name_suffix else None

    @cached_property
    def civilian_groups(self) -> frozenset[str]:
        return frozenset(g.lower() for g in self.groups.civilian)

    @cached_property
    def unknown_groups(self) -> frozenset[str]:
        return frozenset(g.lower() for g in self.groups.unknown)

    @cached_property
    def agency_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        out = []
        for agency, aliases in self.sources.wire_agencies.items():
            for alias in aliases:
                flags = 0 if alias.isupper() else re.IGNORECASE
                out.append((agency, re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)", flags)))
        return out

    @cached_property
    def agency_memo(self) -> dict[str, str | None]:
        """Outlet string -> wire agency, filled by :func:`conflictwatch.fuse.sources.wire_agency`."""
        return {}

    @cached_property
    def official_re(self) -> re.Pattern[str] | None:
        words = self.sources.official_words
        if not words:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def denial_re(self) -> re.Pattern[str] | None:
        words = self.grades.denial_words
        if not words:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def _one_line(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "file"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


_DEFAULT: FusionConfig | None = None


def default_config() -> FusionConfig:
    """The package's (or the override folder's) fusion.yaml, loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = FusionConfig.load()
    return _DEFAULT
