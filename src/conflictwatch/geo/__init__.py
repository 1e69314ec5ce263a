"""Gazetteer and geocoder: place names of reports -> coordinates with ACLED/UCDP precision codes.

    from conflictwatch.geo import Geocoder, GeoContext, PlaceMention
    geo = Geocoder()                      # the default gazetteer; built-in data on first use
    geo.resolve("Tamalat", GeoContext(mentions=[PlaceMention(text="Mali", kind="country")]))
"""

from .gazetteer import Gazetteer, GazetteerError, normalize
from .geocoder import GeoContext, Geocoder, PlaceMention, Placement

__all__ = ["GeoContext", "Geocoder", "Gazetteer", "GazetteerError", "PlaceMention", "Placement", "normalize"]
