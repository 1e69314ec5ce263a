"""Temporal expressions: found in a sentence, then resolved against an anchor and a publication date.

* :func:`find_timexes` - every temporal expression of a text as (start, end, :class:`TimeExpr`),
  longest match first, non-overlapping, left to right. A relative expression followed by an
  explicit date ("a day later on March 9") is one span whose value is the explicit date.
* :func:`parse_timex` - the TimeExpr that is the whole text, else None.
* :func:`resolve` - a TimeExpr to a :class:`DateRange` given the anchor (the previous event's dates;
  relative expressions count from its end) and the publication date (a missing year, and vague
  expressions such as "this week" or "yesterday").
* :func:`parse_published` / :meth:`PartialDate.parse` - "2022-03-15", "2022-03" or "2022".

All month names, phrases, offsets and ranges are in ``data/timex.yaml``; the regular expressions are
compiled from it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from .config import DATA_DIR

__all__ = ["DateRange", "PartialDate", "TimeExpr", "find_timexes", "parse_published", "parse_timex",
           "published_range", "resolve"]

Precision = Literal["day", "span", "week", "month", "year"]


class DateRange(BaseModel):
    """A resolved date: start..end (inclusive) and how precise it is; dates are None when unknown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date | None
    end: dt.date | None
    precision: Precision
    note: str | None = None
    uncertain: bool = False  # one day somewhere in start..end ("days later"), not an event lasting those days


class PartialDate(BaseModel):
    """A date of which only the year, or year and month, may be known (a publication date)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="after")
    def _valid(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range 1..12")
        if self.day is not None:
            dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]  # raises ValueError
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} out of range")
        return self

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        return parse_published(value)

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)


class TimeExpr(BaseModel):
    """What the text says about a time, before resolution.

    kind:
      absolute - a calendar date, month or year (year/month/day; any may be None, e.g. no year)
      span     - a range of calendar dates (year/month/day .. end_year/end_month/end_day)
      relative - counted from the anchor's end: offset_min..offset_max days (same_day: the anchor's
                 end day itself)
      vague    - counted from the publication date (offset_min..offset_max days, or a calendar
                 unit + offset, or a weekday), or a part of a year/month ("in early 2021": year,
                 month..end_month)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["absolute", "span", "relative", "vague"]
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    granularity: Literal["day", "month", "year"] | None = None
    offset_min: int | None = None
    offset_max: int | None = None
    uncertain: bool = False  # "days later": one day in the range, not a duration
    same_day: bool = False
    calendar_unit: Literal["week", "month", "year"] | None = None
    calendar_offset: int | None = None
    until_published: bool = False
    weekday: int | None = None
    precision: Precision | None = None


# --- the grammar --------------------------------------------------------------------------------

_S = r"\s+"


def _phrase(p: str) -> str:
    body = _S.join(re.escape(w) for w in p.split())
    left = r"(?<![\w])" if p[:1].isalnum() else ""
    right = r"(?![\w])" if p[-1:].isalnum() else ""
    return left + body + right


def _alt(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _cased(names: list[str], *, dot: bool) -> str:
    """Names that must be capitalised: 'March' or 'MARCH', never 'march' (case-sensitive group)."""
    forms = sorted({f for n in names for f in (n[:1].upper() + n[1:].lower(), n.upper())}, key=len, reverse=True)
    return "(?-i:(?<![\\w])(?:" + "|".join(re.escape(f) for f in forms) + ")" + (r"(?:\.|(?![\w]))" if dot else r"(?![\w])") + ")"


_Handler = Callable[[re.Match[str]], "TimeExpr | None"]


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[re.Pattern[str], _Handler], ...]
    month_no: dict[str, int]
    starts: _Starts
    # for the patterns that are one long alternation of phrases: the alternation of the phrases of
    # each first word (at a candidate position only those can match, in the same order)
    by_word: tuple[dict[str, re.Pattern[str]] | None, ...]


