"""Shared test data of the gazetteer tests (paths, a small synthetic GeoNames dump)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_GEONAMES = (REPO / ".." / "shared" / "data" / "geonames").resolve()
DUMPS = sorted(SHARED_GEONAMES.glob("*.txt")) if SHARED_GEONAMES.is_dir() else []


def need_dumps() -> None:
    if not DUMPS:
        pytest.skip(f"the GeoNames dumps are not at {SHARED_GEONAMES} (the shared/ folder beside the repo)")


# a small synthetic GeoNames dump ------------------------------------------------------------------

def dump_line(gid: int, name: str, lat: float, lon: float, fclass: str = "P", fcode: str = "PPL",
              cc: str = "ML", a1: str = "09", a2: str = "", alts: str = "", pop: int = 0) -> str:
    from unidecode import unidecode
    cols = [str(gid), name, unidecode(name), alts, str(lat), str(lon), fclass, fcode, cc, "", a1, a2, "", "",
            str(pop), "", "300", "Africa/Bamako", "2014-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


SMALL_DUMP = "".join([
    dump_line(900001, "Région de Test", 16.0, 1.0, "A", "ADM1", a1="77", alts="Testregion"),
    dump_line(900002, "Cercle de Test", 16.1, 1.1, "A", "ADM2", a1="77", a2="7701"),
    dump_line(900003, "Zorbalé", 16.2, 1.2, a1="77", a2="7701", alts="Zorbale,Zourbale", pop=1200),
    dump_line(900004, "Kelbo Wadi", 16.3, 1.3, "H", "WAD", a1="77"),
    dump_line(900005, "Dorbi", 12.0, -8.0, a1="07"),
    dump_line(900006, "Dorbi", 16.5, 1.5, a1="77"),
])


