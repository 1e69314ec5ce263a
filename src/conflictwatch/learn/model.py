"""The model directory: components learned from the coded record, with a meta file.

Layout::

    model/
      meta.json          format, version, trained (date), data (files, rows, split), figures per component
      actors/            conflictwatch.learn.actors.ActorModel
      places/            conflictwatch.learn.places.PlaceModel
      subtype/           conflictwatch.learn.subtype.SubtypeModel

Saved and loaded like a spaCy pipeline: ``to_disk(path)`` / ``CodedModel.from_disk(path)``. Training
writes into a fresh folder beside the target and swaps it in only when every component has been
fitted and saved, so a failed run leaves the previous model in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from conflictwatch.learn.acled import AcledRow, ModelError, read_rows
from conflictwatch.versioned import read_versioned

#: The layout version of a model directory; a directory of another version is refused.
FORMAT = "conflictwatch-coded-model"
FORMAT_VERSION = 1
META = "meta.json"

#: component name -> "module:Class"; the order is the training order.
COMPONENTS: dict[str, str] = {
    "actors": "conflictwatch.learn.actors:ActorModel",
    "places": "conflictwatch.learn.places:PlaceModel",
    "subtype": "conflictwatch.learn.subtype:SubtypeModel",
}


@runtime_checkable
class Component(Protocol):
    """What every learned component offers."""

    name: ClassVar[str]

    def fit(self, rows: Sequence[AcledRow]) -> dict[str, Any]:
        """Learn from training rows; return figures for meta.json (counts, held-out scores)."""

    def to_disk(self, path: Path) -> None:
        """Write the component into the (existing, empty) folder ``path``."""

    @classmethod
    def from_disk(cls, path: Path) -> "Component":
        """Read a component written by :meth:`to_disk`; raise :class:`ModelError` naming the file."""


def component_class(name: str) -> type:
    try:
        module, cls = COMPONENTS[name].split(":")
    except KeyError:
        raise ModelError(f"unknown model component {name!r}; known: {', '.join(COMPONENTS)}") from None
    return getattr(importlib.import_module(module), cls)


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


@dataclass
class CodedModel:
    """The learned components and the meta data that says what they were learned from."""

    components: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    #: components read from disk on first use (name -> folder)
    pending: dict[str, Path] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Any | None:
        """A component (read from its folder the first time it is asked for), or None."""
        if name not in self.components and name in self.pending:
            self.components[name] = component_class(name).from_disk(self.pending.pop(name))
        return self.components.get(name)

    @property
    def names(self) -> list[str]:
        return sorted({*self.components, *self.pending})

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    def to_disk(self, path: Path | str) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in list(self.pending):
            self.get(name)
        for name, comp in self.components.items():
            sub = path / name
            if sub.exists():
                shutil.rmtree(sub)
            sub.mkdir()
            comp.to_disk(sub)
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.meta,
                "components": sorted(self.components)}
        (path / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.path = path

    @classmethod
    def from_disk(cls, path: Path | str, *, only: Sequence[str] | None = None, lazy: bool = False) -> "CodedModel":
        """Read a model directory. With ``lazy``, each component is read when first asked for
        (the meta file and the folders are checked now)."""
        path = Path(path)
        meta = read_meta(path)
        model = cls(meta=meta, path=path)
        for name in meta.get("components", []):
            if only is not None and name not in only:
                continue
            sub = path / name
            if not sub.is_dir():
                raise ModelError(f"{sub}: missing component folder named in {path / META}")
            component_class(name)
            model.pending[name] = sub
            if not lazy:
                model.get(name)
        return model


def read_meta(path: Path) -> dict[str, Any]:
    file = path / META
    if not path.is_dir():
        raise ModelError(f"{path}: no such model directory")
    if not file.is_file():
        raise ModelError(f"{file}: missing; {path} is not a conflictwatch model directory")
    return read_versioned(file, FORMAT, FORMAT_VERSION, ModelError, "model", "retrain with `conflictwatch train`")


def train(paths: Sequence[Path | str], out: Path | str, *, split: str | None = "train",
          components: Sequence[str] | None = None, version: str | None = None,
          progress: Callable[[str], None] | None = None) -> CodedModel:
    """Fit the components on ACLED-layout CSVs and save them to ``out``, atomically."""
    out = Path(out)
    names = list(components or COMPONENTS)
    for n in names:
        component_class(n)  # unknown names fail before any work
    say = progress or (lambda _msg: None)
    say(f"reading {len(paths)} file(s)")
    rows = read_rows(paths, split=split)
    say(f"{len(rows):,} rows")
    fitted: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    for n in names:
        say(f"fitting {n}")
        comp = component_class(n)()
        figures[n] = comp.fit(rows)
        fitted[n] = comp
    today = dt.date.today().isoformat()
    meta = {
        "version": version or today,
        "trained": today,
        "data": {"files": [{"name": Path(p).name, "sha256": file_digest(Path(p))} for p in paths],
                 "split": split, "rows": len(rows)},
        "figures": figures,
    }
    model = CodedModel(components=fitted, meta=meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        model.to_disk(tmp)
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    model.path = out
    return model
