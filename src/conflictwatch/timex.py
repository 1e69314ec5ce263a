"""Temporal expressions: found in a sentence, then resolved against an anchor and a publication date.

* :func:`find_timexes` - every temporal expression of a text as (start, end, :class:`TimeExpr`),
  longest match first, non-overlapping, left to right. A relative expression followed by an
  explicit date ("a day later on March 9") is one span whose value is the explicit date.
* :func:`parse_timex` - the TimeExpr that is the whole text, else None.
* :func:`resolve` - a TimeExpr to a :class:`DateRange` given the anchor (the previous event's dates;
  relative expressions count from its end) and the publication date (a missing year, and vague
  expressions such as "this week" or "yesterday").
* :func:`parse_published` / :meth:`PartialDate.parse` - "2022-03-15", "2022-03" or "2022".

All month names, phrases, offsets and ranges are in ``data/timex.yaml`` for English and
``data/<lang>/timex.yaml`` for another language (``lang="fr"``: "le 4 juin", "la veille", "dans la
nuit de vendredi à samedi"); the regular expressions are compiled from it, one grammar per language.
Where languages differ (capitalised month names, the order of day and month, nights, what opens a
period) the yaml says so in a setting; the code has no per-language branch. An unknown language is
a ValueError naming the supported ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
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


class EndPhrases:
    """``re.compile(r"(?:p1|p2|...)\s*$", re.IGNORECASE).search``: does a text end with one of the
    phrases (trailing whitespace aside; words joined by any whitespace; a phrase that ``left(p)``
    says opens on a word boundary preceded by no word character)? Read as the reversed phrases
    matched at the start of the reversed text: the same answer without trying the alternation at
    every position of the text."""

    def __init__(self, phrases: list[str], left: Callable[[str], bool]):
        forward, backward = [], []
        for p in sorted(set(phrases), key=len, reverse=True):
            words = p.split()
            forward.append((r"(?<![\w])" if left(p) else "") + _S.join(re.escape(w) for w in words))
            backward.append(_S.join(re.escape(w[::-1]) for w in reversed(words)) + (r"(?![\w])" if left(p) else ""))
        self._forward = re.compile(r"(?:" + "|".join(forward) + r")\s*$", re.IGNORECASE)
        self._backward = re.compile(r"\s*(?:" + "|".join(backward) + ")", re.IGNORECASE)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        start = max(0, pos - 1)  # the character before the window: a phrase's left boundary looks at it
        m = self._backward.match(text[start:end][::-1])
        if m is None:
            return None
        if m.end() > end - pos:  # the phrase found runs out of the window: ask the regex itself
            return self._forward.search(text, pos, endpos if endpos is not None else len(text))
        return m


def _alt(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _cased(names: list[str], *, dot: bool, required: bool = False) -> str:
    """Names that must be capitalised: 'March' or 'MARCH', never 'march' (case-sensitive group)."""
    forms = sorted({f for n in names for f in (n[:1].upper() + n[1:].lower(), n.upper())}, key=len, reverse=True)
    end = r"\." if required else r"(?:\.|(?![\w]))" if dot else r"(?![\w])"
    return "(?-i:(?<![\\w])(?:" + "|".join(re.escape(f) for f in forms) + ")" + end + ")"


def _names(names: list[str], *, dot: bool, cased: bool) -> str:
    """Month or weekday names: capitalised (English) or in any case (French "juin", "mardi"). An
    abbreviation written with its dot in the yaml ("févr.") needs the dot ("sept" is seven); the
    others may have one ("Mar. 8") when ``dot``."""
    plain = [n for n in names if not n.endswith(".")]
    dotted = [n[:-1] for n in names if n.endswith(".")]
    alts = []
    for group, required in ((plain, False), (dotted, True)):
        if not group:
            continue
        if cased:
            alts.append(_cased(group, dot=dot, required=required))
        else:
            body = "|".join(re.escape(f) for f in sorted(set(group), key=len, reverse=True))
            end = r"\." if required else r"(?:\.|(?![\w]))" if dot else r"(?![\w])"
            alts.append(rf"(?<![\w])(?:{body}){end}")
    if not alts:
        return "(?!)"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


_Handler = Callable[[re.Match[str]], "TimeExpr | None"]


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[re.Pattern[str], _Handler], ...]
    month_no: dict[str, int]
    starts: _Starts
    # for the patterns that are one long alternation of phrases: the alternation of the phrases of
    # each first word (at a candidate position only those can match, in the same order)
    by_word: tuple[dict[str, re.Pattern[str]] | None, ...]
    period: "EndPhrases | None" = None  # what, before a date, opens or closes a period instead


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
    # per pattern, the runs one of which every match holds within NEED_REACH runs of its start (a
    # month name, a weekday, None for a run of digits); None: no such word
    needs: tuple[frozenset[str | None] | None, ...] = ()


#: how many runs after its start a match's month, weekday or digits come at the most (the longest:
#: "du vendredi 4 au samedi 5 juin", "dans la nuit du vendredi 4 au samedi 5 juin": under 12)
NEED_REACH = 24


def _first_word(phrase: str) -> str | None:
    """The lower-cased first run of letters of a phrase; None when it does not start with a letter."""
    m = re.match(r"[^\W\d]+", phrase)
    return m.group(0).lower() if m else None


def _make_starts(specs: list[tuple[set[str] | None, bool, set[str], frozenset[str | None] | None]]) -> _Starts:
    """specs[i]: (first words of pattern i, or None to scan it everywhere; may it start at a run of
    digits; the words of it that may start inside a run of letters; the runs one of which every match
    of it holds, None if none)."""
    words: dict[str, list[int]] = {}
    suffixes: dict[str, list[int]] = {}
    digits: list[int] = []
    everywhere: list[int] = []
    for i, (first, digit, unanchored, _) in enumerate(specs):
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
                   suffixes={k: tuple(v) for k, v in by_tail.items()}, everywhere=tuple(everywhere),
                   needs=tuple(sp[3] for sp in specs))


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
    # per pattern, how far ahead (in runs) the next run it needs is, from each run
    n = len(runs)
    ahead: dict[frozenset[str | None], list[int]] = {}
    for need in starts.needs:
        if need is not None and need not in ahead:
            col, nxt = [0] * n, n + NEED_REACH + 1
            for k in range(n - 1, -1, -1):
                if runs[k][2] in need:
                    nxt = k
                col[k] = nxt - k
            ahead[need] = col
    far = [ahead[need] if need is not None else None for need in starts.needs]

    def offer(pats: tuple[int, ...], k: int, pos: int) -> None:  # pattern i may start at pos, in run k
        for i in pats:
            if far[i] is None or far[i][k] <= NEED_REACH:  # type: ignore[index]
                out[i].append(pos)  # type: ignore[union-attr]

    for k, (s, e, w) in enumerate(runs):
        if w is None:
            offer(digits, k, s)
            continue
        pats = words.get(w)
        if pats is not None:
            offer(pats, k, s)
        tail = suffixes.get(w[-2:])
        if tail is not None:
            for u, upats in tail:
                if len(w) > len(u) and w.endswith(u):
                    offer(upats, k, e - len(u))
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


# --- languages -----------------------------------------------------------------------------------
# English reads data/<name>; another language reads data/<code>/<name> (e.g. data/fr/timex.yaml):
# a language is supported by a parser when its file is there. Every difference between languages is
# a setting of those files; the code is the same for all.

DEFAULT_LANG = "en"


def _languages(name: str) -> tuple[str, ...]:
    """The languages that have the data file ``name``: English first, then the others sorted."""
    return (DEFAULT_LANG, *sorted(p.parent.name for p in DATA_DIR.glob(f"*/{name}")))


def _data_file(name: str, lang: str) -> Path:
    """The data file ``name`` of language ``lang``; ValueError naming the supported languages."""
    langs = _languages(name)
    if not isinstance(lang, str) or lang not in langs:
        raise ValueError(f"unsupported language {lang!r} for {name.rsplit('.', 1)[0]}: "
                         f"supported languages are {', '.join(langs)}")
    return DATA_DIR / name if lang == DEFAULT_LANG else DATA_DIR / lang / name


def _vary(phrases: list[str], marks: list[str] | None) -> list[str]:
    """``phrases`` with every phrase holding an apostrophe also written with the other marks of
    ``marks`` ("d'" and "d\u2019"); ``phrases`` itself when the language sets no marks."""
    if not marks:
        return phrases
    out: list[str] = []
    for p in phrases:
        if not (isinstance(p, str) and any(m in p for m in marks)):
            out.append(p)  # not a phrase with an apostrophe (a number, a mapping...): kept as it is
            continue
        forms = [p]
        for m in marks:
            v = p
            for o in marks:
                v = v.replace(o, m)
            forms.append(v)
        out.extend(f for f in dict.fromkeys(forms) if f not in out)
    return out


def _with_apostrophes(d: Any, marks: list[str] | None) -> Any:
    """The yaml data with every phrase (a string in a list, a mapping key) in all apostrophe forms."""
    if not marks:
        return d
    if isinstance(d, list):
        return _vary([_with_apostrophes(x, marks) for x in d], marks)
    if isinstance(d, dict):
        return {k2: _with_apostrophes(v, marks) for k, v in d.items()
                for k2 in (_vary([k], marks) if isinstance(k, str) else [k])}
    return d


def _elided(phrases: Any) -> bool:
    """Does one of the phrases end with an apostrophe ("d'", "jusqu'"): glued to the next word."""
    return any(isinstance(p, str) and p[-1:] in ("'", "\u2019") for p in phrases)


def _glue(*groups: Any) -> str:
    """What separates a phrase of ``groups`` from the next word: whitespace, or nothing after an
    apostrophe when some phrase is elided ("plus d'une", "au mois d'avril")."""
    return r"(?:\s+|(?<=['\u2019]))" if any(_elided(g) for g in groups) else r"\s+"


@cache
def _data(lang: str = DEFAULT_LANG) -> dict[str, Any]:
    with open(_data_file("timex.yaml", lang), encoding="utf-8") as fh:
        d = yaml.safe_load(fh)
    return _with_apostrophes(d, d.get("apostrophes"))


def _norm(s: str) -> str:
    """Lower case, compatibility forms folded ('ſ' -> 's', the Kelvin sign -> 'k'), spaces collapsed:
    the key under which a regex match (case-insensitive) is looked up in the yaml tables."""
    return " ".join(unicodedata.normalize("NFKC", s).lower().split())


@cache
def _grammar(lang: str = DEFAULT_LANG) -> _Grammar:
    d = _data(lang)
    cased = d.get("capitalised_names", True)  # English "March", never "march"; French "mars"
    # English leaves its leading words ("the", "in", "on", "last", "this") unanchored on the left
    # (see _Starts); a language may anchor them at a word start
    anchored = d.get("anchor_leading_words", False)
    month_no: dict[str, int] = {}
    for i, (name, abbrs) in enumerate(d["months"].items(), start=1):
        for f in (name, *abbrs):
            month_no[f.rstrip(".").lower()] = i
    weekday_no: dict[str, int] = {}
    for i, (name, abbrs) in enumerate(d["weekdays"].items()):
        for f in (name, *abbrs):
            weekday_no[f.rstrip(".").lower()] = i
    full_months = list(d["months"])
    abbr_months = [a for abbrs in d["months"].values() for a in abbrs]
    month = "(?:" + _names(full_months, dot=False, cased=cased) + "|" + _names(abbr_months, dot=True, cased=cased) + ")"
    full_days = list(d["weekdays"])
    abbr_days = [a for abbrs in d["weekdays"].values() for a in abbrs]
    wd_names = _names(full_days, dot=False, cased=cased)
    suffixes = "|".join(re.escape(x) for x in d.get("day_suffixes", ["st", "nd", "rd", "th"]))
    day = rf"(?<![\d.,:])(?:3[01]|[12]\d|0?[1-9])(?:{suffixes})?(?![\w:])"
    year = r"(?<![\d.,])(?:19|20)\d\d(?![\d\w])"
    prep = rf"(?:{_alt(d['date_preps'])}{_glue(d['date_preps'])})?"
    opener = rf"(?:{_alt(d['span_openers'] + d['date_preps'])}{_glue(d['span_openers'], d['date_preps'])})?"
    conns = d["span_connectors"]
    conn = "(?:" + "|".join(
        (r"\s*" + re.escape(c) + r"\s*") if not c[:1].isalnum() else (r"\s+" + _phrase(c) + r"\s+")
        for c in sorted(conns, key=len, reverse=True)) + ")"
    year_opt = rf"(?:,?\s+(?P<y>{year}))?"

    def lead(words: list[str]) -> str:
        """Leading words as an alternation: anchored or, as English has them, not."""
        if anchored:
            return _alt(words)
        return "|".join(_S.join(re.escape(x) for x in w.split()) for w in words)

    def opt(words: list[str]) -> str:
        return rf"(?:{lead(words)}\s+)?" if words else ""

    day_articles = d.get("day_articles", ["the"])        # "the 8th of March"; French "le 8 mars"
    art_opt = opt(day_articles)
    of_opt = opt(d.get("day_month_joiners", ["of"]))
    orders = d.get("date_orders", ["month_day", "day_month"])
    # "le mardi 4 juin", "du vendredi 4 au samedi 5 juin": a weekday before the day is part of the date
    wd_opt = rf"(?:{wd_names}\s+)?" if d.get("weekday_before_day") else ""

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

    def spec(first: set[str] | None, *, digit: bool = False, unanchored: tuple[str, ...] = (),
             needs: frozenset[str | None] | None = None) -> tuple[set[str] | None, bool, set[str], frozenset[str | None] | None]:
        return first, digit, set(unanchored), needs

    def first_runs(names: list[str]) -> frozenset[str | None] | None:
        """The first runs of these names (lower-cased, as _runs reads them); None if one opens with a sign."""
        found = {_first_word(x) for x in names}
        return None if None in found else frozenset(found)

    # what every match of a pattern holds: its month (a name), its day or year (digits), its weekday
    need_month = first_runs(full_months + abbr_months)
    need_digits: frozenset[str | None] = frozenset({None})
    need_weekday = first_runs(full_days + abbr_days)

    def leading(first: set[str] | None, words: list[str]) -> tuple[set[str] | None, tuple[str, ...]]:
        """(first words, unanchored words) of a pattern that may open with one of ``words``."""
        if anchored:
            return _union(first, fw(words)), ()
        return first, tuple(sorted({w for w in (_first_word(p) for p in words) if w}))

    months_fw = fw(full_months, abbr_months)
    preps_fw = fw(d["date_preps"])
    openers_fw = fw(d["span_openers"], d["date_preps"])
    days_fw = fw(full_days) if wd_opt else set()
    pats: list[tuple[str, _Handler, tuple[set[str] | None, bool, set[str], frozenset[str | None] | None]]] = []
    pats.append((rf"{prep}(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?![\d\w])", iso,
                 spec(preps_fw, digit=True, needs=need_digits)))
    if d.get("numeric_dates") == "day_month_year":  # "14/06/2022", "14.06.2022"; "on 13/07" (no year)
        def numeric(m: re.Match[str]) -> TimeExpr | None:
            if f"{m['d']}/{m['mo']}" in not_numeric and not m.group("y"):
                return None  # "on 24/7 alert"
            a, b = int(m["d"]), int(m["mo"])
            day_, mon = (b, a) if b > 12 >= a else (a, b)  # "7/13/2022" can only be month first
            y = int(m["y"]) if m.group("y") else None
            try:
                dt.date(y or 2000, mon, day_)
            except ValueError:
                return None
            return TimeExpr(kind="absolute", text=m.group(0), year=y, month=mon, day=day_, granularity="day")

        part = r"(?:3[01]|[12]\d|0?[1-9])"
        not_numeric = set(d.get("numeric_not_dates", ()))
        fraction = rf"(?!\s+(?:{_alt(d['numeric_fraction_words'])})\b)" if d.get("numeric_fraction_words") else ""
        pats.append((rf"{prep}(?<![\d/.,-])(?P<d>{part})(?P<sep>[/.])(?P<mo>{part})(?P=sep)"
                     rf"(?P<y>(?:19|20)\d\d)(?![\d\w/-])(?![.,]\d)", numeric, spec(preps_fw, digit=True, needs=need_digits)))
        # without a year only after a date preposition and with a slash ("on 13/07", never "3/4 of")
        pats.append((rf"{_alt(d['date_preps'])}{_glue(d['date_preps'])}(?<![\d/.,-])(?P<d>{part})/(?P<mo>{part})"
                     rf"(?P<y>)(?![\d\w/-])(?![.,]\d){fraction}", numeric, spec(preps_fw, needs=need_digits)))
    if "month_day" in orders:
        pats.append((rf"{prep}(?P<m>{month})\s*(?P<d>{day}){year_opt}", lambda m: absolute(m, "day"),
                     spec(_union(preps_fw, months_fw), needs=need_month)))
    if "day_month" in orders:
        first, un = leading(_union(preps_fw, days_fw), day_articles)
        pats.append((rf"{prep}{wd_opt}{art_opt}(?P<d>{day})\s+{of_opt}(?P<m>{month}){year_opt}",
                     lambda m: absolute(m, "day"), spec(first, digit=True, unanchored=un, needs=need_month)))
    pats.append((rf"{prep}(?P<m>{month}),?\s+(?P<y>{year})", lambda m: absolute(m, "month"),
                 spec(_union(preps_fw, months_fw), needs=need_month)))
    pats.append((rf"{_alt(d['month_preps'])}{_glue(d['month_preps'])}(?P<m>{month})", lambda m: absolute(m, "month"),
                 spec(fw(d["month_preps"]), needs=need_month)))
    pats.append((rf"{_alt(d['year_preps'])}{_glue(d['year_preps'])}(?P<y>{year})", lambda m: absolute(m, "year"),
                 spec(fw(d["year_preps"]), needs=need_digits)))
    # spans
    if "month_day" in orders:
        pats.append((rf"{opener}(?P<m1>{month})\s*(?P<d1>{day}){conn}(?:(?P<m2>{month})\s*)?(?P<d2>{day}){year_opt}",
                     span, spec(_union(openers_fw, months_fw), needs=need_month)))
    if "day_month" in orders:
        first, un = leading(_union(openers_fw, days_fw), day_articles)
        pats.append((rf"{opener}{wd_opt}{art_opt}(?P<d1>{day}){conn}{wd_opt}{art_opt}(?P<d2>{day})\s+{of_opt}"
                     rf"(?P<m>{month}){year_opt}", span, spec(first, digit=True, unanchored=un, needs=need_month)))
        pats.append((rf"{opener}{wd_opt}(?P<d1>{day})\s+(?P<m1>{month}){conn}{wd_opt}(?P<d2>{day})\s+(?P<m2>{month})"
                     rf"{year_opt}", span, spec(_union(openers_fw, days_fw), digit=True, needs=need_month)))
    # parts of years and months
    yp = {_norm(k): v for k, v in d["year_parts"].items()}
    mp = {_norm(k): v for k, v in d["month_parts"].items()}
    part_preps, part_articles = d.get("part_preps", ["in"]), d.get("part_articles", ["the"])
    psep = r"(?:\s+|-|(?<=['\u2019]))" if _elided(yp) or _elided(mp) else r"(?:\s+|-)"
    first, un = leading(fw(list(yp)), part_preps + part_articles)
    pats.append((rf"{opt(part_preps)}{opt(part_articles)}(?P<part>{_alt(list(yp))}){psep}(?P<y>{year})",
                 part_of(yp, of_year=True), spec(first, unanchored=un, needs=need_digits)))
    first, un = leading(fw(list(mp)), part_preps)
    pats.append((rf"{opt(part_preps)}(?P<part>{_alt(list(mp))}){psep}(?P<m>{month}){year_opt}",
                 part_of(mp, of_year=False), spec(first, unanchored=un, needs=need_month)))

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
    # "over the next two days"; French "au cours des deux jours suivants" (closers after the unit)
    closers = c.get("following_closers") or []
    close = rf"\s+(?P<close>{_alt(closers)})" if closers else ""
    pats.append((rf"(?P<open>{_alt(c['following_openers'])})\s+(?P<n>{num})\s+(?P<u>{_alt(list(units))}){close}",
                 following, spec(fw(c["following_openers"]))))

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

    def weekday(m: re.Match[str]) -> TimeExpr:
        name = (m.group("wd") or m.group("wa")).rstrip(".").lower()
        return TimeExpr(kind="vague", text=m.group(0), weekday=weekday_no[name])

    # "on Monday", "last Monday", "on Mon."; French "mardi", "ce mardi", "mardi dernier", "mardi soir"
    wd_pre = d.get("weekday_prefixes", ["on", "last", "this past", "this", "on last"])
    wd_post = d.get("weekday_suffixes") or []
    abbr_pre = d.get("weekday_abbr_prefixes", ["on"])
    post = rf"(?:\s+{_alt(wd_post)})?" if wd_post else ""
    wd_re = rf"(?:(?:{lead(wd_pre)})\s+)?(?P<wd>{wd_names}){post}" if wd_pre else rf"(?P<wd>{wd_names}){post}"
    if abbr_days and abbr_pre:
        wd_re += rf"|(?:{lead(abbr_pre)})\s+(?P<wa>{_names(abbr_days, dot=True, cased=cased)})" if len(abbr_pre) > 1 \
            else rf"|{lead(abbr_pre)}\s+(?P<wa>{_names(abbr_days, dot=True, cased=cased)})"
    first, un = leading(fw(full_days), wd_pre + (abbr_pre if abbr_days else []))
    pats.append((wd_re, weekday, spec(first, unanchored=un, needs=need_weekday)))

    # nights ("dans la nuit de vendredi à samedi", "dans la nuit du 8 au 9 mars"): the day the night
    # began, which ACLED codes as the event's day; the next day when the text puts the event after
    # midnight ("vers 2 h", "au petit matin")
    nights = d.get("nights")
    if nights:
        n_open = rf"(?P<open>{_alt(nights['openers'])}){_glue(nights['openers'])}"
        n_conn = rf"\s+{_alt(nights['connectors'])}\s+"
        n_post = rf"(?:\s+{_alt(nights['weekday_suffixes'])})?" if nights.get("weekday_suffixes") else ""
        lates = []
        if nights.get("after_midnight"):
            lates.append(rf"(?P<late>{_alt(nights['after_midnight'])})")
        hours = nights.get("hours")
        if hours:
            units_re = "|".join(re.escape(u) for u in sorted(hours["units"], key=len, reverse=True))
            tail = rf"(?:\s+{_alt(hours['after'])})?" if hours.get("after") else ""
            lates.append(rf"{_alt(hours['preps'])}\s+(?P<hour>2[0-3]|[01]?\d)\s*(?:{units_re})"
                         rf"(?:\s*[0-5]\d)?(?![\w]){tail}")
        n_late = rf"(?:\s*,?\s*(?:{'|'.join(lates)}))?" if lates else ""
        last_hour = int((hours or {}).get("after_midnight_until", -1))

        def late(m: re.Match[str]) -> bool:
            g = m.groupdict()
            return bool(g.get("late")) or (g.get("hour") is not None and int(g["hour"]) <= last_hour)

        def night_weekday(m: re.Match[str]) -> TimeExpr | None:
            first_day = weekday_no[m["wd1"].lower()]
            if m["d2"] is not None:  # "dans la nuit du vendredi au samedi 5 juin": the day before the 5th
                y, mo, dd = yno(m["y"]), mno(m["m2"]), dno(m["d2"])
                if not late(m):
                    # the calendar of the year when known, else of a common year (29 February is lost)
                    prev = dt.date(y or 2001, mo, dd) - dt.timedelta(days=1)  # type: ignore[arg-type]
                    y = prev.year if y is not None else None
                    mo, dd = prev.month, prev.day
                return TimeExpr(kind="absolute", text=m.group(0), year=y, month=mo, day=dd, granularity="day")
            if late(m):
                wd = weekday_no[m["wd2"].lower()] if m["wd2"] else (first_day + 1) % 7
            else:
                wd = first_day
            return TimeExpr(kind="vague", text=m.group(0), weekday=wd)

        def night_date(m: re.Match[str]) -> TimeExpr | None:
            d1, d2, m2, y2 = dno(m["d1"]), dno(m["d2"]), mno(m["m2"]), yno(m["y"])
            if d2 is None:  # "dans la nuit du 8 mars": the 8th (after midnight too: the text names the 8th)
                return TimeExpr(kind="absolute", text=m.group(0), year=y2, month=m2, day=d1, granularity="day")
            m1 = mno(m["m1"]) if m["m1"] else (m2 if d1 < d2 else (m2 - 2) % 12 + 1)  # type: ignore[operator]
            y1 = yno(m["y1"]) if m["y1"] else y2 - 1 if y2 is not None and m1 > m2 else y2  # type: ignore[operator]
            if late(m):
                y1, m1, d1 = y2, m2, d2
            return TimeExpr(kind="absolute", text=m.group(0), year=y1, month=m1, day=d1, granularity="day")

        pats.append((rf"{n_open}(?P<wd1>{wd_names})(?:{n_conn}(?P<wd2>{wd_names})"
                     rf"(?:\s+(?P<d2>{day})\s+(?P<m2>{month}){year_opt})?)?{n_post}{n_late}", night_weekday,
                     spec(fw(nights["openers"]), needs=need_weekday)))
        pats.append((rf"{n_open}{wd_opt}{art_opt}(?P<d1>{day})(?:(?:\s+(?P<m1>{month})(?:\s+(?P<y1>{year}))?)?"
                     rf"{n_conn}{wd_opt}{art_opt}(?P<d2>{day}))?\s+"
                     rf"(?P<m2>{month}){year_opt}{n_late}", night_date, spec(fw(nights["openers"]), needs=need_month)))

    compiled = tuple((re.compile(p, re.IGNORECASE), h) for p, h, _ in pats)
    by_word: list[dict[str, re.Pattern[str]] | None] = [None] * len(pats)
    for i, phrases in split.items():
        groups: dict[str, list[str]] = {}
        for p in phrases:
            groups.setdefault(_first_word(p) or "", []).append(p)
        if "" not in groups:
            by_word[i] = {w: re.compile(_alt(ps), re.IGNORECASE) for w, ps in groups.items()}
    # "depuis le 4 juin", "jusqu'en 2015": the start or the end of a period, not an event's date
    period = d.get("period_openers")
    period_re = EndPhrases(period, left=lambda p: p[:1].isalnum()) if period else None
    return _Grammar(patterns=compiled, month_no=month_no, starts=_make_starts([sp for _, _, sp in pats]),
                    by_word=tuple(by_word), period=period_re)


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None else a | b


# --- finding ------------------------------------------------------------------------------------

_MERGE_GAP = re.compile(r"[\s,]*", re.IGNORECASE)
_PERIOD_CONTEXT = 40  # characters before a date looked at for a period opener


_found_cache: tuple[str, list[tuple[int, int, TimeExpr]], str] | None = None


def find_timexes(text: str, *, lang: str = DEFAULT_LANG) -> list[tuple[int, int, TimeExpr]]:
    """Every temporal expression of ``text`` as (start, end, TimeExpr); ``text[start:end]`` is the span.

    ``lang``: the language of the text ("en", "fr"); ValueError for a language without data.
    """
    global _found_cache
    g = _grammar(lang)
    if not isinstance(text, str) or not text:
        return []
    cached = _found_cache  # the last text's answer (the caller and find_quantities often ask twice)
    if cached is not None and cached[0] == text and cached[2] == lang:
        return list(cached[1])
    found = _find_timexes(text, g)
    _found_cache = (text, found, lang)
    return list(found)


def _find_timexes(text: str, g: _Grammar) -> list[tuple[int, int, TimeExpr]]:
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
    if g.period is not None:  # "depuis le 4 juin": a period opens, no event is dated
        chosen = [c for c in chosen if not g.period.search(text, max(0, c[0] - _PERIOD_CONTEXT), c[0])]
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


def parse_timex(text: str, *, lang: str = DEFAULT_LANG) -> TimeExpr | None:
    """The temporal expression that is the whole of ``text`` (surrounding spaces aside), else None.

    ``lang``: the language of the text ("en", "fr"); ValueError for a language without data.
    """
    if not isinstance(text, str):
        _grammar(lang)
        return None
    stripped = text.strip()
    found = find_timexes(stripped, lang=lang)
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
