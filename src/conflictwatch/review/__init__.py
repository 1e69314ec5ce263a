"""Analyst review: corrections kept apart from machine output, re-applied at every refresh.

Every correction (merge, split, set a field, set a figure's status) is one entry of the store's
append-only ``review_log`` (who, when, why, before, after) anchored to the report's content hash and
the evidence span it concerns, so it survives re-ingest and re-extraction (see ``anchors``).
:func:`refresh` fuses the stored events into incidents with the corrections applied.
"""

from .actions import FIGURE_STATUSES, ReviewError, merge, parse_value, pending, set_field, set_figure, split
from .apply import current_incidents, refresh, reviewed_events

__all__ = [
    "FIGURE_STATUSES", "ReviewError", "current_incidents", "merge", "parse_value", "pending", "refresh",
    "reviewed_events", "set_field", "set_figure", "split",
]
