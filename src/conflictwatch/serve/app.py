"""The HTTP API and the dashboard: one FastAPI app over one event store.

A thin shell over the library: the filters are the store's ``EventFilter`` / ``IncidentFilter``,
events and incidents come with the analysts' corrections (``review``), totals are
``totals.compute_incidents``, exports are ``exports``, corrections are ``review.actions``.

Writes (POST) need a bearer token; reads need it only when ``open_reads`` is false (the server
listens on an interface other than loopback). Every error is ``application/problem+json``.
"""


import datetime as dt
import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BeforeValidator, TypeAdapter, ValidationError

from .. import exports
from ..models import Event, Grade, ReviewEntry
from ..store import EventFilter, IncidentFilter, Store
from ..taxonomy import event_types
from ..totals import By, compute_incidents
from . import problems
from .auth import TokenCheck
from .models import (
    Correction,
    EventPage,
    Health,
    IncidentDetail,
    IncidentPage,
    Ingested,
    Merge,
    ReportIn,
    ReportInfo,
    ReportView,
    Reviewed,
    Saved,
    SetField,
    SetFigure,
    Span,
    Split,
    TotalRow,
    Totals,
)
from .problems import ApiError, responses
from .settings import ServeSettings, settings as default_settings

STATIC = Path(__file__).with_name("static")
EXPORT_TYPES = {"acled": "text/csv", "ucdp": "text/csv", "csv": "text/csv", "json": "application/json",
                "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
EXPORT_SUFFIX = {"acled": "acled.csv", "ucdp": "ucdp.csv", "csv": "csv", "json": "json", "geojson": "geojson",
                 "parquet": "parquet"}
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
SECURITY_HEADERS = {
    # the dashboard loads nothing from elsewhere and runs no inline script: report text can never run
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

EventType = Literal[tuple(event_types())]  # type: ignore[valid-type]

def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would also read '0' as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]

bearer = HTTPBearer(auto_error=False, description="a token from CONFLICTWATCH_TOKEN or `conflictwatch token create`")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (a plain ASGI middleware: cheaper than @app.middleware)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.lower().encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


def _default_engine():
    from ..engine import Engine
    from ..geo import Geocoder

    return Engine(geocoder=Geocoder())


class Context:
    """What the routes share: the store, the token check, the engine (loaded at the first POST /reports)."""

    def __init__(self, store: Store, token: str | None, engine_factory: Callable, cfg: ServeSettings):
        self.store = store
        self.tokens = TokenCheck(store, token)
        self.engine_factory = engine_factory
        self._engine = None
        self.write_lock = threading.Lock()  # one writer at a time (ingest, review, fusing)
        self._checked = -1e9
        self.cfg = cfg

    def engine(self):
        if self._engine is None:
            self._engine = self.engine_factory()
        return self._engine

    def fused(self, force: bool = False) -> None:
        """Fuse events never fused (stored by `conflictwatch ingest` while serving) before a read of
        incidents; checked at most every ``fused_check_seconds`` (the check counts two tables)."""
        from ..review import current_incidents

        now = time.monotonic()
        if force or now - self._checked >= self.cfg.fused_check_seconds:
            with self.write_lock:
                current_incidents(self.store, limit=0)
            self._checked = now


def create_app(store_url: str, token: str | None = None, *, open_reads: bool = True,
               engine_factory: Callable | None = None, settings: ServeSettings | None = None) -> FastAPI:
    """The app over the store at ``store_url`` (a path or an SQLAlchemy URL). ``token``: a bearer token
    accepted besides the stored ones (``conflictwatch token create``). ``open_reads``: reads need no
    token (serve does this on loopback only)."""
    cfg = settings or default_settings()
    url = store_url if "://" in store_url else f"sqlite:///{Path(store_url).expanduser()}"
    ctx = Context(Store(url), token, engine_factory or _default_engine, cfg)
    app = FastAPI(
        title="conflictwatch", version="1", docs_url=None, redoc_url=None,
        description="Structured, geocoded, source-attributed records of armed violence: events, incidents "
                    "(reports fused), totals as ranges, exports, and the analysts' corrections. "
                    "Writes need `Authorization: Bearer TOKEN`. Errors are application/problem+json (RFC 9457).",
    )
    app.state.ctx = ctx
    problems.install(app)

    app.add_middleware(SecurityHeaders)

    def _check(creds: HTTPAuthorizationCredentials | None) -> None:
        if creds is None or creds.scheme.lower() != "bearer" or not ctx.tokens.valid(creds.credentials):
            configured = "" if ctx.tokens.configured() else (
                " (no token is configured: set CONFLICTWATCH_TOKEN or run `conflictwatch token create`)")
            raise ApiError(401, "a valid bearer token is needed" + configured, headers={"WWW-Authenticate": "Bearer"})

    async def need_token(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        _check(creds)

    read_deps = [] if open_reads else [Depends(need_token)]
    write_deps = [Depends(need_token)]
    read_errors = (401,) if not open_reads else ()
    n = cfg.max_query_chars

    # --- parameters ------------------------------------------------------------------------------------

    def filters(historical_default: bool, historical_help: str):
        """The filters of events and incidents, as query parameters (``historical`` defaults differ)."""
        async def event_filter(  # async: no I/O, so no trip through the thread pool
            country: Annotated[str | None, Query(max_length=n, description="country name, e.g. Mali")] = None,
            admin1: Annotated[str | None, Query(max_length=n, description="first-order admin area, e.g. Gao")] = None,
            since: Annotated[Day | None, Query(description="ending on or after YYYY-MM-DD")] = None,
            until: Annotated[Day | None, Query(description="starting on or before YYYY-MM-DD")] = None,
            type: Annotated[EventType | None, Query(description="ACLED event type")] = None,  # noqa: A002
            actor: Annotated[str | None, Query(max_length=n, description="actor1 or actor2, exactly")] = None,
            bbox: Annotated[str | None, Query(
                pattern=r"^-?\d{1,3}(\.\d{1,8})?,-?\d{1,2}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?,-?\d{1,2}(\.\d{1,8})?$",
                description="min lon,min lat,max lon,max lat (records without coordinates are left out)")] = None,
            q: Annotated[str | None, Query(max_length=n, description="words in the place, actors, sub-event type or notes")] = None,
            historical: Annotated[bool, Query(description=historical_help)] = historical_default,
        ) -> EventFilter:
            box = tuple(float(x) for x in bbox.split(",")) if bbox else None
            return EventFilter(country=country or None, since=since, until=until, event_type=type,
                               include_historical=historical, admin1=admin1 or None, actor=actor or None,
                               bbox=box, q=q or None)  # type: ignore[arg-type]
        return event_filter

    event_filter = filters(True, "include background (historical) records")
    totals_filter = filters(False, "count background (historical) events too (off: they are told already)")

    async def incident_filter(
        base: Annotated[EventFilter, Depends(event_filter)],
        grade: Annotated[Grade | None, Query(description="only incidents of this grade")] = None,
    ) -> IncidentFilter:
        return IncidentFilter(**vars(base), grade=grade)

    async def page(
        limit: Annotated[int, Query(ge=1, le=cfg.max_page_size, description="records per page")] = cfg.page_size,
        cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$", description="next_cursor of the previous page")] = None,
    ) -> tuple[int, int]:
        return limit, int(cursor) if cursor else 0

    def _paged(items: list, limit: int, offset: int) -> tuple[list, str | None]:
        more = len(items) > limit
        return items[:limit], (str(offset + limit) if more else None)

    def json_response(model) -> Response:
        return Response(model.model_dump_json(), media_type="application/json")

    # --- reads ------------------------------------------------------------------------------------------
    # Reads bounded by a page (or one record) are `async def`: they run on the event loop, one after the
    # other in each worker, a few ms each, which keeps the slowest answers fast under load (no thread pool
    # in which every request of a burst slows the others). Unbounded ones (totals, export) run in threads.

    from ..review import reviewed_events

    @app.get("/events", response_model=EventPage, dependencies=read_deps, tags=["read"],
             responses=responses(*read_errors, 422))
    async def list_events(flt: Annotated[EventFilter, Depends(event_filter)],
                    paging: Annotated[tuple[int, int], Depends(page)]):
        """Events (one per report and incident), with the analysts' corrections, oldest first."""
        limit, offset = paging
        items, nxt = _paged(reviewed_events(ctx.store, flt, limit=limit + 1, offset=offset), limit, offset)
        return json_response(EventPage(items=items, limit=limit, next_cursor=nxt))

    @app.get("/incidents", response_model=IncidentPage, dependencies=read_deps, tags=["read"],
             responses=responses(*read_errors, 422))
    async def list_incidents(flt: Annotated[IncidentFilter, Depends(incident_filter)],
                       paging: Annotated[tuple[int, int], Depends(page)]):
        """Incidents: the events of every report fused, with the analysts' corrections, oldest first."""
        limit, offset = paging
        ctx.fused()
        items, nxt = _paged(ctx.store.incidents(flt, limit=limit + 1, offset=offset), limit, offset)
        return json_response(IncidentPage(items=items, limit=limit, next_cursor=nxt))

    def _report_info(doc_id: str) -> ReportInfo:
        r = ctx.store.report(doc_id)
        if r is None:
            return ReportInfo(id=doc_id)
        return ReportInfo(id=r.id, source=r.source, title=r.title, url=r.url, published=r.published)

    @app.get("/incidents/{incident_id}", response_model=IncidentDetail, dependencies=read_deps, tags=["read"],
             responses=responses(*read_errors, 404, 422))
    async def get_incident(incident_id: Annotated[str, PathParam(max_length=200)]):
        """One incident: every figure per victim group with its source, status and evidence; claims apart;
        its member events and reports."""
        ctx.fused()
        inc = ctx.store.incident(incident_id)
        if inc is None:
            raise ApiError(404, f"no incident {incident_id!r}")
        members = set(inc.events)
        events: list[Event] = []
        for doc in inc.documents:
            events += [e for e in reviewed_events(ctx.store, EventFilter(document_id=doc)) if e.id in members]
        return json_response(IncidentDetail(incident=inc, events=events,
                                            reports=[_report_info(d) for d in inc.documents]))

    @app.get("/reports/{report_id}", response_model=ReportView, dependencies=read_deps, tags=["read"],
             responses=responses(*read_errors, 404, 422))
    async def get_report(report_id: Annotated[str, PathParam(max_length=200)]):
        """A report's text and the spans of it each value came from (character offsets into the text)."""
        report = ctx.store.report(report_id)
        if report is None:
            raise ApiError(404, f"no report {report_id!r}")
        spans: list[Span] = []
        for e in reviewed_events(ctx.store, EventFilter(document_id=report.id)):
            spans += [Span(event_id=e.id, field=ev.field, start=ev.start, end=ev.end, text=ev.text) for ev in e.evidence]
            for f in e.figures or e.victims:
                spans += [Span(event_id=e.id, field="figure", start=ev.start, end=ev.end, text=ev.text, group=f.group,
                               status=f.status, source=f.source) for ev in f.evidence]
            for c in e.claims:
                spans += [Span(event_id=e.id, field="claim", start=ev.start, end=ev.end, text=ev.text,
                               source=c.claimant, status="claim") for ev in c.evidence]
        return json_response(ReportView(id=report.id, text=report.text, source=report.source, url=report.url,
                                        title=report.title, published=report.published, spans=spans))

    @app.get("/totals", response_model=Totals, dependencies=read_deps, tags=["read"],
             responses=responses(*read_errors, 422))
    def totals(flt: Annotated[EventFilter, Depends(totals_filter)],
               grade: Annotated[Grade | None, Query(description="only incidents of this grade")] = None,
               by: Annotated[By, Query(description="group by")] = "victim"):
        """Killed per group, each incident counted once, as ranges ('at least 385 to 415'); claims never count."""
        ctx.fused()
        incidents = ctx.store.incidents(IncidentFilter(**{**vars(flt), "include_historical": True}, grade=grade))
        rows = compute_incidents(incidents, by, include_historical=flt.include_historical)
        documents = {d for i in incidents for d in i.documents}
        stated = {doc: [v.model_copy(update={"evidence": []}) for v in vs]
                  for doc, vs in ctx.store.stated_totals(documents).items() if vs}
        return json_response(Totals(by=by, stated_by_reports=stated, totals=[
            TotalRow(key=r.key, killed_low=r.killed_low, killed_high=r.killed_high, qualifier=r.qualifier,
                     range=r.range_text, incidents=r.incidents, events=r.events,
                     incidents_without_figures=r.events_unknown, reports=r.reports, sources=r.sources)
            for r in rows]))

    @app.get("/export", dependencies=read_deps, tags=["read"], response_class=StreamingResponse,
             responses={200: {"description": "the export, as a download",
                              "content": {"text/csv": {"schema": {"type": "string"}},
                                          "application/json": {"schema": {"type": "array"}},
                                          "application/geo+json": {"schema": {"type": "object"}},
                                          "application/vnd.apache.parquet": {"schema": {"type": "string",
                                                                                        "format": "binary"}}}},
                        **responses(*read_errors, 422)})
    def export(flt: Annotated[EventFilter, Depends(event_filter)],
               format: Annotated[Literal["acled", "ucdp", "geojson", "parquet", "csv", "json"], Query()] = "acled"):  # noqa: A002
        """Events with the analysts' corrections as ACLED CSV, UCDP GED CSV, GeoJSON, Parquet, CSV or JSON,
        streamed. ACLED rows carry the incident_id."""
        events = reviewed_events(ctx.store, flt)
        ctx.fused()
        ids = ctx.store.incident_ids()
        if format == "parquet":
            import pyarrow.parquet as pq

            buf = io.BytesIO()
            pq.write_table(exports.parquet_table(events), buf)
            body: bytes | str = buf.getvalue()
        else:
            body = exports.render(events, format, incident_ids=ids)

        def chunks() -> Iterator[bytes]:
            data = body.encode("utf-8") if isinstance(body, str) else body
            for i in range(0, len(data), 64 * 1024):
                yield data[i:i + 64 * 1024]

        name = f"conflictwatch-events.{EXPORT_SUFFIX[format]}"
        return StreamingResponse(chunks(), media_type=EXPORT_TYPES[format],
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/review", response_model=list[ReviewEntry], dependencies=read_deps, tags=["review"],
             responses=responses(*read_errors))
    def review_log():
        """The analysts' corrections, oldest first: who, when, why, before, after, and whether each still applies."""
        return Response(TypeAdapter(list[ReviewEntry]).dump_json([_aware(e) for e in ctx.store.reviews()]),
                        media_type="application/json")

    @app.get("/health", response_model=Health, tags=["read"])
    async def health():
        """The store and what it holds (always open: no record content)."""
        return json_response(Health(status="ok", store=ctx.store.url, counts=ctx.store.counts(),
                                    reads_need_token=not open_reads, writes_configured=ctx.tokens.configured()))

    # --- writes -----------------------------------------------------------------------------------------

    report_schema = ReportIn.model_json_schema(ref_template="#/components/schemas/{model}")

    @app.post("/reports", response_model=Ingested, dependencies=write_deps, tags=["write"],
              responses=responses(400, 401, 413, 415, 422),
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"oneOf": [
                      {"$ref": "#/components/schemas/ReportIn"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/ReportIn"}, "minItems": 1,
                       "maxItems": cfg.max_batch}]}},
                  "application/x-ndjson": {"schema": {"type": "string",
                                                      "description": "JSONL: one ReportIn object per line"}}}}})
    async def post_reports(request: Request):
        """Extract one report (a JSON object), or a batch (a JSON array, or JSONL as application/x-ndjson),
        into the store, refresh the incidents, and return the reports' events and incidents."""
        raw = await _body(request, cfg.max_body_bytes)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in JSONL_TYPES:
            try:
                objs = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ApiError(400, f"not JSONL: {exc}") from None
        elif ctype == "application/json":
            try:
                objs = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ApiError(400, f"not JSON: {exc}") from None
            objs = objs if isinstance(objs, list) else [objs]
        else:
            raise ApiError(415, "send application/json (one report or an array) or application/x-ndjson (JSONL)")
        if not objs:
            raise ApiError(422, "no report in the body")
        if len(objs) > cfg.max_batch:
            raise ApiError(413, f"{len(objs)} reports; at most {cfg.max_batch} per request")
        try:
            reports = TypeAdapter(list[ReportIn]).validate_python(objs)
        except ValidationError as exc:
            e = exc.errors()[0]
            raise ApiError(422, f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}") from None
        from starlette.concurrency import run_in_threadpool

        done = await run_in_threadpool(_ingest, ctx, reports)
        if all(s.status == "unsupported" for s in done.reports):  # nothing was read, nothing stored
            raise ApiError(422, "; ".join(f"{s.id}: {s.error}" for s in done.reports))
        return json_response(done)

    @app.post("/review", response_model=Reviewed, dependencies=write_deps, tags=["review"],
              responses=responses(400, 401, 404, 409, 422))
    def post_review(body: Correction):
        """A correction, kept in the append-only log and applied at once: set a field of an event or an
        incident, set a figure's status, merge incidents, or split an incident."""
        from ..review import ReviewError, actions

        try:
            with ctx.write_lock:
                incident = None
                if isinstance(body, SetField):
                    entry = actions.set_field(ctx.store, body.target, body.field, json.dumps(body.value),
                                              author=body.author, reason=body.reason)
                    incident = ctx.store.incident(body.target) or ctx.store.incident_of(body.target)
                elif isinstance(body, SetFigure):
                    entry = actions.set_figure(ctx.store, body.event, body.status, author=body.author,
                                               reason=body.reason, evidence_start=body.evidence_start,
                                               evidence_text=body.evidence_text)
                    incident = ctx.store.incident_of(body.event)
                elif isinstance(body, Merge):
                    entry, incident = actions.merge(ctx.store, body.incidents, author=body.author, reason=body.reason)
                else:
                    assert isinstance(body, Split)
                    entry, incident = actions.split(ctx.store, body.incident, body.events, author=body.author,
                                                    reason=body.reason)
        except ReviewError as exc:
            message = str(exc)
            raise ApiError(404 if message.startswith("unknown") else 409, message) from None
        return json_response(Reviewed(entry=_aware(entry), incident=incident))

    # --- the dashboard ----------------------------------------------------------------------------------

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return HTMLResponse((STATIC / "docs.html").read_text(encoding="utf-8"))

    def openapi():
        if app.openapi_schema is None:
            app.openapi_schema = _problem_openapi(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes), report_schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _aware(entry: ReviewEntry) -> ReviewEntry:
    """The log's times in UTC with their offset (SQLite keeps them without one)."""
    if entry.at.tzinfo is None:
        return entry.model_copy(update={"at": entry.at.replace(tzinfo=dt.timezone.utc)})
    return entry


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"body over the {limit} byte limit")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise ApiError(413, f"body over the {limit} byte limit")
    return bytes(data)


