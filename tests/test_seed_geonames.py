"""Issue 3 end to end: the seed report through the CLI with the GeoNames dumps of ../shared loaded,
then with the analyst's own places added (``gazetteer add``)."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.geo.gazetteer import haversine_km

from .conftest import SEED, needs_shared

pytestmark = needs_shared
MENAKA = (15.9182, 2.4022)


def extract(gazetteer, model_dir: str | None = "none") -> list[dict]:
    """The seed's events; by default with the rules and the gazetteer alone (no learned model)."""
    res = CliRunner().invoke(app, ["--gazetteer", str(gazetteer), *(["--model-dir", model_dir] if model_dir else []),
                                   "extract", str(SEED), "--published", "2022-03", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    return data["events"] if isinstance(data, dict) else data


def at(events, location):
    found = [e for e in events if e["location"] == location and not e["historical"]]
    assert found, sorted({e["location"] for e in events})
    return found


def km(e, point):
    return haversine_km(e["latitude"], e["longitude"], *point)


def test_seed_places_on_geonames_then_user_places(geonames_gazetteer_path, tmp_path):
    gaz = tmp_path / "gazetteer.sqlite"
    shutil.copy(geonames_gazetteer_path, gaz)
    events = extract(gaz)
    # Tamalat is GeoNames' alternate name of the well Tamalelt; Anderanbokan a spelling of Andéranboukan
    for name, point in (("Tamalelt", (15.797, 3.7095)), ("Andéranboukan", (15.4275, 3.0175))):
        for e in at(events, name):
            assert km(e, point) < 1.0 and e["geo_precision"] == 1
            assert (e["country"], e["iso"], e["admin1"]) == ("Mali", "ML", "Gao")
    for e in at(events, "Menaka"):
        assert km(e, MENAKA) < 1.0 and e["geo_precision"] == 3
    old = [e for e in events if e["historical"] and e["country"] == "Niger"]
    assert [e["admin1"] for e in old] == ["Tillaberi"]
    for name in ("Inchinanan", "Etanbaw"):  # absent from GeoNames: the Menaka area, said so
        for e in at(events, name):
            assert km(e, MENAKA) < 1.0 and e["geo_precision"] == 3 and name in e["geo_note"]
    assert all(e["latitude"] is not None and e["admin1"] for e in events)

    places = tmp_path / "my_places.csv"
    places.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\n"
                      "Inchinanane,Inchinanan,15.61,3.21,ML,Gao,\n"
                      "Etanbaw,Etambaw,15.55,2.95,Mali,Gao,\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["--gazetteer", str(gaz), "gazetteer", "add", str(places)])
    assert res.exit_code == 0, res.output
    events = extract(gaz)
    assert {(e["latitude"], e["longitude"], e["geo_precision"]) for e in at(events, "Inchinanane")} == {(15.61, 3.21, 1)}
    etanbaw = at(events, "Etanbaw")
    assert {(e["latitude"], e["longitude"]) for e in etanbaw} == {(15.55, 2.95)}
    assert sorted(e["geo_precision"] for e in etanbaw) == [1, 2]  # the MSA fight in it; the air strikes near it
    # with the shipped model too, the analyst's own places win over the places ACLED has coded
    etanbaw = at(extract(gaz, model_dir=None), "Etanbaw")
    assert {(e["latitude"], e["longitude"]) for e in etanbaw} == {(15.55, 2.95)}


def test_seed_places_with_the_coded_record(geonames_gazetteer_path, tmp_path):
    """The shipped model knows the places ACLED has coded: Etanbaw is its Etambaw (Anderamboukane,
    in the Menaka region ACLED codes as admin1), placed at ACLED's point rather than at the region."""
    gaz = tmp_path / "gazetteer.sqlite"
    shutil.copy(geonames_gazetteer_path, gaz)
    events = extract(gaz, model_dir=None)
    for e in at(events, "Etambaw"):
        assert km(e, (15.892, 3.918)) < 1.0 and e["admin1"] == "Menaka"
    assert all(e["latitude"] is not None and e["admin1"] for e in events)