# --- candidate start positions (speed) ------------------------------------------------------------
# A pattern is tried only where one of its matches can begin, instead of at every character. Every
# match of every pattern begins either at the start of a run of digits or with a word from a known,
# finite set (a preposition, a month or weekday name, the first word of a phrase); a few words
# ("the", "in", "on", "last", "this") are not anchored on the left by the grammar and may begin
# inside a run of letters ("within early 2021" matches "in early 2021"). One cheap pass over the runs
# of digits and of letters gives, per pattern, every position where a match could start; the
# pattern is then matched at those positions only, which gives exactly the matches of ``finditer``.
#
# The words are compared lower-cased. Under ``re.IGNORECASE`` four non-ASCII characters also match
# ASCII letters (U+0130 'İ' and U+0131 'ı' match 'i', U+017F 'ſ' matches 's', U+212A KELVIN SIGN
# matches 'k'), which ``str.lower()`` does not reproduce: a text containing one of them (or any
# character whose lower case is longer) is scanned the slow, plain way.

_RUN = re.compile(r"(\d+)|([^\W\d]+)")
_WORD = re.compile(r"[^\W\d]+")
_FOLD_HAZARD = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class _Starts:
    """Which patterns may start where: by the lower-cased run of letters, at a run of digits, at the
    end of a longer run of letters (the unanchored words), and the patterns to scan everywhere."""

    n: int
    words: dict[str, tuple[int, ...]]
    digits: tuple[int, ...]
    suffixes: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]  # by the last two letters
    everywhere: tuple[int, ...]


def _first_word(phrase: str) -> str | None:
    """The lower-cased first run of letters of a phrase; None when it does not start with a letter."""
    m = re.match(r"[^\W\d]+", phrase)
    return m.group(0).lower() if m else None


def _make_starts(specs: list[tuple[set[str] | None, bool, set[str]]]) -> _Starts:
    """specs[i]: (first words of pattern i, or None to scan it everywhere; may it start at a run of
    digits; the words of it that may start inside a run of letters)."""
    words: dict[str, list[int]] = {}
    suffixes: dict[str, list[int]] = {}
    digits: list[int] = []
    everywhere: list[int] = []
    for i, (first, digit, unanchored) in enumerate(specs):
        if first is None or any(len(w) < 2 for w in unanchored):
            everywhere.append(i)
            continue
        for w in first | unanchored:
            words.setdefault(w, []).append(i)
        for w in unanchored:
            suffixes.setdefault(w, []).append(i)
        if digit:
            digits.append(i)
    by_tail: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    for w, pats in suffixes.items():
        by_tail.setdefault(w[-2:], []).append((w, tuple(pats)))
    return _Starts(n=len(specs), words={k: tuple(v) for k, v in words.items()}, digits=tuple(digits),
                   suffixes={k: tuple(v) for k, v in by_tail.items()}, everywhere=tuple(everywhere))


_runs_cache: tuple[str, list[tuple[int, int, str | None]] | None] | None = None


def _runs(text: str) -> list[tuple[int, int, str | None]] | None:
    """The runs of digits (None) and of letters (lower-cased) of ``text`` as (start, end, word); None
    when the text holds a character that defeats the lower-casing (see above). The last text's runs
    are kept: find_timexes and find_quantities read the same text."""
    global _runs_cache
    cached = _runs_cache
    if cached is not None and cached[0] == text:
        return cached[1]
    runs: list[tuple[int, int, str | None]] | None
    if _FOLD_HAZARD.search(text) or len(text.lower()) != len(text):
        runs = None
    else:
        runs = [(m.start(), m.end(), None if m.lastindex == 1 else m.group().lower()) for m in _RUN.finditer(text)]
    _runs_cache = (text, runs)
    return runs