def _ingest(ctx: Context, reports: list[ReportIn]) -> Ingested:
    """The library's ingest (as `conflictwatch ingest`): extract what is new, save, refresh the incidents."""
    from ..ingest import InputError, report_from_text
    from ..review import current_incidents, refresh, reviewed_events

    saved: list[Saved] = []
    items = []
    for i, r in enumerate(reports):
        try:
            items.append(report_from_text(r.text, origin=f"report {i + 1}", doc_id=r.id, published=r.published,
                                          source=r.source, url=r.url, title=r.title, country=r.country,
                                          lang=r.lang))
        except InputError as exc:
            raise ApiError(422, str(exc)) from None
    with ctx.write_lock:
        engine = ctx.engine()
        fresh = []
        for rep in items:
            stored = ctx.store.known(rep.content_hash, engine.version)
            if stored is None:
                choice = engine.route(rep)
                if choice.pipeline is None:
                    saved.append(Saved(id=rep.id, status="unsupported",
                                       error=f"written in {choice.lang!r}, a language conflictwatch does not read"))
                    continue
                fresh.append(rep)
                continue
            alias = stored if stored != rep.id else None
            if alias:
                ctx.store.add_alias(rep.id, stored)
            saved.append(Saved(id=stored, status="unchanged", alias_of=alias))
        for s in ctx.store.save_many(engine.extract_many(fresh)):
            saved.append(Saved(id=s.report_id, status=s.status, events_written=s.events_written,
                               alias_of=s.alias_of, error=s.error))
        if any(s.status in ("new", "updated") for s in saved):
            refresh(ctx.store)
    events = [e for doc in dict.fromkeys(s.id for s in saved if s.status != "failed")
              for e in reviewed_events(ctx.store, EventFilter(document_id=doc))]
    ids = {e.id for e in events}
    incidents = [i for i in current_incidents(ctx.store) if ids & set(i.events)]
    return Ingested(reports=saved, events=events, incidents=incidents)


