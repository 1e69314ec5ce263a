"""Analysis over exports: totals and event lists read from Parquet files through DuckDB."""

from .duckdb import CountedTotal, ParquetError, parquet_files, read_events, stated_totals, totals

__all__ = ["CountedTotal", "ParquetError", "parquet_files", "read_events", "stated_totals", "totals"]
