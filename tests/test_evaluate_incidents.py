"""``conflictwatch eval incidents``: the scorer of whole-article reading and fusion.

Unit tests on a tiny cases.json written here (two invented incidents, five invented reports) with
hand-built events and incidents, so every score is known exactly; one end-to-end run of the command
on the real multi-report corpus in ../shared (figures not asserted: the lead sets thresholds)."""

from __future__ import annotations

import json
import re

import pytest

from conflictwatch.evaluate import EvalError
from conflictwatch.evaluate_incidents import (GoldFigure, b_cubed, load_source_matcher, main_event, read_cases,
                                              score_incidents, value_matches)
from conflictwatch.models import (Claim, Event, Evidence, Incident, IncidentFigure, IncidentVictims,
                                  VictimCount)

from .conftest import SHARED

CASES = SHARED / "corpus" / "multi-report" / "cases.json"

TEXTS = {
    "alpha-01": "Gunmen killed at least 30 civilians in Alphaville on Monday, local officials said. "
                "An earlier government toll gave 25 dead. Five more people died in nearby Xend.",
    "alpha-02": "The army said 40 civilians were killed in the Alphaville attack and 8 wounded. "
                "The armed group claimed it killed 100 soldiers.",
    "beta-01": "Twelve soldiers died when their base in Betatown was overrun, the ministry of defence said.",
    "beta-02": "At least 15 soldiers were killed at Betatown; local sources said up to 20 died.",
    "beta-03": "Au moins quinze soldats ont été tués à Betatown.",
}


def fig(group, low, high=None, qualifier="exact", by="not stated", **extra):
    return {"group": group, "low": low, "high": high, "qualifier": qualifier, "attributed_to": by,
            "is_perpetrator_claim": False, **extra}


GOLD = {
    "about": "invented for the tests",
    "conventions": {},
    "incidents": [
        {"slug": "alpha", "name": "Alphaville attack", "fused": {"group": "civilians", "low": 30, "high": 40},
         "reports": [
             {"id": "alpha-01", "file": "alpha/01.txt", "outlet": "Daily Alpha", "published": "2024-01-02", "lang": "en",
              "figures": [fig("civilians", 30, qualifier="at_least", by="local officials"),
                          fig("civilians", 25, by="government (first toll)", status="superseded"),
                          fig("civilians", 5, scope="Xend (separate attack)")]},
             {"id": "alpha-02", "file": "alpha/02.txt", "outlet": "Alpha Wire", "published": "2024-01-03", "lang": "en",
              "figures": [fig("civilians", 40, by="the army (statement)"),
                          fig("civilians (wounded)", 8, by="the army", not_fatalities=True),
                          fig("soldiers", 100, by="the armed group (claim)", is_perpetrator_claim=True)]},
         ]},
        {"slug": "beta", "name": "Betatown base", "fused": {"group": "soldiers", "low": 12, "high": 20},
         "reports": [
             {"id": "beta-01", "file": "beta/01.txt", "outlet": "Beta Post", "published": "2024-02-01", "lang": "en",
              "figures": [fig("soldiers", 12, by="Ministry of Defence")]},
             {"id": "beta-02", "file": "beta/02.txt", "outlet": "Beta Times", "published": "2024-02-02", "lang": "en",
              "figures": [fig("soldiers", 15, qualifier="at_least"),
                          fig("soldiers", None, 20, qualifier="up_to", by="local sources")]},
             {"id": "beta-03", "file": "beta/03.txt", "outlet": "Le Bêta", "published": "2024-02-02", "lang": "fr",
              "figures": [fig("soldiers", 15, qualifier="at_least")]},
         ]},
    ],
}