def _candidates(text: str, starts: _Starts) -> list[list[int] | None] | None:
    """Per pattern, the ascending positions where a match may begin (None: try everywhere); None
    for all when the text must be scanned plainly."""
    runs = _runs(text)
    if runs is None:
        return None
    out: list[list[int] | None] = [[] for _ in range(starts.n)]
    for i in starts.everywhere:
        out[i] = None
    words, digits, suffixes = starts.words, starts.digits, starts.suffixes
    for s, e, w in runs:
        if w is None:
            for i in digits:
                out[i].append(s)  # type: ignore[union-attr]
            continue
        pats = words.get(w)
        if pats is not None:
            for i in pats:
                out[i].append(s)  # type: ignore[union-attr]
        tail = suffixes.get(w[-2:])
        if tail is not None:
            for u, upats in tail:
                if len(w) > len(u) and w.endswith(u):
                    for i in upats:
                        out[i].append(e - len(u))  # type: ignore[union-attr]
    return out


def _finditer(pattern: re.Pattern[str], text: str, cands: list[int] | None,
              by_word: dict[str, re.Pattern[str]] | None = None) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying the pattern only at ``cands`` (ascending; None: all);
    with ``by_word``, trying there only the phrases of the word that starts at the candidate."""
    if cands is None:
        return list(pattern.finditer(text))
    out: list[re.Match[str]] = []
    pos = 0
    match = pattern.match
    for c in cands:
        if c < pos:
            continue
        if by_word is not None:
            w = _WORD.match(text, c)
            sub = by_word.get(w.group().lower()) if w is not None else None
            if sub is None:
                continue
            m = sub.match(text, c)
        else:
            m = match(text, c)
        if m is not None:
            if m.end() == c:  # an empty match: finditer's rules for those are subtler; do it plainly
                return list(pattern.finditer(text))
            out.append(m)
            pos = m.end()
    return out


@cache
def _data() -> dict[str, Any]:
    with open(DATA_DIR / "timex.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _norm(s: str) -> str:
    """Lower case, compatibility forms folded ('ſ' -> 's', the Kelvin sign -> 'k'), spaces collapsed:
    the key under which a regex match (case-insensitive) is looked up in the yaml tables."""
    return " ".join(unicodedata.normalize("NFKC", s).lower().split())


@cache
def _grammar() -> _Grammar:
    d = _data()
    month_no: dict[str, int] = {}
    for i, (name, abbrs) in enumerate(d["months"].items(), start=1):
        for f in (name, *abbrs):
            month_no[f.lower()] = i
    weekday_no: dict[str, int] = {}
    for i, (name, abbrs) in enumerate(d["weekdays"].items()):
        for f in (name, *abbrs):
            weekday_no[f.lower()] = i
    full_months = list(d["months"])
    abbr_months = [a for abbrs in d["months"].values() for a in abbrs]
    month = "(?:" + _cased(full_months, dot=False) + "|" + _cased(abbr_months, dot=True) + ")"
    day = r"(?<![\d.,:])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w:])"
    year = r"(?<![\d.,])(?:19|20)\d\d(?![\d\w])"
    prep = rf"(?:{_alt(d['date_preps'])}\s+)?"
    opener = rf"(?:{_alt(d['span_openers'] + d['date_preps'])}\s+)?"
    conns = d["span_connectors"]
    conn = "(?:" + "|".join(
        (r"\s*" + re.escape(c) + r"\s*") if not c[:1].isalnum() else (r"\s+" + _phrase(c) + r"\s+")
        for c in sorted(conns, key=len, reverse=True)) + ")"
    year_opt = rf"(?:,?\s+(?P<y>{year}))?"

    def mno(s: str | None) -> int | None:
        return None if s is None else month_no[s.rstrip(".").lower()]

    def dno(s: str | None) -> int | None:
        return None if s is None else int(re.sub(r"\D", "", s))

    def yno(s: str | None) -> int | None:
        return None if s is None else int(s)

    def absolute(m: re.Match[str], gran: Literal["day", "month", "year"]) -> TimeExpr | None:
        g = m.groupdict()
        return TimeExpr(kind="absolute", text=m.group(0), year=yno(g.get("y")), month=mno(g.get("m")),
                        day=dno(g.get("d")), granularity=gran)

    def iso(m: re.Match[str]) -> TimeExpr | None:
        y, mo, dd = int(m["y"]), int(m["mo"]), int(m["d"])
        try:
            dt.date(y, mo, dd)
        except ValueError:
            return None
        return TimeExpr(kind="absolute", text=m.group(0), year=y, month=mo, day=dd, granularity="day")

    def span(m: re.Match[str]) -> TimeExpr | None:
        g = m.groupdict()
        m1 = mno(g.get("m1") or g.get("m"))
        m2 = mno(g.get("m2")) or m1
        d1, d2 = dno(g["d1"]), dno(g["d2"])
        if (m1, d1) >= (m2, d2) and m1 == m2:
            return None
        y = yno(g.get("y"))
        return TimeExpr(kind="span", text=m.group(0), year=y, month=m1, day=d1, end_year=y, end_month=m2,
                        end_day=d2, granularity="day")

    def part_of(parts: dict[str, list[int]], *, of_year: bool) -> _Handler:
        def handle(m: re.Match[str]) -> TimeExpr | None:
            lo, hi = parts[_norm(m["part"])]
            y = yno(m.groupdict().get("y"))
            if of_year:
                return TimeExpr(kind="vague", text=m.group(0), year=y, month=lo, end_year=y, end_month=hi,
                                granularity="month")
            mo = mno(m["m"])
            return TimeExpr(kind="vague", text=m.group(0), year=y, month=mo, day=lo, end_year=y, end_month=mo,
                            end_day=hi, granularity="day")
        return handle

    # Each pattern comes with where its matches may start (see _Starts): the first words of the
    # phrases that may open it, whether it may open with a digit, and its words that the grammar
    # does not anchor on the left ("the\s+", "in\s+", "on\s+"...), which may start inside a word.
    def fw(*groups: Any) -> set[str] | None:
        out: set[str] = set()
        for phrases in groups:
            for p in phrases:
                w = _first_word(p)
                if w is None:
                    return None  # a phrase opening with a sign: scan the pattern everywhere
                out.add(w)
        return out

    def spec(first: set[str] | None, *, digit: bool = False, unanchored: tuple[str, ...] = ()
             ) -> tuple[set[str] | None, bool, set[str]]:
        return first, digit, set(unanchored)

    months_fw = fw(full_months, abbr_months)
    preps_fw = fw(d["date_preps"])
    openers_fw = fw(d["span_openers"], d["date_preps"])
    pats: list[tuple[str, _Handler, tuple[set[str] | None, bool, set[str]]]] = []
    pats.append((rf"{prep}(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?![\d\w])", iso,
                 spec(preps_fw, digit=True)))
    pats.append((rf"{prep}(?P<m>{month})\s*(?P<d>{day}){year_opt}", lambda m: absolute(m, "day"),
                 spec(_union(preps_fw, months_fw))))
    pats.append((rf"{prep}(?:the\s+)?(?P<d>{day})\s+(?:of\s+)?(?P<m>{month}){year_opt}",
                 lambda m: absolute(m, "day"), spec(preps_fw, digit=True, unanchored=("the",))))
    pats.append((rf"{prep}(?P<m>{month}),?\s+(?P<y>{year})", lambda m: absolute(m, "month"),
                 spec(_union(preps_fw, months_fw))))
    pats.append((rf"{_alt(d['month_preps'])}\s+(?P<m>{month})", lambda m: absolute(m, "month"),
                 spec(fw(d["month_preps"]))))
    pats.append((rf"{_alt(d['year_preps'])}\s+(?P<y>{year})", lambda m: absolute(m, "year"),
                 spec(fw(d["year_preps"]))))
    # spans
    pats.append((rf"{opener}(?P<m1>{month})\s*(?P<d1>{day}){conn}(?:(?P<m2>{month})\s*)?(?P<d2>{day}){year_opt}",
                 span, spec(_union(openers_fw, months_fw))))
    pats.append((rf"{opener}(?:the\s+)?(?P<d1>{day}){conn}(?:the\s+)?(?P<d2>{day})\s+(?:of\s+)?(?P<m>{month}){year_opt}",
                 span, spec(openers_fw, digit=True, unanchored=("the",))))
    pats.append((rf"{opener}(?P<d1>{day})\s+(?P<m1>{month}){conn}(?P<d2>{day})\s+(?P<m2>{month}){year_opt}", span,
                 spec(openers_fw, digit=True)))
    # parts of years and months
    yp = {_norm(k): v for k, v in d["year_parts"].items()}
    mp = {_norm(k): v for k, v in d["month_parts"].items()}
    pats.append((rf"(?:in\s+)?(?:the\s+)?(?P<part>{_alt(list(yp))})(?:\s+|-)(?P<y>{year})", part_of(yp, of_year=True),
                 spec(fw(list(yp)), unanchored=("in", "the"))))
    pats.append((rf"(?:in\s+)?(?P<part>{_alt(list(mp))})(?:\s+|-)(?P<m>{month}){year_opt}",
                 part_of(mp, of_year=False), spec(fw(list(mp)), unanchored=("in",))))

    # relative phrases
    rel: dict[str, dict[str, Any]] = {}
    for entry in d["relative"]:
        for p in entry["phrases"]:
            rel[_norm(p)] = entry

    def relative(m: re.Match[str]) -> TimeExpr:
        e = rel[_norm(m.group(0))]
        return TimeExpr(kind="relative", text=m.group(0), offset_min=e["min"], offset_max=e["max"],
                        same_day=bool(e.get("same_day")), precision=e.get("precision"),
                        uncertain=bool(e.get("uncertain")))

    pats.append((_alt(list(rel)), relative, spec(fw(list(rel)))))
    split = {len(pats) - 1: list(rel)}

    c = d["counted"]
    nums = {str(k).lower(): int(v) for k, v in c["numbers"].items()}
    units = {k.lower(): int(v) for k, v in c["units"].items()}
    later, earlier = {_norm(w) for w in c["later"]}, {_norm(w) for w in c["earlier"]}
    num = rf"(?:{_alt(list(nums))}|(?<![\w.,])\d{{1,2}}(?![\w.,]))"

    def count(s: str) -> int:
        return int(s) if s.isdigit() else nums[s.lower()]

    def counted(m: re.Match[str]) -> TimeExpr | None:
        n = count(m["n"]) * units[m["u"].lower()]
        sign = 1 if _norm(m["dir"]) in later else -1
        week = units[m["u"].lower()] == 7
        return TimeExpr(kind="relative", text=m.group(0), offset_min=sign * n, offset_max=sign * n,
                        precision="week" if week else None)

    def following(m: re.Match[str]) -> TimeExpr | None:
        n = count(m["n"]) * units[m["u"].lower()]
        return TimeExpr(kind="relative", text=m.group(0), offset_min=1, offset_max=n,
                        precision="span" if n > 1 else None)

    pats.append((rf"(?P<n>{num})\s+(?P<u>{_alt(list(units))})\s+(?P<dir>{_alt(sorted(later | earlier))})", counted,
                 spec(fw(list(nums)), digit=True)))
    pats.append((rf"(?P<open>{_alt(c['following_openers'])})\s+(?P<n>{num})\s+(?P<u>{_alt(list(units))})", following,
                 spec(fw(c["following_openers"]))))

    # vague phrases
    vague: dict[str, dict[str, Any]] = {}
    for entry in d["vague"]:
        for p in entry["phrases"]:
            vague[_norm(p)] = entry

    def vague_h(m: re.Match[str]) -> TimeExpr:
        e = vague[_norm(m.group(0))]
        unit = next((u for u in ("weeks", "months", "years") if u in e), None)
        if unit is not None:
            return TimeExpr(kind="vague", text=m.group(0), calendar_unit=unit[:-1],  # type: ignore[arg-type]
                            calendar_offset=int(e[unit]), until_published=bool(e.get("until_published")))
        lo, hi = e["days"]
        return TimeExpr(kind="vague", text=m.group(0), offset_min=int(lo), offset_max=int(hi))

    pats.append((_alt(list(vague)), vague_h, spec(fw(list(vague)))))
    split[len(pats) - 1] = list(vague)

    full_days = list(d["weekdays"])
    abbr_days = [a for abbrs in d["weekdays"].values() for a in abbrs]

    def weekday(m: re.Match[str]) -> TimeExpr:
        name = (m.group("wd") or m.group("wa")).rstrip(".").lower()
        return TimeExpr(kind="vague", text=m.group(0), weekday=weekday_no[name])

    pats.append((rf"(?:(?:on|last|this\s+past|this|on\s+last)\s+)?(?P<wd>{_cased(full_days, dot=False)})"
                 rf"|on\s+(?P<wa>{_cased(abbr_days, dot=True)})", weekday,
                 spec(fw(full_days), unanchored=("on", "last", "this"))))

    compiled = tuple((re.compile(p, re.IGNORECASE), h) for p, h, _ in pats)
    by_word: list[dict[str, re.Pattern[str]] | None] = [None] * len(pats)
    for i, phrases in split.items():
        groups: dict[str, list[str]] = {}
        for p in phrases:
            groups.setdefault(_first_word(p) or "", []).append(p)
        if "" not in groups:
            by_word[i] = {w: re.compile(_alt(ps), re.IGNORECASE) for w, ps in groups.items()}
    return _Grammar(patterns=compiled, month_no=month_no, starts=_make_starts([sp for _, _, sp in pats]),
                    by_word=tuple(by_word))


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None else a | b


# --- finding ------------------------------------------------------------------------------------

_MERGE_GAP = re.compile(r"[\s,]*", re.IGNORECASE)


_found_cache: tuple[str, list[tuple[int, int, TimeExpr]]] | None = None


def find_timexes(text: str) -> list[tuple[int, int, TimeExpr]]:
    """Every temporal expression of ``text`` as (start, end, TimeExpr); ``text[start:end]`` is the span."""
    global _found_cache
    if not isinstance(text, str) or not text:
        return []
    cached = _found_cache  # the last text's answer (the caller and find_quantities often ask twice)
    if cached is not None and cached[0] == text:
        return list(cached[1])
    found = _find_timexes(text)
    _found_cache = (text, found)
    return list(found)


def _find_timexes(text: str) -> list[tuple[int, int, TimeExpr]]:
    g = _grammar()
    starts = _candidates(text, g.starts)
    cands: list[tuple[int, int, TimeExpr]] = []
    for i, (pattern, handler) in enumerate(g.patterns):
        for m in _finditer(pattern, text, None if starts is None else starts[i], g.by_word[i]):
            if m.end() <= m.start():
                continue
            try:
                expr = handler(m)
            except (ValueError, KeyError):
                expr = None
            if expr is not None:
                cands.append((m.start(), m.end(), expr))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, TimeExpr]] = []
    for c in cands:
        if all(c[1] <= s or e <= c[0] for s, e, _ in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    # "a day later on March 9": one span, the explicit date wins
    merged: list[tuple[int, int, TimeExpr]] = []
    for c in chosen:
        if merged:
            ps, pe, prev = merged[-1]
            gap = text[pe:c[0]]
            if prev.kind in ("relative", "vague") and prev.weekday is None and c[2].kind in ("absolute", "span") \
                    and _MERGE_GAP.fullmatch(gap) and c[2].granularity == "day":
                merged[-1] = (ps, c[1], c[2].model_copy(update={"text": text[ps:c[1]]}))
                continue
        merged.append(c)
    return merged


def parse_timex(text: str) -> TimeExpr | None:
    """The temporal expression that is the whole of ``text`` (surrounding spaces aside), else None."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    found = find_timexes(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return found[0][2]
    return None


