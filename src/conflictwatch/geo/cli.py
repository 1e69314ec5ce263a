"""`conflictwatch gazetteer ...` and `conflictwatch geocode`: thin shells over the library."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table

from .gazetteer import GazetteerError, download_dump
from .geocoder import Geocoder, Placement

gazetteer_app = typer.Typer(help="Manage the gazetteer: GeoNames dumps and your own places.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

GazetteerOpt = Annotated[Optional[Path], typer.Option("--gazetteer", "-g", help="gazetteer file (default: $CONFLICTWATCH_GAZETTEER)")]


def _fail(e: Exception) -> None:
    err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _open(path: Path | None) -> Geocoder:
    """The sub-command's own --gazetteer, else the main command's (``conflictwatch --gazetteer X
    gazetteer add ...``), else $CONFLICTWATCH_GAZETTEER / the default path."""
    if path is None:
        from ..cli import state  # imported here: the main CLI registers this one

        path = state.gazetteer
    try:
        return Geocoder(path)
    except GazetteerError as e:
        _fail(e)
        raise


def _sources_table(status: dict) -> Table:
    t = Table(title=f"gazetteer {status['path']}")
    t.add_column("source", no_wrap=True)
    for col in ("kind", "places", "names", "countries", "loaded"):
        t.add_column(col, overflow="fold")
    for s in status["sources"]:
        cs = s["countries"] or ""
        t.add_row(s["name"], s["kind"], str(s["places"]), str(s["names"]),
                  cs if len(cs) <= 12 else f"{len(cs.split(','))}", (s["loaded_at"] or "")[:10])
    return t


@gazetteer_app.command()
def status(gazetteer: GazetteerOpt = None) -> None:
    """Sources, place and name counts."""
    st = _open(gazetteer).status()
    out.print(_sources_table(st))
    out.print(f"{st['places']} places, {st['names']} names, {len(st['countries'])} countries")


@gazetteer_app.command()
def load(files: Annotated[list[Path], typer.Argument(help="GeoNames dumps: ML.txt, allCountries.txt or their .zip")],
         gazetteer: GazetteerOpt = None) -> None:
    """Index GeoNames dumps (re-loading a file replaces its rows)."""
    geo = _open(gazetteer)
    for f in files:
        try:
            r = geo.load_geonames(f)
        except GazetteerError as e:
            _fail(e)
        out.print(f"{r['source']}: {r['places']} places, {r['names']} names")


@gazetteer_app.command()
def add(csv_file: Annotated[Path, typer.Argument(help="CSV: name, alternate_names, latitude, longitude, country, admin1, admin2")],
        gazetteer: GazetteerOpt = None) -> None:
    """Add your own places; they outrank GeoNames on equal names."""
    geo = _open(gazetteer)
    try:
        r = geo.add_places(csv_file)
    except GazetteerError as e:
        _fail(e)
    out.print(f"{r['source']}: {r['places']} places, {r['names']} names")


@gazetteer_app.command()
def download(codes: Annotated[list[str], typer.Argument(help="country codes, e.g. ML NE BF (or allCountries)")],
             gazetteer: GazetteerOpt = None,
             keep: Annotated[Optional[Path], typer.Option(help="keep the zips in this folder")] = None) -> None:
    """Fetch GeoNames country dumps ($CONFLICTWATCH_GEONAMES_URL) and load them."""
    geo = _open(gazetteer)
    with tempfile.TemporaryDirectory() as tmp:
        dest = keep or Path(tmp)
        for code in codes:
            try:
                path = _download_one(code, dest)
                r = geo.load_geonames(path)
            except GazetteerError as e:
                _fail(e)
            out.print(f"{r['source']}: {r['places']} places, {r['names']} names")


def _download_one(code: str, dest: Path) -> Path:
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(f"{code}.zip", total=None)
        return download_dump(code, dest, lambda done, total: progress.update(task, completed=done, total=total))


def placements_table(rows: list[Placement], title: str) -> Table:
    t = Table(title=title)
    for col in ("#", "location", "lat", "lon", "iso", "admin1", "admin2", "code", "prec", "score", "source"):
        t.add_column(col)
    for i, p in enumerate(rows, 1):
        lat = f"{p.latitude:.4f}" if p.latitude is not None else ""
        lon = f"{p.longitude:.4f}" if p.longitude is not None else ""
        t.add_row(str(i), p.location, lat, lon, p.iso or "", p.admin1 or "", p.admin2 or "", p.feature_code or "",
                  f"{p.geo_precision}/{p.where_prec}", f"{p.score:.0f}", p.source)
    return t


def geocode_command(
    name: Annotated[str, typer.Argument(help="a place name as written in a report")],
    country: Annotated[Optional[str], typer.Option("--country", "-c", help="favour this country (ISO2 or name)")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="candidates to show")] = 10,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Show the ranked gazetteer candidates for NAME."""
    rows = _open(gazetteer).candidates(name, country=country, limit=limit)
    if not rows:
        err.print(f"no candidate for {name!r}", markup=False)
        raise typer.Exit(1)
    out.print(placements_table(rows, f"candidates for {name!r}" + (f" in {country}" if country else "")))
