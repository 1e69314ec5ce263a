"""Bulk ingest on Apache Spark: a thin shell over the library the CLI uses (see docs/spark.md).

* :mod:`.job` — ``conflictwatch spark ingest``: JSONL or Parquet in, Parquet datasets out, the engine in
  ``mapPartitions`` (one per partition), written under a temporary name and renamed when complete;
* :mod:`.fusion` — cross-report fusion of the output in Spark (blocking join on country and date
  bucket, the fusion library inside each connected group), equal to the store's;
* :mod:`.load` — ``conflictwatch load``: an output into a store through its public API (no Spark);
* :mod:`.layout` — the output's datasets, columns and manifest; :mod:`.executor` — what runs in the
  executors; :mod:`.session` — the session and Hadoop file system; :mod:`.settings` — settings.yaml.

Importing this package does not import pyspark (``load`` runs without it).
"""

from .layout import JobError, OutputError

__all__ = ["JobError", "OutputError"]
