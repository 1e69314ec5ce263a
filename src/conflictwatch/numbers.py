"""Count expressions: "97", "1,200", "two hundred and fifty", "between 153 and 176", "at least another 20".

All lexical knowledge (number words, cue words, vague words and their conventional values, range
connectors, what is not a count) is in ``data/numbers.yaml``; this module compiles one regular
expression from it and interprets the named groups. Word numbers are valued by ``text2num``.

* :func:`parse_quantity` - the whole text is one count expression, else ``None``;
* :func:`find_quantities` - every count expression of a sentence with its character offsets,
  longest match first, non-overlapping, left to right. Numbers inside dates and times found by
  :func:`conflictwatch.timex.find_timexes` ("March 9 and 10", "two days later") are skipped.

Ages, calibres and other measures are never counts: "a 7-year-old", "aged 7", "in his 40s",
"155mm", "7.62mm", "a 12.7 mm machine gun", "AK-47", "M16", "5.56 rounds", "at 7 pm", "7:30",
"30 km". Ages in apposition ("the boy, 7, died") need the parse: the quantity marker of
:mod:`conflictwatch.nlp` drops them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import yaml
from text_to_num import text2num

from .config import DATA_DIR
from .models import Quantity
from .timex import _norm

__all__ = ["find_quantities", "parse_quantity"]

_SPACE = r"\s+"
_CONTEXT = 40  # characters either side looked at by the context rules


def _phrase(p: str) -> str:
    """A phrase as a regex: words separated by any whitespace, word boundaries where they apply."""
    body = _SPACE.join(re.escape(w) for w in p.split())
    left = r"(?<![\w])" if p[:1].isalnum() else ""
    right = r"(?![\w])" if p[-1:].isalnum() or p[-1:] == "." else ""
    return left + body + right


def _alt(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern[str]
    single: re.Pattern[str]
    cue_kind: dict[str, str]           # normalised cue phrase -> at_least | about | up_to | exact
    suffix_kind: dict[str, str]
    vague: dict[str, int | None]
    fixed: dict[str, int]
    multipliers: dict[str, int]
    scale_words: dict[str, int]
    articles: frozenset[str]
    connector_qualifier: dict[str, str]
    default_range_qualifier: str
    up_to_low: int | None
    up_to_qualifier: str
    not_before: re.Pattern[str]
    not_after: re.Pattern[str]
    one_before: re.Pattern[str]
    one_after: re.Pattern[str]
    year_min: int
    year_max: int
    cue_blockers: dict[str, re.Pattern[str]]
    # where a match of ``regex`` may begin besides a run of digits (speed; see _starts): the
    # lower-cased first words of its alternatives; None: try it everywhere
    start_words: frozenset[str] | None


@cache
def _grammar() -> _Grammar:
    with open(DATA_DIR / "numbers.yaml", encoding="utf-8") as fh:
        d: dict[str, Any] = yaml.safe_load(fh)
    nw = d["number_words"]
    w = lambda words: "(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w])"  # noqa: E731
    ones, teens, tens, zero = w(nw["ones"]), w(nw["teens"]), w(nw["tens"]), w(nw["zero"])
    art = w(nw["articles"])
    hundred, thousand, million = (re.escape(nw[k]) + r"(?![\w])" for k in ("hundred", "thousand", "million"))
    and_ = rf"(?:\s+{re.escape(nw['inner_and'])})?\s+"
    below100 = rf"(?:{tens}(?:-|\s+){ones}|{tens}|{teens}|{ones})"
    below1000 = rf"(?:(?:{below100}|{art})\s+{hundred}(?:{and_}{below100})?|{below100})"
    below1m = rf"(?:(?:{below1000}|{art})\s+{thousand}(?:{and_}{below1000})?|{below1000})"
    words = rf"(?:(?:{below1000}|{art})\s+{million}(?:{and_}{below1m})?|{below1m}|{zero})"
    mult = w(list(d["multipliers"]))
    wordnum = rf"(?:(?:{below1000}|{art})\s+{mult}|{words})"
    sep = r"[ \u00a0\u202f\u2009]" if d["digits"].get("space_thousands", True) else r"[\u00a0\u202f\u2009]"
    scale = w(list(d["digits"]["scale_words"]))
    digits = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:{sep}\d{{3}})+|\d+)(?![\d])"
              rf"(?:\.\d+)?(?:\s+{scale})?(?![\d])(?!:\d)(?![.,]\d)(?!(?:st|nd|rd|th)(?![\w]))")
    digitnum = rf"(?<![\w.,/:$€£¥#]){digits}"
    num = rf"(?:{digitnum}|(?<![\w]){wordnum})"

    fixed = {_norm(k): int(v) for k, v in (d.get("fixed") or {}).items()}
    vague: dict[str, int | None] = {}
    vague_alts = []
    for entry in sorted(d["vague"], key=lambda e: len(e["phrase"]), reverse=True):
        vague[_norm(entry["phrase"])] = entry.get("value")
        vague_alts.append(_phrase(entry["phrase"]) + (r"(?=\s+of(?![\w]))" if entry.get("of") else ""))
    vague_re = "(?:" + "|".join(vague_alts) + ")"
    fixed_re = _alt(list(d.get("fixed") or {})) if fixed else "(?!)"

    cue_kind: dict[str, str] = {}
    for kind, phrases in d["qualifiers"].items():
        for p in phrases:
            cue_kind[_norm(p)] = kind
    cue = _alt(list(cue_kind))
    suffix_kind = {_norm(p): kind for kind, phrases in d["suffixes"].items() for p in phrases}
    suffix = "(?:" + "|".join(
        (r"\s*" if not p[:1].isalnum() else r"\s+") + _phrase(p)
        for p in sorted(suffix_kind, key=len, reverse=True)) + ")"
    additive = _alt(d["additive"])

    rng = d["ranges"]
    enclosed = "|".join(
        rf"{_phrase(e['open'])}\s+(?P<elo{i}>{num})\s*{_phrase(e['connector'])}\s*(?P<ehi{i}>{num})"
        for i, e in enumerate(rng["enclosed"]))
    conn_q = {_norm(k): v for k, v in rng["bare"].items()}
    word_conns = sorted((c for c in conn_q if c[:1].isalnum()), key=len, reverse=True)
    dash_conns = sorted((c for c in conn_q if not c[:1].isalnum()), key=len, reverse=True)
    word_conn = "(?:" + "|".join(r"\s+" + _phrase(c) + r"\s+" for c in word_conns) + ")"
    dash_conn = "(?:" + "|".join(r"\s*" + re.escape(c) + r"\s*" for c in dash_conns) + ")"
    # a dash joins digits only: "twenty-four" is one number, "35-42" a range
    bare = rf"(?P<blo>{num})(?P<conn>{word_conn}|(?<=\d){dash_conn}(?=\d))(?P<bhi>{num})"
    single = rf"(?P<fixed>{fixed_re})|(?P<num>{num})|(?P<vague>{vague_re})"
    head = rf"(?:(?P<q1>{cue})\s+)?(?:(?P<add>{additive})\s+)?(?:(?P<q2>{cue})\s+)?"
    tail = rf"(?P<suffix>{suffix})?"
    regex = re.compile(rf"{head}(?:{enclosed}|{bare}|{single}){tail}", re.IGNORECASE)
    single_re = re.compile(rf"{head}(?:{single}){tail}", re.IGNORECASE)

    def words_re(items: list[str], *, after: bool) -> re.Pattern[str]:
        alts = []
        for p in sorted(items, key=len, reverse=True):
            body = _SPACE.join(re.escape(x) for x in p.split())
            if p[-1:].isalnum() or p[-1:] == ".":
                body += r"(?![\w])"
            if p[:1].isalnum() or p[:1] == "'":
                body = r"(?<![\w])" + body
            alts.append(body)
        joined = "|".join(alts)
        return re.compile(rf"^\s*(?:{joined})" if after else rf"(?:{joined})\s*$", re.IGNORECASE)

    # Every alternative of ``regex`` is anchored on the left ((?<![\w]) or a stricter look-behind)
    # and begins with a digit or with one of these words (a cue, an additive, a range opener, a
    # number word, a fixed or vague phrase): find_quantities tries it only there.
    firsts = [*cue_kind, *d["additive"], *(e["open"] for e in rng["enclosed"]), *nw["ones"], *nw["teens"],
              *nw["tens"], *nw["zero"], *nw["articles"], *fixed, *vague]
    start_words: frozenset[str] | None = frozenset(_first_word(p) or "" for p in firsts)
    if "" in start_words:  # a phrase opening with a sign: no shortcut
        start_words = None

    idioms = d["one_idioms"]
    return _Grammar(
        regex=regex, single=single_re, cue_kind=cue_kind, suffix_kind=suffix_kind, vague=vague,
        fixed=fixed, multipliers={_norm(k): int(v) for k, v in d["multipliers"].items()},
        scale_words={_norm(k): int(v) for k, v in d["digits"]["scale_words"].items()},
        articles=frozenset(_norm(a) for a in nw["articles"]),
        connector_qualifier=conn_q, default_range_qualifier=rng.get("default_qualifier", "exact"),
        up_to_low=d["up_to"].get("low"), up_to_qualifier=d["up_to"].get("qualifier", "about"),
        not_before=words_re(d["not_before"], after=True),
        not_after=words_re(d["not_after"], after=False),
        one_before=words_re(idioms["before"], after=False),
        one_after=words_re(idioms["after"], after=True),
        year_min=int(d["year_like"]["min"]), year_max=int(d["year_like"]["max"]),
        cue_blockers={_norm(k): words_re(v, after=False) for k, v in (d.get("cue_blockers") or {}).items()},
        start_words=start_words,
    )


def _first_word(phrase: str) -> str | None:
    m = re.match(r"[^\W\d]+", str(phrase))
    return m.group(0).lower() if m else None


# --- values -----------------------------------------------------------------------------------


def _digits_value(s: str, g: _Grammar) -> int | None:
    s = s.strip()
    parts = s.split()
    factor = 1
    if parts and _norm(parts[-1]) in g.scale_words:
        factor = g.scale_words[_norm(parts[-1])]
        s = s[: s.lower().rfind(parts[-1].lower())].strip()
    elif "." in s:
        return None  # a decimal is not a count
    raw = re.sub(r"[,\s\u00a0\u202f\u2009]", "", s)
    try:
        value = Decimal(raw) * factor
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def _words_value(s: str, g: _Grammar) -> int | None:
    words = _norm(s.replace("-", " - ")).replace(" - ", "-").split()
    mult = 1
    if words and words[-1] in g.multipliers:
        mult = g.multipliers[words.pop()]
    if words and words[0] in g.articles:
        words[0] = "one"
    if not words:
        return None
    try:
        return int(text2num(" ".join(words), "en")) * mult
    except (ValueError, TypeError, IndexError, AttributeError):
        return None


def _value(s: str, g: _Grammar) -> int | None:
    return _digits_value(s, g) if s.strip()[:1].isdigit() else _words_value(s, g)


def _is_year(s: str, g: _Grammar) -> bool:
    s = s.strip()
    return bool(re.fullmatch(r"\d{4}", s)) and g.year_min <= int(s) <= g.year_max


def _build(m: re.Match[str], g: _Grammar) -> Quantity | None:
    """The Quantity of a match, or None when the match is not a count after all."""
    gd = m.groupdict()
    kinds = [g.cue_kind[_norm(c)] for c in (gd.get("q1"), gd.get("q2")) if c]
    if gd.get("suffix"):
        kinds.append(g.suffix_kind[_norm(gd["suffix"].strip())])
    additive = bool(gd.get("add"))
    cued = bool(kinds) or additive
    vague = False
    low = high = None
    range_q = None
    lo_s = next((gd[k] for k in gd if k.startswith(("elo", "blo")) and gd[k]), None)
    if lo_s is not None:
        hi_s = next(gd[k] for k in gd if k.startswith(("ehi", "bhi")) and gd[k])
        low, high = _value(lo_s, g), _value(hi_s, g)
        if low is None or high is None or low > high:
            return None
        if _is_year(lo_s, g) and _is_year(hi_s, g) and not cued:
            return None
        range_q = g.connector_qualifier.get(_norm(gd["conn"]), g.default_range_qualifier) if gd.get("conn") \
            else g.default_range_qualifier
    elif gd.get("fixed"):
        low = high = g.fixed[_norm(gd["fixed"])]
    elif gd.get("num"):
        low = high = _value(gd["num"], g)
        if low is None:
            return None
        if _is_year(gd["num"], g) and not cued:
            return None
    elif gd.get("vague"):
        value = g.vague[_norm(gd["vague"])]
        vague = True
        if value is None:
            return Quantity(low=None, high=None, qualifier="unknown", additive=additive, vague=True,
                            text=m.group(0))
        low = high = value
    else:  # pragma: no cover - the regex has no other branch
        return None

    if "up_to" in kinds:
        return Quantity(low=g.up_to_low, high=high, qualifier=g.up_to_qualifier, additive=additive,
                        vague=vague, text=m.group(0))
    if "at_least" in kinds:
        qualifier = "at_least"
    elif "about" in kinds:
        qualifier = "about"
    elif "exact" in kinds:
        qualifier = "exact"
    elif vague:
        qualifier = "at_least"
    else:
        qualifier = range_q or "exact"
    return Quantity(low=low, high=high, qualifier=qualifier, additive=additive, vague=vague, text=m.group(0))


def _context_ok(text: str, m: re.Match[str], q: Quantity, g: _Grammar) -> bool:
    """Rejects measures, money, times, shares, ages, hyphen compounds ("25-year-old"), numbers
    written against letters and idiomatic 'one'."""
    before, after = text[max(0, m.start() - _CONTEXT): m.start()], text[m.end(): m.end() + _CONTEXT]
    if re.match(r"-[^\W\d_]", after):
        return False
    span = m.group(0)
    if span[-1:].isdigit() and re.match(r"[^\W\d_]", after):
        return False  # a measure or a decade written against its unit: "155mm", "30km", "in his 40s"
    if span[:1].isdigit() and re.search(r"[^\W\d_]-$", before):
        return False  # a model or a name: "AK-47", "Su-25", "Covid-19"
    if g.not_before.match(after) or g.not_after.search(before):
        return False
    if _norm(m.group(0)) == "one" and (g.one_before.search(before) or g.one_after.match(after)):
        return False
    return True


# --- public API -------------------------------------------------------------------------------


def parse_quantity(text: str) -> Quantity | None:
    """The count expression that is the whole of ``text`` ("at least another 35 to 42"), else None."""
    if not isinstance(text, str):
        return None
    g = _grammar()
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return None
    for pattern in (g.regex, g.single):
        m = pattern.fullmatch(stripped)
        if m is not None:
            q = _build(m, g)
            if q is not None and not re.match(r"-[^\W\d_]", stripped[m.end():]):
                return q
    return None


def _starts(text: str, g: _Grammar) -> list[int] | None:
    """The ascending positions where a match of ``g.regex`` may begin: runs of digits and runs of
    letters that are a start word (see _grammar); None when the text must be searched plainly."""
    from .timex import _runs  # the runs of digits and letters, shared with find_timexes

    if g.start_words is None:
        return None
    runs = _runs(text)
    if runs is None:
        return None
    words = g.start_words
    return [s for s, _, w in runs if w is None or w in words]


def _search(g: _Grammar, text: str, pos: int, starts: list[int] | None) -> re.Match[str] | None:
    """``g.regex.search(text, pos)``, trying the regex only at ``starts``."""
    if starts is None:
        return g.regex.search(text, pos)
    match = g.regex.match
    for i in range(bisect_left(starts, pos), len(starts)):
        m = match(text, starts[i])
        if m is not None:
            return m
    return None


def find_quantities(text: str, *, blocked: list[tuple[int, int]] | None = None) -> list[tuple[int, int, Quantity]]:
    """Every count expression of ``text`` as (start, end, Quantity), left to right, non-overlapping.

    ``text[start:end]`` is the span. Numbers inside temporal expressions (dates, times, durations
    such as "two days later") are not counts and are skipped. ``blocked``: the (start, end) spans of
    the temporal expressions of ``text`` when the caller already has them
    (``[(s, e) for s, e, _ in find_timexes(text)]``); None: they are computed here.
    """
    g = _grammar()
    if blocked is None:
        from .timex import find_timexes  # local: timex does not depend on this module

        blocked = [(s, e) for s, e, _ in find_timexes(text)]
    starts = _starts(text, g)
    out: list[tuple[int, int, Quantity]] = []
    pos = 0
    while pos <= len(text):
        m = _search(g, text, pos, starts)
        if m is None:
            break
        if m.end() == m.start():
            pos = m.start() + 1
            continue
        hit = [e for s, e in blocked if s < m.end() and m.start() < e]
        if hit:
            pos = max(max(hit), m.start() + 1)
            continue
        cue = m.group("q1")
        blocker = g.cue_blockers.get(_norm(cue)) if cue else None
        if blocker is not None and blocker.search(text[max(0, m.start() - _CONTEXT): m.start()]):
            pos = m.end("q1")  # "handed over 5": the cue is a particle; read on from the number
            continue
        found = None
        skip_to = m.start() + 1
        for cand in (m, g.single.match(text, m.start())):
            if cand is None or cand.end() == cand.start():
                continue
            q = _build(cand, g)
            if q is None:
                continue
            if _context_ok(text, cand, q, g):
                found = cand, q
            else:  # a measure, money, an age...: none of its numbers is a count
                skip_to = max(skip_to, cand.end())
            break
        if found is None:
            pos = skip_to
            continue
        cand, q = found
        out.append((cand.start(), cand.end(), q))
        pos = cand.end()
    return out