def _problem_openapi(schema: dict, report_schema: dict) -> dict:
    """Every error response documented as application/problem+json; FastAPI's own 422 shape replaced."""
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    comps["Problem"] = problems.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in report_schema.pop("$defs", {}).items():
        comps.setdefault(name, sub)
    comps["ReportIn"] = report_schema
    for name in ("HTTPValidationError", "ValidationError"):
        comps.pop(name, None)
    for path in schema.get("paths", {}).values():
        for op in path.values():
            for code, resp in op.get("responses", {}).items():
                if code.isdigit() and int(code) >= 400:
                    resp["content"] = {problems.PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return schema


#: what `conflictwatch serve --workers N` hands its worker processes
ENV_STORE, ENV_OPEN_READS = "CONFLICTWATCH_SERVE_STORE", "CONFLICTWATCH_SERVE_OPEN_READS"


def app_from_env() -> FastAPI:
    """The app of one worker process of `conflictwatch serve --workers N` (uvicorn's factory): the store
    and whether reads are open come from the environment the command set, the token from
    CONFLICTWATCH_TOKEN, the engine's model and gazetteer from CONFLICTWATCH_MODEL, _MODEL_DIR, _GAZETTEER."""
    import os

    return create_app(os.environ[ENV_STORE], os.environ.get("CONFLICTWATCH_TOKEN") or None,
                      open_reads=os.environ.get(ENV_OPEN_READS) == "1")
