"""``conflictwatch eval``: accuracy against ACLED-coded gold and the CASE 2021 benchmark.

cli.py registers it (``register_eval``) and sets ``engine_factory`` so that the main command's
--model and --gazetteer apply.

    conflictwatch eval --gold coded.csv --reports reports.jsonl [--format table|json] [--confusion] [--worst N]
    conflictwatch eval --gold coded.csv --notes
    conflictwatch eval case2021 PATH/dev.tsv [--format table|json] [--confusion] [--worst N]
    conflictwatch eval incidents CASES_JSON [--lang en|fr|all] [--format table|json] [--misses]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from .evaluate import (CaseEvaluation, EvalError, EventEvaluation, Scores, evaluate_case, evaluate_reports,
                       read_case_tsv, read_gold_csv, reports_from_notes)

out = Console(soft_wrap=True)
err = Console(stderr=True)


class Fmt(str, Enum):
    table = "table"
    json = "json"


def _default_engine() -> Any:
    from .engine import Engine
    from .geo import Geocoder

    return Engine(geocoder=Geocoder())


#: Builds the engine; the main CLI may replace it to pass its --model and --gazetteer.
engine_factory: Callable[[], Any] = _default_engine


def _engine() -> Any:
    try:
        return engine_factory()
    except RuntimeError as exc:
        raise _fail(str(exc)) from None


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)  # one line, never wrapped
    return typer.Exit(1)


eval_app = typer.Typer(
    help="Measure accuracy: against ACLED-coded gold events, or on the CASE 2021 sub-type benchmark.",
    invoke_without_command=True, no_args_is_help=False, pretty_exceptions_enable=False,
)

Format = Annotated[Fmt, typer.Option("--format", "-f", help="table or json")]
Confusion = Annotated[bool, typer.Option("--confusion", help="Print the confusion matrix of (sub-)event types.")]
Worst = Annotated[int, typer.Option("--worst", help="How many of the worst misses to list.", min=0)]


@eval_app.callback()
def eval_command(
    ctx: typer.Context,
    gold: Annotated[Optional[Path], typer.Option(help="Gold events in ACLED's CSV layout (any subset of its columns; "
                                                      "optional document_id ties a row to a report).")] = None,
    reports: Annotated[Optional[Path], typer.Option(help="Reports as JSONL (id, text, published, source, ...).")] = None,
    notes: Annotated[bool, typer.Option("--notes", help="Each gold row's notes is the report to extract from.")] = False,
    split: Annotated[Optional[str], typer.Option(help="Only the gold rows whose 'split' column says this (e.g. dev).")] = None,
    sample: Annotated[int, typer.Option(help="Score this many gold rows (0: all), chosen by a stable hash of their id.",
                                                  min=0)] = 0,
    historical: Annotated[bool, typer.Option("--historical/--no-historical",
                                             help="Score the events the engine flags as background too.")] = False,
    format: Format = Fmt.table,
    confusion: Confusion = False,
    worst: Worst = 10,
) -> None:
    """Score the engine's events against gold events coded in ACLED's CSV layout."""
    if ctx.invoked_subcommand is not None:
        return
    if gold is None:
        raise _fail("give --gold FILE.csv with --reports FILE.jsonl or --notes (or use: eval case2021 FILE.tsv)")
    if notes == (reports is not None):
        raise _fail("give either --reports FILE.jsonl or --notes")
    try:
        gold_events, columns = read_gold_csv(gold, split=split, sample=sample or None)
        if notes:
            gold_events, report_list = reports_from_notes(gold_events)
        else:
            report_list = _read_reports(reports)  # type: ignore[arg-type]
        result = evaluate_reports(_engine(), gold_events, report_list, include_historical=historical, columns=columns)
    except EvalError as exc:
        raise _fail(str(exc)) from None
    emit(result, format, print_events, confusion=confusion, worst=worst)


def emit(result: EventEvaluation | CaseEvaluation, format: Fmt, printer: Callable[..., None], *,
         confusion: bool, worst: int) -> None:
    """JSON (``--format json``) or the tables of ``printer``."""
    if format == Fmt.json:
        out.print_json(json.dumps(result.as_dict(worst=worst, with_confusion=confusion), ensure_ascii=False))
    else:
        printer(result, confusion=confusion, worst=worst)


def _read_reports(path: Path) -> list:
    from .ingest import read_jsonl

    if not path.exists():
        raise EvalError(f"{path}: no such file")
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise EvalError(f"{path}: --reports wants a JSONL batch (.jsonl), one report per line")
    items = list(read_jsonl(path))
    bad = [i.error for i in items if i.error is not None]
    if bad:
        raise EvalError("; ".join(bad[:5]) + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""))
    if not items:
        raise EvalError(f"{path}: no reports")
    return [i.report for i in items]


@eval_app.command("case2021")
def case2021_command(
    path: Annotated[Path, typer.Argument(help="CASE 2021 task 2 file (id, EventSnippet, SubType), e.g. dev.tsv.")],
    format: Format = Fmt.table,
    confusion: Confusion = False,
    worst: Worst = 10,
) -> None:
    """CASE 2021 Task 2: weighted F1 over the 25 ACLED sub-types (subtask 1) and over all 30 labels."""
    try:
        snippets = read_case_tsv(path)
        result = evaluate_case(_engine(), snippets)
    except EvalError as exc:
        raise _fail(str(exc)) from None
    emit(result, format, print_case, confusion=confusion, worst=worst)


class Lang(str, Enum):
    en = "en"
    fr = "fr"
    all = "all"


@eval_app.command("incidents")
def incidents_command(
    cases: Annotated[Path, typer.Argument(help="cases.json of incidents told by several reports (each incident's "
                                               "texts and reports.jsonl in a folder named by its slug beside it).")],
    lang: Annotated[Lang, typer.Option("--lang", help="Which reports to read: en, fr or all.")] = Lang.en,
    format: Format = Fmt.table,
    misses: Annotated[bool, typer.Option("--misses", help="List every missed figure with the engine's nearest "
                                                          "figures and their evidence sentence.")] = False,
) -> None:
    """Whole articles and fusion: reports -> incidents (B³), figures with their source, claims kept apart,
    fused ranges."""
    from .evaluate_incidents import evaluate_incidents, read_cases
    from .lexicon import LexiconError

    try:
        case_set = read_cases(cases, lang.value)
        result = evaluate_incidents(_engine(), case_set)
    except (EvalError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if format == Fmt.json:
        out.print_json(json.dumps(result.as_dict(misses=misses), ensure_ascii=False))
    else:
        print_incidents(result, misses=misses)


# --- printing -------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def scores_table(title: str, s: Scores) -> Table:
    table = Table(title=title, header_style="bold")
    for col in ("label", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for c in s.per_class:
        table.add_row(c.label, _pct(c.precision), _pct(c.recall), _pct(c.f1), str(c.support), str(c.predicted))
    table.add_row("[bold]weighted[/]", _pct(s.weighted_precision), _pct(s.weighted_recall), _pct(s.weighted_f1), str(s.n), "")
    table.add_row("[bold]macro[/]", _pct(s.macro_precision), _pct(s.macro_recall), _pct(s.macro_f1), "", "")
    return table


def confusion_table(title: str, matrix: dict[str, dict[str, int]]) -> Table:
    preds = sorted({p for row in matrix.values() for p in row})
    table = Table(title=f"{title} (rows: gold, columns: predicted)", header_style="bold")
    table.add_column("gold \\ predicted")
    for p in preds:
        table.add_column(p, justify="right")
    for g in sorted(matrix):
        table.add_row(g, *[str(matrix[g].get(p, "")) for p in preds])
    return table


def print_events(r: EventEvaluation, *, confusion: bool, worst: int) -> None:
    out.print(f"events: {r.n_gold} gold, {r.n_pred} predicted"
              f"{f' ({r.excluded_historical} background events left out)' if r.excluded_historical else ''}, "
              f"{r.n_matched} matched — precision {_pct(r.precision)}, recall {_pct(r.recall)}, F1 {_pct(r.f1)}",
              highlight=False)
    if r.n_findable is not None:
        out.print(f"findable: {r.n_findable} of the {r.n_gold} gold events have their day or their place in their "
                  f"report (no event without either can be matched); {r.n_findable_matched} of them found "
                  f"({_pct((r.n_findable_matched or 0) / r.n_findable if r.n_findable else None)})", highlight=False)
    fields = Table(title="fields of matched events", header_style="bold")
    for col in ("field", "right", "of", "share"):
        fields.add_column(col, justify="left" if col == "field" else "right")
    for name, ratio in r.fields.items():
        if ratio.n:
            fields.add_row(name, str(ratio.hits), str(ratio.n), _pct(ratio.value))
    for name, s in (("event_type", r.event_type), ("sub_event_type", r.sub_event_type)):
        if s is not None:
            fields.add_row(f"{name} (accuracy)", str(round(s.accuracy * s.n)), str(s.n), _pct(s.accuracy))
            fields.add_row(f"{name} (weighted F1)", "", "", _pct(s.weighted_f1))
            fields.add_row(f"{name} (macro F1)", "", "", _pct(s.macro_f1))
    if r.distance_km_median is not None:
        fields.add_row("coordinates (median km)", "", str(r.distance_n), f"{r.distance_km_median:.1f}")
    out.print(fields)
    if r.regions:
        (out if out.is_terminal else Console(soft_wrap=True, width=170)).print(regions_table(r))  # wide when piped
    if confusion:
        if r.event_type_confusion:
            out.print(confusion_table("event_type", r.event_type_confusion))
        if r.sub_event_type_confusion:
            out.print(confusion_table("sub_event_type", r.sub_event_type_confusion))
    if worst and r.misses:
        out.print(f"[bold]worst misses[/] ({min(worst, len(r.misses))} of {len(r.misses)})")
        for m in r.misses[:worst]:
            out.print(f"• {m.summary()}", highlight=False)
            if m.pred is not None and m.pred.evidence:
                out.print(f"    evidence: {m.pred.evidence}", highlight=False)
            if m.gold is not None and m.gold.notes:
                out.print(f"    gold notes: {m.gold.notes}", highlight=False)


def regions_table(r: EventEvaluation) -> Table:
    """The acceptance measures per reporting region, then over all."""
    rows = [(name, sub) for name, sub in r.regions.items()] + [("all", r)]
    heads = list(r.headline())
    table = Table(title="per region (events found: share of gold events; the rest: share of matched events)",
                  header_style="bold")
    table.add_column("region")
    table.add_column("gold", justify="right")
    for h in heads:
        table.add_column(h, justify="right")
    for name, sub in rows:
        line = sub.headline()
        table.add_row(name, str(sub.n_gold), *(_pct(line[h]) if line[h] is not None else "–" for h in heads))
    return table


def print_case(r: CaseEvaluation, *, confusion: bool, worst: int) -> None:
    out.print(f"CASE 2021 task 2: {r.n} snippets, {1000 * r.seconds_per_snippet:.1f} ms per snippet; "
              f"label from: {', '.join(f'{k} {v}' for k, v in sorted(r.how.items()))}", highlight=False)
    out.print(scores_table("subtask 1: the 25 ACLED sub-types", r.subtask1))
    out.print(f"subtask 1 weighted F1 {_pct(r.subtask1.weighted_f1)} (best published system: 83.9%); "
              f"all 30 labels weighted F1 {_pct(r.all30.weighted_f1)} "
              f"({_pct(r.all30_fallback_only.weighted_f1)} with the extra cues as fallback only)", highlight=False)
    if confusion:
        out.print(confusion_table("subtask 1", r.confusion1))
        out.print(scores_table("all 30 labels", r.all30))
        out.print(confusion_table("all 30 labels", r.confusion30))
    if worst and r.misses:
        out.print(f"[bold]misses[/] ({min(worst, len(r.misses))} of {len(r.misses)})")
        for m in r.misses[:worst]:
            out.print(f"• {m['id']}: gold {m['gold']}, predicted {m['predicted']} ({m['how']}"
                      f"{', trigger ' + repr(m['trigger']) if m['trigger'] else ''}): {m['text'][:300]}", highlight=False)


def _ratio(r: Any) -> str:
    return f"{_pct(r.share)} ({r.hits}/{r.n})"


def print_incidents(r: Any, *, misses: bool) -> None:
    con = out if out.is_terminal else Console(soft_wrap=True, width=170)  # wide tables when piped to a file
    con.print(f"incidents: {r.n_reports} reports ({r.lang}) of {r.n_gold_incidents} incidents -> "
              f"{r.n_predicted_incidents} predicted clusters", highlight=False)
    head = Table(title="whole articles and fusion", header_style="bold")
    for col in ("measure", "value"):
        head.add_column(col, justify="left" if col == "measure" else "right")
    rows = [
        ("reports -> incidents B³ precision", _pct(r.b3.precision)),
        ("reports -> incidents B³ recall", _pct(r.b3.recall)),
        ("reports -> incidents B³ F1", _pct(r.b3.f1)),
        ("figure recall (value)", _ratio(r.figures_value)),
        ("figure recall (value + source)", _ratio(r.figures_source)),
        ("qualifier agreement (figures found)", _ratio(r.qualifier_agree)),
        ("status agreement (figures found)", _ratio(r.status_agree)),
        ("earlier tolls marked superseded", _ratio(r.earlier_found_superseded)),
        ("perpetrator claims kept apart", _ratio(r.claims_apart)),
        ("perpetrator claims found as claims", _ratio(r.claims_found)),
        ("other-scope figures kept out", _ratio(r.scope_apart)),
        ("fused range covers current figures", _ratio(r.covered)),
        ("fused range = gold range", _ratio(r.fused_equal)),
        ("fused range within gold range", _ratio(r.fused_within)),
    ]
    for name, value in rows:
        head.add_row(name, value)
    con.print(head)
    per = Table(title="per incident", header_style="bold")
    for col in ("incident", "reports", "clusters", "B³ P", "B³ R", "value", "value+source", "claims apart",
                "covered", "fused (predicted)", "fused (gold)"):
        per.add_column(col, justify="left" if col == "incident" else "right")
    for row in r.per_incident:
        predicted = "–" if row.fused_low is None and row.fused_high is None else f"{row.fused_low}–{row.fused_high}"
        gold = "–" if row.gold_low is None and row.gold_high is None else f"{row.gold_low}–{row.gold_high}"
        per.add_row(row.slug, str(row.reports), str(row.clusters), _pct(row.b3_precision), _pct(row.b3_recall),
                    _ratio(row.figures_value), _ratio(row.figures_source), _ratio(row.claims_apart),
                    _ratio(row.covered), f"{row.group or ''} {predicted}".strip(), gold)
    con.print(per)
    if misses and r.misses:
        out.print(f"[bold]misses[/] ({len(r.misses)})")
        for m in r.misses:
            found = f"; found {m.found}" if m.found else ""
            where = f"; report in {m.predicted}" if m.predicted else "; report in no incident"
            out.print(f"• {m.kind}: {m.report} ({m.incident}) {m.gold} [{m.status}] from {m.attributed_to!r}{found}"
                      f"{where}", highlight=False)
            for near in m.nearest:
                out.print(f"    nearest: {near.value} from {near.source or 'nobody'} [{near.status}] in {near.incident}"
                          f"{': ' + near.evidence if near.evidence else ''}", highlight=False)
