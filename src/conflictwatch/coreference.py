"""Event coreference within one article, and the status of its figures.

A news article tells one incident many times: the lede gives a figure, a later paragraph quotes the
ministry, another says how the toll rose. The discourse stage drafts one event per clause; this
stage merges the drafts that nothing tells apart (rules in ``data/coreference.yaml``):

* a toll statement ("the death toll rose to 137", "160 bodies were recovered") joins the incident
  it is about: the compatible event with the best evidence of sameness, else the article's main
  event;
* another mention of the same type joins an earlier event when their dates, places and actors are
  compatible and it has evidence of sameness (the same place, an overlapping date of its own, or
  neither a date nor a place of its own: a re-telling);
* a mention marked as a different incident ("a similar attack", "another raid"), a background
  (historical) mention and a perpetrator's claim told on its own are never merged here.

Every figure stays an observation. A figure that replaces earlier ones ("rose to", "the latest
toll", "revised") makes the earlier figures of the same group and the same source superseded.
"""

from __future__ import annotations

import re

from .context import ContextRules
from .drafts import Draft
from .lexicon import Lexicon
from .geo.gazetteer import haversine_km
from .models import DATE_PRECISION_RANK, VictimCount
from .taxonomy import event_type_of

STOPWORDS = {"a", "an", "the", "of", "to", "by", "from", "and", "its", "their", "his", "her", "in", "on", "for"}


def source_words(source: str | None) -> set[str]:
    """The content words of a source's name: 'a government spokesman' -> {government, spokesman}."""
    if not source:
        return set()
    words = re.findall(r"[\w'-]+", source.casefold())
    return {w.rstrip("s") for w in words if w not in STOPWORDS and len(w) > 2}


def same_source(a: str | None, b: str | None) -> bool:
    """Two attributions are one voice when they share a content word ('the government' and 'a
    government spokesman'), or both are unattributed."""
    if not a or not b:
        return not a and not b
    return a == b or bool(source_words(a) & source_words(b))