@pytest.fixture()
def cases_path(tmp_path):
    for slug in ("alpha", "beta"):
        folder = tmp_path / slug
        folder.mkdir()
        lines = []
        for inc in GOLD["incidents"]:
            for r in inc["reports"]:
                if inc["slug"] == slug:
                    name = r["file"].split("/")[1]
                    (folder / name).write_text(TEXTS[r["id"]], encoding="utf-8")
                    lines.append(json.dumps({"id": r["id"], "file": name, "published": r["published"],
                                             "outlet": r["outlet"], "lang": r["lang"]}))
        (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return path


def span(doc, text):
    start = TEXTS[doc].index(text)
    return Evidence(field="fatalities", text=text, start=start, end=start + len(text), sentence=text,
                    sentence_start=start, sentence_end=start + len(text))


def event(eid, doc, killed, *, historical=False, at=None):
    evidence = [span(doc, at)] if at else []
    return Event(id=eid, document_id=doc, event_type="Violence against civilians", sub_event_type="Attack",
                 fatalities_low=killed, fatalities_high=killed, historical=historical, evidence=evidence)


def figure(doc, eid, low, high=None, qualifier="exact", source=None, status="current"):
    return IncidentFigure(low=low, high=high, qualifier=qualifier, source=source, document_id=doc, event_id=eid,
                          status=status)


EVENTS = {
    "alpha-01": [event("a1-old", "alpha-01", 99, historical=True),
                 event("a1", "alpha-01", 30, at="at least 30 civilians"),
                 event("a1-x", "alpha-01", 5, at="Five more people")],
    "alpha-02": [event("a2", "alpha-02", 40, at="40 civilians")],
    "beta-01": [event("b1", "beta-01", 12, at="Twelve soldiers")],
    "beta-02": [event("b2", "beta-02", 15, at="At least 15 soldiers")],
}


def incident(iid, events, victims, claims=()):
    docs = sorted({f.document_id for v in victims for f in v.figures})
    return Incident(id=iid, event_type="Violence against civilians", sub_event_type="Attack", events=events,
                    documents=docs, victims=victims, claims=list(claims))


def alpha_figures():
    return [figure("alpha-01", "a1", 30, qualifier="at_least", source="local officials"),
            figure("alpha-01", "a1", 25, source="the government", status="superseded"),
            figure("alpha-02", "a2", 40, source="the army")]


def beta_figures(b1_source="the Defence Ministry"):
    return [figure("beta-01", "b1", 12, source=b1_source),
            figure("beta-02", "b2", 15, qualifier="at_least", source=None),
            figure("beta-02", "b2", None, 20, qualifier="unknown", source="local sources")]


CLAIM = Claim(claimant="Armed group", statement="claimed it killed 100 soldiers",
              figures=[VictimCount(group="Military Forces of Testland", killed_low=100, qualifier="exact")])


def world(alpha=None, beta=None, extra_alpha=(), beta_events=("b1", "b2"), alpha_events=("a1", "a2")):
    alpha = alpha_figures() if alpha is None else alpha
    beta = beta_figures() if beta is None else beta
    return [
        incident("I-A", list(alpha_events), [IncidentVictims(group="civilians", low=30, high=40, figures=alpha),
                                             *extra_alpha], [CLAIM]),
        incident("I-X", ["a1-x"], [IncidentVictims(group="civilians", low=5, high=5,
                                                   figures=[figure("alpha-01", "a1-x", 5)])]),
        incident("I-old", ["a1-old"], []),
        incident("I-B", list(beta_events), [IncidentVictims(group="Military Forces of Testland", low=12, high=20,
                                                            figures=beta)]),
    ]


def ratio(r):
    return (r.hits, r.n)


# --- reading ----------------------------------------------------------------------------------------


def test_read_cases_by_language(cases_path):
    en = read_cases(cases_path)
    assert [c.report.id for c in en.cases] == ["alpha-01", "alpha-02", "beta-01", "beta-02"]
    first = en.cases[0]
    assert first.incident == "alpha" and first.report.source == "Daily Alpha"
    assert first.report.published == "2024-01-02" and first.report.text == TEXTS["alpha-01"]
    assert [c.report.id for c in read_cases(cases_path, "fr").cases] == ["beta-03"]
    assert len(read_cases(cases_path, "all").cases) == 5


def test_read_cases_errors(cases_path, tmp_path):
    with pytest.raises(EvalError, match="no such file"):
        read_cases(tmp_path / "missing.json")
    (cases_path.parent / "alpha" / "01.txt").unlink()
    with pytest.raises(EvalError, match="01.txt: no such file"):
        read_cases(cases_path)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"incidents": [{"slug": "x", "reports": [{"id": "r", "figures": [
        {"group": "civilians", "low": None, "high": None, "qualifier": "exact"}]}]}]}), encoding="utf-8")
    with pytest.raises(EvalError, match="needs low or high"):
        read_cases(bad)


# --- pieces -----------------------------------------------------------------------------------------


