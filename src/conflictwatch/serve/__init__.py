"""`conflictwatch serve`: the HTTP API and the analysts' dashboard over one event store."""

from .app import create_app

__all__ = ["create_app"]
