"""``conflictwatch train`` and ``conflictwatch model``: a thin shell over :mod:`conflictwatch.learn`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from conflictwatch import config
from conflictwatch.learn.acled import ModelError
from conflictwatch.learn.default import ENV, SHIPPED, load_model, model_dir
from conflictwatch.learn.model import COMPONENTS, train

out = Console(soft_wrap=True)
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def train_command(
    files: Annotated[list[Path], typer.Argument(help="ACLED-layout CSVs (any subset of ACLED's columns; .csv or .csv.gz).")],
    out_dir: Annotated[Optional[Path], typer.Option("--out", "-o", help="The model directory to write "
                                                    "[default: CONFLICTWATCH_HOME/model].", show_default=False)] = None,
    split: Annotated[str, typer.Option(help="Train on the rows whose 'split' column says this ('' for all rows; "
                                            "files without the column are taken whole).")] = "train",
    component: Annotated[Optional[list[str]], typer.Option("--component", "-c", help="Fit only these components "
                                                           f"({', '.join(COMPONENTS)}); repeatable.")] = None,
    version: Annotated[Optional[str], typer.Option(help="The model's version [default: today's date].")] = None,
) -> None:
    """Learn actors, places and sub-event types from ACLED-coded events into a versioned model directory.

    The previous model stays in place until the new one is complete. Use it with --model-dir or
    CONFLICTWATCH_MODEL_DIR."""
    target = out_dir or config.home_dir() / "model"
    try:
        with err.status("training") as status:
            model = train(files, target, split=split or None, components=component, version=version,
                          progress=lambda msg: status.update(msg))
    except ModelError as exc:
        raise _fail(str(exc)) from None
    out.print(f"model {model.version} written to {target} ({model.meta['data']['rows']:,} rows)", highlight=False)
    out.print(_figures_table(model.meta))
    if target.resolve() != SHIPPED.resolve():
        out.print(f"use it with: conflictwatch --model-dir {target} ... (or {ENV}={target})", highlight=False)


def _figures_table(meta: dict) -> Table:
    table = Table(title="figures", header_style="bold")
    table.add_column("component")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for comp, figures in sorted(meta.get("figures", {}).items()):
        for key, value in (figures or {}).items():
            text = f"{value:.3f}" if isinstance(value, float) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)
            table.add_row(comp, key, text)
    return table


def model_command(
    model_dir_opt: Annotated[Optional[Path], typer.Argument(help="A model directory [default: the one in use].",
                                                            show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print meta.json as it is.")] = False,
) -> None:
    """Show the model in use (or the one given): version, training data, figures."""
    where = model_dir(model_dir_opt or _global_model_dir())
    if where is None:
        raise _fail(f"no model: none shipped, none given (--model-dir, {ENV}); build one with `conflictwatch train`")
    try:
        model = load_model(where)
    except ModelError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        out.print_json(json.dumps(model.meta, ensure_ascii=False))
        return
    data = model.meta.get("data", {})
    out.print(f"model {model.version} at {where}: trained {model.meta.get('trained')}, "
              f"{data.get('rows', 0):,} rows of {', '.join(f['name'] for f in data.get('files', []))}"
              f"{' (split ' + data['split'] + ')' if data.get('split') else ''}; components: "
              f"{', '.join(model.names)}", highlight=False)
    out.print(_figures_table(model.meta))


#: Set by the main CLI so that `conflictwatch --model-dir D model` shows D.
_global_model_dir = lambda: None  # noqa: E731
