"""Reports into the store: the one path `conflictwatch ingest` and `conflictwatch watch` share.

A text already extracted by this engine version adds nothing (its new id becomes an alias, its new
URL is listed with it); the others are extracted in batches and saved with a SAVEPOINT each, so one
report's failure rolls back that report alone. The caller refreshes the incidents afterwards.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..ingest import Item
from ..models import ExtractionResult

if TYPE_CHECKING:
    from ..engine import Engine
    from ..store import Store


@dataclass
class Ingested:
    """What became of one item: its status, the stored report id, the events written (with the
    extraction result when the report was extracted), whether its id became an alias, or its error."""

    item: Item
    #: "unsupported": written in a language no pipeline reads (``lang``); not stored, never extracted
    status: Literal["new", "updated", "unchanged", "failed", "unsupported"]
    report_id: str
    events_written: int = 0
    alias_of: str | None = None
    new_alias: bool = False
    new_url: bool = False
    result: ExtractionResult | None = None
    error: str | None = None
    lang: str | None = None


def ingest_items(store: Store, engine: Engine | Callable[[], Engine], items: Iterable[Item]) -> Iterator[Ingested]:
    """Store the reports of ``items`` (their errors are the caller's to report). ``engine`` may be a
    factory, called only when some report needs extracting. Texts already known come first."""
    items = [i for i in items if i.report is not None]
    if not items:
        return
    if callable(engine):
        engine = engine()
    fresh: list[Item] = []
    for item in items:
        report = item.report
        stored = store.known(report.content_hash, engine.version)
        if stored is None:
            choice = engine.route(report)  # sets report.lang
            if choice.pipeline is None:
                yield Ingested(item, "unsupported", report.id, lang=choice.lang,
                               error=f"written in {choice.lang!r}, a language conflictwatch does not read")
                continue
            fresh.append(item)
            continue
        new_alias = stored != report.id and store.add_alias(report.id, stored)
        new_url = store.add_url(stored, report)
        yield Ingested(item, "unchanged", stored, new_alias=new_alias, new_url=new_url,
                       alias_of=stored if stored != report.id else None)
    written: deque[tuple[Item, ExtractionResult]] = deque()

    def extracted() -> Iterator[ExtractionResult]:
        for item, result in zip(fresh, engine.extract_many([i.report for i in fresh])):
            written.append((item, result))
            yield result

    for saved in store.save_many(extracted()):
        item, result = written.popleft()
        yield Ingested(item, saved.status, saved.report_id, events_written=saved.events_written,
                       alias_of=saved.alias_of, new_url=saved.url_added, result=result, error=saved.error,
                       lang=item.report.lang)
