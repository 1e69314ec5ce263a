"""The analyst's own places: a CSV with header

    name, alternate_names, latitude, longitude, country, admin1, admin2[, feature_code][, population]

alternate_names are separated by ';' (or ',' inside a quoted field). country is ISO2 or a name.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .builtin import country_index, countries
from .gazetteer import GazetteerError, _Place, normalize, rules

REQUIRED = ("name", "latitude", "longitude", "country")
OPTIONAL = ("alternate_names", "admin1", "admin2", "feature_code", "population")


def feature_class(code: str) -> str:
    table = rules()["feature_code_class"]
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table[code[:n]]
    return "L"


def country_iso(value: str) -> str | None:
    v = value.strip()
    if v.upper() in countries():
        return v.upper()
    return country_index().get(normalize(v))


def _coordinate(value: str, low: float, high: float, what: str, where: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise GazetteerError(f"{where}: {what} {value!r} is not a number") from None
    if not low <= x <= high:
        raise GazetteerError(f"{where}: {what} {x} out of range [{low:g}, {high:g}]")
    return x


def _row_place(row: dict[str, str], where: str) -> _Place:
    name = (row.get("name") or "").strip()
    if not name:
        raise GazetteerError(f"{where}: empty name")
    lat = _coordinate((row.get("latitude") or "").strip(), -90, 90, "latitude", where)
    lon = _coordinate((row.get("longitude") or "").strip(), -180, 180, "longitude", where)
    iso = country_iso(row.get("country") or "")
    if iso is None:
        raise GazetteerError(f"{where}: unknown country {row.get('country')!r} (give ISO2 or a country name)")
    alts = [a.strip() for a in re.split(r"[;,]", row.get("alternate_names") or "") if a.strip()]
    code = (row.get("feature_code") or "").strip().upper() or rules()["default_feature_code"]
    pop = (row.get("population") or "").strip()
    return _Place(geonameid=None, name=name, lat=lat, lon=lon, fclass=feature_class(code), fcode=code,
                  country=iso, admin1_code="", admin2_code="", population=int(pop) if pop.isdigit() else 0,
                  names=[name, *alts], admin1=(row.get("admin1") or "").strip() or None,
                  admin2=(row.get("admin2") or "").strip() or None)


def parse_user_csv(path: Path) -> list[_Place]:
    """Every place of the file, validated; GazetteerError (file and line) on the first bad row."""
    path = Path(path)
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise GazetteerError(f"{path.name}: not UTF-8 (byte offset {e.start})") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteerError(f"{path.name}: missing column(s) {', '.join(missing)}; "
                             f"the header must have {', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})")
    places = []
    for lineno, raw in enumerate(reader, 2):
        if None in raw:
            raise GazetteerError(f"{path.name} line {lineno}: more fields than the header has")
        row = {k.strip().lower(): (v or "") for k, v in raw.items()}
        if not any(row.values()):
            continue
        places.append(_row_place(row, f"{path.name} line {lineno}"))
    if not places:
        raise GazetteerError(f"{path.name}: no places")
    return places


def add_user_places(gaz, path: Path) -> dict:
    """Load the analyst's CSV into `gaz` as source 'user:<file name>' (replacing an earlier load)."""
    places = parse_user_csv(path)
    for p in places:
        if p.admin1:
            p.admin1_code = gaz.admin1_code_by_name(p.country, p.admin1) or ""
    return gaz.load_places(f"user:{Path(path).name}", "user", Path(path), places)
