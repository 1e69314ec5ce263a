"""Analysis over exports: totals and event lists read from Parquet files through DuckDB."""

from .duckdb import ParquetError, parquet_files, read_events, stated_totals, totals

__all__ = ["ParquetError", "parquet_files", "read_events", "stated_totals", "totals"]
