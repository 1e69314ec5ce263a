"""Count expressions: "97", "1,200", "two hundred and fifty", "between 153 and 176", "at least another 20".

All lexical knowledge (number words, cue words, vague words and their conventional values, range
connectors, what is not a count) is in ``data/numbers.yaml`` for English and ``data/<lang>/numbers.yaml``
for another language (``lang="fr"``: "au moins 132", "une centaine", "quatre-vingt-dix-sept", "1 200");
this module compiles one regular expression per language from it and interprets the named groups.
Where languages differ (the thousands mark, articles that are number words, "et" inside numbers...)
the yaml says so in a setting; the code has no per-language branch. Word numbers are valued by
``text2num``. An unknown language is a ValueError naming the supported ones.

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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import yaml
from text_to_num import text2num

from .models import Quantity
from .timex import DEFAULT_LANG, EndPhrases, _data_file, _glue, _norm, _vary, _with_apostrophes

__all__ = ["find_quantities", "parse_quantity"]

_SPACE = r"\s+"
_RUN_WORDS = re.compile(r"\d+|[^\W\d]+")  # as timex._runs splits a text
_NEVER = re.compile("(?!)")
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
    vague_qualifier: dict[str, str]    # normalised vague phrase -> its qualifier when no cue says more
    fixed: dict[str, int]
    multipliers: dict[str, int]
    scale_words: dict[str, int]
    articles: frozenset[str]
    article_value: str | None          # the number word an article stands for ("a hundred": "one")
    not_alone: frozenset[str]          # number words that are a count alone only after a cue ("un")
    text2num_lang: str
    hyphen_scales: frozenset[str]      # scale words that a hyphen may join ("deux-cent-mille"), if any
    decimal_mark: str
    digit_strip: re.Pattern[str]       # thousands marks and spaces inside a figure
    connector_qualifier: dict[str, str]
    default_range_qualifier: str
    up_to_low: int | None
    up_to_qualifier: str
    not_before: re.Pattern[str]
    not_after: EndPhrases                # words before a number that make it no count
    idioms: dict[str, tuple[re.Pattern[str] | EndPhrases, re.Pattern[str]]]  # word -> (before, after) contexts
    year_min: int
    year_max: int
    cue_blockers: dict[str, EndPhrases]
    # enclosed range i -> the words before its opener that make it a change of figure, not a range
    range_blockers: tuple[tuple[int, EndPhrases], ...]
    additive_after_blockers: EndPhrases | None
    # where a match of ``regex`` may begin besides a run of digits (speed; see _starts): the
    # lower-cased first words of its alternatives; None: try it everywhere
    start_words: frozenset[str] | None
    # start words that are tried only where a count opens within LEAD_REACH words after them
    lead_words: frozenset[str] = frozenset()
    # the words that open a count -> the words one of them needs right after it (None: it may
    # stand alone, "three", "dozens"; else "la" opens a count only before "dizaine", "centaine"...)
    openers: dict[str | None, frozenset[str | None] | None] = field(default_factory=dict)


def _lit(s: str) -> str:
    """A word as a regex: escaped (a hyphen needs no escape outside a class), spaces as whitespace."""
    return _SPACE.join(re.escape(x).replace("\\-", "-") for x in s.split())


def _joiner(j: str) -> str:
    """A joiner between number words as a regex: ' ' is whitespace, ' et ' the word between spaces."""
    core = j.strip()
    if not core:
        return _SPACE
    return (_SPACE if j[:1].isspace() else "") + _lit(core) + (_SPACE if j[-1:].isspace() else "")


def _one_of(regexes: list[str]) -> str:
    return regexes[0] if len(regexes) == 1 else "(?:" + "|".join(regexes) + ")"


@cache
def _grammar(lang: str = DEFAULT_LANG) -> _Grammar:
    with open(_data_file("numbers.yaml", lang), encoding="utf-8") as fh:
        d: dict[str, Any] = yaml.safe_load(fh)
    d = _with_apostrophes(d, d.get("apostrophes"))
    nw = d["number_words"]

    def w(words: list[str]) -> str:
        return "(?:" + "|".join(_lit(x) for x in sorted(words, key=len, reverse=True)) + r")(?![\w])"

    ones, teens, tens, zero = w(nw["ones"]), w(nw["teens"]), w(nw["tens"]), w(nw["zero"])
    art = w(nw["articles"])

    def scale_re(v: str | list[str]) -> str:
        return re.escape(v) + r"(?![\w])" if isinstance(v, str) else w(v)

    hundred, thousand, million = (scale_re(nw[k]) for k in ("hundred", "thousand", "million"))
    scale_names = {k: [nw[k]] if isinstance(nw[k], str) else list(nw[k]) for k in ("hundred", "thousand", "million")}
    bare = set(nw.get("bare_scales") or [])  # scales that open a number alone: French "cent", "mille"
    sj = _one_of([_joiner(j) for j in nw.get("scale_joiners", [" "])])
    and_ = rf"(?:\s+{re.escape(nw['inner_and'])})?{sj}" if nw.get("inner_and") else sj
    # what may follow a ten ("twenty-four"; French "soixante-dix-sept", "vingt et un"): the lists
    # named in after_tens, through any joiner of tens_joiners (a mapping gives a joiner its own words)
    after_tens = [x for k in nw.get("after_tens", ["ones"]) for x in nw[k]]
    tj = nw.get("tens_joiners", ["-", " "])
    groups: list[tuple[list[str], list[str]]] = []
    for j, words_after in (tj.items() if isinstance(tj, dict) else ((j, None) for j in tj)):
        words_after = words_after or after_tens
        for g_ in groups:
            if g_[1] == words_after:
                g_[0].append(j)
                break
        else:
            groups.append(([j], words_after))
    tens_combo = "|".join(rf"{tens}(?:{'|'.join(_joiner(j) for j in js)}){w(ws)}" for js, ws in groups)
    below100 = rf"(?:{tens_combo}|{tens}|{teens}|{ones})"

    def scaled(count: str, scale: str, rest: str, name: str) -> str:
        head = rf"(?:{count}|{art}){sj}"
        head = rf"(?:{head})?" if name in bare else head
        return rf"(?:{head}{scale}(?:{and_}{rest})?|{count})"

    below1000 = scaled(below100, hundred, below100, "hundred")
    below1m = scaled(below1000, thousand, below1000, "thousand")
    words = rf"(?:(?:{below1000}|{art}){sj}{million}(?:{and_}{below1m})?|{below1m}|{zero})"
    if d.get("multipliers"):
        mult = w(list(d["multipliers"]))
        wordnum = rf"(?:(?:{below1000}|{art})\s+{mult}|{words})"
    else:
        wordnum = words
    dg = d["digits"]
    sep = r"[ \u00a0\u202f\u2009]" if dg.get("space_thousands", True) else r"[\u00a0\u202f\u2009]"
    scale = w(list(dg["scale_words"]))
    marks = dg.get("thousands_marks", [","])
    decimal = dg.get("decimal_mark", ".")
    ordinals = "|".join(re.escape(o) for o in sorted(dg.get("ordinal_suffixes", ["st", "nd", "rd", "th"]),
                                                     key=len, reverse=True))
    grouped = "|".join(rf"\d{{1,3}}(?:{re.escape(m)}\d{{3}})+" for m in marks)
    digits = (rf"(?:{grouped}|\d{{1,3}}(?:{sep}\d{{3}})+|\d+)(?![\d])"
              rf"(?:{re.escape(decimal)}\d+)?(?:\s+{scale})?(?![\d])(?!:\d)(?![.,]\d)(?!(?:{ordinals})(?![\w]))")
    digitnum = rf"(?<![\w.,/:$€£¥#]){digits}"
    num = rf"(?:{digitnum}|(?<![\w]){wordnum})"

    fixed = {_norm(k): int(v) for k, v in (d.get("fixed") or {}).items()}
    of_words = d.get("of_words", ["of"])  # what must follow a vague phrase marked `of: true`
    of_re = _one_of([_lit(x) + (r"(?![\w])" if x[-1:].isalnum() else "") for x in of_words])
    vague: dict[str, int | None] = {}
    vague_q: dict[str, str] = {}
    vague_alts = []
    entries = [(p, e) for e in d["vague"] for p in _vary([e["phrase"]], d.get("apostrophes"))]
    for phrase, entry in sorted(entries, key=lambda pe: len(pe[0]), reverse=True):
        vague[_norm(phrase)] = entry.get("value")
        vague_q[_norm(phrase)] = entry.get("qualifier", "at_least")
        vague_alts.append(_phrase(phrase) + (rf"(?=\s+{of_re})" if entry.get("of") else ""))
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
        rf"{_phrase(e['open'])}{_glue([e['open']])}(?P<elo{i}>{num})\s*{_phrase(e['connector'])}\s*(?P<ehi{i}>{num})"
        for i, e in enumerate(rng["enclosed"]))
    conn_q = {_norm(k): v for k, v in rng["bare"].items()}
    word_conns = sorted((c for c in conn_q if c[:1].isalnum()), key=len, reverse=True)
    dash_conns = sorted((c for c in conn_q if not c[:1].isalnum()), key=len, reverse=True)
    word_conn = "(?:" + "|".join(r"\s+" + _phrase(c) + r"\s+" for c in word_conns) + ")"
    dash_conn = "(?:" + "|".join(r"\s*" + re.escape(c) + r"\s*" for c in dash_conns) + ")"
    # a dash joins digits only: "twenty-four" is one number, "35-42" a range
    bare_range = rf"(?P<blo>{num})(?P<conn>{word_conn}|(?<=\d){dash_conn}(?=\d))(?P<bhi>{num})"
    if nw.get("not_alone"):  # "une centaine": a vague phrase may open with an article number word
        single = rf"(?P<fixed>{fixed_re})|(?P<vague>{vague_re})|(?P<num>{num})"
    else:
        single = rf"(?P<fixed>{fixed_re})|(?P<num>{num})|(?P<vague>{vague_re})"
    head = (rf"(?:(?P<q1>{cue}){_glue(cue_kind)})?(?:(?P<add>{additive}){_glue(d['additive'])})?"
            rf"(?:(?P<q2>{cue}){_glue(cue_kind)})?")
    tail = rf"(?P<suffix>{suffix})?"
    # additive words after the number: French "20 autres" ("another 20")
    add_after = d.get("additive_after") or {}
    if add_after.get("words"):
        tail += rf"(?:\s+(?P<addx>{_alt(add_after['words'])}))?"
    regex = re.compile(rf"{head}(?:{enclosed}|{bare_range}|{single}){tail}", re.IGNORECASE)
    single_re = re.compile(rf"{head}(?:{single}){tail}", re.IGNORECASE)

    links = d.get("measure_links") or []  # words between a number and its unit: "une trentaine de km"

    def words_re(items: list[str], *, after: bool, link: bool = False) -> re.Pattern[str] | EndPhrases:
        alts = []
        for p in sorted(items, key=len, reverse=True):
            body = _SPACE.join(re.escape(x) for x in p.split())
            if p[-1:].isalnum() or p[-1:] == ".":
                body += r"(?![\w])"
            if p[:1].isalnum() or p[:1] == "'":
                body = r"(?<![\w])" + body
            alts.append(body)
        joined = "|".join(alts)
        if link and links:
            link = "|".join(_phrase(x) + _glue([x]) for x in sorted(links, key=len, reverse=True))
            return re.compile(rf"^\s*(?:(?:{link}))?(?:{joined})", re.IGNORECASE)
        if after:
            return re.compile(rf"^\s*(?:{joined})", re.IGNORECASE)
        # "(?:...)\s*$" searched at every position is slow: the same question read backwards
        return EndPhrases(list(items), left=lambda p: p[:1].isalnum() or p[:1] == "'")

    # Every alternative of ``regex`` is anchored on the left ((?<![\w]) or a stricter look-behind)
    # and begins with a digit or with one of these words (a cue, an additive, a range opener, a
    # number word, a bare scale word, a fixed or vague phrase): find_quantities tries it only there.
    firsts = [*cue_kind, *d["additive"], *(e["open"] for e in rng["enclosed"]), *nw["ones"], *nw["teens"],
              *nw["tens"], *nw["zero"], *nw["articles"], *fixed, *vague,
              *(x for k in sorted(bare) for x in scale_names[k])]
    start_words: frozenset[str] | None = frozenset(_first_word(p) or "" for p in firsts)
    if "" in start_words:  # a phrase opening with a sign: no shortcut
        start_words = None
    # A cue, an additive or a range opener ("au moins", "another", "de ... à") never is a count by
    # itself: a match starting there holds a count opening in the words after it. Frequent
    # words ("de") are then tried only where such a word follows (speed; see _starts).
    leads = frozenset(w for w in (_first_word(p) for p in [*cue_kind, *d["additive"],
                                                          *(e["open"] for e in rng["enclosed"])]) if w)
    # What opens a count (see _starts): a number word, a bare scale word or a one-word phrase alone;
    # an article before a scale or a multiplier ("a hundred", "a dozen"); the first word of a longer
    # fixed or vague phrase before that phrase's second word ("la dizaine", "de nombreux").
    openers: dict[str | None, frozenset[str | None] | None] = {}

    def runs_of(phrase: str) -> list[str | None]:  # a run of digits is None, as in timex._runs
        return [None if x[0].isdigit() else x for x in _RUN_WORDS.findall(str(phrase).lower())]

    def opens(word: str | None, nxt: str | None, alone: bool = False) -> None:
        if word in openers and openers[word] is None:
            return
        if alone:
            openers[word] = None
        else:
            openers[word] = (openers.get(word) or frozenset()) | {nxt}

    for p in [*nw["ones"], *nw["teens"], *nw["tens"], *nw["zero"], *(x for k in sorted(bare) for x in scale_names[k])]:
        opens(runs_of(p)[0], None, alone=True)
    after_article = [x for names in scale_names.values() for x in names] + list(d.get("multipliers") or {})
    after_article += [x for j in nw.get("scale_joiners", [" "]) for x in runs_of(j)]
    for a in nw["articles"]:
        for x in after_article:
            opens(runs_of(a)[0], runs_of(x)[0])
    for p in [*fixed, *vague]:
        words = runs_of(p)
        opens(words[0], words[1] if len(words) > 1 else None, alone=len(words) == 1)
    alone = frozenset(str(p).lower() for p in [*fixed, *vague] if re.fullmatch(r"[^\W\d]+", str(p)))

    # words that are counts only outside some contexts: English "one" ("one of the deadliest")
    idiom_entries = list(d.get("idioms") or [])
    if d.get("one_idioms"):
        idiom_entries.append({"words": ["one"], **d["one_idioms"]})
    idioms: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
    for entry in idiom_entries:
        ctx = (words_re(entry["before"], after=False) if entry.get("before") else _NEVER,
               words_re(entry["after"], after=True) if entry.get("after") else _NEVER)
        for word in entry["words"]:
            idioms[_norm(word)] = ctx
    strip_chars = "".join(re.escape(m) for m in marks)
    return _Grammar(
        regex=regex, single=single_re, cue_kind=cue_kind, suffix_kind=suffix_kind, vague=vague,
        vague_qualifier=vague_q,
        fixed=fixed, multipliers={_norm(k): int(v) for k, v in (d.get("multipliers") or {}).items()},
        scale_words={_norm(k): int(v) for k, v in dg["scale_words"].items()},
        articles=frozenset(_norm(a) for a in nw["articles"]),
        article_value=nw.get("article_value", "one"),
        not_alone=frozenset(_norm(x) for x in nw.get("not_alone") or []),
        text2num_lang=nw.get("text2num", "en"),
        hyphen_scales=frozenset(_norm(x) for names in scale_names.values() for x in names)
        if any(j.strip() == "-" for j in nw.get("scale_joiners", [" "])) else frozenset(),
        decimal_mark=decimal,
        digit_strip=re.compile(rf"[{strip_chars}\s\u00a0\u202f\u2009]"),
        connector_qualifier=conn_q, default_range_qualifier=rng.get("default_qualifier", "exact"),
        up_to_low=d["up_to"].get("low"), up_to_qualifier=d["up_to"].get("qualifier", "about"),
        not_before=words_re(d["not_before"], after=True, link=True),
        not_after=words_re(d["not_after"], after=False),
        idioms=idioms,
        year_min=int(d["year_like"]["min"]), year_max=int(d["year_like"]["max"]),
        cue_blockers={_norm(k): words_re(v, after=False) for k, v in (d.get("cue_blockers") or {}).items()},
        range_blockers=tuple((i, words_re(e["not_after"], after=False)) for i, e in enumerate(rng["enclosed"])
                             if e.get("not_after")),
        additive_after_blockers=words_re(add_after["not_after"], after=False) if add_after.get("not_after") else None,
        start_words=start_words, lead_words=leads - alone, openers=openers,
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
    elif g.decimal_mark in s:
        return None  # a decimal is not a count
    raw = g.digit_strip.sub("", s)
    if g.decimal_mark != ".":
        raw = raw.replace(g.decimal_mark, ".")
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
    if words and g.article_value and words[0] in g.articles:
        words[0] = g.article_value
    if not words:
        return None
    try:
        return int(text2num(" ".join(words), g.text2num_lang)) * mult
    except (ValueError, TypeError, IndexError, AttributeError):
        pass
    if not g.hyphen_scales:
        return None
    # text2num misreads some hyphens at a scale word ("dix-sept-mille", 1990 spelling): spaces there
    parts = " ".join(words).split("-")
    spaced = parts[0]
    for left, right in zip(parts, parts[1:]):
        spaced += (" " if left.split()[-1:] and left.split()[-1] in g.hyphen_scales
                   or right.split()[:1] and right.split()[0] in g.hyphen_scales else "-") + right
    try:
        return int(text2num(spaced, g.text2num_lang)) * mult
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
    additive = bool(gd.get("add") or gd.get("addx"))
    cued = bool(kinds) or additive
    vague = False
    vague_q = "at_least"
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
        if g.not_alone and _norm(lo_s) in g.not_alone and _norm(hi_s) in g.not_alone:
            return None  # French "un à un" (one by one)
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
        if g.not_alone and not (gd.get("q1") or gd.get("q2")) and _norm(gd["num"]) in g.not_alone:
            return None  # French "un", "une": an article unless a cue stands before ("au moins un")
    elif gd.get("vague"):
        key = _norm(gd["vague"])
        value = g.vague[key]
        vague_q = g.vague_qualifier[key]
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
        qualifier = vague_q
    else:
        qualifier = range_q or "exact"
    return Quantity(low=low, high=high, qualifier=qualifier, additive=additive, vague=vague, text=m.group(0))


def _context_ok(text: str, m: re.Match[str], q: Quantity, g: _Grammar) -> bool:
    """Rejects measures, money, times, shares, ages, hyphen compounds ("25-year-old"), numbers
    written against letters and idiomatic words (English 'one' in "one of the deadliest")."""
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
    idiom = g.idioms.get(_norm(m.group(0)))
    if idiom is not None and (idiom[0].search(before) or idiom[1].match(after)):
        return False
    return True


# --- public API -------------------------------------------------------------------------------


def parse_quantity(text: str, *, lang: str = DEFAULT_LANG) -> Quantity | None:
    """The count expression that is the whole of ``text`` ("at least another 35 to 42"), else None.

    ``lang``: the language of the text ("en", "fr"); ValueError for a language without data.
    """
    g = _grammar(lang)
    if not isinstance(text, str):
        return None
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


#: how many words after a cue or a range opener its number may come ("au-delà de 50": three)
LEAD_REACH = 6


def _starts(text: str, g: _Grammar) -> list[int] | None:
    """The ascending positions where a match of ``g.regex`` may begin: runs of digits and runs of
    letters that are a start word (see _grammar); None when the text must be searched plainly."""
    from .timex import _runs  # the runs of digits and letters, shared with find_timexes

    if g.start_words is None:
        return None
    runs = _runs(text)
    if runs is None:
        return None
    words, leads, openers = g.start_words, g.lead_words, g.openers
    n = len(runs)
    # does a count open at run k: a digit, or a word that opens one with what follows it
    opening = [w is None or (w in openers and (openers[w] is None or (k + 1 < n and runs[k + 1][2] in openers[w])))
               for k, (_, _, w) in enumerate(runs)]
    out = []
    for k, (s, _, w) in enumerate(runs):
        if opening[k] or (w in leads and any(opening[k + 1:k + 1 + LEAD_REACH])):
            out.append(s)
    return out


def _blocked_range(text: str, m: re.Match[str], g: _Grammar) -> int | None:
    """Where the low figure of an enclosed range starts when the words before its opener make it a
    change of figure ("passé de 35 à 60"), else None."""
    for i, blocker in g.range_blockers:
        if m.group(f"elo{i}") is not None and blocker.search(text[max(0, m.start() - _CONTEXT): m.start()]):
            return m.start(f"elo{i}")
    return None


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


def find_quantities(text: str, *, blocked: list[tuple[int, int]] | None = None,
                    lang: str = DEFAULT_LANG) -> list[tuple[int, int, Quantity]]:
    """Every count expression of ``text`` as (start, end, Quantity), left to right, non-overlapping.

    ``text[start:end]`` is the span. Numbers inside temporal expressions (dates, times, durations
    such as "two days later") are not counts and are skipped. ``blocked``: the (start, end) spans of
    the temporal expressions of ``text`` when the caller already has them
    (``[(s, e) for s, e, _ in find_timexes(text, lang=lang)]``); None: they are computed here.
    ``lang``: the language of the text ("en", "fr"); ValueError for a language without data.
    """
    g = _grammar(lang)
    if blocked is None:
        from .timex import find_timexes  # local: timex does not depend on this module

        blocked = [(s, e) for s, e, _ in find_timexes(text, lang=lang)]
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
        cands: tuple[re.Match[str] | int | None, ...] = (m, m.start())  # a position: the single figure there
        if g.range_blockers:
            lo = _blocked_range(text, m, g)
            if lo is not None:  # French "le bilan est passé de 35 à 60": two figures, not a range
                cands = (lo,)
        for cand in cands:
            if isinstance(cand, int):  # matched only when the whole match gave nothing
                cand = g.single.match(text, cand)
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
        if g.additive_after_blockers is not None and cand.groupdict().get("addx") and not cand.group("add") \
                and g.additive_after_blockers.search(text[max(0, cand.start() - _CONTEXT): cand.start()]):
            q = q.model_copy(update={"additive": False})  # French "les deux autres": the other two
        out.append((cand.start(), cand.end(), q))
        pos = cand.end()
    return out