class Coreference:
    def __init__(self, lex: Lexicon, context: ContextRules | None = None):
        rules = lex.coreference.coreference
        #: who did what (the trigger's grammatical agent), shared with the discourse stage's typing
        self.context = context if context is not None else ContextRules(lex)
        self.slack = rules.day_slack
        self.recent_days = rules.recent_days
        self.km = rules.place_km
        self.compatible = {frozenset(p) for p in rules.compatible_types}
        #: the sub-types of one setting, most serious first (context.yaml: a demonstration that turns
        #: violent is one violent demonstration)
        self.ladders = [tuple(s.ladder) for s in self.context.settings]
        self.unidentified = lex.actors.unidentified.fallback

    # merging ---------------------------------------------------------------------------------

    def merge(self, drafts: list[Draft]) -> list[Draft]:
        out: list[Draft] = []
        for d in drafts:
            target = self.target(d, out)
            if target is None:
                out.append(d)
            else:
                self._absorb(target, d)
        return self.settle(out)

    def settle(self, drafts: list[Draft]) -> list[Draft]:
        """Second pass over the events left: two events of the same sub-event type whose dates
        overlap, one of them placed only at the area the report names (no place of its own, or a
        region or country), are the same incident told twice ("an attack in northern Burkina Faso
        killed 100 civilians" ... "the attackers struck the village of Solhan on Friday")."""
        out: list[Draft] = []
        for d in drafts:
            target = next((e for e in out if self.same_told_twice(e, d)), None)
            if target is None:
                out.append(d)
            else:
                self._absorb(target, d)
        return out

    def same_told_twice(self, e: Draft, d: Draft) -> bool:
        if any(x.background or x.cand.different or self._claim_only(x) for x in (e, d)):
            return False
        if e.sub_event_type != d.sub_event_type or not (e.figures or d.figures):
            return False
        a, b = e.dates, d.dates
        if a is None or b is None or None in (a.start, a.end, b.start, b.end):
            return False
        if b.start > a.end or a.start > b.end:
            return False
        same_day = a.precision == b.precision == "day" and a.start == b.start
        if not same_day and "published" not in (e.date_from, d.date_from):
            return False  # "days later" (a span of its own) is not the same as a dated day
        vague = [x for x in (e, d) if not self._own_place(x)
                 or x.placement is not None and x.placement.geo_precision >= 3]
        if not vague or not self._places_fit(e, d) and not self._region_fit(e, d):
            return False
        return self._actors_fit(e, d)

    def _region_fit(self, e: Draft, d: Draft) -> bool:
        p, q = e.placement, d.placement
        return p is not None and q is not None and self._region_contains(p, q)

    def target(self, d: Draft, events: list[Draft]) -> Draft | None:
        if d.background or d.cand.different or self._claim_only(d):
            return None
        if d.cand.rule.consequence and not self._own_date(d):
            # "Two soldiers were injured." after a clash: its outcome, whatever type the words give it
            told = next((e for e in reversed(events) if not e.background and not self._claim_only(e)
                         and self._dates_fit(e, d) and self._places_fit(e, d) and self._actors_fit(e, d)), None)
            if told is not None:
                return told
        best, best_score = None, 0
        sentences = {m.sentence.start for m in d.members}
        for e in events:
            if e.background or self._claim_only(e) or not self.compatible_pair(e, d):
                continue
            if not d.cand.toll and sentences & {m.sentence.start for m in e.members}:
                continue  # two clauses of one sentence with their own event words: the writer told two
            score = self.sameness(e, d)
            if score > best_score:
                best, best_score = e, score
        return best

    @staticmethod
    def _claim_only(d: Draft) -> bool:
        """A party's contested claim told on its own (a claim of responsibility joins its incident)."""
        contested = [c for c in d.claims if c.status != "confirmed"]
        return bool(contested) and not d.denial and not d.counts_dead

    def compatible_pair(self, e: Draft, d: Draft) -> bool:
        toll = d.cand.toll
        if not toll:
            types = event_type_of(e.sub_event_type), event_type_of(d.sub_event_type)
            if (types[0] != types[1] and not (frozenset(types) in self.compatible and self.bare_killing(d))
                    and self.ladder_of(e, d) is None):
                return False
        return self._dates_fit(e, d) and self._places_fit(e, d) and self._actors_fit(e, d)

    def bare_killing(self, d: Draft) -> bool:
        """A killing told with nobody, no place and no date of its own ("Israeli warplanes struck a
        house in Rafah. At least 2 persons were killed."): the toll of the event told before it,
        of another type when the pair is in ``compatible_types`` (ACLED codes the people a strike or
        a shelling killed in that event, not in an attack of their own; "Three deaths were reported"
        after a bombing of the police, a battle by its victims, is the bombing's toll)."""
        return (bool(d.figures) and d.cand.rule.lethal
                and not d.cand.agents and self.context.agent_of(d.cand.trigger.root) is None  # "gunmen killed", "killed by"
                and not self._own_place(d) and not self._own_date(d))

    def ladder_of(self, e: Draft, d: Draft) -> tuple[str, ...] | None:
        """The setting's ladder that holds both events' sub-types ("demonstrated ..." then "students
        pelted stones at the police": one demonstration, told on)."""
        # not a killing the setting re-read ("calling for justice for a man killed by police": the
        # grievance, which the sentence's own rules may not tell apart)
        own = all(not x.cand.rule.lethal or x.cand.rule.sub_event_type == x.sub_event_type for x in (e, d))
        return next((ladder for ladder in self.ladders if own and e.sub_event_type in ladder and d.sub_event_type in ladder),
                    None)

    MERGE_AT = 2

    def sameness(self, e: Draft, d: Draft) -> int:
        """How much says the two are one incident; merged from MERGE_AT on. The same named place
        suffices; a toll needs nothing more than fitting; a re-telling with neither a place nor a
        date of its own needs the same actors and figures of the same victim group."""
        score = 0
        if self._own_place(d) and self._own_place(e) and self._same_place(e, d):
            score += 3
        if self._own_date(d) and self._own_date(e):
            score += 1
        if d.cand.toll:
            score += 2
        elif d.figures and not self._own_place(d) and not self._own_date(d):
            score += 1  # a re-telling with figures: "71 soldiers were killed, the ministry said"
        if not self._own_place(d) and not self._own_date(d) and self.ladder_of(e, d) is not None:
            score += 2  # what the crowd did next, with no time or place of its own: the same demonstration
        known = {self._known(d.actor1), self._known(d.actor2)} - {None}
        if known and known <= {self._known(e.actor1), self._known(e.actor2)}:
            score += 1
        groups = {f.group for f in d.figures if f.status != "claim"}
        others = {f.group for f in e.figures if f.status != "claim"}
        if groups & others or "people" in groups and others or "people" in others and groups:
            score += 1
        if score < self.MERGE_AT:
            return 0
        return score + (1 if e.figures else 0)  # prefer the incident whose dead were already counted

    @staticmethod
    def _own_date(d: Draft) -> bool:
        return any(m.timex is not None for m in d.members)

    @staticmethod
    def _own_place(d: Draft) -> bool:
        return any(not p.anaphoric for m in d.members for p in m.places)

    def _dates_fit(self, e: Draft, d: Draft) -> bool:
        """Dated mentions must overlap (a date of their own, or the one of the event told before
        them); a mention dated only by the publication may tell any incident of the days before."""
        a, b = e.dates, d.dates
        if a is None or b is None or None in (a.start, a.end, b.start, b.end):
            return True
        if "published" in (e.date_from, d.date_from):
            early, pub = (a, b) if d.date_from == "published" else (b, a)
            return early.start <= pub.end and (pub.start - early.end).days <= self.recent_days
        return (b.start - a.end).days <= self.slack and (a.start - b.end).days <= self.slack

    def _same_place(self, e: Draft, d: Draft) -> bool:
        if e.place_name and d.place_name and e.place_name.casefold() == d.place_name.casefold():
            return True
        p, q = e.placement, d.placement
        if p is None or q is None or None in (p.latitude, q.latitude, p.longitude, q.longitude):
            return False
        if p.geo_precision >= 3 or q.geo_precision >= 3:
            return p.iso == q.iso and (p.admin1 == q.admin1 or p.admin1 is None or q.admin1 is None)
        return haversine_km(p.latitude, p.longitude, q.latitude, q.longitude) <= self.km

    def _places_fit(self, e: Draft, d: Draft) -> bool:
        p, q = e.placement, d.placement
        if p is not None and q is not None and p.iso and q.iso and p.iso != q.iso:
            return False
        if not (self._own_place(e) and self._own_place(d)):
            return True
        if p is None or q is None:
            return e.place_name == d.place_name or p is None and q is None
        return self._same_place(e, d) or self._region_contains(p, q)

    @staticmethod
    def _region_contains(p, q) -> bool:
        """A country- or region-level place holds any place of that area."""
        for big, small in ((p, q), (q, p)):
            if big.geo_precision >= 3 and big.iso == small.iso and (big.admin1 is None or big.admin1 == small.admin1
                                                                    or big.location == big.country):
                return True
        return False

    def _known(self, name: str | None) -> str | None:
        if name is None or name.startswith(self.unidentified.split(" (")[0]):
            return None
        return name

    def _actors_fit(self, e: Draft, d: Draft) -> bool:
        a1, a2 = self._known(e.actor1), self._known(e.actor2)
        b1, b2 = self._known(d.actor1), self._known(d.actor2)

        def fit(x: str | None, y: str | None) -> bool:
            return x is None or y is None or x == y

        return (fit(a1, b1) and fit(a2, b2)) or (fit(a1, b2) and fit(a2, b1))

    def _absorb(self, target: Draft, d: Draft) -> None:
        absorb_told(target, d)
        ladder = self.ladder_of(target, d)
        if ladder is not None:  # a demonstration that turned violent is a violent demonstration
            target.sub_event_type = min(target.sub_event_type, d.sub_event_type, key=ladder.index)
        if self._known(target.actor1) is None and self._known(d.actor1) is not None and d.actor1 != target.actor2:
            # "gunmen killed three herders ... Al Shabaab claimed responsibility": named later
            target.actor1, target.inter1 = d.actor1, d.inter1
        elif target.actor1 is None and d.actor1 is not None:
            target.actor1, target.inter1 = d.actor1, d.inter1
        if target.actor2 is None and d.actor2 is not None and d.actor2 != target.actor1:
            target.actor2, target.inter2 = d.actor2, d.inter2
        if target.placement is None and d.placement is not None:
            target.placement, target.place_name = d.placement, d.place_name
        elif (d.placement is not None and target.placement is not None
              and d.placement.geo_precision < target.placement.geo_precision):
            target.placement, target.place_name = d.placement, d.place_name  # the village, not the region
        if (target.dates is None or target.dates.start is None) and d.dates is not None and d.dates.start is not None:
            target.dates, target.date_from = d.dates, d.date_from  # an undated headline; a later sentence dates it
        elif target.dates is not None and d.dates is not None and d.dates.start is not None:
            own = any(m.timex is not None for m in d.members[:1])
            rank = DATE_PRECISION_RANK
            if own and rank.get(d.dates.precision, 9) < rank.get(target.dates.precision, 9):
                target.dates = d.dates
        target.notes.append(f"merged with a later mention of the same incident ({d.cand.trigger.text!r})")

    # figures -----------------------------------------------------------------------------------

    @staticmethod
    def supersede(d: Draft) -> None:
        """'The toll rose to 137': earlier current figures of that group and source are replaced."""
        revisions = [f for f in d.figures if id(f) in set(d.revisions) and f.status == "current"]
        for r in revisions:
            r_start = _start(r)
            for f in d.figures:
                if f is r or f.status != "current" or f.group != r.group or f.subset_of != r.subset_of:
                    continue
                if _start(f) < r_start and (f.killed_low, f.killed_high) != (r.killed_low, r.killed_high) \
                        and same_source(f.source, r.source):
                    f.status = "superseded"


