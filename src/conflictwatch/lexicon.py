"""The project's dictionaries (actors, triggers, victims, attribution, discourse, places).

Each YAML file under ``conflictwatch/data`` is validated by a pydantic model here, so a typo in a
user's extension fails loudly with the file name. ``CONFLICTWATCH_DATA`` may point to a folder
holding replacements for any of the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config import DATA_DIR


def check_regex(value: str, name: str) -> str:
    """A pattern from a data file, compiled once to refuse a typo with the key's name."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{name} is not a regular expression: {exc}") from None
    return value


class LexiconError(ValueError):
    """A dictionary file is missing or malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- actors -----------------------------------------------------------------------------------


class PeriodName(_Strict):
    name: str
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    country: str | None = None  # ISO alpha-2: the name holds in that country only ("Islamic State (Iraq)")

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.to is None
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day < self.to)


class Actor(_Strict):
    name: str
    inter: int = Field(ge=1, le=8)
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    names: tuple[PeriodName, ...] = ()
    # a name for a country none of ``names`` holds in: "Military Forces of {country}"
    template: str | None = None

    def name_on(self, day: dt.date | None, iso: str | None = None, country: str | None = None) -> str:
        """ACLED's name for the actor on a date (state forces are renamed after a change of regime) and,
        for an actor named after a country ("Islamic State (Iraq)", "Police Forces of X"), in the
        event's country (ISO alpha-2 ``iso``; ``country``: its name, for the template)."""
        if iso is not None and (self.template or any(p.country for p in self.names)):
            local = [p for p in self.names if p.country == iso]
            if local:
                return next((p.name for p in local if p.holds_on(day)), local[0].name)
            if self.template and country:
                return self.template.replace("{country}", country)
        if iso is None and self.country_unknown and len({p.country for p in self.names}) > 1:
            # a family named by the event's country, with no country known: no country's member
            # ("soldiers" in a report placed nowhere are not Afghanistan's army)
            return self.template.replace(" of {country}", " ({country})").replace("{country}", "International")
        if day is not None:
            for period in self.names:
                if period.holds_on(day):
                    return period.name
        return self.name

    @property
    def key(self) -> str:
        return self.name

    @property
    def country_unknown(self) -> bool:
        """A family named by the event's country ("the army", "police", "ISIS" learned from many
        countries): until a country is known it names no one, and a voice keeps its own words."""
        return self.template is not None and not self.countries

    def voice(self, words: str) -> str:
        """How a party of this actor is named: the actor's name, or the party's own words when the
        actor is a family whose country is not known."""
        return words if self.country_unknown else self.name


class CiviliansSpec(_Strict):
    """An actor named after the event's country: "Civilians (Mali)", "Unidentified Armed Group (Mali)"."""

    name_template: str
    inter: int = 7
    fallback: str


class UnnamedByVictims(_Strict):
    """ACLED's name for perpetrators a report leaves unnamed, by whom they strike: in the Philippines
    the men who kill drug suspects are the anti-drug vigilantes."""

    countries: tuple[str, ...] = Field(min_length=1)
    victim_words: tuple[str, ...] = Field(min_length=1)
    actor: str


class UnnamedByKind(_Strict):
    """ACLED's name for unnamed perpetrators a report calls by their kind ("gang members"), where the
    coded record uses that name in the event's country."""

    name_template: str = Field(pattern=r"\{country\}")
    inter: int = Field(ge=1, le=8)
    words: tuple[str, ...] = Field(min_length=1)


