"""Invented rows of ACLED's coded record, and the place model and pipeline built from them, shared by
the place tests."""

from __future__ import annotations

import pytest

from conflictwatch.learn.places import PlaceModel


def row(location, country, iso3, lat, lon, a1="", a2="", prec="1"):
    return {"location": location, "country": country, "iso3": iso3, "latitude": str(lat), "longitude": str(lon),
            "admin1": a1, "admin2": a2, "admin3": "", "geo_precision": prec, "notes": "invented"}


# two invented Malian places: an admin2 named like its town, a town whose admin1 is named after it
ROWS = [
    row("Dar Kebir", "Mali", "MLI", 15.2, -2.1, "Wadi Zarqa", "Dar Kebir"),
    row("Zarqa Alta", "Mali", "MLI", 15.4, -2.3, "Zarqa Alta", "Zarqa Alta"),
]


def place_model(rows) -> PlaceModel:
    m = PlaceModel()
    m.fit(rows)
    return m


def place_nlp(model: PlaceModel):
    """The English pipeline whose place fixer knows the model's names."""
    from conflictwatch.nlp import load_pipeline

    return load_pipeline(None, None, model)


# fixtures for a test module that sets ROWS (import them: `from .coded_places import model, nlp`)
@pytest.fixture(scope="module")
def model(request) -> PlaceModel:
    return place_model(request.module.ROWS)


@pytest.fixture(scope="module")
def nlp(model):  # noqa: F811 (the fixture above)
    return place_nlp(model)