def absorb_told(target: Draft, d: Draft) -> None:
    """What a later mention adds to the event it tells again: its figures, claims, sources,
    evidence and the mentions themselves."""
    target.figures.extend(d.figures)
    target.revisions.extend(d.revisions)
    target.claims.extend(d.claims)
    target.members.extend(d.members)
    for s in d.sources:
        if s not in target.sources:
            target.sources.append(s)
    target.evidence.extend(d.evidence)


def _start(v: VictimCount) -> int:
    return v.evidence[0].start if v.evidence else -1


def _parts_summed(figures: list[VictimCount]) -> list[VictimCount]:
    """Figures of one group told together by one voice in one sentence are parts of one count
    ("two women and three children were killed": 5), not alternatives."""
    out: dict[tuple, VictimCount] = {}
    for f in figures:
        key = (f.group, f.source, f.evidence[0].sentence_start if f.evidence else id(f))
        cur = out.get(key)
        if cur is None:
            out[key] = f
            continue
        cur = out[key] = cur.model_copy(update={"evidence": list(cur.evidence)})
        for kind in ("killed", "injured"):
            lo, hi = getattr(f, f"{kind}_low"), getattr(f, f"{kind}_high")
            clo, chi = getattr(cur, f"{kind}_low"), getattr(cur, f"{kind}_high")
            if lo is not None or hi is not None:
                setattr(cur, f"{kind}_low", (clo or 0) + (lo or 0))
                setattr(cur, f"{kind}_high", (chi if chi is not None else clo or 0) + (hi if hi is not None else lo or 0))
        cur.evidence = cur.evidence + f.evidence
    return list(out.values())


