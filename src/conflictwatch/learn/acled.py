"""Rows of ACLED-layout CSVs (any subset of ACLED's columns; plain or gzip), checked once."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

#: A row: ACLED's column names in lower case -> the cell, stripped ("" when empty).
AcledRow = dict[str, str]

#: Columns that make a file recognisably ACLED's layout (at least two must be present).
LAYOUT_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "location",
                  "latitude", "longitude", "notes", "fatalities", "admin1", "inter1")


class ModelError(ValueError):
    """A one-line, user-facing problem with training data or a model directory."""


def _open_text(path: Path) -> io.TextIOBase:
    if not path.exists():
        raise ModelError(f"{path}: no such file")
    if path.is_dir():
        raise ModelError(f"{path}: is a folder, not a CSV file")
    with path.open("rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    raw = gzip.open(path, "rb") if gz else path.open("rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def iter_rows(path: Path | str, *, split: str | None = "train") -> Iterator[AcledRow]:
    """The rows of one ACLED-layout CSV. With ``split``, a file that has a ``split`` column gives only
    the rows of that split (files without the column are taken whole)."""
    path = Path(path)
    f = _open_text(path)
    try:
        try:
            head = f.readline()
        except (UnicodeDecodeError, EOFError, gzip.BadGzipFile, OSError) as exc:
            raise ModelError(f"{path}: not a UTF-8 CSV ({exc.__class__.__name__})") from None
        if not head.strip():
            raise ModelError(f"{path}: empty file")
        delimiter = ";" if head.count(";") > head.count(",") else ","
        columns = [c.strip().lower() for c in next(csv.reader([head], delimiter=delimiter))]
        found = [c for c in LAYOUT_COLUMNS if c in columns]
        if len(found) < 2:
            raise ModelError(f"{path}: not ACLED's layout (header: {', '.join(columns[:8]) or 'none'}; "
                             f"expected columns such as {', '.join(LAYOUT_COLUMNS[:6])})")
        has_split = "split" in columns
        reader = csv.reader(f, delimiter=delimiter)
        line = 1
        try:
            for cells in reader:
                line += 1
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(columns):
                    raise ModelError(f"{path}:{line}: more cells than columns in the header")
                row = {c: (v or "").strip() for c, v in zip(columns, cells)}
                if split is not None and has_split and row.get("split") != split:
                    continue
                yield row
        except (UnicodeDecodeError, EOFError, gzip.BadGzipFile, csv.Error) as exc:
            raise ModelError(f"{path}:{line}: unreadable ({exc.__class__.__name__}: {exc})") from None
    finally:
        f.close()


def read_rows(paths: Iterable[Path | str], *, split: str | None = "train") -> list[AcledRow]:
    """All rows of the given files (see :func:`iter_rows`). An empty result is an error naming the files."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise ModelError("no training files given")
    rows: list[AcledRow] = []
    for p in paths:
        rows.extend(iter_rows(p, split=split))
    if not rows:
        names = ", ".join(str(p) for p in paths)
        raise ModelError(f"{names}: no rows{f' of split {split!r}' if split else ''} to train on")
    return rows
