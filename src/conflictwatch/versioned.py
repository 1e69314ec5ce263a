"""Files that say what they are: a JSON object with ``format`` and ``format_version`` (a model's
meta.json, a Spark output's manifest). Read and checked in one place; errors are one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_versioned(file: Path, fmt: str, version: int, error: type[Exception], what: str, redo: str) -> dict[str, Any]:
    """The JSON object of ``file`` when its ``format`` is ``fmt`` and its ``format_version`` is
    ``version``; else ``error`` naming the file, ``what`` it should be and how to make it anew (``redo``)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise error(f"{file}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        found = data.get("format") if isinstance(data, dict) else None
        raise error(f"{file}: not a conflictwatch {what} (format {found!r})")
    if data.get("format_version") != version:
        raise error(f"{file}: {what} format version {data.get('format_version')!r}; this conflictwatch "
                    f"reads version {version} ({redo})")
    return data
