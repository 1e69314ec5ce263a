"""Settings of the server, from ``settings.yaml`` beside this file (validated here)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

SETTINGS_FILE = Path(__file__).with_name("settings.yaml")


class ServeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    page_size: int = Field(50, ge=1)
    max_page_size: int = Field(1000, ge=1)
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1)
    max_batch: int = Field(200, ge=1)
    max_query_chars: int = Field(200, ge=1)
    fused_check_seconds: float = Field(2.0, ge=0)
    loopback: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost", "::1"])


@cache
def settings() -> ServeSettings:
    return ServeSettings.model_validate(yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8")) or {})
