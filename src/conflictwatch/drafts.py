"""The event being assembled by the discourse stage, shared with the coreference stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from .extract import Candidate
from .geo import Placement
from .models import Claim, Evidence, VictimCount
from .timex import DateRange


@dataclass
class Draft:
    """An event being assembled, with what later candidates may inherit from it."""

    cand: Candidate
    dates: DateRange | None
    placement: Placement | None
    place_name: str | None
    actor1: str | None = None
    actor2: str | None = None
    assoc1: list[str] = field(default_factory=list)
    assoc2: list[str] = field(default_factory=list)
    inter1: int | None = None
    inter2: int | None = None
    sub_event_type: str = ""
    claims: list[Claim] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sentence_index: int = 0
    anchor_dates: DateRange | None = None  # what the next relative date counts from
    figures: list[VictimCount] = field(default_factory=list)  # every figure told, with status
    revisions: list[int] = field(default_factory=list)  # ids of figures that replace earlier ones ("rose to")
    background: bool = False  # dated well before the report's period: told as background
    date_from: str = "own"  # own (a date in its clause) | anchor (the event told before) | published
    members: list[Candidate] = field(default_factory=list)  # the mentions merged into this event
    denial: bool = False  # a party denies the incident told: joins it as a contested claim

    @property
    def counts_dead(self) -> bool:
        """It tells figures of its own, not only a party's claim."""
        return any(f.status != "claim" for f in self.figures)