def group_ranges(figures: list[VictimCount]) -> list[VictimCount]:
    """Per victim group, the range covering its current non-claim figures: the lowest stated low and
    the highest stated high, with the qualifier of the lowest, every source and every evidence."""
    out: dict[str, VictimCount] = {}
    for f in _parts_summed([f for f in figures if f.status == "current" and f.subset_of is None]):
        cur = out.get(f.group)
        if cur is None:
            out[f.group] = f.model_copy(update={"evidence": list(f.evidence)})  # its own list; evidence is never changed
            continue
        for kind in ("killed", "injured"):
            lo, hi = getattr(f, f"{kind}_low"), getattr(f, f"{kind}_high")
            clo, chi = getattr(cur, f"{kind}_low"), getattr(cur, f"{kind}_high")
            if lo is not None and (clo is None or lo < clo):
                setattr(cur, f"{kind}_low", lo)
                if kind == "killed":
                    cur.qualifier = f.qualifier
            top = hi if hi is not None else lo
            if top is not None and (chi is None or top > chi):
                setattr(cur, f"{kind}_high", top)
        if f.source and f.source not in (cur.source or "").split("; "):
            cur.source = f"{cur.source}; {f.source}" if cur.source else f.source
        cur.evidence = cur.evidence + f.evidence
    return list(out.values())
