"""Knowledge learned from the coded record (ACLED-layout CSVs), saved as a versioned model directory.

A model directory holds one sub-folder per component plus ``meta.json`` (format version, the data it
was trained on, the date, the figures). Every component follows one interface (:class:`Component`):
``fit(rows) -> figures``, ``to_disk(folder)``, ``from_disk(folder)``.
"""

from conflictwatch.learn.acled import AcledRow, ModelError, read_rows

__all__ = ["AcledRow", "ModelError", "read_rows"]