def test_main_event_is_the_current_one_with_most_killed_then_earliest():
    assert main_event(EVENTS["alpha-01"]).id == "a1"
    tie = [event("late", "alpha-01", 30, at="Five more people"), event("early", "alpha-01", 30, at="Gunmen")]
    assert main_event(tie).id == "early"
    assert main_event([event("old", "alpha-01", 3, historical=True)]) is None


def test_value_matches_low_or_the_up_to_high():
    up_to = GoldFigure(group="civilians", high=20, qualifier="up_to")
    assert value_matches(up_to, None, 20) and value_matches(up_to, 20, None) and not value_matches(up_to, 15, 18)
    at_least = GoldFigure(group="civilians", low=30, qualifier="at_least")
    assert value_matches(at_least, 30, None) and value_matches(at_least, 30, 45) and not value_matches(at_least, 31, 30)


def test_b_cubed_known_values():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert b_cubed(gold, {"a": "x", "b": "x", "c": "y", "d": "y"}).f1 == 1.0
    s = b_cubed(gold, {"a": "x", "b": "x", "c": "x", "d": "z"})
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(3 / 4)
    assert s.f1 == pytest.approx(12 / 17)


@pytest.mark.parametrize("gold, source, publisher, ok", [
    ("government (spokesman)", "the defence ministry", "X", True),
    ("government (spokesman)", "Nigerien authorities", "X", True),
    ("Ministry of National Defence spokesman", "the army", "X", True),
    ("local officials / local sources (three mass graves)", "residents", "X", True),
    ("local officials", "the government", "X", False),
    ("a security source (to AFP)", "security sources", "X", True),
    ("a security source (to AFP)", "local sources", "X", False),
    ("an MSA official", "the government", "X", False),
    ("not stated (headline)", None, "WBNG (AP)", True),
    ("not stated", "AP", "WBNG (AP)", True),
    ("not stated", "local officials", "WBNG (AP)", False),
    ("Amnesty International", None, "Amnesty International", True),
    ("UNHCR spokesman", "the United Nations refugee agency", "X", True),
    ("witnesses interviewed by Human Rights Watch", "witnesses", "X", True),
    ("a source (midday): bodies found so far", "sources", "X", True),
    ("AIB (official news agency)", "the official news agency", "X", True),
    ("not stated (headline, citing AFP)", "AFP", "Some Outlet", True),
    ("a security source (to AFP)", "AFP", "X", False),
    ("government (spokesman)", "UNHCR spokesman", "X", False),
    ("initial belief", None, "X", True),
    ("other estimates", "estimates", "X", True),
    ("other estimates", "the army", "X", False),
    ("first reports", "premières informations", "X", True),
    ("a report", "un rapport", "X", True),
    ("government", "premières informations", "X", False),
])
def test_source_matching(gold, source, publisher, ok):
    assert load_source_matcher().match(gold, source, publisher) is ok


# --- scores -----------------------------------------------------------------------------------------


def test_perfect(cases_path):
    r = score_incidents(read_cases(cases_path), EVENTS, world())
    assert (r.b3.precision, r.b3.recall, r.b3.f1) == (1.0, 1.0, 1.0)
    assert r.n_reports == 4 and r.n_gold_incidents == 2 and r.n_predicted_incidents == 2
    assert ratio(r.figures_value) == (6, 6) and ratio(r.figures_source) == (6, 6)
    assert ratio(r.qualifier_agree) == (6, 6) and ratio(r.status_agree) == (6, 6)
    assert ratio(r.earlier_found_superseded) == (1, 1)
    assert ratio(r.claims_apart) == (1, 1) and ratio(r.claims_found) == (1, 1)
    assert ratio(r.scope_apart) == (1, 1)
    assert ratio(r.covered) == (5, 5)
    assert ratio(r.fused_equal) == (2, 2) and ratio(r.fused_within) == (2, 2)
    assert r.misses == []
    rows = {row.slug: row for row in r.per_incident}
    assert rows["alpha"].predicted == "I-A" and (rows["alpha"].fused_low, rows["alpha"].fused_high) == (30, 40)
    assert (rows["beta"].gold_low, rows["beta"].gold_high) == (12, 20) and rows["beta"].fused_high == 20


