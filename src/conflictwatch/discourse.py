"""Discourse stage: the report's candidates, read in order, become events.

What one sentence cannot know is settled here: relative dates ("a day later", "that same day")
count from the previous event; "the town" and "nearby" point to the previous event's place;
"the two sides" are the previous event's actors; a clause that only adds figures to the event
just told ("According to the MSA, the Islamic State lost around 12 of its fighters in clashes in
the town") is merged into it; a perpetrator's own claim is kept apart as contested; events that
ended well before the report's period are flagged historical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from .context import ContextRules
from .coreference import Coreference, absorb_told, group_ranges
from .drafts import Draft
from .extract import ActorMention, Candidate, PageFacts, StatedTotal, VictimMention
from .geo import GeoContext, Geocoder, PlaceMention, Placement
from .geo.builtin import countries as builtin_countries
from .geo.builtin import iso2_of
from .geo.gazetteer import admin_areas_after, normalize
from .lexicon import Actor, Lexicon
from .models import (QUALIFIER_STRENGTH, Claim, Event, EventFields, Evidence, Mention, Qualifier, Report, VictimCount,
                     midpoint)
from .nlp import passive_agents, prep_objects, sentence_of, sentences, text_of
from .read.layout import PageLayout, layout_settings
from .taxonomy import event_type_of
from .timex import DateRange, PartialDate, published_range, resolve

if TYPE_CHECKING:
    from .learn.actors import ActorBook


def evidence(field_name: str, span: Span) -> Evidence:
    doc = span.doc
    sent = sentence_of(span)
    return Evidence(
        field=field_name,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        sentence=text_of(doc)[sent.start_char:sent.end_char].strip(),
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
    )


class DiscourseResolver:
    def __init__(self, lex: Lexicon, geocoder: Geocoder | None, actors: "ActorBook | None" = None):
        self.lex = lex
        self.geocoder = geocoder
        #: the actors learned from the coded record (named by the event's country and date), if any
        self.book = actors
        self._hint_iso: str | None = None  # the report's country (ISO alpha-2), when it gives one
        self._opening: DateRange | None = None  # the date the report opens with ("On 4 July 2020, ...")
        self._lede: DateRange | None = None  # ... when no event of its own is read from that sentence
        self.actors_by_name = {a.name: a for a in lex.actors.actors}
        self.claim_verbs = set(lex.attribution.claim_verbs)
        tolls = lex.coreference.tolls  # the words of a toll that names no giver ("the latest report")
        self.toll_words = {*tolls.nouns, *tolls.generic_nouns, *tolls.revision_nouns, *tolls.latest_words,
                           *tolls.earlier_words, *lex.victims.determiners.definite, *lex.victims.determiners.indefinite}
        self.boast_verbs = set(lex.attribution.boast_verbs)
        self.denial_verbs = set(lex.attribution.denial_verbs)
        self.context = ContextRules(lex)
        self.coref = Coreference(lex, self.context)
        self.lex_layout = layout_settings().infobox

    # the whole document ------------------------------------------------------------------

    def resolve(
        self,
        doc: Doc,
        report: Report,
        candidates: list[tuple[int, Candidate]],
        totals: list[StatedTotal],
        place_mentions: list[PlaceMention],
        opening: Span | None = None,
        layout: PageLayout | None = None,
        page: PageFacts | None = None,
    ) -> tuple[list[Event], list[VictimCount]]:
        """``opening``: the date the report opens with (ClauseExtractor.opening_timex), if any;
        ``layout``: the page's infobox and sections (read.layout); ``page``: what its infobox tells of
        the page's subject (ClauseExtractor.page_facts)."""
        published = PartialDate.parse(report.published) if report.published else None
        layout = layout or PageLayout()

        def in_background(cand: Candidate) -> bool:  # told under a heading such as "Background"
            return layout.section_role(cand.sentence.start_char) == "background"

        if page is not None and page.timex is not None:  # the infobox's date is its title's event's
            head = next((c for _, c in candidates if c.sentence.start_char < page.head_end), None)
            if head is not None and head.timex is None:
                head.timex = page.timex
        self._hint_iso = self._report_iso(report)
        self._opening = (resolve(opening._.cw_value, anchor=None, published=published)
                         if opening is not None and opening._.cw_value is not None else None)
        # when no event of its own is read from the first sentence: the date of the whole story
        self._lede = None if any(index == 0 for index, _ in candidates) else self._opening
        context = GeoContext(mentions=place_mentions)
        event_sents = [(c.sentence.start_char, c.sentence.end_char) for _, c in candidates]
        doc = candidates[0][1].sentence.doc if candidates else None
        if doc is not None and len(sentences(doc)) <= self.lex.coreference.coreference.note_sentences:
            event_sents = [(0, len(doc.text))]  # a note of a few sentences tells one event throughout
        default_region = self._default_region(place_mentions, self._dated_places(candidates, place_mentions),
                                              event_sents, fits=lambda m: self._in_named_country(m, context, report.text))
        drafts: list[Draft] = []
        # the report's story is told in another tense than the past perfect: what it tells in the
        # past perfect happened before the story ("a recent massacre had killed 58 in Banibangou")
        story = any(not c.anterior and not c.toll and c.victims for _, c in candidates)
        for sent_index, cand in candidates:
            last = drafts[-1] if drafts else None
            # relative dates, places and actors read from the event told last, never from background
            prev = next((d for d in reversed(drafts) if not d.background), last)
            if in_background(cand):  # a background section tells its own story: read from what it told last
                prev = last if last is not None and any(in_background(m) for m in last.members) else None
            named = self._referred(cand, drafts)  # "killed in the attack on the village": the attack told before
            prev = named or prev
            gap = sum(1 for d in drafts if d.background and prev is not None and d.sentence_index > prev.sentence_index)
            draft = self.draft(cand, sent_index, prev, published, context, default_region, report, gap)
            draft.background = draft.background or (story and cand.anterior) or in_background(cand)
            if (last is not None and not last.background and not cand.toll and named in (None, last)
                    and (self._continues(draft, last) or self._claim_about(draft, last))):
                self._merge(last, draft)
            else:
                drafts.append(draft)
        drafts = self.coref.merge(drafts)
        if page is not None:
            drafts = self._page_subject(drafts, page, report)
        for d in drafts:
            self._name_figures(d)
            self.coref.supersede(d)
            self._voice_of_same_figure(d, report)
        events = [self.event(d, report) for d in drafts]
        self._flag_historical(events, published)
        for d, e in zip(drafts, events):
            if d.background and all(m.anterior or in_background(m) for m in d.members) and not e.historical:
                e.historical = True  # told in the past perfect before the report's story, or as its background
                for m in e.mentions:
                    m.historical = True
        for e in events:
            self._battle_sides(e)
            self._unit(e)
        stated = [vc for total in totals for vc in self._stated(total, report, events)]
        return events, stated

    def _page_subject(self, drafts: list[Draft], page: PageFacts, report: Report) -> list[Draft]:
        """A page's title and infobox tell one event, its subject: the events read there are one, with
        the infobox's actors when the text names none, and the counts of its casualties fields as its
        figures ("17+ (per ACLED)"; a belligerent's count of the dead is its claim when it is the
        event's perpetrator: "60+ (per IS)" of a battle IS won)."""
        head = [d for d in drafts if any(m.sentence.start_char < page.head_end for m in d.members)]
        if not head:
            return drafts
        subject = head[0]
        for d in head[1:]:
            if all(m.sentence.start_char < page.head_end for m in d.members):
                absorb_told(subject, d)
                drafts = [x for x in drafts if x is not d]
        day = subject.dates.start if subject.dates else None
        if subject.actor1 is None and (page.perpetrators or page.victors):
            actor = (page.perpetrators or page.victors)[0]
            subject.actor1, subject.inter1 = self._name(actor, day, subject), actor.inter
        if subject.actor2 is None and subject.actor1 is not None:
            other = next((a for a in page.belligerents if self._name(a, day, subject) != subject.actor1), None)
            if other is not None:
                subject.actor2, subject.inter2 = self._name(other, day, subject), other.inter
        told = [(m.sentence.start_char, m.sentence.end_char) for m in subject.members]
        group = self.lex_layout.casualties_group
        for fig in page.figures:
            if any(a <= fig.line[0] < b for a, b in told):
                continue  # the line is a sentence the clause stage read: "30–45+ civilians killed"
            q = fig.quantity
            v = VictimCount(group=group if fig.role == "casualties" else "people", killed_low=q.low,
                            killed_high=q.high if q.high is not None else q.low, qualifier=q.qualifier,
                            evidence=[evidence("fatalities", fig.span)])
            voice = fig.voice
            v.source = voice.name if voice is not None else report.source
            doer = voice.actor if voice is not None else None
            if doer is not None and subject.actor1 is not None and self._name(doer, day, subject) == subject.actor1:
                claimant = subject.actor1
                v.source, v.status = claimant, "claim"
                line = fig.span.doc.char_span(*fig.line, alignment_mode="expand")
                subject.claims.append(Claim(claimant=claimant, statement=line.text if line is not None else fig.span.text,
                                            figures=[v], status="contested", evidence=[evidence("claim", fig.span)]))
                subject.notes.append(f"claim by {claimant} kept apart: not counted")
            else:
                subject.figures.append(v)
                subject.evidence.extend(v.evidence)
        return drafts

    def _unit(self, event: Event) -> None:
        """The unit ACLED names the state's forces by for the event's sub-type, where it nearly always
        does (learned: ``ActorBook.unit_of``): Russia's air strikes are its Air Force's."""
        named = self.book.unit_of(event.actor1, event.sub_event_type) if self.book is not None else None
        if named is not None:
            for target in (event, *event.mentions):
                target.actor1 = named

    def _battle_sides(self, event: Event) -> None:
        """A battle between state forces and another side, its sides in the order the country's
        coders keep (learned from the record: ``ActorBook.state_forces_first``); else the text's."""
        if self.book is None or event.event_type != "Battles" or not event.actor1 or not event.actor2:
            return
        state1, state2 = ("state" in self.lex.actors.tags_by_inter.get(i or 0, ()) for i in (event.inter1, event.inter2))
        if state1 == state2:
            return
        first = self.book.state_forces_first(event.iso)
        if first is None or first == state1:
            return
        values = {"actor1": event.actor2, "inter1": event.inter2, "assoc_actor_1": event.assoc_actor_2,
                  "actor2": event.actor1, "inter2": event.inter1, "assoc_actor_2": event.assoc_actor_1}
        for target in (event, *event.mentions):
            for k, v in values.items():
                setattr(target, k, v)

    @staticmethod
    def _referred(cand: Candidate, drafts: list[Draft]) -> Draft | None:
        """The latest event told with the event noun a clause refers back to ("the attack")."""
        if cand.refers_to is None:
            return None
        for d in reversed(drafts):
            if d.background:
                continue
            words = {m.trigger.root.lemma_.lower() for m in d.members} | {d.cand.trigger.root.lemma_.lower()}
            if cand.refers_to in words:
                return d
        return None

    @staticmethod
    def _default_region(mentions: list[PlaceMention], taken: set[str] = frozenset(),
                        event_sents: list[tuple[int, int]] = (),
                        fits: Callable[[PlaceMention], bool] | None = None) -> PlaceMention | None:
        """The area an event without a place of its own is placed in: the region the report names
        most, unless that region is where the report places another incident ("a similar attack in
        the Tillaberi region"); else the one place a report that names no country gives (its event's
        words may not reach it: "gathered in front of the Election Authority in Bangui"); else the
        country the report names most."""
        # a region given as a place's admin area ("at Ajumako, Central Region") gives way to the place
        areas = {a for m in mentions if m.kind == "place" and m.within for a in m.within}
        regions = [m for m in mentions if m.kind == "region" and m.text not in taken and m.text not in areas]
        if not regions:
            # a report that gives a place with its admin areas (a note: "in Daudow area (Baydhaba, Bay)",
            # "in Managua City (Managua, Managua)"): that place, the one its writer coded, even when a
            # country is named too (in a group's name: "Resistencia por Nicaragua"), if it lies in one
            # of the countries the report names (not a byline's "Deutsche Welle (Bonn)")
            regions = [m for m in mentions if m.kind != "country" and m.within and m.text not in taken
                       and (fits is None or fits(m))][:1]
        if not regions and not any(m.kind == "country" and m.end and not m.clue for m in mentions):
            # a report that names no country and one place only, in a sentence that tells an event ("a
            # sting operation in Nairobi"): that place; not where a statement was made ("officials in
            # Niamey said")
            places = {m.text for m in mentions if m.kind not in ("region", "country") and m.end and not m.clue
                      and m.text not in taken}
            told = [m for m in mentions if m.text in places and any(a <= m.start and m.end <= b for a, b in event_sents)]
            regions = told[:1] if len(places) == 1 else []
        if not regions:  # else the country the report names most (never only an actor's country)
            regions = [m for m in mentions if m.kind == "country" and m.end]
        if not regions:
            return None
        counts = Counter(m.text for m in regions)
        best = max(regions, key=lambda m: (counts[m.text], -m.start))
        return best

    def _in_named_country(self, mention: PlaceMention, context: GeoContext, text: str) -> bool:
        """Whether a place lies in a country the report names (any place, when it names none); with a
        country named, only a place given with its admin areas in brackets, as a note gives the place
        it is coded at ("Managua City (Managua, Managua)"), not the list "Intazayene, Bakorat and ..."."""
        named = {iso2_of(m.text) for m in context.mentions if m.kind == "country" and m.end and not m.clue} - {None}
        if not named:
            return True
        if not _bracketed_areas(text, mention.end):
            return False
        placement = self._geocode(mention.text, context, False)
        return placement is not None and placement.iso in named

    @staticmethod
    def _dated_places(candidates: list[tuple[int, Candidate]], mentions: list[PlaceMention] = ()) -> set[str]:
        """Regions named as the place of an incident the report marks as another one ("last week,
        66 people were killed in a similar attack in the Tillaberi region", also "a similar attack
        that took place in the Tillaberi region"): not where the rest of the report happened; a
        background incident dated by its year, "a similar conflict in the Menaka region in 2018",
        is not one)."""
        out: set[str] = set()
        for _, cand in candidates:
            if not (cand.different and cand.timex is not None and cand.timex._.cw_value.year is None):
                continue
            out |= {p.span.text for p in cand.places if p.kind == "region" and not p.anaphoric}
            sent = cand.sentence
            out |= {m.text for m in mentions if m.kind == "region"
                    and sent.start_char <= m.start and m.end <= sent.end_char}
        return out

    # one candidate -----------------------------------------------------------------------

    def draft(self, cand: Candidate, sent_index: int, prev: Draft | None, published: PartialDate | None,
              context: GeoContext, region: PlaceMention | None, report: Report, gap: int = 0) -> Draft:
        dates = self._dates(cand, prev, published, first=sent_index == 0)
        # the sentence right after the previous event (background sentences in between do not count)
        adjacent = prev is not None and sent_index - prev.sentence_index - gap <= 1
        placement, place_name, place_notes = self._place(cand, prev if adjacent else None, context, region)
        draft = Draft(cand=cand, dates=dates, placement=placement, place_name=place_name,
                      sentence_index=sent_index, members=[cand])
        draft.background = cand.timex is not None and self._is_background(dates, published)
        if cand.timex is None:
            draft.date_from = "anchor" if prev is not None and prev.anchor_dates is not None else "published"
        draft.notes.extend(place_notes)
        day = dates.start if dates else None
        self._actors(draft, prev, day)
        counted = [m for m in cand.victims if m.quantity.low is not None or m.quantity.high is not None]
        pairs = [(m, self._victim(m, draft, prev, day)) for m in counted]
        lethal = cand.rule.lethal or any(t._.cw_value.lethal for t in cand.other_triggers)
        for mention, v in list(pairs):
            if v.killed_low is not None or v.killed_high is not None:
                if not (lethal or mention.dead):  # "abducted seven women": affected, not killed
                    pairs.remove((mention, v))
                    draft.notes.append(f"{mention.span.text}: {cand.trigger.text}, not counted as killed")
        victims = [v for _, v in pairs]
        draft.sub_event_type = self._sub_type(cand, victims, draft)
        # unnamed "people" are named once the event is whole (see _name_figures)
        by_mention = {id(m): v for m, v in pairs}
        for mention, v in pairs:
            v.status = "superseded" if mention.status == "superseded" else "current"
            if mention.part_of is not None and id(mention.part_of) in by_mention:
                v.subset_of = by_mention[id(mention.part_of)].group
            elif mention.part_of_event:
                v.subset_of = "people"  # named with the event's victims (_name_figures)
            if mention.revision:
                draft.revisions.append(id(v))
        sources = self._sources(cand, report)
        denier = next((p for p in cand.parties if p.verb in self.denial_verbs), None)
        if denier is not None:  # "the army denied that its soldiers killed 50 civilians"
            name = denier.actor.voice(denier.name) if denier.actor is not None else denier.name
            draft.claims.append(Claim(claimant=name, statement=cand.sentence.text.strip(), status="contested",
                                      evidence=[evidence("claim", cand.sentence)]))
            draft.notes.append(f"{name} denies it: the figures it denies are the accusation's, not counted again")
            draft.denial = True
            victims = []
        claimant = self._claimant(cand, draft)
        draft.anchor_dates = draft.dates
        if claimant is not None:
            for v in victims:
                v.source = claimant
                v.status = "claim"
            draft.claims.append(Claim(claimant=claimant, statement=cand.sentence.text.strip(),
                                      figures=victims, status="contested",
                                      evidence=[evidence("claim", cand.sentence)]))
            if cand.timex is None and published is not None:
                draft.dates = self._undated(published)
                draft.anchor_dates = prev.anchor_dates if prev is not None else None
            draft.notes.append(f"claim by {claimant} kept apart: not counted")
        else:
            for mention, v in pairs:  # a figure on its own word keeps it
                v.source = mention.voice.name if mention.voice is not None else (sources[0] if sources else None)
        draft.figures = list(victims)
        if cand.responsible is not None:  # "the Islamic State claimed responsibility for the attack"
            actor = cand.responsible_actor or self.lex.actors.by_name(cand.responsible)
            if actor is not None and draft.actor1 is None:  # ACLED codes the claimant as the perpetrator
                draft.actor1, draft.inter1 = self._name(actor, day, draft), actor.inter
            draft.claims.append(Claim(claimant=cand.responsible, statement=cand.sentence.text.strip(),
                                      status="confirmed", evidence=[evidence("claim", cand.sentence)]))
            draft.notes.append(f"{cand.responsible} claimed responsibility")
        draft.sources = sources
        draft.evidence.append(evidence("event_type", cand.trigger))
        for v in victims:
            draft.evidence.extend(v.evidence)
        if cand.timex is not None:
            draft.evidence.append(evidence("date", cand.timex))
        return draft

    def _is_background(self, dates: DateRange | None, published: PartialDate | None) -> bool:
        if dates is None or dates.end is None or published is None:
            return False
        window = dt.timedelta(days=self.lex.discourse.historical_window_days)
        return dates.end < published_range(published).start - window

    def _dates(self, cand: Candidate, prev: Draft | None, published: PartialDate | None,
               first: bool = False) -> DateRange | None:
        anchor = prev.anchor_dates if prev is not None else None
        if cand.timex is not None:
            return resolve(cand.timex._.cw_value, anchor=anchor, published=published)
        if first and anchor is None and self._opening is not None:
            return self._opening  # "On 26 November 2019, a councilor was wounded during an attack by ...": its date
        if anchor is not None:
            return anchor
        if self._lede is not None:
            return self._lede
        return self._undated(published) if published is not None else None

    def _undated(self, published: PartialDate) -> DateRange:
        """An event the report does not date happened on or before its publication: with a day of
        publication, the days before it (precision week), never the publication day itself."""
        pub = published_range(published)
        if pub.precision != "day" or pub.start is None:
            return pub
        days = self.lex.coreference.coreference.recent_days
        return DateRange(start=pub.start - dt.timedelta(days=days - 1), end=pub.end, precision="week",
                         note=f"not dated by the report: within the {days} days before its publication")

    def _place(self, cand: Candidate, prev: Draft | None, context: GeoContext,
               region: PlaceMention | None) -> tuple[Placement | None, str | None, list[str]]:
        named = [p for p in cand.places if not p.anaphoric]
        rank = {"place": 0, "region": 1, "country": 2}
        if named:
            # of several places, the one given with its admin areas in brackets is the one the writer
            # located the event at ("marched from Tomato Bowl to Sweet Union Church in Jacksonville (Texas)")
            text = text_of(cand.sentence.doc)
            ordered = sorted(named, key=lambda p: (not p.coded, rank[p.kind],
                                                   _areas_given(text, p.span.end_char) if p.kind == "place" else 2,
                                                   p.span.start))
            best = ordered[0]
            placement = self._geocode(best.span.text, context, best.near)
            if placement is None or placement.latitude is None:
                # "in front of the Fort railway station in Colombo city": a site the gazetteer does not
                # know is placed at the next place of the clause it knows
                for other in ordered[1:]:
                    alt = self._geocode(other.span.text, context, other.near)
                    if alt is not None and alt.latitude is not None:
                        return alt, other.span.text, [f"{best.span.text!r} is not in the gazetteer; placed at "
                                                      f"{other.span.text}, named with it"]
            area = self._named_area(ordered, context)
            if area is None and placement is not None and placement.score < 100:
                # "the villages of Intazayene, Bakorat and Wistane": a name matched only by its spelling
                # gives way to another place of the same list the gazetteer knows by its very name
                listed = self._coordinated(best.span.root)
                for other in ordered[1:]:
                    if other.kind != "place":
                        break
                    if other.span.root.i not in listed:
                        continue  # "Talataye, a village in the Ansongo circle": an area, not the list
                    alt = self._geocode(other.span.text, context, other.near)
                    if alt is not None and alt.score >= 100:
                        return alt, other.span.text, [f"{best.span.text!r} matched only by its spelling; placed at "
                                                      f"{other.span.text}, named with it"]
            if area is None or placement is None or placement.score >= 100 or self._inside(placement, area):
                return placement, best.span.text, []
            # "the villages of X, Y and Z in Tahoua Region": a name matched only by its spelling to a
            # place outside the region named with it is misplaced; another of the places, else the
            # region itself (an exact name is kept: gazetteers lag behind new regions, Menaka was Gao's)
            for other in ordered[1:]:
                if other.kind != "place":
                    break
                alt = self._geocode(other.span.text, context, other.near)
                if alt is not None and self._inside(alt, area):
                    return alt, other.span.text, [f"{best.span.text!r} is not in the gazetteer's "
                                                  f"{area.admin1}; placed at {other.span.text}"]
            return area, area.query, [f"{best.span.text!r} is not in the gazetteer's {area.admin1}; "
                                      f"placed at the {area.query} area the report names with it"]
        anaphoric = [p for p in cand.places if p.anaphoric]
        inherit = prev is not None and bool(
            anaphoric or cand.near_unnamed or (cand.unnamed_place is None and cand.timex is None))
        if inherit and prev is not None and prev.place_name is not None:
            near = cand.near_unnamed or any(p.near for p in anaphoric)
            placement = self._geocode(prev.place_name, context, near)
            note = [f"place taken from the previous event ({prev.place_name})"]
            return placement, prev.place_name, note
        if region is not None:
            placement = self._geocode(region.text, context, False)
            sole = region.kind not in ("region", "country") and not region.within  # the report's one place
            if placement is not None and placement.geo_precision < 3 and not sole:
                placement = placement.model_copy(update={"geo_precision": 3, "where_prec": 4})
            what = f"'{cand.unnamed_place.text}'" if cand.unnamed_place is not None else "no place"
            return placement, region.text, [f"{what} named; placed at the {region.text} area the report names"]
        return None, None, ["no place named"]

    @staticmethod
    def _coordinated(tok) -> set[int]:
        """The words of the coordination ``tok`` is part of ("A, B and C"), ``tok`` included."""
        top = tok
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        return {top.i} | {c.i for c in top.conjuncts}

    def _named_area(self, ordered: list, context: GeoContext) -> Placement | None:
        """The admin1 region a clause names beside its place ("in Tahoua Region"), placed."""
        if not ordered or ordered[0].kind != "place":
            return None
        for p in ordered:
            if p.kind == "region":
                area = self._geocode(p.span.text, context, False)
                if area is not None and area.admin1 and area.geo_precision >= 3 and area.iso:
                    return area
        return None

    @staticmethod
    def _inside(placement: Placement, area: Placement) -> bool:
        if placement.iso != area.iso:
            return False
        return placement.admin1 is None or normalize(placement.admin1) == normalize(area.admin1 or "")

    def _geocode(self, name: str, context: GeoContext, near: bool) -> Placement | None:
        if self.geocoder is None:
            return None
        return self.geocoder.resolve(name, context, near=near)

    # actors ------------------------------------------------------------------------------

    def _name(self, actor: Actor | None, day: dt.date | None, draft: Draft | None = None) -> str | None:
        if actor is None:
            return None
        if self.book is None or draft is None:
            return actor.name_on(day)
        return self.book.name(actor, day, self._iso(draft))

    def _iso(self, draft: Draft) -> str | None:
        """The event's country: where it is placed, else the report's own, else the one home
        country of the named actors it involves ("Taliban militants attacked a police post" with
        no place the gazetteer knows: Afghanistan's police)."""
        iso = draft.placement.iso if draft.placement is not None else None
        if iso or self._hint_iso:
            return iso or self._hint_iso
        cand = draft.cand
        homes = {m.actor.countries[0] for m in (*cand.agents, *cand.patients)
                 if m.actor is not None and len(m.actor.countries) == 1}
        return next(iter(homes)) if len(homes) == 1 else None

    @staticmethod
    def _report_iso(report: Report) -> str | None:
        hint = getattr(report, "country", None)
        if not hint:
            return None
        if len(hint) == 2 and hint.isupper():
            return hint
        return iso2_of(hint)

    def _actor_named(self, name: str | None) -> Actor | None:
        """The dictionary's actor of that name, else the learned one."""
        if not name:
            return None
        actor = self.lex.actors.by_name(name)
        if actor is None and self.book is not None:
            actor = self.book.by_name(name)
        return actor

    def _actors(self, draft: Draft, prev: Draft | None, day: dt.date | None) -> None:
        cand = draft.cand
        agents = self._unique(cand.agents)
        patients = [a for a in self._unique(cand.patients) if a not in agents]
        pair = any(m.pair for m in cand.agents + cand.patients)
        if pair and prev is not None:
            draft.actor1, draft.actor2 = prev.actor1, prev.actor2
            draft.inter1, draft.inter2 = prev.inter1, prev.inter2
            return
        if cand.rule.victims_are_subject and agents:
            patients, agents = agents + patients, []
        if cand.rule.moved_are_actor and patients:
            agents, patients = patients[:1] + agents, patients[1:]
        reporters = [a for a in self._unique(cand.reporters) if a not in patients]
        if not agents and reporters and cand.rule.sub_event_type == "Armed clash":
            agents = reporters[:1]  # "the MSA reported additional clashes with the Islamic State"
        if agents:
            draft.actor1 = self._name(agents[0], day, draft)
            draft.inter1 = agents[0].inter
            draft.assoc1 = [self._name(a, day, draft) for a in agents[1:]]
        if patients:
            draft.actor2 = self._name(patients[0], day, draft)
            draft.inter2 = patients[0].inter
            draft.assoc2 = [self._name(a, day, draft) for a in patients[1:]]
        for a in self._unique(cand.supported):
            name = self._name(a, day, draft)
            if name not in draft.assoc1 and name != draft.actor1:
                draft.assoc1.append(name)
        same_place = any(p.anaphoric for p in cand.places) or cand.near_unnamed
        if draft.actor1 is None and prev is not None and (cand.timex is None or same_place):
            if draft.actor2 is None or draft.actor2 == prev.actor2:
                draft.actor1, draft.inter1 = prev.actor1, prev.inter1
                # "45 civilians had been killed" after a clash between two groups: the civilians are
                # this clause's victims, never the armed side of the event told before
                # (not when the clause itself tells a battle: "clashes continued, leaving 97 civilians killed")
                battle = bool(cand.rule.sub_event_type) and event_type_of(cand.rule.sub_event_type) == "Battles"
                civilians_here = not battle and any(v.kind == "civilian" for v in cand.victims)
                if draft.actor2 is None and not (civilians_here and prev.inter2 not in (None, 7)):
                    draft.actor2, draft.inter2 = prev.actor2, prev.inter2
            elif draft.actor2 == prev.actor1:
                draft.actor1, draft.inter1 = prev.actor2, prev.inter2

    @staticmethod
    def _unique(mentions: list[ActorMention]) -> list[Actor]:
        out: list[Actor] = []
        for m in mentions:
            if m.actor is not None and m.actor not in out:
                out.append(m.actor)
        return out

    def _civilians(self, draft: Draft) -> str:
        return self._by_country(self.lex.actors.civilians, draft)

    def _by_country(self, spec, draft: Draft, iso: str | None = None) -> str:
        """``spec``'s actor of the event's country (of ``iso``'s, when given)."""
        country = draft.placement.country if draft.placement is not None else None
        if iso is not None and iso in builtin_countries():
            country = builtin_countries()[iso].name
        if self.book is not None:  # ACLED's spelling of the country ("Palestine"), by the event's country
            country = self.book.country_name(iso or self._iso(draft)) or country
        return spec.name_template.format(country=country) if country else spec.fallback

    # victims and typing ------------------------------------------------------------------

    def _victim(self, v: VictimMention, draft: Draft, prev: Draft | None, day: dt.date | None) -> VictimCount:
        q = v.quantity
        if v.kind == "civilian" or v.civilian_apposition:
            group = "civilians"
        elif v.kind == "armed":
            actor = v.group_actor or self._unnamed_side(v, draft, prev)
            group = self._name(actor, day, draft) if actor is not None else "unidentified armed group"
        else:
            group = "people"
        low, high = q.low, q.high if q.high is not None else q.low
        count = VictimCount(group=group, qualifier=q.qualifier, evidence=[evidence("fatalities", v.span)])
        if v.injured:
            count.injured_low, count.injured_high = low, high
        else:
            count.killed_low, count.killed_high = low, high
        return count

    def _unnamed_side(self, v: VictimMention, draft: Draft, prev: Draft | None) -> Actor | None:
        """Whose dead, when the text does not say: soldiers are the state forces of the event's
        country; other fighters are the side opposite the perpetrator (this event's target, else
        the other party of the event just told)."""
        if v.noun.lemma_.lower() in self.lex.victims.state_members:
            iso = draft.placement.iso if draft.placement is not None else None
            own = next((a for a in self.lex.actors.actors
                        if a.inter == 1 and "state" in a.tags and iso in a.countries), None)
            if own is None and self.book is not None:
                return self.book.state_forces(self._iso(draft))
            return own
        sides = [draft.actor2] if draft.actor2 and draft.actor2 != draft.actor1 else []
        if prev is not None and draft.actor1 in (prev.actor1, prev.actor2):
            sides += [a for a in (prev.actor1, prev.actor2) if a and a != draft.actor1]
        if prev is not None:  # "airstrikes killing around 30 militants": the armed group last told
            sides += [a for a in (prev.actor1, prev.actor2) if a and a != draft.actor1]
        actors = [self._actor_named(a) for a in sides]
        return next((a for a in actors if a is not None and "armed" in a.tags), None)

    def _target(self, cand: Candidate, victims: list[VictimCount], draft: Draft) -> str:
        if any(v.group == "civilians" for v in victims):
            return "civilian"
        if any(v.group not in ("people",) for v in victims):
            return "armed"
        if draft.actor2 is not None:
            actor = self._actor_named(draft.actor2)
            if actor is not None and "armed" in actor.tags:
                return "armed"
        if cand.rule.by_target is not None and not cand.toll and any(
                t._.cw_value.by_target is not None and self.context.target_is_armed(t)
                for t in [cand.trigger, *cand.other_triggers]):
            return "armed"  # "attacked an army base, killing five", "an attack on soldiers"
        return "unknown"

    def _sub_type(self, cand: Candidate, victims: list[VictimCount], draft: Draft) -> str:
        """The trigger's sub-type for the target hit, then re-read for who acted and the setting
        (context.yaml: ACLED codebook rules)."""
        base = cand.rule.sub_type_for(self._target(cand, victims, draft))
        if cand.toll:  # a toll's word is no event trigger: no context re-reading
            return base
        return self.context.sub_type(cand.trigger, base)

    def _name_figures(self, d: Draft) -> None:
        """Unnamed people ("the toll rose to 71", "the attack killed more than 60") are the one
        victim group the event's other figures name; else what the event's type makes them."""
        named = {f.group for f in d.figures if f.group != "people" and f.status != "claim" and f.subset_of is None}
        name = next(iter(named)) if len(named) == 1 else self._name_people(VictimCount(group="people"), d.sub_event_type).group
        for f in d.figures:
            if f.group == "people":
                f.group = name
            if f.subset_of == "people":
                f.subset_of = name

    @staticmethod
    def _name_people(v: VictimCount, sub_event_type: str) -> VictimCount:
        if v.group == "people":
            v.group = "civilians" if sub_event_type in ("Attack",) else "unidentified"
        return v

    # sources and claims ------------------------------------------------------------------

    @staticmethod
    def _sources(cand: Candidate, report: Report) -> list[str]:
        names = [p.name for p in cand.parties]
        if not names and report.source:
            names = [report.source]
        return list(dict.fromkeys(names))

    def _names_nobody(self, source: str | None, report: Report) -> bool:
        """No source, the report's own publisher, or a toll that names no giver ("the latest report")."""
        if source in (None, report.source):
            return True
        generic = self.toll_words
        return all(w in generic or (w.endswith("s") and w[:-1] in generic) for w in source.lower().split())

    def _voice_of_same_figure(self, d: Draft, report: Report) -> None:
        """'The attack killed at least 71 soldiers. The Ministry of Defence confirmed that 71 soldiers
        were killed': a figure the report gives without a voice (or on "the latest report") is the
        figure a named party gives of the same group in the same incident."""
        nobody = {id(f): self._names_nobody(f.source, report) for f in d.figures}
        for f in d.figures:
            if not nobody[id(f)] or f.status == "claim":
                continue
            named = {g.source for g in d.figures if g is not f and not nobody[id(g)] and g.status != "claim"
                     and g.group == f.group and g.subset_of == f.subset_of
                     and (g.killed_low, g.killed_high) == (f.killed_low, f.killed_high)}
            if len(named) == 1:  # one voice gives it; two would leave the report's own word as it is
                f.source = named.pop()

    def _claimant(self, cand: Candidate, draft: Draft) -> str | None:
        """A party's claim of its own killings: 'the group says its men have killed 250'."""
        for party in cand.parties:
            if party.verb in self.claim_verbs and party.actor is not None:
                if draft.actor1 is not None and party.actor.name_on(None) == self._base(draft.actor1):
                    return party.actor.name
        armed_dead = bool(cand.victims) and all(v.kind == "armed" for v in cand.victims)
        for party in cand.parties:  # "the group's weekly claimed that 60 fighters were killed"
            if party.verb in self.boast_verbs and armed_dead and party.span.end <= cand.trigger.start:
                return party.actor.voice(party.name) if party.actor is not None else party.name
        own_forces = any(m.span.root.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "poss" and c.tag_ == "PRP$" for c in m.span.root.children) for m in cand.agents)
        for party in cand.parties:  # "the army said its troops neutralised 203 terrorists"
            if party.verb in self.claim_verbs and own_forces and party.span.end <= cand.trigger.start:
                return party.actor.voice(party.name) if party.actor is not None else party.name
        return None

    def _base(self, name: str) -> str:
        actor = self._actor_named(name)
        return actor.name if actor is not None else name

    # merging -----------------------------------------------------------------------------

    def _continues(self, draft: Draft, prev: Draft) -> bool:
        """A clause with no date of its own that adds to the event just told."""
        cand = draft.cand
        if cand.timex is not None or cand.marked_new or draft.claims or prev.claims:
            return False
        if draft.sentence_index - prev.sentence_index > 1:
            return False
        named = [p for p in cand.places if not p.anaphoric]
        if named and named[0].span.text != prev.place_name:
            return False
        if event_type_of(draft.sub_event_type) != event_type_of(prev.sub_event_type):
            return False
        actors = {draft.actor1, draft.actor2} - {None}
        return actors <= {prev.actor1, prev.actor2, *prev.assoc1, *prev.assoc2}

    @staticmethod
    def _claim_about(draft: Draft, prev: Draft) -> bool:
        """A party's claim told right after an event, with no date or place of its own, is about it:
        'The Malian army said its troops killed 14 of the assailants during the fighting.'"""
        cand = draft.cand
        if not draft.claims or draft.counts_dead or prev.claims and not prev.counts_dead:
            return False
        if cand.timex is not None or any(not p.anaphoric for p in cand.places):
            return False
        if draft.sentence_index - prev.sentence_index > 1:
            return False
        return bool({draft.actor1, draft.actor2} & {prev.actor1, prev.actor2} - {None})

    @staticmethod
    def _merge(prev: Draft, draft: Draft) -> None:
        absorb_told(prev, draft)

    # output --------------------------------------------------------------------------------

    def _crowd(self, d: Draft) -> None:
        """A demonstration's actor1 is its crowd ("Protesters (Chile)"), named by the country of the
        people it is named by if not the event's (:meth:`_crowd_people`); a named organisation becomes
        an associated actor, the state forces that intervened actor2 (ACLED's codebook)."""
        spec = self.lex.actors.crowds.get(d.sub_event_type)
        if spec is None or self._iso(d) is None:
            return
        crowd = self._by_country(spec, d, self._crowd_people(d))
        if d.actor1 == crowd:
            return
        if d.actor1 is not None:
            d.actor2, d.inter2 = self._yield_to_crowd(d.actor1, d.inter1, d.actor2, d.inter2, d.assoc1)
        d.actor1, d.inter1 = crowd, spec.inter

    def _yield_to_crowd(self, actor: str, inter: int | None, actor2: str | None, inter2: int | None,
                        assoc: list[str]) -> tuple[str | None, int | None]:
        """What becomes of the actor1 a demonstration's crowd replaces: state forces that intervened are
        actor2 (when it is free), a named group of the crowd ("Black Lives Matter", "Students (Kenya)")
        an associated actor (added to ``assoc``), another crowd nothing. Returns actor2 and its inter."""
        if "state" in self.lex.actors.tags_by_inter.get(inter or 0, ()) and actor2 is None:
            return actor, inter
        if self._crowd_country(actor) is None and actor not in assoc:
            assoc.insert(0, actor)
        return actor2, inter2

    def _crowd_country(self, name: str | None) -> str | None:
        """The country a crowd's name holds ("Rioters (Israel)": Israel), else None."""
        for spec in self.lex.actors.crowds.values():
            pre, _, post = spec.name_template.partition("{country}")
            if name and name.startswith(pre) and name.endswith(post) and len(name) > len(pre) + len(post):
                return name[len(pre):len(name) - len(post)]
        return None

    def _crowd_people(self, d: Draft) -> str | None:
        """The country of the people a crowd is named by, when it is not the event's: "about 200
        Ukrainians rallied outside the Russian embassy in Nicosia", "Israeli settler rioters hurled
        stones" (ACLED codes a crowd of foreign nationals by their country)."""
        if not any(m.rule.sub_event_type in self.lex.actors.crowds for m in d.members):
            return None  # told by another event's words ("Russian soldiers fired shots in the air")
        trig = d.cand.trigger.root
        verb = _verb_of(trig)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and trig.dep_ == "nsubj":
            subj = trig  # "Israeli settler rioters hurled stones" told by its crowd noun
        if subj is None:
            return None
        own = self._iso(d)
        for tok in subj.subtree:
            if tok.i > subj.i:
                break
            if tok.is_title and (tok.tag_ in ("JJ", "NNPS") or tok.ent_type_ == "NORP") and (
                    tok.i == subj.i or tok.dep_ in ("amod", "compound")):
                iso = _people_country(tok.text)
                if iso is not None and iso != own:
                    return iso
        return None

    def event(self, d: Draft, report: Report) -> Event:
        self._crowd(d)
        usual = (self.book.default_actor(d.sub_event_type, d.cand.rule.label, self._iso(d))
                 if self.book is not None and d.actor1 is None else None)
        if usual is not None and self._iso(d) is not None:  # "Protesters (Chile)": ACLED's usual actor1
            d.actor1, d.inter1 = self._name(usual, d.dates.start if d.dates else None, d), usual.inter
        unidentified = self._by_country(self.lex.actors.unidentified, d)
        if d.actor1 is None and event_type_of(d.sub_event_type) != "Protests":
            d.actor1, d.inter1 = unidentified, self.lex.actors.unidentified.inter
        if d.actor1 == unidentified:
            self._unnamed_by_kind(d)
        if d.actor1 == unidentified:
            self._unnamed_by_victims(d)
        victims = group_ranges(d.figures)
        victim_groups = [v.group for v in victims + [f for c in d.claims for f in c.figures]]
        if d.actor2 is None and "civilians" in victim_groups:
            d.actor2, d.inter2 = self._civilians(d), self.lex.actors.civilians.inter
        elif d.actor2 is None:
            side = next((self._actor_named(g) for g in victim_groups if self._actor_named(g)), None)
            if side is not None and side.name != self._base(d.actor1 or ""):
                d.actor2, d.inter2 = self._name(side, d.dates.start if d.dates else None, d), side.inter
        if d.actor2 is None:  # "police forces clashed with gang members" in Haiti: an unidentified gang
            named = self._kind_named(d, self._targets_phrase(d))
            if named is not None and named[0] != d.actor1:
                d.actor2, d.inter2 = named
        fields = EventFields(
            date_start=d.dates.start if d.dates else None,
            date_end=d.dates.end if d.dates else None,
            date_precision=d.dates.precision if d.dates else None,
            date_uncertain=bool(d.dates and d.dates.uncertain),
            event_type=event_type_of(d.sub_event_type),
            sub_event_type=d.sub_event_type,
            actor1=d.actor1, actor2=d.actor2,
            assoc_actor_1="; ".join(d.assoc1) or None, assoc_actor_2="; ".join(d.assoc2) or None,
            inter1=d.inter1, inter2=d.inter2,
            victims=victims, figures=d.figures, claims=d.claims, sources=d.sources,
            notes="; ".join(d.notes), evidence=d.evidence,
            **fatalities(victims),
            **self._geo(d),
        )
        self._actor_evidence(d, fields)
        if d.dates is not None and d.dates.note:
            fields.notes = "; ".join(x for x in (fields.notes, d.dates.note) if x)
        ident = event_id(report, d.cand)
        values = fields.model_dump()
        mention = Mention(id=ident, document_id=report.id, publisher=report.source, published=report.published,
                          **values)
        return Event(id=ident, document_id=report.id, mentions=[mention], **values)

    def _unnamed_by_kind(self, d: Draft) -> None:
        """ACLED's name for unnamed perpetrators by what the report calls them, where the record uses
        it in the event's country ("gang members shot and killed a police officer" in Haiti: an
        unidentified gang; actors.yaml unnamed_by_kind)."""
        named = self._kind_named(d, self._doers_phrase(d))
        if named is not None:
            d.actor1, d.inter1 = named

    def _kind_named(self, d: Draft, phrase: str) -> tuple[str, int] | None:
        """The record's name (and inter code) for the unnamed group ``phrase`` calls by its kind, in the
        event's country (actors.yaml unnamed_by_kind)."""
        if self.book is None or not self.lex.actors.unnamed_by_kind or not phrase:
            return None
        country = self.book.country_name(self._iso(d))
        if country is None:
            return None
        for rule in self.lex.actors.unnamed_by_kind:
            name = rule.name_template.format(country=country)
            if name in self.book.model.groups and any(f" {w} " in phrase for w in rule.words):
                return name, rule.inter
        return None

    @staticmethod
    def _targets_phrase(d: Draft) -> str:
        """The words that name whom the event was done to or fought with: its verb's object, or the
        object of "with" or "against" (lower case, space-padded)."""
        verb = _verb_of(d.cand.trigger.root)
        heads = [c for c in verb.children if c.dep_ == "dobj" and c.i != d.cand.trigger.root.i]
        heads += [g for c in (*verb.children, *d.cand.trigger.root.children)
                  if c.dep_ == "prep" and c.lower_ in ("with", "against") for g in c.children if g.dep_ == "pobj"]
        texts = [h.doc[h.left_edge.i:h.right_edge.i + 1].text.lower() for h in heads]
        return f" {' '.join(texts)} " if texts else ""

    @staticmethod
    def _doers_phrase(d: Draft) -> str:
        """The words that name who did the event: its verb's subject, or the agent after "by"
        (lower case, space-padded), for its first mention."""
        verb = _verb_of(d.cand.trigger.root)
        doers = [c for c in verb.children if c.dep_ == "nsubj"]
        doers += passive_agents(verb)
        up = verb
        for _ in range(3):  # "gang members attacked residents, killing ten": the subject of the verb it hangs on
            if doers or up.dep_ not in ("conj", "advcl", "xcomp") or up.head.i == up.i:
                break
            up = up.head
            doers = [c for c in up.children if c.dep_ == "nsubj"]
        if not doers:  # "a clash between an unidentified gang and police forces": the side named first
            sides = prep_objects(d.cand.trigger.root, ("between",))[:1]
            if sides:
                return f" {sides[0].doc[sides[0].left_edge.i:sides[0].i + 1].text.lower()} "
        texts = [doer.doc[doer.left_edge.i:doer.right_edge.i + 1].text.lower() for doer in doers]
        if not doers and verb.dep_ == "acl" and verb.i != d.cand.trigger.root.i:
            # the event noun is the object of a verb that modifies a noun ("gang members engaged in
            # armed clashes"): whoever the noun names carried it out (only the noun, not the clause)
            noun = verb.head
            texts = [noun.doc[noun.left_edge.i:noun.i + 1].text.lower()]
        return f" {' '.join(texts)} " if texts else ""

    def _unnamed_by_victims(self, d: Draft) -> None:
        """ACLED's name for the unnamed perpetrators of the event's country who struck these victims
        ("a drug suspect was shot dead by unidentified men" in the Philippines: the anti-drug
        vigilantes; actors.yaml unnamed_by_victims)."""
        iso = self._iso(d)
        rules = [r for r in self.lex.actors.unnamed_by_victims if iso in r.countries]
        if not rules:
            return
        spans = [m.span for c in d.members for m in (*c.victims, *c.patients)]
        words = {w for span in spans for t in span for w in (t.lemma_.lower(), t.norm_)}
        rule = next((r for r in rules if words & set(r.victim_words)), None)
        if rule is not None:  # (actors.yaml names the rule's actor: its validator checks it)
            d.actor1, d.inter1 = rule.actor, self.lex.actors.by_name(rule.actor).inter

    def retyped(self, event: Event, old: str | None) -> None:
        """The classifier changed the event's sub-type after its actors were read: ACLED's actor
        conventions are read again for the new type. A demonstration's or a riot's actor1 is its
        crowd (a named organisation an associated actor, the state forces that intervened actor2);
        a crowd is no perpetrator of any other type (the forces that acted on it are, "excessive
        force against protesters"); an event no one is named for is by the type's usual actor."""
        iso = event.iso
        country = (self.book.country_name(iso) if self.book is not None and iso else None) or event.country

        def named(spec) -> str:
            return spec.name_template.format(country=country) if country else spec.fallback

        # a crowd keeps the country it is named by ("Rioters (Israel)" in the West Bank) under its new type
        crowd_country = self._crowd_country(event.actor1) or country

        def crowd_named(spec) -> str:
            return spec.name_template.format(country=crowd_country) if crowd_country else spec.fallback

        unidentified = named(self.lex.actors.unidentified)
        a1, i1, a2, i2 = event.actor1, event.inter1, event.actor2, event.inter2
        assoc = [a for a in (event.assoc_actor_1 or "").split("; ") if a]
        if a1 == unidentified:  # the fallback for no one named (or an unnamed group: no organisation)
            a1, i1 = None, None
        new_crowd, old_crowd = self.lex.actors.crowds.get(event.sub_event_type or ""), self.lex.actors.crowds.get(old or "")
        usual_old = (self.book.default_actor(old) if self.book is not None and old and iso and old_crowd is None
                     else None)  # (a crowd, the usual actor of a demonstration, is read below)
        if (usual_old is not None and a1 == self.book.name(usual_old, event.date_start, iso)
                and not self._named_actor1(event)):
            a1, i1 = None, None  # the old type's usual actor1 ("bombed" read as an air strike: the army)
        if new_crowd is not None and iso:
            crowd = crowd_named(new_crowd)
            if a1 is not None and a1 != crowd:
                a2, i2 = self._yield_to_crowd(a1, i1, a2, i2, assoc)
            a1, i1 = crowd, new_crowd.inter
        elif old_crowd is not None and a1 in (named(old_crowd), crowd_named(old_crowd)):
            if "state" in self.lex.actors.tags_by_inter.get(i2 or 0, ()):
                a1, i1, a2, i2 = a2, i2, a1, i1
            else:
                a1, i1 = None, None
        if a1 is None and self.book is not None and iso:
            usual = self.book.default_actor(event.sub_event_type)
            if usual is not None:
                a1, i1 = self.book.name(usual, event.date_start, iso), usual.inter
        if a1 is None and event_type_of(event.sub_event_type) != "Protests":
            a1, i1 = unidentified, self.lex.actors.unidentified.inter
        if a2 == a1:
            a2, i2 = None, None
        values = {"actor1": a1, "inter1": i1, "actor2": a2, "inter2": i2,
                  "assoc_actor_1": "; ".join(a for a in assoc if a != a1) or None}
        for target in (event, *event.mentions):
            for k, v in values.items():
                setattr(target, k, v)
        self._battle_sides(event)
        self._unit(event)

    @staticmethod
    def _named_actor1(event: Event) -> bool:
        """Whether the text names the event's actor1 (its evidence holds the name's words)."""
        return any(ev.field == "actor1" for ev in event.evidence)

    @staticmethod
    def _actor_evidence(d: Draft, fields: EventFields) -> None:
        cand = d.cand
        for role, mentions in (("actor1", cand.agents), ("actor2", cand.patients)):
            for m in mentions[:1]:
                fields.evidence.append(evidence(role, m.span))
        for p in cand.places[:1]:
            fields.evidence.append(evidence("location", p.span))
        for party in cand.parties:
            fields.evidence.append(evidence("sources", party.span))

    @staticmethod
    def _geo(d: Draft) -> dict:
        p = d.placement
        if p is None:
            return {"location": d.place_name}
        return {
            "location": p.location if p.geo_precision < 3 or d.place_name is None else d.place_name,
            "latitude": p.latitude, "longitude": p.longitude,
            "admin1": p.admin1, "admin2": p.admin2, "country": p.country, "iso": p.iso,
            "geo_precision": p.geo_precision, "where_prec": p.where_prec, "geo_note": p.note,
        }

    def _flag_historical(self, events: list[Event], published: PartialDate | None) -> None:
        window = dt.timedelta(days=self.lex.discourse.historical_window_days)
        if published is not None:
            ref = published_range(published).start
        else:
            ends = [e.date_end for e in events if e.date_end is not None]
            ref = max(ends) if ends else None
        if ref is None:
            return
        for e in events:
            if e.date_end is not None and e.date_end < ref - window:
                e.historical = True
                for m in e.mentions:
                    m.historical = True

    def _stated(self, total: StatedTotal, report: Report, events: list[Event]) -> list[VictimCount]:
        out = []
        for v in total.victims:
            q = v.quantity
            group = "civilians" if v.kind == "civilian" or v.civilian_apposition else (
                v.group_actor.name if v.group_actor is not None else "people")
            out.append(VictimCount(group=group, killed_low=q.low, killed_high=q.high if q.high is not None else q.low,
                                   qualifier=q.qualifier, source=report.source,
                                   evidence=[evidence("stated_total", v.span)]))
        return out


