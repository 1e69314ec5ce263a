"""Settings of the Spark jobs, from ``settings.yaml`` beside this file (validated here)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

SETTINGS_FILE = Path(__file__).with_name("settings.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalSettings(_Strict):
    env: dict[str, str] = Field(default_factory=dict)
    conf: dict[str, str] = Field(default_factory=dict)


class IngestSettings(_Strict):
    batch: int = Field(32, ge=1)
    partitions_per_core: int = Field(4, ge=1)
    excerpt: int = Field(300, ge=20)


class FusionSettings(_Strict):
    bucket_days: int = Field(28, ge=1)


class SparkSettings(_Strict):
    master: str = "local[*]"
    conf: dict[str, str] = Field(default_factory=dict)
    local: LocalSettings = LocalSettings()
    ingest: IngestSettings = IngestSettings()
    fusion: FusionSettings = FusionSettings()


@cache
def settings() -> SparkSettings:
    raw = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8")) or {}
    return SparkSettings.model_validate(raw)