def test_one_missed_figure(cases_path):
    r = score_incidents(read_cases(cases_path), EVENTS, world(alpha=alpha_figures()[:2]))
    assert ratio(r.figures_value) == (5, 6) and ratio(r.figures_source) == (5, 6)
    assert ratio(r.covered) == (5, 5)  # the range still covers 40
    [miss] = r.misses
    assert (miss.kind, miss.report, miss.gold, miss.attributed_to) == ("figure", "alpha-02", "civilians 40",
                                                                       "the army (statement)")
    rows = {row.slug: row for row in r.per_incident}
    assert ratio(rows["alpha"].figures_value) == (2, 3) and ratio(rows["beta"].figures_value) == (3, 3)


def test_wrong_source(cases_path):
    r = score_incidents(read_cases(cases_path), EVENTS, world(beta=beta_figures(b1_source="local residents")))
    assert ratio(r.figures_value) == (6, 6) and ratio(r.figures_source) == (5, 6)
    [miss] = r.misses
    assert miss.kind == "source" and miss.report == "beta-01" and "local residents" in miss.found


def test_claim_leaked(cases_path):
    leaked = IncidentVictims(group="Military Forces of Testland", low=100, high=100,
                             figures=[figure("alpha-02", "a2", 100, source="the armed group")])
    r = score_incidents(read_cases(cases_path), EVENTS, world(extra_alpha=[leaked]))
    assert ratio(r.claims_apart) == (0, 1) and ratio(r.claims_found) == (1, 1)
    assert ratio(r.figures_source) == (6, 6)
    assert [m.kind for m in r.misses] == ["claim leaked"]


def test_scope_figure_mixed_into_the_main_incident(cases_path):
    alpha = alpha_figures() + [figure("alpha-01", "a1", 5)]
    r = score_incidents(read_cases(cases_path), EVENTS, world(alpha=alpha))
    assert ratio(r.scope_apart) == (0, 1)
    assert [m.kind for m in r.misses] == ["scope leaked"]


def test_false_merge(cases_path):
    """beta-01 fused into the Alphaville incident, beta-02 with no event: B³ 2/3, 3/4, 12/17."""
    events = dict(EVENTS, **{"beta-02": []})
    incidents = world(alpha=alpha_figures() + beta_figures()[:1], alpha_events=("a1", "a2", "b1"), beta_events=())
    r = score_incidents(read_cases(cases_path), events, incidents)
    assert r.b3.precision == pytest.approx(2 / 3) and r.b3.recall == pytest.approx(3 / 4)
    assert r.b3.f1 == pytest.approx(12 / 17)
    assert r.n_predicted_incidents == 2
    rows = {row.slug: row for row in r.per_incident}
    assert rows["beta"].predicted == "I-A" and rows["beta"].clusters == 2
    assert rows["beta"].b3_precision == pytest.approx((1 / 3 + 1) / 2) and rows["beta"].b3_recall == 0.5
    # beta-02's figures are missed (no event); beta's figures are not in the civilians' range of I-A
    assert ratio(r.figures_value) == (4, 6)
    assert ratio(r.covered) == (2, 5)
    assert ratio(r.fused_equal) == (1, 2)  # beta's soldiers have no range in the Alphaville incident


# --- the command -------------------------------------------------------------------------------------


@pytest.fixture()
def cli(eval_cli):
    return eval_cli


def test_cli_error_is_one_line(cli, tmp_path):
    res = cli("incidents", str(tmp_path / "missing.json"))
    assert res.exit_code == 1 and "no such file" in res.output and "Traceback" not in res.output


@pytest.mark.skipif(not CASES.exists(), reason=f"the multi-report corpus is not at {CASES} (../shared is absent)")
def test_cli_on_the_multi_report_corpus(cli):
    res = cli("incidents", str(CASES), "--misses")
    assert res.exit_code == 0, res.output
    for headline in ("B³ F1", "figure recall (value + source)", "perpetrator claims kept apart",
                     "fused range covers current figures", "solhan-2021", "inates-2019"):
        assert headline in res.output
    assert re.search(r"incidents: \d+ reports \(en\) of 5 incidents", res.output)
    res = cli("incidents", str(CASES), "--format", "json", "--lang", "en")
    data = json.loads(res.output)
    assert data["n_gold_incidents"] == 5 and data["figures_source"]["n"] > 0
    assert 0.0 <= data["b3"]["f1"] <= 1.0
