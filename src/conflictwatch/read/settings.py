"""The web settings (data/web.yaml): fetching, HTML extraction and feed polling, validated on load.

``web_settings()`` reads the package's file, or ``$CONFLICTWATCH_DATA/web.yaml`` when there is one;
a malformed file raises :class:`WebSettingsError` (an ``InputError`` and a ``LexiconError``) naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..ingest import InputError
from ..lexicon import LexiconError, data_path, first_error, read_yaml

FILE_NAME = "web.yaml"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class WebSettingsError(InputError, LexiconError):
    """A malformed web.yaml: one line naming the file (an InputError, so commands report it as such)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Strict):
    user_agent: str = Field(min_length=1)
    robots_token: str = Field(min_length=1, description="the product token robots.txt rules name")
    connect_timeout: float = Field(gt=0)
    read_timeout: float = Field(gt=0)
    max_bytes: int = Field(gt=0)
    retries: int = Field(ge=0, le=10)
    backoff_seconds: float = Field(ge=0)
    backoff_max_seconds: float = Field(ge=0)
    max_redirects: int = Field(ge=0)
    robots: bool = True


class HtmlSettings(_Strict):
    suffixes: tuple[str, ...] = (".html", ".htm")
    min_text_chars: int = Field(ge=1)
    favor_precision: bool = True
    fast: bool = True
    include_tables: bool = False
    extensive_date_search: bool = False

    @field_validator("suffixes")
    @classmethod
    def _lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(s.lower() if s.startswith(".") else f".{s.lower()}" for s in value)


class FeedSettings(_Strict):
    every: str = "15m"
    item_attempts: int = Field(ge=1)

    @field_validator("every")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value

    @property
    def every_seconds(self) -> float:
        return parse_duration(self.every)


class WebSettings(_Strict):
    fetch: FetchSettings
    html: HtmlSettings
    feeds: FeedSettings

    @classmethod
    def load(cls, path: str | Path | None = None) -> WebSettings:
        file = Path(path) if path is not None else data_path(FILE_NAME)
        try:
            raw = read_yaml(file)
        except LexiconError as exc:
            raise WebSettingsError(str(exc).splitlines()[0]) from None
        if not isinstance(raw, dict):
            raise WebSettingsError(f"{file}: expected a mapping of settings, got {type(raw).__name__}")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise WebSettingsError(f"{file}: {first_error(exc)}") from None

    def with_max_bytes(self, max_bytes: int) -> WebSettings:
        return self.model_copy(update={"fetch": self.fetch.model_copy(update={"max_bytes": max_bytes})})


def web_settings() -> WebSettings:
    """The settings in force: the package's web.yaml or $CONFLICTWATCH_DATA/web.yaml (read again
    when that file changes)."""
    file = data_path(FILE_NAME)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _load(str(file), stamp)


@lru_cache(maxsize=8)
def _load(file: str, _stamp: int) -> WebSettings:
    return WebSettings.load(file)


def parse_duration(text: str) -> float:
    """'15m', '1h30m', '90s', '2d', or a bare number of seconds -> seconds (> 0)."""
    value = str(text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    else:
        parts = _DURATION.findall(value)
        if not parts or _DURATION.sub("", value).strip():
            raise ValueError(f"not a duration: {text!r} (write e.g. 15m, 1h, 90s, 1h30m)")
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"not a duration: {text!r} (it must be more than 0 seconds)")
    return seconds