# --- publication dates --------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_published(value: str) -> PartialDate:
    """'2022-03-15', '2022-03' or '2022' as a PartialDate; ValueError with the reason otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"publication date must be a string (YYYY-MM-DD, YYYY-MM or YYYY), got {value!r}")
    m = _ISO.fullmatch(value.strip())
    if m is None:
        raise ValueError(f"publication date {value!r} is not an ISO date: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(x) if x is not None else None for x in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"publication date {value!r}: month {month} is not in 1..12")
    if day is not None:
        try:
            dt.date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f"publication date {value!r}: day {day} does not exist in {year:04d}-{month:02d}") from None
    if year == 0:
        raise ValueError(f"publication date {value!r}: year 0000 does not exist")
    return PartialDate(year=year, month=month, day=day)  # type: ignore[arg-type]


def published_range(published: PartialDate) -> DateRange:
    """The publication date as a DateRange of its own precision."""
    return DateRange(start=published.first, end=published.last, precision=published.precision)


# --- resolution ---------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _infer_year(month: int, day: int | None, published: PartialDate | None) -> int | None:
    """The year of a date written without one: the publication year, or the year before when the
    date would fall after the publication date."""
    if published is None:
        return None
    if published.month is None:
        return published.year
    if month > published.month:
        return published.year - 1
    if month == published.month and day is not None and published.day is not None and day > published.day:
        return published.year - 1
    return published.year


def _unknown(precision: Precision, note: str) -> DateRange:
    return DateRange(start=None, end=None, precision=precision, note=note)


def _resolve_calendar(expr: TimeExpr, published: PartialDate | None) -> DateRange:
    """Absolute, span and part-of expressions: calendar dates, possibly without a year."""
    gran = expr.granularity or "day"
    note = None
    year = expr.year
    if expr.kind == "vague" or expr.kind == "span":
        precision: Precision = "span"
    else:
        precision = gran
    if year is None:
        if expr.month is None:
            return _unknown(precision, "year unknown")
        year = _infer_year(expr.month, expr.day, published)
        if year is None:
            return _unknown(precision, "year unknown")
        note = "year from publication date"
    try:
        if gran == "year" or expr.month is None:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif gran == "month" and expr.end_month is None:
            start, end = dt.date(year, expr.month, 1), _month_end(year, expr.month)
        else:
            start = dt.date(year, expr.month, expr.day or 1)
            if expr.end_month is None:
                end = start if expr.day is not None else _month_end(year, expr.month)
            else:
                end_year = expr.end_year if expr.end_year is not None and expr.year is not None else year
                last = _month_end(end_year, expr.end_month)
                end_day = min(expr.end_day, last.day) if expr.end_day is not None else last.day
                end = dt.date(end_year, expr.end_month, end_day)
                if end < start:
                    end = dt.date(end_year + 1, expr.end_month, end_day)
    except ValueError:
        return _unknown(precision, f"not a calendar date: {expr.text!r}")
    return DateRange(start=start, end=end, precision=precision, note=note)


def _resolve_relative(expr: TimeExpr, anchor: DateRange | None, published: PartialDate | None) -> DateRange:
    lo, hi = expr.offset_min or 0, expr.offset_max if expr.offset_max is not None else (expr.offset_min or 0)
    precision: Precision = expr.precision or ("day" if lo == hi else "span")
    note = None
    if anchor is not None and anchor.end is not None:
        if anchor.precision in ("month", "year"):
            return DateRange(start=anchor.start, end=anchor.end, precision=anchor.precision,
                             note=f"relative to an anchor known only to the {anchor.precision}")
        base = anchor.end
    elif published is not None and published.day is not None:
        base = published.first
        note = "counted from the publication date (no anchor)"
    else:
        return _unknown(precision, "no anchor date")
    try:
        return DateRange(start=base + dt.timedelta(days=lo), end=base + dt.timedelta(days=hi),
                         precision=precision, note=note, uncertain=lo != hi and expr.uncertain)
    except OverflowError:
        return _unknown(precision, "date out of range")


def _month_only(published: PartialDate, what: str) -> DateRange:
    r = published_range(published)
    return DateRange(start=r.start, end=r.end, precision=r.precision,
                     note=f"{what}: publication date known only to the {published.precision}")


def _resolve_vague(expr: TimeExpr, published: PartialDate | None) -> DateRange:
    if expr.year is not None or expr.month is not None:  # "in early 2021", "in late March"
        return _resolve_calendar(expr, published)
    if expr.calendar_unit is not None:
        precision: Precision = expr.calendar_unit
        if expr.until_published:
            precision = "span"
    elif expr.weekday is not None:
        precision = "day"
    else:
        lo, hi = expr.offset_min or 0, expr.offset_max or 0
        precision = "day" if lo == hi else "span"
    if published is None:
        return _unknown(precision, "no publication date")
    unit, n = expr.calendar_unit, expr.calendar_offset or 0
    try:
        if unit == "year":
            y = published.year + n
            start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
            if expr.until_published:
                end = published.last
            return DateRange(start=start, end=end, precision=precision)
        if unit == "month":
            if published.month is None:
                return _month_only(published, expr.text)
            y, mo = _add_months(published.year, published.month, n)
            start, end = dt.date(y, mo, 1), _month_end(y, mo)
            if expr.until_published:
                if published.day is None:
                    return DateRange(start=start, end=end, precision="month",
                                     note=f"{expr.text}: publication date known only to the month")
                end = published.first
            return DateRange(start=start, end=end, precision=precision)
        if published.day is None:
            if published.month is None:
                return _month_only(published, expr.text)
            lo, hi = expr.offset_min or 0, expr.offset_max or 0
            if unit is None and expr.weekday is None and hi - lo > 31:
                return DateRange(start=published.first + dt.timedelta(days=lo),
                                 end=published.last + dt.timedelta(days=hi), precision="span",
                                 note=f"{expr.text}: publication day unknown")
            return _month_only(published, expr.text)
        pub = published.first
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=n)
            return DateRange(start=monday, end=min(monday + dt.timedelta(days=6), pub), precision="week")
        if expr.weekday is not None:
            back = (pub.weekday() - expr.weekday) % 7
            day = pub - dt.timedelta(days=back)
            return DateRange(start=day, end=day, precision="day")
        lo, hi = expr.offset_min or 0, expr.offset_max or 0
        return DateRange(start=pub + dt.timedelta(days=lo), end=pub + dt.timedelta(days=hi), precision=precision)
    except (ValueError, OverflowError):
        return _unknown(precision, "date out of range")


def resolve(expr: TimeExpr, *, anchor: DateRange | None, published: PartialDate | None) -> DateRange:
    """The dates an expression stands for.

    ``anchor``: the previous event's dates (relative expressions count from its end; without one,
    from the publication day if known). ``published``: supplies a missing year (the previous year if
    the date would fall after publication) and anchors vague expressions. Nothing is guessed: without
    the needed reference the dates are None and ``note`` says why.
    """
    if expr.kind in ("absolute", "span"):
        return _resolve_calendar(expr, published)
    if expr.kind == "relative":
        return _resolve_relative(expr, anchor, published)
    return _resolve_vague(expr, published)
