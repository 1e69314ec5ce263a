"""Actors learned from ACLED's coded record.

:class:`ActorModel` (the model directory's ``actors`` component) learns

* every actor name ACLED coded (actor1, actor2 and the "; "-separated associated actors), with its
  inter code, the countries of its events and the dates it was active;
* the structure of the names: a name is a *group* (the name without its period, "Military Forces of
  Afghanistan") of a *family* (the group without its country, "Military Forces of {country}";
  "Islamic State ({country})" for "Islamic State (Iraq)" and "Islamic State (Sahel)");
* aliases: the phrases of the notes that name the coded actor (mined with a frequency and a
  precision threshold, checked on held-out rows), and the aliases a name carries ("JNIM" in "JNIM:
  Group for Support of Islam and Muslims");
* ACLED's usual actor1 for each sub-event type (protests are by "Protesters (<country>)").

At run time :class:`ActorBook` joins the model with the hand-written dictionary (``actors.yaml``,
which wins for its countries) and the generic templates of ``actor_templates.yaml`` ("Military
Forces of {country}" with each country's demonyms): it gives the entity ruler its patterns and turns
an alias into a lexicon :class:`~conflictwatch.lexicon.Actor` whose names depend on the event's
country and date (:meth:`Actor.name_on`).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from conflictwatch.config import DATA_DIR
from conflictwatch.geo.builtin import row_iso2
from conflictwatch.learn.acled import AcledRow, ModelError
from conflictwatch.lexicon import Actor, Lexicon, PeriodName, load_file

FILE = "actors.json.gz"
FORMAT_VERSION = 1

PERIOD = re.compile(r"\s*\((\d{4})-(\d{4})?\)")
QUALIFIED = re.compile(r"(?P<base>.+?) \((?P<q>[^()]+)\)")
TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*", re.UNICODE)
SLOT = "{country}"
ACRONYM = re.compile(r"[A-Z][A-Z-]{1,6}")  # "ISIS", "IDF", "IS"


def _word_runs(names: Iterable[str]) -> set[str]:
    """Every run of whole words of the names ("Washington DC" -> "Washington", "DC", "Washington DC")."""
    out: set[str] = set()
    for name in names:
        words = (name or "").split()
        out.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return out


# --- the data file ----------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Template(_Strict):
    name: str
    inter: int = Field(ge=1, le=8)
    state_forces: bool = False
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # generic words named by the event's country ("the army")
    #: written once per country name ({name}: "military forces of Russia"), naming that country's actor
    country_aliases: tuple[str, ...] = ()


class Mining(_Strict):
    min_count: int = Field(ge=1)
    min_precision: float = Field(gt=0, le=1)
    name_min_precision: float = Field(ge=0, le=1)
    held_out: float = Field(ge=0, lt=1)
    max_words: int = Field(ge=1, le=10)
    connectors: tuple[str, ...] = ()
    stop_words: tuple[str, ...] = ()
    # words every family of names shares ("Forces", "Militia"): sharing one of them is no sign that a
    # phrase names the actor
    generic_words: tuple[str, ...] = ()
    # notes tagged per word that follows a name, to tell "Taliban militants" from "Savien Gang attacked"
    follower_examples: int = Field(default=3, ge=1, le=50)
    # a phrase mined as an alias of a family named by country ("AFP" for "Military Forces of
    # {country}") names that country's member only when this share of its events is in one country
    pin_share: float = Field(default=0.9, gt=0.5, le=1)
    # names the notes cite as sources (news agencies), never an actor's alias however often they
    # occur beside one ("AFP" beside Ethiopia's army)
    not_aliases: tuple[str, ...] = ()


class GroupMilitias(_Strict):
    families: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    armed_prefixes: tuple[str, ...] = ()
    plural_alone: tuple[str, ...] = ()


class TemplatesFile(_Strict):
    templates: tuple[Template, ...]
    group_militias: GroupMilitias = GroupMilitias()
    not_in_text: tuple[str, ...] = ()
    #: short forms written where a demonym stands ("US forces", "U.S. troops"), by ISO alpha-2
    demonym_forms: dict[str, tuple[str, ...]] = {}
    #: names of a family the record never codes as such ("ISIS" for "Islamic State ({country})")
    family_aliases: dict[str, tuple[str, ...]] = {}
    mining: Mining
    default_actor_share: float = Field(gt=0, le=1)
    battle_sides: "BattleSides | None" = None
    units: "Units | None" = None


class Units(_Strict):
    """The unit ACLED names a state's forces by for a sub-event type ("Military Forces of Russia
    (2000-) Air Force" for its air strikes), where it nearly always does."""

    min_rows: int = Field(ge=1)
    share: float = Field(gt=0.5, le=1)


class BattleSides(_Strict):
    """Which side of a battle between state forces and another ACLED names first, by country."""

    #: battles of a country needed before its share is kept
    min_rows: int = Field(ge=1)
    #: the share of battles with the state forces first (or second) that makes it the country's order
    share: float = Field(gt=0.5, le=1)


TemplatesFile.model_rebuild()


@cache
def load_templates(lang: str = "en") -> TemplatesFile:
    """data/actor_templates.yaml, with a language's overlay (data/<lang>/actor_templates.yaml) merged in."""
    return load_file("actor_templates", TemplatesFile, lang)[0]  # type: ignore[return-value]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def acled_countries() -> dict[str, str]:
    """ISO alpha-2 -> ACLED's spelling of the country name."""
    return {r["iso2"]: r["country"] for r in _read_csv("acled_countries.csv")}


@cache
def _country_words() -> frozenset[str]:
    """The words of countries' names and demonyms: "Ethiopia" beside the Ethiopian army names no actor."""
    names = [*acled_countries().values(), *(d for ds in demonyms().values() for d in ds)]
    return frozenset(w for n in names for w in re.findall(r"[\w']+", n.lower()))


