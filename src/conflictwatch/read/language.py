"""A report's language: given by the caller, else detected (lingua), and the pipeline that reads it.

The detector knows only the supported languages and a few neighbours (``data/languages.yaml``), so
it is small and fast, and a Spanish report is called Spanish (unsupported, counted apart) instead of
the nearest supported language. Very short or mixed texts go to the fallback pipeline (English) with
their detected language kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicon import data_path, read_yaml

__all__ = ["LanguageChoice", "LanguageError", "LanguageSettings", "choose_language", "settings"]

_WORD = re.compile(r"\w+")


class LanguageError(ValueError):
    """A language code nobody knows."""


class LanguageSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    supported: dict[str, str] = Field(description="ISO 639-1 code -> spaCy pipeline")
    neighbours: tuple[str, ...] = ()
    fallback: str
    min_words: int = Field(ge=1)
    min_confidence: float = Field(gt=0, le=1)
    sample_chars: int = Field(ge=100)

    @field_validator("fallback")
    @classmethod
    def _known(cls, value: str, info) -> str:
        if value not in info.data.get("supported", {}):
            raise ValueError(f"fallback {value!r} is not a supported language")
        return value

    @property
    def known(self) -> tuple[str, ...]:
        return (*self.supported, *self.neighbours)


@cache
def settings() -> LanguageSettings:
    return LanguageSettings.model_validate(read_yaml(data_path("languages.yaml")))


@dataclass(frozen=True)
class LanguageChoice:
    """``lang``: the report's language as stored (given, or detected; None when undecided);
    ``pipeline``: the supported language whose pipeline reads it, None when unsupported;
    ``reason``: how it was decided (given, detected, short, mixed, unsupported)."""

    lang: str | None
    pipeline: str | None
    reason: str
    confidence: float | None = None


def check_code(code: str, origin: str = "lang") -> str:
    """A language code as given by a caller (JSONL 'lang', --lang): ISO 639-1, lower case."""
    value = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", value):
        raise LanguageError(f"{origin}: {code!r} is not a two-letter ISO 639-1 language code (en, fr, ...)")
    return value


@cache
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in settings().known:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            raise LanguageError(f"data/languages.yaml: the detector does not know {code!r}")
        langs.append(Language.from_iso_code_639_1(iso))
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> tuple[str | None, float]:
    """The most likely language of ``text`` among the known ones, with its confidence (0..1)."""
    values = _detector().compute_language_confidence_values(text[: settings().sample_chars])
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)


def choose_language(text: str, given: str | None = None) -> LanguageChoice:
    """Which language ``text`` is in and which pipeline reads it. A given code wins over detection."""
    cfg = settings()
    if given:
        code = check_code(given)
        return LanguageChoice(code, code if code in cfg.supported else None, "given")
    lang, confidence = detect(text)
    if len(_WORD.findall(text[: cfg.sample_chars])) < cfg.min_words:
        return LanguageChoice(lang, cfg.fallback, "short", confidence)
    if lang is None or confidence < cfg.min_confidence:
        return LanguageChoice(lang, cfg.fallback, "mixed", confidence)
    if lang not in cfg.supported:
        return LanguageChoice(lang, None, "unsupported", confidence)
    return LanguageChoice(lang, lang, "detected", confidence)
