"""Context rules: sub-types that depend on who acted or on the setting (data/context.yaml).

A trigger word gives an event's default sub-type. The ACLED codebook makes some sub-types depend
on more than the word:

* **who acted** -- a place taken by state forces is *Government regains territory*, by a non-state
  group *Non-state actor overtakes territory*; violence by a mob is *Mob violence*, by
  demonstrators *Violent demonstration* (``by_agent``);
* **what was hit** -- an attack on a military base or on troops is a battle (``armed_target_nouns``);
* **the setting** -- arrests, killings or clashes told in a sentence about a demonstration are the
  demonstration's sub-types (``settings``).

The rules read the parse of the trigger's sentence only; ``ContextRules.sub_type`` is called by the
discourse stage for every event and by the evaluator for its trigger fallback.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import Lexicon, Setting
from .nlp import ACTOR, prep_objects, sentence_of
from .taxonomy import event_type_of

MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}
CLIMB_DEPS = {"conj", "advcl", "xcomp", "pcomp"}


class ContextRules:
    def __init__(self, lex: Lexicon):
        ctx = lex.context
        self.ctx = ctx
        self.force_nouns = set(ctx.force_nouns)
        self.state_mods = set(ctx.state_modifiers)
        self.armed_targets = set(ctx.armed_target_nouns)
        self.target_preps = set(ctx.target_prepositions)
        self.by_agent = ctx.by_agent
        self.settings: tuple[Setting, ...] = ctx.settings
        self.means_types = set(ctx.means_event_types)
        self.actors = {a.name: a for a in lex.actors.actors}
        self.civilian_nouns = set(lex.victims.nouns.get("civilian", ()))

    # the whole rule ------------------------------------------------------------------------

    def sub_type(self, trigger: Span, base: str) -> str:
        """The sub-type of an event whose trigger is ``trigger`` and whose default is ``base``."""
        sub = base
        means = self._means(trigger)
        if means is not None:
            return means
        sub = self._by_agent(trigger, sub)
        for setting in self.settings:
            sub = self._in_setting(setting, trigger, sub)
        return sub

    def trigger_sub_type(self, trigger: Span) -> str:
        """A lone trigger's sub-type (no event built around it): its object decides armed or
        unknown target, then the rules above."""
        rule = trigger._.cw_value
        target = "armed" if rule.by_target is not None and self.target_is_armed(trigger) else "unknown"
        return self.sub_type(trigger, rule.sub_type_for(target))

    def _means(self, trigger: Span) -> str | None:
        """A killing told with its means of remote violence takes the means' sub-type."""
        rule = trigger._.cw_value
        if not self.means_types or rule.by_target is None or not rule.lethal:
            return None
        sent = sentence_of(trigger)
        best = None
        for span in trigger.doc.spans["cw_trigger"]:
            other = span._.cw_value
            if not (sent.start <= span.start < sent.end) or other.sub_event_type is None:
                continue
            if event_type_of(other.sub_event_type) in self.means_types:
                if best is None or other.priority > best.priority:
                    best = other
        return best.sub_event_type if best is not None else None

    # who acted ------------------------------------------------------------------------------

    def _by_agent(self, trigger: Span, sub: str) -> str:
        """The sub-type re-read for the kind of actor that acted (``by_agent``)."""
        rule = self.by_agent.get(sub)
        if not rule:
            return sub
        return rule.get(self.agent_kind(trigger), sub)

    def agent_kind(self, trigger: Span) -> str | None:
        agent = self.agent_of(trigger.root)
        return self.kind_of(agent) if agent is not None else None

    def agent_of(self, tok: Token) -> Token | None:
        """The grammatical agent of a trigger: the active subject, the passive "by" phrase, or for a
        noun ("an army offensive", "the attack by rebels") its modifier or the subject of its verb."""
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            for _ in range(4):
                for child in verb.children:
                    if child.dep_ == "agent":
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is not None:
                            return pobj
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
                if any(c.dep_ == "nsubjpass" for c in verb.children):
                    return None
                if verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
                    verb = verb.head  # "troops advanced, capturing the village"
                    continue
                return None
            return None
        for child in tok.children:
            if child.dep_ == "prep" and child.norm_ == "by":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod") and self.kind_of(child) is not None:
                return child
        if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            return self.agent_of(tok.head)  # "launched an offensive", "took control"
        return None

    def kind_of(self, tok: Token) -> str | None:
        """state | non_state | protesters | crowd, or None."""
        if tok.ent_type_ == ACTOR:
            actor = self.actors.get(tok.ent_id_)
            if actor is not None:
                return self._actor_kind(actor)
        lemma = tok.lemma_.lower()
        kind = self.ctx.kind_of_noun(lemma) or self.ctx.kind_of_noun(tok.norm_)
        if kind is not None:
            return kind
        mods = [c for c in tok.children if c.dep_ in MODIFIER_DEPS]
        for mod in mods:  # "rebel forces", "army units", "Taliban fighters"
            if mod.ent_type_ == ACTOR and mod.ent_id_ in self.actors:
                return self._actor_kind(self.actors[mod.ent_id_])
            kind = self.ctx.kind_of_noun(mod.lemma_.lower())
            if kind is not None:
                return kind
        if lemma in self.force_nouns:
            for mod in mods:
                if mod.lemma_.lower() in self.state_mods or mod.norm_ in self.state_mods:
                    return "state"
                if self.ctx.nationality_is_state and mod.ent_type_ in ("NORP", "GPE"):
                    return "state"
        return None

    def _actor_kind(self, actor) -> str | None:
        return self.ctx.kind_of_actor(actor.tags, actor.inter)

    # what was hit --------------------------------------------------------------------------

    def target_is_armed(self, trigger: Span) -> bool:
        """The trigger's object is an armed actor or a military installation: "attacked an army base",
        "raided positions of the militia", "an attack on soldiers"."""
        objects = [o for tok in trigger for o in self._objects(tok) if not (trigger.start <= o.i < trigger.end)]
        for obj in objects:  # "opened fire on militants": the "on" may hang on "fire"
            for tok in (obj, *[c for c in obj.children if c.dep_ in MODIFIER_DEPS]):
                if tok.lemma_.lower() in self.armed_targets:
                    return True
                if self.kind_of(tok) in ("state", "non_state"):
                    return True
        return False

    def _objects(self, tok: Token) -> list[Token]:
        found = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        found += prep_objects(tok, self.target_preps)
        more = []
        for obj in found:
            more.extend(obj.conjuncts)
            more.extend(prep_objects(obj, ("of", "belonging")))  # "positions of the militia"
        return found + more

    # the setting ---------------------------------------------------------------------------

    def _in_setting(self, setting: Setting, trigger: Span, sub: str) -> str:
        ladder = setting.ladder
        if sub not in ladder and sub not in setting.remap:
            return sub
        sent = sentence_of(trigger)
        others = [s for s in trigger.doc.spans["cw_trigger"] if sent.start <= s.start < sent.end]
        cues = set(setting.cue_sub_types)
        cue_roots = {s.root.i for s in others if s._.cw_value.sub_event_type in cues}
        if not cue_roots:
            return sub
        grievance = set(setting.grievance_words)
        if self._is_grievance(trigger, cue_roots, grievance):
            return sub  # "rallies against the killing of ...": the killing is not the protest's
        found = [setting.remap.get(sub, sub)]
        for span in others:
            if span.root.i != trigger.root.i and self._is_grievance(span, cue_roots, grievance):
                continue
            rule = span._.cw_value
            other = self._by_agent(span, rule.sub_event_type or rule.sub_type_for("unknown"))
            found.append(setting.remap.get(other, other))
        ranked = [s for s in found if s in ladder]
        return min(ranked, key=ladder.index) if ranked else sub

    @staticmethod
    def _is_grievance(span: Span, cue_roots: set[int], words: set[str]) -> bool:
        """Is the trigger what a protest is about: governed by a cue trigger ("to protest the
        arrests") or by a grievance word ("against the killing", "mourn those killed")?"""
        tok = span.root
        for _ in range(12):
            if tok.head.i == tok.i:
                return False
            child, tok = tok, tok.head
            if tok.i in cue_roots and child.dep_ in ("dobj", "ccomp", "xcomp", "prep"):
                return True  # "to protest the arrests" (not "detained protesters": a modifier)
            if tok.lemma_.lower() in words or tok.norm_ in words:
                return True
        return False