@cache
def demonyms() -> dict[str, tuple[str, ...]]:
    """ISO alpha-2 -> the country's demonyms ("Afghan", "Burkinabe")."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in _read_csv("geo/country_names.csv"):
        if r["kind"] == "demonym":
            out[r["iso2"]].extend(d.strip() for d in r["name"].split(",") if d.strip())
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


# --- names apart --------------------------------------------------------------------------------


def split_name(name: str, country_iso: dict[str, str]) -> tuple[str, str | None, str | None]:
    """An ACLED name -> (group, family, the country it names): "Military Forces of the Philippines
    (2016-)" -> ("Military Forces of the Philippines", "Military Forces of {country}", "PH");
    "Islamic State (Sahel)" -> ("Islamic State (Sahel)", "Islamic State ({country})", None);
    "Taliban" -> ("Taliban", None, None)."""
    group = " ".join(PERIOD.sub("", name).split())
    m = QUALIFIED.fullmatch(group)
    if m:
        return group, f"{m['base']} ({SLOT})", country_iso.get(m["q"])
    m = re.fullmatch(r"(?P<pre>.+ of) (?:the )?(?P<rest>.+)", group)
    if m:
        rest = m["rest"]
        for country in sorted((c for c in country_iso if rest.startswith(c)), key=len, reverse=True):
            tail = rest[len(country):]
            if not tail or tail.startswith(" "):
                return group, f"{m['pre']} {SLOT}{tail}", country_iso[country]
    return group, None, None


def names_in(row: AcledRow) -> list[tuple[str, str | None]]:
    """The actor names a row codes, with the inter code of actor1/actor2."""
    out: list[tuple[str, str | None]] = []
    for col, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        if row.get(col):
            out.append((row[col], row.get(inter) or None))
    for col in ("assoc_actor_1", "assoc_actor_2"):
        for name in (row.get(col) or "").split(";"):
            if name.strip():
                out.append((name.strip(), None))
    return out


def _inter(value: str | None) -> int | None:
    try:
        code = int(float(value)) if value else None
    except ValueError:
        return None
    return code if code is not None and 1 <= code <= 8 else None


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# --- phrases of the notes ---------------------------------------------------------------------


class Phrases:
    """The candidate alias phrases of a note: runs of capitalised words (joined by connectors such as
    "of"), such a run with the word that follows it ("Taliban militants", "Israeli forces"), and
    lower-case words and word pairs ("police", "security forces")."""

    def __init__(self, mining: Mining):
        self.max_words = mining.max_words
        self.connectors = {c.lower() for c in mining.connectors}
        self.stop = set(mining.stop_words)

    def __call__(self, text: str) -> set[str]:
        toks = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        out: set[str] = set()
        n = len(toks)
        caps = [t[0][:1].isupper() and not t[0][:1].isdigit() for t in toks]
        i = 0
        while i < n:
            if not caps[i]:
                word = toks[i][0]
                if word.isalpha() and word.islower() and len(word) > 2:
                    out.add(word)
                    if i + 1 < n and toks[i + 1][0].isalpha() and toks[i + 1][0].islower() and \
                            text[toks[i][2]:toks[i + 1][1]] == " ":
                        out.add(f"{word} {toks[i + 1][0]}")
                i += 1
                continue
            j = i  # a run of capitalised words and connectors inside it
            while j + 1 < n and text[toks[j][2]:toks[j + 1][1]] == " " and (
                    caps[j + 1] or toks[j + 1][0].lower() in self.connectors and j + 2 < n and caps[j + 2]):
                j += 1
            for a in range(i, j + 1):
                if not caps[a]:
                    continue
                for b in range(a, min(j + 1, a + self.max_words)):
                    if not caps[b]:
                        continue
                    phrase = text[toks[a][1]:toks[b][2]]
                    if phrase in self.stop:
                        continue
                    out.add(phrase)
                    nxt = b + 1
                    if b == j and nxt < n and toks[nxt][0].islower() and toks[nxt][0].isalpha() \
                            and text[toks[b][2]:toks[nxt][1]] == " ":
                        out.add(f"{phrase} {toks[nxt][0]}")
            if j - i + 1 > self.max_words and caps[j]:  # a long name whole: "Baz Gran Grif de Savien Gang"
                out.add(text[toks[i][1]:toks[j][2]])
            i = j + 1
        return out

    @staticmethod
    def follower(phrase: str) -> str | None:
        """The lower-case word a name is followed by in ``phrase`` ("militants" in "Taliban militants")."""
        words = phrase.split()
        if len(words) > 1 and phrase[:1].isupper() and words[-1].isalpha() and words[-1].islower():
            return words[-1]
        return None


def verb_followers(examples: dict[str, list[tuple[str, str]]], model: str | None = None) -> set[str]:
    """The words after a name that are verbs where the notes write them ("attacked" in "the Savien
    Gang attacked"): a phrase ending in one is a name and its verb, never an alias. ``examples``:
    word -> (note, phrase ending in the word); each word is tagged in its notes by the spaCy tagger,
    and is a verb when most of its examples tag it so."""
    if not examples:
        return set()
    import spacy

    from conflictwatch.config import model_name

    nlp = spacy.load(model or model_name(), exclude=["parser", "ner", "lemmatizer", "senter"])
    items = [(note, (word, phrase)) for word, pairs in examples.items() for note, phrase in pairs]
    votes: dict[str, list[bool]] = defaultdict(list)
    for doc, (word, phrase) in nlp.pipe(items, as_tuples=True, batch_size=256):
        m = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", doc.text)
        span = doc.char_span(m.end() - len(word), m.end()) if m else None
        if span is not None and len(span) == 1:
            votes[word].append(span[0].tag_.startswith("VB"))
    return {w for w, v in votes.items() if sum(v) * 2 > len(v)}


#: the key prefix of a note label's usual actor1 in ActorModel.defaults
HEADING = "heading:"


def _initials(name: str, joiners: set[str]) -> str:
    """A name's initials without its joining words ("Oromo Liberation Army" -> "OLA")."""
    return "".join(w[0] for w in re.findall(r"[\w']+", name) if w.lower() not in joiners)


def _singular(name: str) -> str:
    """A name's last word without its plural ("people's defense forces" -> "people's defense force")."""
    return name[:-1] if len(name) > 3 and name.endswith("s") and not name.endswith("ss") else name


def _held_out(row: AcledRow, index: int, share: float) -> bool:
    key = row.get("event_id_cnty") or f"{index}"
    return zlib.crc32(key.encode()) % 1000 < share * 1000


# --- the component ------------------------------------------------------------------------------


class ActorModel:
    """Actor names, families, aliases and usual actors learned from ACLED-coded rows."""

    name: ClassVar[str] = "actors"

    def __init__(self) -> None:
        #: group -> {"inter", "countries" {iso: n}, "family", "iso", "n", "variants" [[name, first, last, n]]}
        self.groups: dict[str, dict[str, Any]] = {}
        #: family key -> {"groups": [group, ...] most coded first, "template": bool}
        self.families: dict[str, dict[str, Any]] = {}
        #: alias as written -> target ("g:<group>" or "f:<family>")
        self.aliases: dict[str, str] = {}
        #: sub-event type -> the target ACLED usually codes as actor1
        self.defaults: dict[str, str] = {}
        #: ISO alpha-2 -> the country as ACLED's names spell it ("the Philippines" in "of the Philippines")
        self.of_names: dict[str, str] = {}
        #: ISO alpha-2 -> the share of the country's battles between state forces and another side in
        #: which the state forces are actor1 (only countries with enough such battles)
        self.state_first: dict[str, float] = {}
        #: "<actor1 without its period>|<sub-event type>" -> the unit ACLED adds after the period
        self.units: dict[str, str] = {}

    # fitting -------------------------------------------------------------------------------

    def fit(self, rows: Sequence[AcledRow]) -> dict[str, Any]:
        spec = load_templates()
        country_iso = self._country_iso(rows)
        self._names(rows, country_iso)
        phrases = Phrases(spec.mining)
        fit_rows, check_rows = [], []
        for i, row in enumerate(rows):
            (check_rows if _held_out(row, i, spec.mining.held_out) else fit_rows).append(row)
        self.aliases = self._mine(fit_rows, phrases, spec, country_iso)
        held = self._check(check_rows, phrases, country_iso)
        self.defaults = self._defaults(rows, country_iso, spec.default_actor_share)
        self.state_first = self._state_first(rows, country_iso, spec)
        self.units = self._units(rows, spec)
        return {
            "names": sum(len(g["variants"]) for g in self.groups.values()),
            "groups": len(self.groups),
            "families": len(self.families),
            "aliases": len(self.aliases),
            "countries": len({iso for g in self.groups.values() for iso in g["countries"]}),
            "fit_rows": len(fit_rows), "held_out_rows": len(check_rows),
            "held_out_alias_precision": held["precision"],
            "held_out_alias_mentions": held["mentions"],
            "default_actor1": dict(sorted(self.defaults.items())),
            "battle_sides_countries": len(self.state_first),
            "units": len(self.units),
        }

    @staticmethod
    def _country_iso(rows: Sequence[AcledRow]) -> dict[str, str]:
        """Country name as written in the rows and in ACLED's list -> ISO alpha-2."""
        names = {name: iso for iso, name in acled_countries().items()}
        for row in rows:
            country = row.get("country")
            if country and country not in names:
                iso = row_iso2(row)
                if iso:
                    names[country] = iso
        return names

    @staticmethod
    def _row_iso(row: AcledRow, country_iso: dict[str, str]) -> str | None:
        return row_iso2(row) or country_iso.get(row.get("country", ""))

    def _names(self, rows: Sequence[AcledRow], country_iso: dict[str, str]) -> None:
        count: Counter[str] = Counter()
        inter: dict[str, Counter[int]] = defaultdict(Counter)
        # the inter code of the side an associated actor is coded on: the inter of a group the record
        # only ever associates ("Tuareg Ethnic Group (Mali)" beside civilians is no armed group)
        side_inter: dict[str, Counter[int]] = defaultdict(Counter)
        where: dict[str, Counter[str]] = defaultdict(Counter)
        first: dict[str, str] = {}
        last: dict[str, str] = {}
        for row in rows:
            iso = self._row_iso(row, country_iso)
            day = _day(row.get("event_date"))
            for name, code in names_in(row):
                count[name] += 1
                if _inter(code) is not None:
                    inter[name][_inter(code)] += 1
                if iso:
                    where[name][iso] += 1
                if day:
                    if name not in first or day < first[name]:
                        first[name] = day
                    if name not in last or day > last[name]:
                        last[name] = day
            for col, side in (("assoc_actor_1", "inter1"), ("assoc_actor_2", "inter2")):
                code = _inter(row.get(side))
                for name in (row.get(col) or "").split(";"):
                    if name.strip() and code is not None:
                        side_inter[name.strip()][code] += 1
        groups: dict[str, dict[str, Any]] = {}
        for name, n in count.items():
            group, family, named_iso = split_name(name, country_iso)
            g = groups.setdefault(group, {"inter": Counter(), "side": Counter(), "countries": Counter(),
                                          "family": family, "iso": named_iso, "n": 0, "variants": []})
            g["inter"].update(inter[name])
            g["side"].update(side_inter[name])
            g["countries"].update(where[name])
            g["n"] += n
            g["variants"].append([name, first.get(name), last.get(name), n])
            m = re.search(r" of (the [A-Z][^(]*?)(?: \(|$)", PERIOD.sub("", name))
            if named_iso and m and m.group(1)[4:] in country_iso:
                self.of_names[named_iso] = m.group(1)
        self.groups = {}
        for group, g in groups.items():
            g["variants"].sort(key=lambda v: (v[1] or "", v[0]))
            self.groups[group] = {
                "inter": (g["inter"] or g["side"]).most_common(1)[0][0] if g["inter"] or g["side"] else None,
                "countries": dict(g["countries"].most_common()),
                "family": g["family"], "iso": g["iso"], "n": g["n"], "variants": g["variants"],
            }
        families: dict[str, list[str]] = defaultdict(list)
        for group, g in self.groups.items():
            if g["family"]:
                families[g["family"]].append(group)
        self.families = {}
        for key, members in families.items():
            members.sort(key=lambda m: -self.groups[m]["n"])
            named = any(self.groups[m]["iso"] for m in members)
            if len(members) < 2 and not named:
                for m in members:  # "Seleka Militia (Ex)": one name, no family
                    self.groups[m]["family"] = None
                continue
            self.families[key] = {"groups": members, "template": named}

    def _keys(self, row: AcledRow, country_iso: dict[str, str]) -> set[str]:
        keys = set()
        for name, _ in names_in(row):
            group = " ".join(PERIOD.sub("", name).split())
            g = self.groups.get(group)
            if g is None:
                continue
            keys.add(f"g:{group}")
            if g["family"]:
                keys.add(f"f:{g['family']}")
        return keys

    def _mine(self, rows: Sequence[AcledRow], phrases: Phrases, spec: TemplatesFile,
              country_iso: dict[str, str]) -> dict[str, str]:
        """Phrases that name a coded actor. A phrase is kept when it is frequent, precise (the events
        whose notes hold it code its actor) and well above its actor's base rate; a second round counts
        only the actors the first round's aliases leave unexplained, so "militants" does not become an
        alias of the army that "Israeli forces" already names."""
        from spacy.lang.en.stop_words import STOP_WORDS

        mining = spec.mining
        places = {row.get(c, "") for row in rows for c in ("location", "admin1", "admin2", "admin3", "country")}
        banned = {f"f:{k}" for k in spec.not_in_text}
        banned |= {f"g:{g}" for g, v in self.groups.items() if f"f:{v['family']}" in banned}
        df: Counter[str] = Counter()
        per_row: list[tuple[set[str], set[str]]] = []
        where: dict[str, Counter[str]] = defaultdict(Counter)  # phrase -> the countries of its events
        examples: dict[str, list[tuple[str, str]]] = defaultdict(list)  # word after a name -> its notes
        in_place: Counter[str] = Counter()  # phrase -> notes where it is part of the event's own place name
        for row in rows:
            note = row.get("notes", "")
            found = phrases(note)
            df.update(found)
            own = _word_runs(row.get(c, "") for c in ("location", "admin1", "admin2", "admin3"))
            in_place.update(found & own)
            for p in found:
                word = phrases.follower(p)
                if word is not None and len(examples[word]) < mining.follower_examples:
                    examples[word].append((note, p))
            iso = self._row_iso(row, country_iso)
            if iso:
                for p in found:
                    where[p][iso] += 1
            per_row.append((found, self._keys(row, country_iso) - banned))
        prior: Counter[str] = Counter(k for _, keys in per_row for k in keys)

        peoples = {d for names in demonyms().values() for n in names for d in (n, n + "s")}
        not_aliases = set(mining.not_aliases)

        def usable(p: str) -> bool:
            """A name: capitalised ("police" is the templates' word, named by the country), mostly
            written so ("Residents" starts sentences), never a place or a demonym alone ("Palestinian"
            co-occurs with the Israeli army)."""
            words = p.split()
            return (df[p] >= mining.min_count and p[:1].isupper() and df[p.lower()] < df[p] and p not in places
                    and in_place[p] * 2 < df[p]  # "DC" of "Washington DC": a word of the events' own place
                    and p not in not_aliases
                    and p not in peoples and not (stop(words[0], first=len(words) > 1) or stop(words[-1])))

        def stop(word: str, first: bool = False) -> bool:  # "IS militants": an acronym, no stop word,
            # where a name begins ("IS" alone, "AM" or "OF" in capitals are no names)
            return word.lower() in STOP_WORDS and not (first and len(word) > 1 and word.isupper())

        frequent = {p for p in df if usable(p)}
        verbs = verb_followers({w: examples[w] for w in {phrases.follower(p) for p in frequent} if w})
        frequent = {p for p in frequent if phrases.follower(p) not in verbs}

        def choose(pair: Counter[tuple[str, str]], threshold: float, skip: set[str]) -> dict[str, str]:
            cands: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
            for (p, k), n in pair.items():
                cands[p][k[0]].append((n, k))

            def lift_of(p: str, n: int, target: str) -> float:
                return (n / df[p]) / (prior[target] / len(per_row))

            out = {}
            for p, kinds in cands.items():
                if p in skip:
                    continue
                strict = p[:1].islower()  # common words need more evidence than names
                # the most frequent target that the phrase names (on a tie the first by name: the pairs
                # come in the order of sets, which changes from run to run, and the model must not): "National
                # Resistance forces" is written as often beside the army they fight as beside themselves.
                # An acronym shares no word with what it names, so it names the target it singles out (the
                # highest lift): "OPM" beside Indonesia's police and the Papuan rebels is the rebels'
                acronym = bool(ACRONYM.fullmatch(p.replace(".", "")))
                chosen = None
                for kind in ("g", "f"):  # the group when precise enough, else its family
                    ranked = sorted(kinds.get(kind, []), key=lambda x: (-x[0], x[1]))
                    if acronym:
                        ranked.sort(key=lambda x: (-lift_of(p, *x), x[1]))
                    for n, target in ranked:
                        precision = n / df[p]
                        if precision < (max(threshold, 0.7) if strict else threshold):
                            continue
                        if lift_of(p, n, target) >= (3 if strict else 2) and self._names_it(p, target, mining):
                            chosen = target
                            break
                    if chosen is not None:
                        break
                if chosen is not None:
                    fam = self.groups[chosen[2:]]["family"] if chosen.startswith("g:") else chosen[2:]
                    if chosen not in banned and f"f:{fam}" not in banned:
                        out[p] = self._pinned(p, chosen, where.get(p), mining)
            return out

        pair: Counter[tuple[str, str]] = Counter()
        for found, keys in per_row:
            for p in found & frequent:
                for k in keys:
                    pair[(p, k)] += 1
        # the aliases names carry: "JNIM" and "Group for Support of ..." in "JNIM: Group for Support of ..."
        aliases: dict[str, str] = {}
        for group, g in self.groups.items():
            for alias, target in self._name_aliases(group, g):
                if alias in aliases or target in banned or len(alias) < 2 or df[alias] < 2 or alias in places:
                    continue
                if df[alias] >= mining.min_count and pair.get((alias, target), 0) / df[alias] < mining.name_min_precision:
                    continue
                aliases[alias] = target
        def held(p: str, known: dict[str, str]) -> set[str]:  # the aliases inside a phrase
            words = p.split()
            return {part for a in range(len(words)) for b in range(a + 1, len(words) + 1)
                    if b - a < len(words) and (part := " ".join(words[a:b])) in known}

        def contains(p: str, known: dict[str, str]) -> bool:  # "Taliban militants" is named by "Taliban"
            return bool(held(p, known))

        named = set(aliases)
        skip = {p for p in frequent if p in named or contains(p, aliases)}
        sure = {**choose(pair, max(0.85, mining.min_precision), skip), **aliases}

        def explained(found: set[str]) -> set[str]:
            out = set()
            for p in found:
                t = sure.get(p)
                if t is not None:
                    out.add(t.partition("@")[0])
                    if t.startswith("g:") and self.groups[t[2:]]["family"]:
                        out.add(f"f:{self.groups[t[2:]]['family']}")
            return out

        rest: Counter[tuple[str, str]] = Counter()
        open_ = {p for p in frequent - sure.keys() if not contains(p, sure)}
        for found, keys in per_row:
            cand = found & open_
            if not cand:
                continue
            left = keys - explained(found)
            for p in cand:
                for k in left:
                    rest[(p, k)] += 1
        aliases = {**choose(rest, mining.min_precision, set(sure)), **sure}
        # a name spelled out whose initials are an acronym alias names that acronym's actor ("Oromo
        # Liberation Army" for "OLA"), though the notes that spell it out give the acronym too (which
        # explains the actor in the second round): when the events it is written in code that actor
        # and it shares a word with the actor's names (not a protest's topic, "Value Added Tax")
        joiners = {w.lower() for w in mining.connectors}
        for p in sorted(frequent - aliases.keys()):
            words = re.findall(r"[\w']+", p)
            if len(words) < 3 or not all(w[:1].isupper() or w.lower() in joiners for w in words):
                continue
            initials = _initials(p, joiners)
            target = aliases.get(initials, "").partition("@")[0]
            if (len(initials) >= 3 and target and not contains(p, aliases)
                    and pair.get((p, target), 0) / df[p] >= mining.min_precision and self._names_it(p, target, mining)):
                aliases[p] = aliases[initials]
        # a mined phrase holding another alias of its actor ("ISIS attacked") is named by that alias; one
        # that names another actor is the more precise name ("National Resistance forces" in Yemen holds
        # "Resistance", the Sudanese committees' alias): the longest name is read, so it stays
        # (read against the aliases as chosen, so the outcome does not depend on their order)
        chosen = dict(aliases)
        for p in [p for p in chosen if p not in named and contains(p, chosen)]:
            target = chosen[p].partition("@")[0]
            family = self.groups[target[2:]]["family"] if target.startswith("g:") else None
            inside = held(p, chosen)
            # its actor or the family it belongs to, or a name of more than one word ("Islamic State
            # militants"): only a single word is a fragment a longer name may outgrow; and names joined
            # by "and" ("Maasai and Kipsigis") are two actors, never one
            if ({target, f"f:{family}"} & {chosen[a].partition("@")[0] for a in inside}
                    or any(" " in a for a in inside) or " and " in p):
                del aliases[p]
        return dict(sorted(aliases.items()))

    @staticmethod
    def _pinned(phrase: str, target: str, countries: Counter[str] | None, mining: Mining) -> str:
        """A family alias written in one country's notes names that country's member: "AFP" (the
        Armed Forces of the Philippines) is not the army of Mali in a Malian report."""
        if not target.startswith("f:") or SLOT not in target or not countries:
            return target
        iso, n = countries.most_common(1)[0]
        return f"{target}@{iso}" if n / sum(countries.values()) >= mining.pin_share else target

    def _names_it(self, phrase: str, target: str, mining: Mining) -> bool:
        """Does a phrase found beside an actor name it, rather than merely co-occur with it? It shares a
        distinctive word with the actor's names ("Taliban militants" - Taliban; "Dozos" - Dozo
        Communal Militia), or it is an acronym ("NPA", "ISIS"). "Nasr" beside the Israeli army (a
        neighbourhood its strikes hit) does not, nor "Ethiopia" beside the Ethiopian army."""
        kind, _, key = target.partition(":")
        key = key.partition("@")[0]
        names = [key] if kind == "g" else [key, *self.families.get(key, {}).get("groups", [])[:200]]
        joiners = {w.lower() for w in mining.connectors}
        skip = {w.lower() for w in mining.generic_words} | joiners | {SLOT.strip("{}")} | _country_words()

        def stems(text: str) -> list[str]:
            return [w[:-1] if len(w) > 3 and w.endswith("s") else w
                    for w in re.findall(r"[\w']+", text.lower()) if w not in skip]

        own = {s for n in names for s in stems(n)}
        words = stems(phrase)
        if any(w in own for w in words):
            return True
        if ACRONYM.fullmatch(phrase.replace(".", "")):
            return True  # an acronym: "ISIS", "IDF" (what it abbreviates need not be the actor's name)
        bases = {m["base"] for n in names if (m := QUALIFIED.fullmatch(n))}  # "Islamic State" of "... (Iraq)"
        initials = {_initials(n, joiners).lower() for n in (*names, *bases)}
        acronyms = [w for w in phrase.replace(".", "").split() if ACRONYM.fullmatch(w)]
        # the phrase is the initials, or holds them as a word ("IS militants")
        return phrase.replace(".", "").lower() in initials or any(w.lower() in initials for w in acronyms)

    def _name_aliases(self, group: str, g: dict[str, Any]) -> Iterable[tuple[str, str]]:
        family = g["family"]
        if family is not None and family in self.families:
            m = QUALIFIED.fullmatch(group)
            if m and family.endswith(f"({SLOT})"):
                yield m["base"], f"f:{family}"  # "Fulani Ethnic Militia" -> by the event's country
            return
        target = f"g:{group}"
        yield group, target
        if ":" in group:
            short, _, long = group.partition(":")
            yield short.strip(), target
            yield long.strip(), target

    def _check(self, rows: Sequence[AcledRow], phrases: Phrases, country_iso: dict[str, str]) -> dict[str, Any]:
        """How often an alias found in a held-out note names an actor the row codes."""
        mentions = hits = 0
        for row in rows:
            found = phrases(row.get("notes", "")) & self.aliases.keys()
            if not found:
                continue
            keys = self._keys(row, country_iso)
            for p in found:
                mentions += 1
                hits += self.aliases[p].partition("@")[0] in keys  # a pinned alias names its family's member
        return {"precision": round(hits / mentions, 4) if mentions else None, "mentions": mentions}

    #: a note label's usual actor1 is learned from at least this many notes written under it
    HEADING_MIN_ROWS: ClassVar[int] = 20
    HEADING_MIN_COUNTRY_ROWS: ClassVar[int] = 5

    def _defaults(self, rows: Sequence[AcledRow], country_iso: dict[str, str], share: float) -> dict[str, str]:
        """The usual actor1 of each sub-event type, and of each label a note opens with (keyed
        "heading:<label>": "Displacement: ..." notes code the civilians who fled), and of each label in
        each country where it heads enough notes ("heading:<label>@<ISO>"). A label's usual actor
        everywhere must be usual country by country (the mean of its shares in the countries with at
        least HEADING_MIN_COUNTRY_ROWS such notes): Israel's demolitions do not make the army the
        usual author of property destroyed in France."""
        from conflictwatch.learn.subtype import note_label

        by_type: dict[str, Counter[str]] = defaultdict(Counter)
        by_country: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        exact: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))  # by group
        for row in rows:
            sub = row.get("sub_event_type")
            if not sub:
                continue
            target = own = "none"
            if row.get("actor1"):
                group = " ".join(PERIOD.sub("", row["actor1"]).split())
                g = self.groups.get(group)
                if g is not None:
                    target = f"f:{g['family']}" if g["family"] in self.families else f"g:{group}"
                    own = f"g:{group}"
            by_type[sub][target] += 1
            label = note_label(row.get("notes") or "")
            if label:
                key = f"{HEADING}{label}"
                by_type[key][target] += 1
                by_country[key][self._row_iso(row, country_iso) or ""][target] += 1
                exact[key][self._row_iso(row, country_iso) or ""][own] += 1
        out = {}
        for key, countries in sorted(exact.items()):  # a label's usual actor in one country: that group
            # ("Military Forces of Ukraine" intercepts in Ukraine, not the army coded most there)
            for iso, counts in sorted(countries.items()):
                target, n = counts.most_common(1)[0]
                total = sum(counts.values())
                if iso and target != "none" and total >= self.HEADING_MIN_ROWS and n / total >= share:
                    out[f"{key}@{iso}"] = target
        for sub, counts in sorted(by_type.items()):
            target, n = counts.most_common(1)[0]
            total = sum(counts.values())
            if sub.startswith(HEADING):
                if total < self.HEADING_MIN_ROWS:
                    continue
                shares = [c[target] / sum(c.values()) for c in by_country[sub].values()
                          if sum(c.values()) >= self.HEADING_MIN_COUNTRY_ROWS]
                if not shares or sum(shares) / len(shares) < share:
                    continue
            if target != "none" and n / total >= share:
                out[sub] = target
        return out

    def _state_first(self, rows: Sequence[AcledRow], country_iso: dict[str, str], spec: TemplatesFile) -> dict[str, float]:
        """Per country, the share of its battles between state forces and another side that name
        the state forces first: a desk's convention the text does not show (in the Philippines
        the rebels are actor1 of nine battles in ten, whoever the note names first)."""
        if spec.battle_sides is None:
            return {}
        prefixes = tuple(t.name.split("{")[0] for t in spec.templates if t.state_forces or t.inter == 1)

        def state(name: str, inter: str | None) -> bool:
            return _inter(inter) == 1 or name.startswith(prefixes)

        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            a1, a2 = row.get("actor1"), row.get("actor2")
            if row.get("event_type") != "Battles" or not a1 or not a2:
                continue
            s1, s2 = state(a1, row.get("inter1")), state(a2, row.get("inter2"))
            iso = self._row_iso(row, country_iso)
            if s1 != s2 and iso:
                counts[iso][0 if s1 else 1] += 1
        return {iso: round(first / (first + second), 3) for iso, (first, second) in sorted(counts.items())
                if first + second >= spec.battle_sides.min_rows}

    @staticmethod
    def _units(rows: Sequence[AcledRow], spec: TemplatesFile) -> dict[str, str]:
        """Per actor (named with a period: state forces) and sub-event type, the unit written after
        the period when at least ``units.share`` of its events name it: Russia's air strikes are its
        Air Force's, the United States' deployments its National Guard's."""
        if spec.units is None:
            return {}
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            actor, sub = row.get("actor1"), row.get("sub_event_type")
            m = PERIOD.search(actor or "")
            if m is None or not sub:
                continue
            counts[f"{actor[:m.start()].strip()}|{sub}"][actor[m.end():].strip()] += 1
        out = {}
        for key, found in counts.items():
            unit, n = found.most_common(1)[0]
            total = sum(found.values())
            if unit and total >= spec.units.min_rows and n / total >= spec.units.share:
                out[key] = unit
        return dict(sorted(out.items()))

    # saving ------------------------------------------------------------------------------

    def to_disk(self, path: Path) -> None:
        data = {"format_version": FORMAT_VERSION, "groups": self.groups, "families": self.families,
                "aliases": self.aliases, "defaults": self.defaults, "of_names": self.of_names,
                "state_first": self.state_first, "units": self.units}
        with gzip.open(Path(path) / FILE, "wt", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_disk(cls, path: Path) -> "ActorModel":
        file = Path(path) / FILE
        try:
            with gzip.open(file, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise ModelError(f"{file}: missing") from None
        except (OSError, ValueError, EOFError) as exc:
            raise ModelError(f"{file}: unreadable ({exc.__class__.__name__})") from None
        if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{file}: actor model of another version; retrain with `conflictwatch train`")
        model = cls()
        try:
            model.groups, model.families = dict(data["groups"]), dict(data["families"])
            model.aliases, model.defaults = dict(data["aliases"]), dict(data["defaults"])
            model.of_names = dict(data.get("of_names", {}))
            model.state_first = {str(k): float(v) for k, v in data.get("state_first", {}).items()}
            model.units = {str(k): str(v) for k, v in data.get("units", {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{file}: malformed ({exc})") from None
        return model


# --- at run time: the model with the dictionary and the templates -----------------------------


def _period_names(variants: list[list[Any]], country: str | None) -> list[PeriodName]:
    """A group's names one after another: each holds from its first coded event until the next one's."""
    starts = Counter(m.group(1) for v in variants if v[1] and (m := PERIOD.search(v[0])))

    def begins(v: list[Any]) -> dt.date:
        """The first event coded with the name, at the latest the end of the year its period starts
        ("(2022-)": by 31 December 2022 whatever the record holds). Names of one period ("(2016-)"
        and, once ACLED closed it, "(2016-2022)") follow each other as the record codes them: the
        closed name was given to the events coded after the renaming only."""
        seen = dt.date.fromisoformat(v[1])
        m = PERIOD.search(v[0])
        if m is None or starts[m.group(1)] > 1:
            return seen
        return min(seen, dt.date(int(m.group(1)), 12, 31))

    out = []
    dated = sorted((v for v in variants if v[1]), key=begins)
    rest = [v for v in variants if not v[1]]
    for i, v in enumerate(dated):
        start = begins(v) if i > 0 else None
        end = begins(dated[i + 1]) if i + 1 < len(dated) else None
        if start is not None and end is not None and end <= start:
            continue
        out.append(PeriodName.model_validate({"name": v[0], "from": start, "to": end, "country": country}))
    out += [PeriodName(name=v[0], country=country) for v in rest]
    return out


class ActorBook:
    """The learned actors joined with the dictionary: entity-ruler patterns, and an actor for each."""

    PREFIX = "cw:"

    def __init__(self, model: ActorModel, lex: Lexicon, lang: str = "en"):
        self.model = model
        self.lex = lex
        self.spec = load_templates(lang)
        self._actors: dict[tuple[str, bool], Actor | None] = {}

    # names of countries -------------------------------------------------------------------

    def country_name(self, iso: str | None) -> str | None:
        """ACLED's name of the country ("Palestine")."""
        return acled_countries().get(iso) if iso else None

    def _country_in(self, template: str, iso: str) -> str | None:
        name = self.country_name(iso)
        if name is None:
            return None
        if f"of {SLOT}" in template and iso in self.model.of_names:
            return template.replace(SLOT, self.model.of_names[iso])
        return template.replace(SLOT, name)

    # patterns ---------------------------------------------------------------------------------

    @cached_property
    def template_aliases(self) -> dict[str, str]:
        """'Afghan police' -> 'cw:f:Police Forces of {country}@AF', for every country's demonyms."""
        out: dict[str, str] = {}
        for t in self.spec.templates:
            for iso, names in demonyms().items():
                if iso not in acled_countries():
                    continue
                for dem in (*names, *self.spec.demonym_forms.get(iso, ())):
                    for alias in t.aliases:
                        out.setdefault(alias.replace("{demonym}", dem), f"f:{t.name}@{iso}")
            for iso, name in acled_countries().items():
                for alias in t.country_aliases:
                    out.setdefault(alias.replace("{name}", name), f"f:{t.name}@{iso}")
            for word in t.words:
                out.setdefault(word, f"f:{t.name}")
        for family, aliases in self.spec.family_aliases.items():
            if family in self.model.families:
                for alias in aliases:
                    out.setdefault(alias, f"f:{family}")
        out.update({a: t for a, t in self.militia_aliases().items() if a not in out})
        return out

    def militia_aliases(self) -> dict[str, str]:
        """'Fulani militiamen' -> the Fulani Ethnic Militia of the event's country; 'Dozos' -> the Dozo
        Communal Militia (actor_templates.yaml group_militias)."""
        spec = self.spec.group_militias
        out: dict[str, str] = {}
        for fam_key in self.model.families:
            for shape in spec.families:
                pre, _, post = shape.partition("{group}")
                rest = post.replace(SLOT, "")
                if not (fam_key.startswith(pre) and fam_key.endswith(post.replace("{country}", SLOT))):
                    continue
                group = fam_key[len(pre):len(fam_key) - len(post.replace("{country}", SLOT))].strip()
                if not group or not rest:
                    continue
                for noun in spec.nouns:
                    out.setdefault(f"{group} {noun}", f"f:{fam_key}")
                    for prefix in spec.armed_prefixes:
                        out.setdefault(f"{prefix} {group}", f"f:{fam_key}")
                if shape in spec.plural_alone:
                    out.setdefault(f"{group}s", f"f:{fam_key}")
        return out

    def patterns(self) -> list[dict[str, str]]:
        """Entity-ruler patterns (label ACTOR) for the learned and templated aliases; an alias the
        dictionary also names keeps the dictionary's actor (for the dictionary's countries)."""
        yaml_alias = {alias: a.name for a in self.lex.actors.actors for alias in a.aliases}
        found: dict[str, str] = {}
        templated = self.template_aliases
        for alias, target in [*templated.items(), *self.model.aliases.items()]:
            forms = {alias}
            if alias[:1].islower():
                forms.add(alias[:1].upper() + alias[1:])  # "Police arrested ..." at a sentence start
            if alias in templated and " " in alias:  # "the Ukrainian Forces", "the Nigerian Army": a title's capitals
                forms.add(" ".join(w[:1].upper() + w[1:] for w in alias.split()))
            for form in forms:
                yaml_name = yaml_alias.get(form)
                if yaml_name is not None:
                    if "@" in target or target.startswith("g:"):
                        continue  # a fixed actor of the dictionary's own: the dictionary wins
                    found[form] = f"{self.PREFIX}{target}|{yaml_name}"
                else:
                    found[form] = f"{self.PREFIX}{target}"
        out = []
        for form, ident in found.items():
            for variant in {form, form.replace("'", "\u2019"), form.replace("\u2019", "'")}:
                out.append({"label": "ACTOR", "pattern": variant, "id": ident})
        return out

    # actors ---------------------------------------------------------------------------------

    def actor(self, ident: str, *, operating: bool = False) -> Actor | None:
        """The actor of a pattern id ("cw:g:Taliban", "cw:f:Islamic State ({country})",
        "cw:f:Police Forces of {country}@AF", "...|<dictionary name>")."""
        key = (ident, operating)
        if key in self._actors:
            return self._actors[key]
        body = ident[len(self.PREFIX):] if ident.startswith(self.PREFIX) else ident
        target, _, yaml_name = body.partition("|")
        actor = self._build(target, operating)
        if actor is not None and yaml_name:
            actor = self._with_dictionary(actor, self.lex.actors.by_name(yaml_name))
        self._actors[key] = actor
        return actor

    def _tags(self, inter: int | None) -> tuple[str, ...]:
        return tuple(self.lex.actors.tags_by_inter.get(inter, ())) if inter else ()

    def _template(self, key: str) -> Template | None:
        return next((t for t in self.spec.templates if t.name == key), None)

    def _build(self, target: str, operating: bool = False) -> Actor | None:
        """The actor of a pattern target. A family is named by the event's country: by default the
        member named after that country ("soldiers" in Iraq: Iraq's army); with ``operating``, the
        member the record codes most there (the usual air-striking force in Gaza is Israel's)."""
        kind, _, key = target.partition(":")
        key, _, fixed = key.partition("@")
        groups = self.model.groups
        if kind == "g":
            g = groups.get(key)
            if g is None:
                return None
            names = _period_names(g["variants"], None)
            return Actor(name=g["variants"][-1][0], inter=g["inter"] or 3, tags=self._tags(g["inter"]),
                         countries=tuple(list(g["countries"])[:3]), names=tuple(names))
        fam = self.model.families.get(key, {"groups": [], "template": True})
        members = [m for m in fam["groups"] if m in groups]
        t = self._template(key)
        inter = t.inter if t is not None else next((groups[m]["inter"] for m in members if groups[m]["inter"]), None)
        if fixed:
            local = [m for m in members if groups[m]["iso"] == fixed] or [
                m for m in members if fixed in groups[m]["countries"]]
            names = _period_names(groups[local[0]]["variants"], None) if local else []
            name = names[-1].name if names else self._country_in(key, fixed)
            if name is None:
                return None
            return Actor(name=name, inter=inter or 3, tags=self._tags(inter), countries=(fixed,), names=tuple(names))
        if not members and t is None:
            return None
        # a member named after a country names that country's actor only ("Military Forces of Turkey"
        # operating in Iraq is not Iraq's army)
        by_iso: list[tuple[str, int, str]] = [(iso, -n, m) for m in members
                                              for iso, n in groups[m]["countries"].items()
                                              if operating or not groups[m].get("iso") or groups[m]["iso"] == iso]
        learned = [p for iso, _, m in sorted(by_iso) for p in _period_names(groups[m]["variants"], iso)]
        own: dict[str | None, list[PeriodName]] = defaultdict(list)
        for p in self._dictionary_names(key):
            own[p.country].append(p)
        names = []
        for p in learned:  # the dictionary's names of a country before the learned ones
            names += own.pop(p.country, [])
            names.append(p)
        names += [p for ps in own.values() for p in ps]
        top = members[0] if members else None
        name = groups[top]["variants"][-1][0] if top else key.replace(SLOT, "International")
        template = key if (fam["template"] or t is not None) and SLOT in key else None
        # no countries: the family is named by the event's country, it says nothing of where that is
        return Actor(name=name, inter=inter or 3, tags=self._tags(inter), names=tuple(names), template=template)

    def _dictionary_names(self, family: str) -> list[PeriodName]:
        """The dictionary's names of a family's members, for the dictionary's countries (they come
        first: "Military Forces of Niger (2011-2021)" as actors.yaml dates it)."""
        pre, _, post = family.partition(SLOT)
        if not pre:
            return []
        out = []
        for own in self.lex.actors.actors:
            if not own.name.startswith(pre):
                continue
            for iso in own.countries:  # the country the name is named after ("Military Forces of France" is
                country = self.country_name(iso)  # France's army, whatever countries it operates in)
                if country and own.name[len(pre):].startswith(country):
                    out += [p.model_copy(update={"country": iso}) for p in (own.names or (PeriodName(name=own.name),))]
        return out

    @staticmethod
    def _with_dictionary(learned: Actor, own: Actor | None) -> Actor:
        """The dictionary's actor for its countries, the learned names elsewhere."""
        if own is None:
            return learned
        own_names = own.names or (PeriodName(name=own.name),)
        names = [p.model_copy(update={"country": iso}) for iso in own.countries for p in own_names] or list(own_names)
        return own.model_copy(update={
            "names": tuple(names + list(learned.names)),
            "countries": tuple(dict.fromkeys(own.countries + learned.countries)),
            "template": learned.template,
        })

    @cached_property
    def _by_name(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for group, g in self.model.groups.items():
            target = f"f:{g['family']}" if g["family"] in self.model.families else f"g:{group}"
            for v in g["variants"]:
                out.setdefault(v[0], target)
        return out

    def by_name(self, name: str | None) -> Actor | None:
        """The actor that bears an ACLED name ("Police Forces of Afghanistan (2004-2021)")."""
        if not name:
            return None
        target = self._by_name.get(name)
        if target is None:
            for t in self.spec.templates:  # a name made from a template for a country the record lacks
                pre, _, post = t.name.partition(SLOT)
                if name.startswith(pre) and name.endswith(post):
                    target = f"f:{t.name}"
                    break
        return self.actor(f"{self.PREFIX}{target}") if target else None

    #: how close a name no alias matches must be to a record group's name to be that group (rapidfuzz
    #: token_sort_ratio, 0-100): spellings apart ("Pauk Guerilla Force"), not another group
    CLOSE_NAME = 90

    @cached_property
    def _group_names(self) -> dict[str, str]:
        """A record group's name without its acronym ("Pauk Guerrilla Force" for "SPGF: Pauk Guerrilla
        Force"), lower case -> the group."""
        out: dict[str, str] = {}
        for group in self.model.groups:
            bare = group.split(": ", 1)[1] if ": " in group else group
            out.setdefault(bare.lower(), group)
        return out

    def closest_group(self, name: str) -> Actor | None:
        """The record's group a name the aliases miss spells: "Pauk Guerilla Force", "Shwebo Mine
        Action Team Hawk - SMATH" (the acronym written after it left out); None when none is close."""
        bare = re.sub(r"\s*(?:-\s*[A-Z]{2,}|\([A-Z]{2,}\))\s*$", "", name).lower()
        if len(bare) < 8:
            return None
        found = process.extractOne(bare, self._group_names.keys(), scorer=fuzz.token_sort_ratio,
                                   score_cutoff=self.CLOSE_NAME)
        return self.actor(f"{self.PREFIX}g:{self._group_names[found[0]]}") if found else None

    @cached_property
    def _branches(self) -> dict[tuple[str, str], str]:
        """The record's groups named as a local branch of another ("People's Defense Force - Indaw"):
        (the branch, the parent's initials or its name without a plural, lower case) -> the group."""
        joiners = {w.lower() for w in self.spec.mining.connectors}
        out: dict[tuple[str, str], str] = {}
        for group in self.model.groups:
            parent, sep, branch = group.partition(" - ")
            if not sep or not branch.strip():
                continue
            parent = parent.split(": ", 1)[-1]
            for key in (_initials(parent, joiners).lower(), _singular(parent.lower())):
                out.setdefault((branch.strip().lower(), key), group)
        return out

    def branch(self, parent: str, branch: str) -> Actor | None:
        """The record's group for a branch written before its parent: "Indaw PDF", "Pauk People's
        Defense Forces" (the record's "People's Defense Force - Indaw", "... - Pauk"); None when the
        record codes no such branch."""
        key = parent.replace(".", "").strip()
        key = key.lower() if ACRONYM.fullmatch(key) else _singular(key.lower())
        group = self._branches.get((branch.strip().lower(), key))
        return self.actor(f"{self.PREFIX}g:{group}") if group else None

    def state_forces(self, iso: str | None) -> Actor | None:
        """The country's military (for "soldiers" the text does not attribute)."""
        if not iso:
            return None
        t = next((t for t in self.spec.templates if t.state_forces), None)
        return self.actor(f"{self.PREFIX}f:{t.name}@{iso}") if t is not None else None

    def default_actor(self, sub_event_type: str | None, label: str | None = None,
                      iso: str | None = None) -> Actor | None:
        """ACLED's usual actor1 for the label the note opens with, in the event's country ("Military
        Forces of {country}" for "Property destruction: ..." in Palestine), else anywhere ("Civilians
        ({country})" for "Displacement: ..."), else for the sub-event type ("Protesters ({country})"
        for protests)."""
        defaults = self.model.defaults
        target = ((defaults.get(f"{HEADING}{label}@{iso}") if label and iso else None)
                  or (defaults.get(f"{HEADING}{label}") if label else None) or defaults.get(sub_event_type or ""))
        return self.actor(f"{self.PREFIX}{target}", operating=True) if target else None

    def name(self, actor: Actor, day: dt.date | None, iso: str | None) -> str:
        name = actor.name_on(day, iso, self.country_name(iso))
        if actor.template is None or iso is None or day is None or not actor.template.endswith(f" ({SLOT})"):
            return name
        return self._renamed_member(name, actor.template[:-len(f" ({SLOT})")], day, iso) or name

    #: how far outside the record's dates of a name an event may lie before another name is looked for
    RENAME_MARGIN = dt.timedelta(days=365)

    def _renamed_member(self, name: str, stem: str, day: dt.date, iso: str) -> str | None:
        """A family's member for a country that the record stopped (or had not yet started) coding by
        the event's date, when another group of the country whose name starts with the family's
        stem covers that date: "Islamic State (Somalia)" (coded in 2020) is "Islamic State Somalia
        Province" in 2025."""
        span = self._group_spans.get(name)
        if span is None or span[0] - self.RENAME_MARGIN <= day <= span[1] + self.RENAME_MARGIN:
            return None
        groups = self.model.groups
        own = groups[name]["countries"].get(iso, 0) if name in groups else 0
        # the successor is coded there at least as often (not a name seen a few times in a year the
        # record barely covers)
        found = [(count, other) for other, (first, last) in self._group_spans.items()
                 if other != name and other.startswith(stem)
                 and (count := groups[other]["countries"].get(iso, 0)) and count >= own
                 and first - self.RENAME_MARGIN <= day <= last + self.RENAME_MARGIN]
        return max(found)[1] if found else None

    @cached_property
    def _group_spans(self) -> dict[str, tuple[dt.date, dt.date]]:
        """Each record group's first and last coded dates (groups without dates left out)."""
        out = {}
        for name, g in self.model.groups.items():
            try:
                firsts = [dt.date.fromisoformat(v[1]) for v in g["variants"] if v[1]]
                lasts = [dt.date.fromisoformat(v[2]) for v in g["variants"] if v[2]]
            except (ValueError, IndexError, TypeError):
                continue
            if firsts and lasts:
                out[name] = (min(firsts), max(lasts))
        return out

    def unit_of(self, name: str | None, sub_event_type: str | None) -> str | None:
        """The name with the unit ACLED nearly always names for this sub-event type ("Military
        Forces of Russia (2000-)" striking from the air: "... (2000-) Air Force"); None when it
        names none, or the name has a unit already."""
        m = PERIOD.search(name or "")
        if m is None or not sub_event_type or name[m.end():].strip():
            return None
        unit = self.model.units.get(f"{name[:m.start()].strip()}|{sub_event_type}")
        return f"{name} {unit}" if unit else None

    def state_forces_first(self, iso: str | None) -> bool | None:
        """Whether ACLED names the state forces first in the country's battles with another side
        (True, False), or None where the record shows no clear convention: the text's order stands."""
        share = self.model.state_first.get(iso or "")
        cfg = self.spec.battle_sides
        if share is None or cfg is None:
            return None
        if share >= cfg.share:
            return True
        if share <= 1 - cfg.share:
            return False
        return None


@cache
def book_for(model: ActorModel, lang: str = "en") -> ActorBook:
    """One book per loaded model and language (the pipeline built for it is cached by it too): the
    language's dictionaries and templates (French words for soldiers, "armée malienne") are its own."""
    from conflictwatch.lexicon import load_lexicon

    return ActorBook(model, load_lexicon(lang), lang)
