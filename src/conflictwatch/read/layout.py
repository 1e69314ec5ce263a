"""A page's layout, as its plain text keeps it (data/layout.yaml).

A wiki page, or one of its many mirrors, opens with an infobox: a title, then labelled fields
("Date6–7 September 2022", "Casualties and losses" and the lines under it). Its body is cut into
sections under headings ("Background", "References"). Saved as plain text, the labels lose their
table: they are no sentences, and the pipeline must not read them as such.

:func:`read_layout` finds, by character offsets into the text:

* the page's **title** lines (before the infobox's first label) and the **infobox** fields, each a
  label and its value (the rest of the label's line and the lines under it, up to the next label);
* the **sections** under the headings the data file knows, with their role: ``background`` (what
  happened before the page's subject), ``apparatus`` (contents, references: no event is told there)
  or ``narrative`` (the story's own parts).

:func:`blank_layout` blanks the labels, the headings and the apparatus sections with spaces of the
same length, so offsets still point into the report's own text. Text without an infobox or a known
heading has an empty layout and is read unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..lexicon import LexiconError, data_path, first_error, read_yaml

FILE_NAME = "layout.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InfoboxSettings(_Strict):
    labels: dict[str, list[str]]
    min_labels: int = Field(ge=1)
    prose_words: int = Field(ge=1)
    casualties_group: str = Field(min_length=1)
    source_cues: list[str]
    victory_words: list[str]


class SectionSettings(_Strict):
    max_heading_words: int = Field(ge=1)
    headings: dict[str, list[str]]


class LayoutSettings(_Strict):
    infobox: InfoboxSettings
    sections: SectionSettings


@lru_cache(maxsize=1)
def layout_settings() -> LayoutSettings:
    """data/layout.yaml (or $CONFLICTWATCH_DATA's), validated; a malformed file raises LexiconError naming it."""
    path = data_path(FILE_NAME)
    raw = read_yaml(path)
    try:
        return LayoutSettings.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError(f"{path}: {first_error(exc)}") from None


@dataclass(frozen=True)
class InfoboxField:
    role: str  # the label's role in layout.yaml (date, casualties, ...)
    label: tuple[int, int]  # the label's characters
    value: tuple[int, int]  # its value: from after the label to the end of its last line
    lines: tuple[tuple[int, int], ...]  # the value's non-empty lines (stripped), in order


@dataclass(frozen=True)
class Section:
    role: str  # background | apparatus | narrative
    heading: tuple[int, int]  # the heading's characters
    end: int  # where the section ends: the next heading, or the text's end


@dataclass(frozen=True)
class PageLayout:
    title: tuple[int, int] | None = None  # the page's title lines (before the infobox's first label)
    infobox_end: int = 0  # where the infobox ends (0: no infobox)
    fields: tuple[InfoboxField, ...] = ()
    sections: tuple[Section, ...] = field(default=())

    def fields_of(self, *roles: str) -> list[InfoboxField]:
        return [f for f in self.fields if f.role in roles]

    def in_head(self, offset: int) -> bool:
        """Whether a character lies in the page's title or infobox."""
        return offset < self.infobox_end

    def section_role(self, offset: int) -> str | None:
        """The role of the section a character lies in, if it lies under a heading the data knows."""
        for s in self.sections:
            if s.heading[0] <= offset < s.end:
                return s.role
        return None

    def blanked(self) -> list[tuple[int, int]]:
        """The spans the pipeline does not read: labels, headings, apparatus sections."""
        spans = [f.label for f in self.fields] + [s.heading for s in self.sections]
        spans += [(s.heading[1], s.end) for s in self.sections if s.role == "apparatus"]
        return spans


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line's (start, end) without its line break."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    line = text[a:b]
    lead = len(line) - len(line.lstrip())
    return a + lead, a + len(line.rstrip())


class _Labels:
    def __init__(self, settings: InfoboxSettings):
        pairs = [(label, role) for role, labels in settings.labels.items() for label in labels]
        pairs.sort(key=lambda p: -len(p[0]))  # the longest label first: "Casualties and losses" before "Casualties"
        self.role = dict(pairs)
        alternatives = "|".join(re.escape(label) for label, _ in pairs)
        # a label alone, before ":", or before a value that starts with a digit or a capital, glued
        # or after a space ("Deaths100+", "PerpetratorsJama'at", "Result ISGS victory"); never a word
        # that goes on ("Dateline", "Location of the attack")
        self.pattern = re.compile(rf"({alternatives})(?=\s*$|:|\s*[\d(\"“|]|\s*[^\W\d_](?<=[A-ZÀ-Þ]))")

    def match(self, line: str) -> tuple[str, int] | None:
        m = self.pattern.match(line)
        return (self.role[m.group(1)], m.end(1)) if m else None


@lru_cache(maxsize=1)
def _labels() -> _Labels:
    return _Labels(layout_settings().infobox)


def _prose(line: str, settings: InfoboxSettings) -> bool:
    return len(_WORD.findall(line)) >= settings.prose_words and bool(_SENTENCE_END.search(line.rstrip()))


@lru_cache(maxsize=16)  # a report's layout is read for its text, then for its doc (same text)
def read_layout(text: str) -> PageLayout:
    """The infobox and sections of ``text`` (character offsets into it)."""
    settings = layout_settings()
    lines = _lines(text)
    title, infobox_end, fields = _infobox(text, lines, settings.infobox)
    sections = _sections(text, lines, infobox_end, settings.sections)
    return PageLayout(title=title, infobox_end=infobox_end, fields=tuple(fields), sections=tuple(sections))


def _infobox(text: str, lines: list[tuple[int, int]], settings: InfoboxSettings
             ) -> tuple[tuple[int, int] | None, int, list[InfoboxField]]:
    labels = _labels()
    found: list[tuple[int, str, tuple[int, int]]] = []  # (line index, role, label span)
    end_line = None
    for n, (a, b) in enumerate(lines):
        sa, sb = _stripped(text, a, b)
        line = text[sa:sb]
        if _prose(line, settings):
            end_line = n
            break
        hit = labels.match(line)
        if hit is not None:
            found.append((n, hit[0], (sa, sa + hit[1])))
    if len({role for _, role, _ in found}) < settings.min_labels:
        return None, 0, []
    end_line = end_line if end_line is not None else len(lines)
    box_end = lines[end_line][0] if end_line < len(lines) else len(text)
    first = found[0][0]
    title = None
    if first > 0:
        starts = [_stripped(text, a, b) for a, b in lines[:first] if text[a:b].strip()]
        title = (starts[0][0], starts[-1][1]) if starts else None
    fields = []
    for k, (n, role, label) in enumerate(found):
        last = found[k + 1][0] if k + 1 < len(found) else end_line
        value_end = lines[last - 1][1] if last - 1 > n else lines[n][1]
        value_lines = [_value(text, label[1], lines[n][1])]
        value_lines += [_value(text, a, b) for a, b in lines[n + 1:last]]
        fields.append(InfoboxField(role=role, label=label, value=(label[1], value_end),
                                   lines=tuple(v for v in value_lines if v[0] < v[1])))
    return title, box_end, fields


_VALUE_EDGE = " \t:|"


def _value(text: str, a: int, b: int) -> tuple[int, int]:
    """A value's characters on one line, without the colon and table bars around it ("Date: | 21 March |")."""
    part = text[a:b]
    lead = len(part) - len(part.lstrip(_VALUE_EDGE))
    return a + lead, a + max(lead, len(part.rstrip(_VALUE_EDGE)))


def _sections(text: str, lines: list[tuple[int, int]], start: int, settings: SectionSettings) -> list[Section]:
    role_of = {h: role for role, headings in settings.headings.items() for h in headings}
    heads: list[tuple[str, tuple[int, int]]] = []
    for n, (a, b) in enumerate(lines):
        if n == 0 or a < start:
            continue  # the page's first line is its title
        sa, sb = _stripped(text, a, b)
        line = text[sa:sb]
        role = role_of.get(line)
        if role is None or len(line.split()) > settings.max_heading_words:
            continue
        before = text[lines[n - 1][0]:lines[n - 1][1]].strip()
        after = text[lines[n + 1][0]:lines[n + 1][1]].strip() if n + 1 < len(lines) else ""
        if before or after:
            continue  # a heading stands between blank lines
        heads.append((role, (sa, sb)))
    return [Section(role=role, heading=span, end=heads[k + 1][1][0] if k + 1 < len(heads) else len(text))
            for k, (role, span) in enumerate(heads)]


def blank_layout(text: str, layout: PageLayout) -> str:
    """``text`` with the layout's labels, headings and apparatus sections blanked (offsets unchanged)."""
    spans = layout.blanked()
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