class ActorsFile(_Strict):
    actors: tuple[Actor, ...]
    civilians: CiviliansSpec
    unidentified: CiviliansSpec
    unnamed_by_victims: tuple[UnnamedByVictims, ...] = ()
    unnamed_by_kind: tuple[UnnamedByKind, ...] = ()
    # sub-event type -> the crowd ACLED codes as actor1 of a demonstration ("Protesters (Chile)")
    crowds: dict[str, CiviliansSpec] = {}
    # ACLED inter code -> the tags of an actor no entry describes
    tags_by_inter: dict[int, tuple[str, ...]] = {}

    @field_validator("crowds")
    @classmethod
    def _crowd_sub_types(cls, value: dict[str, CiviliansSpec]) -> dict[str, CiviliansSpec]:
        for sub in value:
            _check_sub_type(sub, "actors.yaml crowds")
        return value

    @field_validator("actors")
    @classmethod
    def _unique(cls, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        seen: dict[str, str] = {}
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                other = seen.get(alias)
                if other is not None and other != actor.name:
                    raise ValueError(f"alias {alias!r} names both {other!r} and {actor.name!r}")
                seen[alias] = actor.name
        return actors

    @model_validator(mode="after")
    def _conventions_name_actors(self) -> "ActorsFile":
        for rule in self.unnamed_by_victims:
            if self.by_name(rule.actor) is None:
                raise ValueError(f"unnamed_by_victims: {rule.actor!r} is no actor of this file")
        return self

    def by_name(self, name: str) -> Actor | None:
        for actor in self.actors:
            if actor.name == name or any(p.name == name for p in actor.names):
                return actor
        return None


# --- triggers ---------------------------------------------------------------------------------

TargetKind = Literal["civilian", "armed", "unknown"]


class Trigger(_Strict):
    lemmas: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    pos: Literal["VERB", "NOUN"] | None = None
    sub_event_type: str | None = None
    by_target: dict[TargetKind, str] | None = None
    lethal: bool = False
    priority: int = 0
    victims_are_subject: bool = False
    # "security forces were deployed", "the government deployed troops": the forces moved (the
    # object or passive subject) are actor1, the sender an associate
    moved_are_actor: bool = False
    # the word only counts when it governs one of these nouns (its object, passive subject, or an
    # "of" noun of those): "seized weapons", "a cache of arms was found"
    objects: tuple[str, ...] = ()
    # ... or one of the nouns of people (victims.yaml persons and victim nouns), beside ``objects``:
    # "beat protesters", not "beat Uganda 2-0"
    person_objects: bool = False
    # the word also counts when it is aimed (triggers.yaml aim_prepositions) at one of these nouns:
    # "fired IFVs at the positions of the militia", "fired upon the checkpoint"
    targets: tuple[str, ...] = ()
    # the word only counts when its subject (or the "of" noun of its subject) is one of these:
    # "thousands of people marched"
    subjects: tuple[str, ...] = ()
    # the word only counts as the object of one of these verbs (lemmas; "in" objects of
    # "participate" too): "people staged a march", not "the army's march north"
    governed_by: tuple[str, ...] = ()
    # the noun names the means of violence (a warplane), not the event: never a back-reference
    instrument: bool = False
    # the word tells a consequence of an event (people wounded): an event of its own only when told
    # on its own; with no place or date of its own after another event, it is that event's outcome
    consequence: bool = False
    # made from the label a coded note opens with ("Movement of forces: ..."), not from the
    # dictionary: the label names the sub-type (see conflictwatch.learn.subtype, headings)
    heading: bool = False
    # that label, lower case ("displacement"): the record's usual actor1 under it may name a crowd the
    # text does not (conflictwatch.learn.actors, defaults)
    label: str | None = None

    @field_validator("by_target")
    @classmethod
    def _all_targets(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and set(value) != {"civilian", "armed", "unknown"}:
            raise ValueError("by_target needs civilian, armed and unknown")
        return value

    def sub_type_for(self, target: TargetKind) -> str:
        if self.by_target is not None:
            return self.by_target[target]
        assert self.sub_event_type is not None
        return self.sub_event_type


class TriggersFile(_Strict):
    triggers: tuple[Trigger, ...]
    negation_prefixes: tuple[str, ...] = ()
    # the sub-types whose heading ("Movement of forces: ...") makes the forces moved actor1, as
    # moved_are_actor does ("Al Shabaab militants were seen moving through ...")
    heading_moved_are_actor: tuple[str, ...] = ()
    # the prepositions that aim a verb at its target (see Trigger.targets)
    aim_prepositions: tuple[str, ...] = ()

    @field_validator("triggers")
    @classmethod
    def _typed(cls, triggers: tuple[Trigger, ...]) -> tuple[Trigger, ...]:
        for trig in triggers:
            if (trig.sub_event_type is None) == (trig.by_target is None):
                raise ValueError(f"trigger {trig.lemmas or trig.phrases}: give sub_event_type or by_target")
            if not trig.lemmas and not trig.phrases:
                raise ValueError("a trigger needs lemmas or phrases")
            if (trig.objects or trig.person_objects or trig.targets or trig.subjects or trig.governed_by) and trig.phrases:
                raise ValueError(f"trigger {trig.lemmas}: objects/subjects only apply to single-word lemmas, not phrases")
        return triggers


# --- victims, attribution, discourse, places ----------------------------------------------------


VictimKind = Literal["civilian", "armed", "people"]


class AgeNouns(_Strict):
    """'a 7-year-old', 'the 27-year-old': an age standing for one person of ``group``."""

    heads: tuple[str, ...]
    units: tuple[str, ...]
    group: VictimKind
    markers: tuple[str, ...] = ()  # "aged 45, 60 and 70"


class PersonDeterminers(_Strict):
    indefinite: tuple[str, ...] = ()
    definite: tuple[str, ...] = ()


class VictimsFile(_Strict):
    nouns: dict[VictimKind, tuple[str, ...]]
    appositive_override: bool = True
    state_members: tuple[str, ...] = ()
    injured: tuple[str, ...]
    dead: tuple[str, ...]
    # nouns naming one person in the singular ("a man", "his son"): each needs a group in ``nouns``
    persons: tuple[str, ...] = ()
    age_nouns: AgeNouns | None = None
    determiners: PersonDeterminers = PersonDeterminers()
    died: tuple[str, ...] = ()  # verbs whose subject died
    remains: tuple[str, ...] = ()  # "the bodies of 42 civilians": nouns whose "of" count is of the dead
    target_prepositions: tuple[str, ...] = ()  # "shot at everything": the verb acts on someone

    @model_validator(mode="after")
    def _persons_have_a_group(self) -> "VictimsFile":
        grouped = {w for words in self.nouns.values() for w in words}
        missing = [p for p in self.persons if p not in grouped]
        if missing:
            raise ValueError(f"persons {missing} are in no group of nouns (civilian, armed, people)")
        return self

    def group_of(self, lemma: str) -> str | None:
        for group, words in self.nouns.items():
            if lemma in words:
                return group
        return None


class AttributionFile(_Strict):
    reporting_verbs: tuple[str, ...]
    claim_verbs: tuple[str, ...]
    according_phrases: tuple[str, ...]
    boast_verbs: tuple[str, ...] = ()
    origin_prepositions: tuple[str, ...] = ()  # "an official from the MSA", "the Ministry of Defence"
    adverb_parties: dict[str, str] = Field(default_factory=dict)
    responsibility_verbs: tuple[str, ...] = ()
    denial_verbs: tuple[str, ...] = ()
    responsibility_nouns: tuple[str, ...] = ()
    suspect_verbs: tuple[str, ...] = ()
    suspect_prepositions: tuple[str, ...] = ()
    coded_actor_cues: tuple[str, ...] = ()  # "militants (coded as Hamas Movement)"
    toll_verbs: tuple[str, ...] = ()  # "an MSA fighter put the death toll at 30": a voice, not an agent
    addressee_verbs: tuple[str, ...] = ()  # "told AFP": whom it was said to, no party to the event
    operation_nouns: tuple[str, ...] = ()  # "killed during a police raid": the police killed
    operation_prepositions: tuple[str, ...] = ()
    # "in coordination with the army", "together with the police": the words "with" follows when it
    # joins a partner of the doer (an associate), not whom the event was done to
    partner_words: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()  # small words inside an institution's name ("High Commissioner for Refugees")
    # the subject of a sentence that names who told the sentence before ("This was announced by ...")
    back_reference_subjects: tuple[str, ...] = ()
    speaker_pronouns: tuple[str, ...] = ()  # "she said": the party named last before it
    # speakers named together whose figures are told one each, in order: "respectively", "the one
    # ... the other" (each pair's words, lower case, both in the sentence)
    respective_words: tuple[str, ...] = ()
    respective_pairs: tuple[tuple[str, str], ...] = ()
    party_name_drops: tuple[str, ...] = ()  # "another source" is named "source"
    # quotation marks (opening, closing): a quote told over several sentences is the voice of whoever
    # the sentence that closes it names
    quote_marks: tuple[tuple[str, str], ...] = ()
    parties: tuple[str, ...]


class Coref(_Strict):
    phrase: str
    tags: tuple[str, ...]


class AggregateCues(_Strict):
    phrases: tuple[str, ...]
    lemmas: tuple[str, ...]
    trend_lemmas: tuple[str, ...] = ()  # a trend of the violence itself ("attacks have increased")
    violence_nouns: tuple[str, ...] = ()  # nouns of violence in general ("violence", "insecurity")
    campaign_nouns: tuple[str, ...] = ()  # a long campaign as the killer ("the insurgency has killed thousands")


class DiscourseFile(_Strict):
    reference_determiners: tuple[str, ...]
    new_event_modifiers: tuple[str, ...]
    reference_modifiers: tuple[str, ...]
    aggregate_cues: AggregateCues
    coref: tuple[Coref, ...]
    pair_phrases: tuple[str, ...]
    possessive_forces: tuple[str, ...]
    place_anaphora: tuple[str, ...]
    near_cues: tuple[str, ...]
    movement_prepositions: tuple[str, ...]
    historical_window_days: int = Field(ge=0)
    background_words: tuple[str, ...] = ()
    # "a recent massacre had killed 58": an event told in the past perfect is background to the
    # report's own story when the report tells another in the simple past (lemma of the auxiliary)
    perfect_auxiliaries: tuple[str, ...] = ()
    grievance_words: tuple[str, ...] = ()
    duration_nouns: tuple[str, ...] = ()
    # verbs that take no object: their participle cannot be passive (conflictwatch.predicates)
    intransitive_verbs: tuple[str, ...] = ()
    # "participated in the protest": taking part tells the event itself (lemmas; "take part" as "take")
    participation_verbs: tuple[str, ...] = ()
    # "residents blocked the road to protest against ...": done to protest, it is the protest
    purpose_protest_verbs: tuple[str, ...] = ()
    implicative_verbs: tuple[str, ...] = ()  # "used arms to fire": the infinitive happened
    unrealised_verbs: tuple[str, ...] = ()  # "feared attacks": an event that did not happen
    continuing_verbs: tuple[str, ...] = ()  # "the clashes continued in X on 22 March": clashes that day
    named_groups: "NamedGroups | None" = None


class NamedGroups(_Strict):
    """Names no dictionary knows that the text makes an armed group ("Taliban militants")."""
    nouns: dict[str, int] = {}  # noun of armed men after the name -> ACLED inter code
    subject_inter: int = Field(default=3, ge=1, le=8)  # a name subject of an attack verb ("the Taliban attacked")
    # the last word of a name that makes it an armed group's ("the Brave Heart Army") -> inter code
    name_heads: dict[str, int] = {}


DiscourseFile.model_rebuild()


class Tolls(_Strict):
    nouns: tuple[str, ...]
    generic_nouns: tuple[str, ...] = ()
    revision_nouns: tuple[str, ...] = ()
    dead_nouns: tuple[str, ...]
    life_nouns: tuple[str, ...] = ()  # "the lives of 100 people": dead only when taken
    life_verbs: tuple[str, ...] = ()
    revision_verbs: tuple[str, ...]
    earlier_words: tuple[str, ...]
    earlier_phrases: tuple[str, ...] = ()  # "at first 138 dead were counted", "il a d'abord été dénombré"
    count_verbs: tuple[str, ...] = ()  # "the dead number 300": the dead as the subject of a count
    finder_verbs: tuple[str, ...] = ()  # "the army found 50 bodies": who found the dead did not kill them
    latest_words: tuple[str, ...]
    from_word: str
    to_word: str
    default_trigger: str
    not_dead: tuple[str, ...] = ()
    period_prepositions: tuple[str, ...] = ()
    period_modifiers: tuple[str, ...] = ()
    since_words: tuple[str, ...] = ()
    event_prepositions: tuple[str, ...] = ()  # "killed in the clashes": the dead of the clashes told


class Subsets(_Strict):
    prepositions: tuple[str, ...]
    distributive: tuple[str, ...] = ()
    gap_links: tuple[str, ...] = ()  # "100 killed ..., and more than 150 according to survivors"
    phrases: tuple[str, ...]


class CoreferenceRules(_Strict):
    day_slack: int = Field(ge=0, le=30)
    recent_days: int = Field(ge=0, le=60)
    note_sentences: int = Field(default=3, ge=0, le=20)  # a report this short tells one event throughout
    place_km: float = Field(gt=0)
    compatible_types: tuple[tuple[str, str], ...]
    different_words: tuple[str, ...]

    @field_validator("compatible_types")
    @classmethod
    def _real_types(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        from .taxonomy import event_types

        for pair in value:
            for name in pair:
                if name not in event_types():
                    raise ValueError(f"{name!r} is not an ACLED event type; expected one of: {', '.join(event_types())}")
        return value


class CoreferenceFile(_Strict):
    """coreference.yaml: tolls, parts of a group, and when two mentions are one incident."""

    tolls: Tolls
    subsets: Subsets
    coreference: CoreferenceRules


AgentKind = Literal["state", "non_state", "protesters", "crowd"]


def _check_sub_type(name: str, where: str) -> str:
    from .taxonomy import sub_types  # taxonomy reads its file through this module

    if name not in sub_types():
        raise ValueError(f"{where}: {name!r} is not an ACLED sub-event type; expected one of: {', '.join(sub_types())}")
    return name


class Setting(_Strict):
    """A setting (e.g. a demonstration) that re-reads the sub-types of the events told inside it."""

    name: str
    cue_sub_types: tuple[str, ...] = Field(min_length=1)
    remap: dict[str, str] = {}
    ladder: tuple[str, ...] = Field(min_length=1)
    grievance_words: tuple[str, ...] = ()

    @field_validator("cue_sub_types", "ladder")
    @classmethod
    def _real(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            _check_sub_type(name, "setting")
        return value

    @field_validator("remap")
    @classmethod
    def _real_remap(cls, value: dict[str, str]) -> dict[str, str]:
        for old, new in value.items():
            _check_sub_type(old, "setting remap (from)")
            _check_sub_type(new, "setting remap (to)")
        return value


class ContextFile(_Strict):
    """context.yaml: sub-types that depend on who acted or on the setting (ACLED codebook)."""

    agent_nouns: dict[AgentKind, tuple[str, ...]]
    force_nouns: tuple[str, ...] = ()
    state_modifiers: tuple[str, ...] = ()
    nationality_is_state: bool = True
    kind_by_tag: dict[str, AgentKind] = {}
    kind_by_inter: dict[int, AgentKind] = {}
    by_agent: dict[str, dict[AgentKind, str]] = {}
    target_prepositions: tuple[str, ...] = ()
    armed_target_nouns: tuple[str, ...] = ()
    means_event_types: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()

    @field_validator("means_event_types")
    @classmethod
    def _real_event_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from .taxonomy import event_types

        for name in value:
            if name not in event_types():
                raise ValueError(f"means_event_types: {name!r} is not an ACLED event type; expected one of: "
                                 f"{', '.join(event_types())}")
        return value

    @field_validator("by_agent")
    @classmethod
    def _real_by_agent(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for old, by_kind in value.items():
            _check_sub_type(old, "by_agent")
            for kind, new in by_kind.items():
                _check_sub_type(new, f"by_agent[{old!r}][{kind}]")
        return value

    @field_validator("settings")
    @classmethod
    def _ladder_covers_remap(cls, value: tuple[Setting, ...]) -> tuple[Setting, ...]:
        for setting in value:
            missing = [new for new in setting.remap.values() if new not in setting.ladder]
            if missing:
                raise ValueError(f"setting {setting.name!r}: remap targets {missing} are not in its ladder")
        return value

    def kind_of_actor(self, tags: Iterable[str], inter: int | None) -> str | None:
        """A dictionary actor's kind: by its tags, else by its inter code."""
        for tag in tags:
            if tag in self.kind_by_tag:
                return self.kind_by_tag[tag]
        return self.kind_by_inter.get(inter) if inter is not None else None

    def kind_of_noun(self, lemma: str) -> str | None:
        for kind, words in self.agent_nouns.items():
            if lemma in words:
                return kind
        return None


class KnownPlace(_Strict):
    name: str
    kind: Literal["place", "region"]
    country: str | None = None


class PlacesFile(_Strict):
    place_nouns: tuple[str, ...]
    region_nouns: tuple[str, ...]
    known: tuple[KnownPlace, ...]
    dateline: str = ""  # a regular expression: where the story was filed, not where it happened
    boundary_nouns: tuple[str, ...] = ()  # "near the Mali border": a neighbour, not the place
    landmark_nouns: tuple[str, ...] = ()  # "the Kuwait roundabout": a site named after a country
    institution_nouns: tuple[str, ...] = ()  # "Nairobi City Council": an institution named after its seat
    statement_nouns: tuple[str, ...] = ()  # "told a briefing in Geneva": where it was said
    statement_prepositions: tuple[str, ...] = ()  # "said in Geneva", "told reporters at the UN"
    locative_prepositions: tuple[str, ...] = ()  # "in X", "near X": a name after one is where something is
    name_particles: tuple[str, ...] = ()  # lower-case words inside a place name: "Tal as Sultan", "Martinez de la Torre"
    place_modifiers: tuple[str, ...] = ()  # between a preposition and a place's name: "in central Lancaster"
    misread_labels: tuple[str, ...] = ()  # NER labels a place the record knows may come out with ("Vuhledar": PRODUCT)
    coded_at: tuple[str, ...] = ()  # "(coded to Birao)": the place a coded note says the event is coded at
    area_levels: tuple[str, ...] = ()  # "Embu County" for the record's "Embu": an area named with its level word

    @field_validator("dateline")
    @classmethod
    def _regex(cls, value: str) -> str:
        return check_regex(value, "dateline")


class Lexicon(_Strict):
    actors: ActorsFile
    triggers: TriggersFile
    victims: VictimsFile
    attribution: AttributionFile
    discourse: DiscourseFile
    places: PlacesFile
    context: ContextFile
    coreference: CoreferenceFile
    version: str


_FILES: dict[str, type[BaseModel]] = {
    "actors": ActorsFile,
    "triggers": TriggersFile,
    "victims": VictimsFile,
    "attribution": AttributionFile,
    "discourse": DiscourseFile,
    "places": PlacesFile,
    "context": ContextFile,
    "coreference": CoreferenceFile,
}


def data_path(name: str) -> Path:
    """A data file: the user's override folder ($CONFLICTWATCH_DATA) first, then the package's."""
    override = os.environ.get("CONFLICTWATCH_DATA")
    if override:
        candidate = Path(override) / name
        if candidate.exists():
            return candidate
    return DATA_DIR / name


def first_error(exc: ValidationError) -> str:
    """A pydantic validation error in one line: where in the file, and what is wrong there."""
    first = exc.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


def read_yaml(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: file not found") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc


def load_file(name: str, model: type[BaseModel], lang: str = "en") -> tuple[BaseModel, bytes]:
    """A dictionary file, validated; for another language than English, the English file with the
    language's overlay (``data/<lang>/<name>.yaml``, when there is one) merged in (:func:`overlay`)."""
    path = data_path(f"{name}.yaml")
    raw = read_yaml(path)
    data = path.read_bytes()
    extra = data_path(f"{lang}/{name}.yaml") if lang != "en" else None
    if extra is not None and extra.exists():
        raw = overlay(raw, read_yaml(extra), str(extra))
        data += extra.read_bytes()
        path = extra
    try:
        return model.model_validate(raw), data
    except ValidationError as exc:
        raise LexiconError(f"{path}: {exc}") from exc


def overlay(base: object, extra: object, where: str) -> object:
    """A language's additions to an English dictionary: mappings merged key by key, lists extended
    (entries not already there; a list of named entries - actors - merges the entries of the same
    name), a scalar replaced. The overlay adds words, it cannot remove the English ones."""
    if extra is None:
        return base
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = overlay(base[key], value, f"{where}:{key}") if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        out_list = list(base)
        named = {e["name"]: i for i, e in enumerate(out_list) if isinstance(e, dict) and "name" in e}
        for entry in extra:
            if isinstance(entry, dict) and entry.get("name") in named:
                i = named[entry["name"]]
                out_list[i] = overlay(out_list[i], entry, f"{where}:{entry['name']}")
            elif entry not in out_list:
                out_list.append(entry)
        return out_list
    if isinstance(base, (dict, list)) or isinstance(extra, (dict, list)):
        raise LexiconError(f"{where}: the overlay's {type(extra).__name__} cannot extend a {type(base).__name__}")
    return extra


@cache
def load_lexicon(lang: str = "en") -> Lexicon:
    """All dictionaries, validated; ``version`` is a hash of their bytes (changes re-extract). For
    another language, the English dictionaries with the language's overlays (``data/<lang>/``)."""
    parts: dict[str, BaseModel] = {}
    digest = hashlib.sha256()
    for name, model in _FILES.items():
        parsed, raw = load_file(name, model, lang)
        parts[name] = parsed
        digest.update(name.encode())
        digest.update(raw)
    return Lexicon(version=digest.hexdigest()[:16], **parts)  # type: ignore[arg-type]
