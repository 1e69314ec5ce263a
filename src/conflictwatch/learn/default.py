"""Which model directory the engine uses: ``--model-dir`` / ``CONFLICTWATCH_MODEL_DIR``, else the default
shipped in the package (rebuilt by ``make train``)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from conflictwatch.config import DATA_DIR
from conflictwatch.learn.acled import ModelError
from conflictwatch.learn.model import META, CodedModel

#: The model shipped with the package.
SHIPPED = DATA_DIR / "model"
ENV = "CONFLICTWATCH_MODEL_DIR"
#: Given as the model directory, this word means: no model, the rules and dictionaries alone.
NONE = "none"


def model_dir(path: Path | str | None = None) -> Path | None:
    """The model directory to use: the argument, else $CONFLICTWATCH_MODEL_DIR, else the shipped one
    (None when the package was built without one, or when asked for ``none``)."""
    chosen = str(path) if path else os.environ.get(ENV)
    if chosen:
        return None if chosen.strip().lower() == NONE else Path(chosen).expanduser()
    return SHIPPED if (SHIPPED / META).is_file() else None


@cache
def _load(path: Path) -> CodedModel:
    return CodedModel.from_disk(path, lazy=True)  # the classifier (scikit-learn) is read at its first use


def load_model(path: Path | str | None = None) -> CodedModel | None:
    """The coded model (loaded once per directory); None when there is none. A directory that is
    asked for explicitly but unreadable raises :class:`ModelError`."""
    where = model_dir(path)
    if where is None:
        return None
    try:
        return _load(where.resolve())
    except ModelError:
        raise
    except OSError as exc:
        raise ModelError(f"{where}: unreadable model directory ({exc})") from None