_BRACKET_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,2}\(")  # "Warshiikh village (Balcad, Middle Shabelle)"
_COMMA_AFTER = re.compile(r"\s*,\s*[A-Z]")


def _verb_of(trig):
    """The verb an event noun is the object of ("held a protest", "engaged in armed clashes"), else the word itself."""
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ == "dobj":
        return trig.head
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ == "pobj" and trig.head.dep_ == "prep":
        return trig.head.head
    return trig


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(normalize(c.name) for c in builtin_countries().values())


@lru_cache(maxsize=4096)
def _people_country(word: str) -> str | None:
    """The country a people's word names ("Ukrainians", "Israeli"), not a country's name itself."""
    iso = iso2_of(word)
    return iso if iso is not None and normalize(word) not in _country_names() else None


def _bracketed_areas(text: str, end: int) -> bool:
    """Does the name ending at ``end`` come with its admin areas in brackets ("Jacksonville (Texas)")?"""
    return _BRACKET_AFTER.match(text, end) is not None and bool(admin_areas_after(text, end))


def _areas_given(text: str, end: int) -> int:
    """How a place name gives its admin areas: 0 in brackets ("Geneva (Florida)"), 1 after a comma
    ("Hakmana city, Southern"), 2 not at all, or as a place inside another ("Mullet Lake Park in Geneva")."""
    if _bracketed_areas(text, end):
        return 0
    return 1 if _COMMA_AFTER.match(text, end) is not None and admin_areas_after(text, end) else 2


def fatalities(victims: list[VictimCount]) -> dict:
    """The event's fatality fields from its per-group victims (all groups together)."""
    killed = [v for v in victims if v.killed_low is not None or v.killed_high is not None]
    if not killed:
        return {"fatalities_low": None, "fatalities_high": None, "fatalities_best": None,
                "fatalities_qualifier": "unknown"}
    low = sum(v.killed_low or 0 for v in killed)
    high = sum(v.killed_high if v.killed_high is not None else (v.killed_low or 0) for v in killed)
    best = sum(best_estimate(v) for v in killed)
    qualifier: Qualifier = max((v.qualifier for v in killed), key=QUALIFIER_STRENGTH.__getitem__)
    return {"fatalities_low": low, "fatalities_high": high, "fatalities_best": best,
            "fatalities_qualifier": qualifier}


def best_estimate(v: VictimCount) -> int:
    """UCDP's best (most likely) figure: the middle of a stated range, else the stated figure."""
    return midpoint(v.killed_low or 0, v.killed_high) or 0


def event_id(report: Report, cand: Candidate) -> str:
    """Stable across runs: the report's hash and the trigger's place in it."""
    key = f"{report.content_hash}:{cand.trigger.start_char}:{cand.trigger.end_char}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]
