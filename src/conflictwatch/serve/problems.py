"""Errors as ``application/problem+json`` (RFC 9457): one shape for every error the API returns."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field("about:blank", description="a URI naming the kind of problem")
    title: str = Field(description="short, human-readable summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str | None = Field(None, description="what went wrong with this request")
    instance: str | None = Field(None, description="the request path")
    errors: list[dict] | None = Field(None, description="invalid parameters (422 only): location, message, type")


class ApiError(Exception):
    """Raised by the routes; becomes a problem response."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def problem(status: int, detail: str | None, path: str | None, *, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, instance=path, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM, headers=headers)


def responses(*codes: int) -> dict[int | str, dict]:
    """OpenAPI ``responses`` entries documenting these problem codes."""
    return {code: {"description": HTTPStatus(code).phrase,
                   "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}} for code in codes}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError):
        return problem(exc.status, exc.detail, request.url.path, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method of the path, not only those of the first route matched
            methods = {m for r in request.app.routes if getattr(r, "methods", None) and
                       getattr(r, "path_regex", None) and r.path_regex.match(request.url.path) for m in r.methods}
            headers["Allow"] = ", ".join(sorted(methods))
        return problem(exc.status_code, detail, request.url.path, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        return problem(422, f"{'.'.join(first['loc'])}: {first['msg']}", request.url.path, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # never a stack trace to the client
        return problem(500, "internal error; see the server's log", request.url.path)
