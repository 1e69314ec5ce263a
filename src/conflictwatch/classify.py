"""The sub-event type of each event: the rules' choice, or the learned classifier's where the rules
are unsure (policy in data/classify.yaml, explained in docs/classifier.md).

The rules give the spans (trigger, actors, figures, place) and read context a text classifier cannot
see (who acted on whom, what was hit, the setting). The classifier reads the event's sentences and
gives calibrated probabilities. For each event:

1. how the rules chose (:func:`rules_evidence`): ``heading`` (the label a coded note opens with
   names the sub-type: "Movement of forces: ..."), ``context`` (a context rule changed the trigger's
   sub-type), ``shared`` (the event's sentence tells another event too: the classifier reads whole
   sentences and cannot tell which is which), ``specific`` (a trigger word that names one sub-type) or ``generic`` (a trigger whose
   sub-type depends on the target, or none);
2. the model's top sub-type replaces the rules' only when the model is at least ``min_confidence``
   sure of it and gives the rules' choice at most ``max_rules_probability`` (per kind of evidence);
3. the event records the source (``rules``, ``model``, or ``both`` when they agree) and the model's
   probability of the sub-type kept (``sub_event_confidence``; None without a model).

The model judges only reports in the language of the notes it learned from (``SubtypeModel.lang``;
ACLED's notes are English): on another language its probabilities say nothing, so a French report's
sub-types are the rules', as without a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Span

from .learn.subtype import SubtypeModel
from .lexicon import load_file
from .models import Event, SubEventSource
from .nlp import text_of
from .taxonomy import event_type_of

RulesEvidence = Literal["heading", "context", "shared", "specific", "generic"]


class Threshold(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_confidence: float | None = Field(default=None, ge=0, le=1, description="null: never replaced")
    max_rules_probability: float = Field(default=0.0, ge=0, le=1)


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    evidence: dict[RulesEvidence, Threshold]

    def threshold(self, kind: RulesEvidence) -> Threshold:
        return self.evidence.get(kind, Threshold())


@cache
def load_policy() -> Policy:
    return load_file("classify", Policy)[0]  # type: ignore[return-value]


@dataclass(frozen=True)
class Choice:
    sub_event_type: str
    source: SubEventSource
    confidence: float | None


def decide(rules_sub: str, kind: RulesEvidence, proba: dict[str, float] | None, policy: Policy) -> Choice:
    """The sub-type of one event from the rules' choice, how they chose, and the model's probabilities."""
    if not proba:
        return Choice(rules_sub, "rules", None)
    if rules_sub not in proba:  # a sub-type the model never learned (no rows of it): it cannot judge
        return Choice(rules_sub, "rules", None)
    top = max(proba, key=proba.__getitem__)
    p_rules = proba[rules_sub]
    if top == rules_sub:
        return Choice(rules_sub, "both", p_rules)
    limit = policy.threshold(kind)
    if limit.min_confidence is not None and proba[top] >= limit.min_confidence and p_rules <= limit.max_rules_probability:
        return Choice(top, "model", proba[top])
    return Choice(rules_sub, "rules", p_rules)


def trigger_of(doc: Doc, event: Event) -> Span | None:
    """The trigger span the event was typed from (its ``event_type`` evidence)."""
    ev = next((x for x in event.evidence if x.field == "event_type"), None)
    if ev is None or "cw_trigger" not in doc.spans:
        return None
    return next((s for s in doc.spans["cw_trigger"] if s.start_char == ev.start and s.end_char == ev.end), None)


def typing_sentence(event: Event) -> int | None:
    """Where the sentence the event was typed from starts."""
    return next((x.sentence_start for x in event.evidence if x.field == "event_type"), None)


def rules_evidence(doc: Doc, event: Event, others: Sequence[Event] = ()) -> RulesEvidence:
    """How the rules chose the event's sub-type (see the module's docstring); ``others``: the
    report's other events."""
    trigger = trigger_of(doc, event)
    rule = trigger._.cw_value if trigger is not None else None
    if rule is not None and rule.heading:
        return "heading"
    start = typing_sentence(event)
    if start is not None and any(o is not event and typing_sentence(o) == start for o in others):
        return "shared"
    if rule is None:
        return "generic"
    base = set(rule.by_target.values()) if rule.by_target is not None else {rule.sub_event_type}
    if event.sub_event_type not in base:
        return "context"
    return "generic" if rule.by_target is not None else "specific"


def event_text(doc: Doc, event: Event, text: str | None = None) -> str:
    """The sentences the event was read from, in order (the whole text when it has no evidence);
    ``text``: the doc's text when the caller has it (``doc.text`` is built anew on each access)."""
    text = text_of(doc) if text is None else text
    spans = sorted({(e.sentence_start, e.sentence_end) for e in event.evidence})
    if not spans:
        return text
    return " ".join(text[a:b].strip() for a, b in spans)


class SubtypeChooser:
    """Applies the policy to a report's events (the engine's last step)."""

    def __init__(self, model: SubtypeModel | Callable[[], SubtypeModel | None] | None, policy: Policy | None = None):
        """``model``: the classifier, or a function that reads it at its first use."""
        self._model = model
        self.policy = policy or load_policy()

    @property
    def model(self) -> SubtypeModel | None:
        if self._model is not None and not isinstance(self._model, SubtypeModel):
            self._model = self._model()
        return self._model

    def apply(self, doc: Doc, events: Sequence[Event], lang: str = "en") -> list[tuple[Event, str | None]]:
        return self.apply_many([(doc, events)], lang)

    def model_for(self, lang: str) -> SubtypeModel | None:
        """The classifier, if it reads ``lang`` (the language of the notes it learned from)."""
        model = self.model
        return model if model is not None and model.lang == lang else None

    def apply_many(self, batch: Sequence[tuple[Doc, Sequence[Event]]], lang: str = "en") -> list[tuple[Event, str | None]]:
        """The policy over the events of several reports in ``lang``, the classifier read once for
        them all. Returns the events whose sub-type changed, each with its former sub-type."""
        model = self.model_for(lang)
        found: list[dict[str, float] | None] = [None] * sum(len(events) for _, events in batch)
        if model is not None and found:
            texts = []
            for doc, events in batch:
                text = text_of(doc)
                texts += [event_text(doc, e, text) for e in events]
            found = list(model.predict_proba(texts))
        probas = iter(found)
        changed: list[tuple[Event, str | None]] = []
        for doc, events in batch:
            changed += self._decide(doc, events, [next(probas) for _ in events])
        return changed

    def _decide(self, doc: Doc, events: Sequence[Event],
                probas: Sequence[dict[str, float] | None]) -> list[tuple[Event, str | None]]:
        changed = []
        for event, proba in zip(events, probas):
            choice = decide(event.sub_event_type, rules_evidence(doc, event, events), proba, self.policy)
            if choice.sub_event_type != event.sub_event_type:
                changed.append((event, event.sub_event_type))
                event.sub_event_type = choice.sub_event_type
                event.event_type = event_type_of(choice.sub_event_type)
                event.notes = "; ".join(x for x in (event.notes, f"sub-event type from the classifier "
                                                    f"({choice.confidence:.0%})") if x)
                for m in event.mentions:
                    m.sub_event_type, m.event_type = event.sub_event_type, event.event_type
            event.sub_event_confidence = None if choice.confidence is None else round(choice.confidence, 4)
            event.sub_event_source = choice.source
        return changed
