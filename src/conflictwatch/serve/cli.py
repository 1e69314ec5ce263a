"""`conflictwatch serve` and `conflictwatch token ...`: thin shells over ``serve.create_app`` and the store."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from .settings import settings

token_app = typer.Typer(help="API tokens for the writes of `conflictwatch serve` (only their SHA-256 is stored).",
                        no_args_is_help=True)


def _main():
    from .. import cli  # imported here: the main CLI registers these commands

    return cli


def serve_command(
    host: Annotated[Optional[str], typer.Option(help=f"Interface to listen on (default {settings().host}); reads "
                                                     "need the token on any interface but loopback.")] = None,
    port: Annotated[Optional[int], typer.Option(help=f"Port (default {settings().port}).", min=1, max=65535)] = None,
    workers: Annotated[Optional[int], typer.Option(help=f"Worker processes (default {settings().workers}); "
                                                        "more serve more reads at once.", min=1, max=64)] = None,
) -> None:
    """Serve the HTTP API (/docs) and the dashboard (/) over the event store. Writes need a bearer token:
    CONFLICTWATCH_TOKEN or one from `conflictwatch token create`."""
    import uvicorn

    from .app import create_app

    main = _main()
    cfg = settings()
    host = host or cfg.host
    port = port or cfg.port
    store = main.open_store()
    open_reads = host in cfg.loopback
    workers = workers or cfg.workers
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    main.err.print(f"conflictwatch: dashboard {where}, API docs {where}docs, store {store.url}; reads "
                   f"{'open (loopback)' if open_reads else 'need the token'}, writes need the token", highlight=False,
                   soft_wrap=True)
    if workers == 1:
        app = create_app(store.url, os.environ.get("CONFLICTWATCH_TOKEN") or None, open_reads=open_reads,
                         engine_factory=main.make_engine)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    from .app import ENV_OPEN_READS, ENV_STORE

    # worker processes build their own app (uvicorn's factory) from what this command was given
    os.environ[ENV_STORE], os.environ[ENV_OPEN_READS] = store.url, "1" if open_reads else "0"
    for name, value in (("CONFLICTWATCH_GAZETTEER", main.state.gazetteer), ("CONFLICTWATCH_MODEL", main.state.model),
                        ("CONFLICTWATCH_MODEL_DIR", main.state.model_dir)):
        if value is not None:
            os.environ[name] = str(value)
    uvicorn.run("conflictwatch.serve.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@token_app.command("create")
def token_create(name: Annotated[str, typer.Option(help="Who or what the token is for.")] = "analyst") -> None:
    """Make a token and print it once (the store keeps only its SHA-256)."""
    from .auth import create_token

    main = _main()
    token_id, token = create_token(main.open_store(), name)
    main.err.print(f"token #{token_id} ({name}); it is shown only now:", highlight=False)
    main.out.print(token, highlight=False, markup=False, soft_wrap=True)


@token_app.command("list")
def token_list() -> None:
    """The tokens: id, name, when made (never the token)."""
    main = _main()
    rows = main.open_store().tokens()
    for r in rows:
        main.out.print(f"#{r['id']}  {r['name']}  {r['created_at']:%Y-%m-%d %H:%M}", highlight=False, markup=False)
    if not rows:
        main.out.print("no tokens", highlight=False)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The token's number (see token list).")]) -> None:
    """Revoke a token."""
    main = _main()
    if not main.open_store().revoke_token(token_id):
        raise main.fail(f"no token #{token_id}")
    main.out.print(f"token #{token_id} revoked", highlight=False)
