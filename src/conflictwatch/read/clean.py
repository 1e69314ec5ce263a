"""Text as the pipeline reads it: marks that belong to a page's apparatus, not to its sentences, are
blanked with spaces of the same length, so every character offset (evidence spans) still points into
the report's own text."""

from __future__ import annotations

import re

from .layout import PageLayout, blank_layout, read_layout

# Reference marks glued to the word or the full stop before them, as wiki pages and their mirrors
# print them: "the death toll was 165.[4]", "killed[12][13]", "[citation needed]". Bracketed text
# after a space ("[sic]", "[the army]") is the writer's and stays.
_REFERENCE_MARK = re.compile(r"(?<=[^\s\[])(?:\[(?:\d{1,3}|[a-z]|citation needed|note \d{1,3})\])+", re.IGNORECASE)


def blank_reference_marks(text: str) -> str:
    """``text`` with its reference marks replaced by spaces (the same length, offsets unchanged)."""
    return _REFERENCE_MARK.sub(lambda m: " " * len(m.group(0)), text)


def reading_text(text: str) -> str:
    """The text the language pipeline reads for a report's ``text``: without reference marks, nor a
    page's labels, headings and apparatus (read.layout); offsets are the report's."""
    text = blank_reference_marks(text) if "[" in text else text
    return blank_layout(text, read_layout(text))


def page_layout(text: str) -> PageLayout:
    """The layout of a report's ``text`` (read.layout), as :func:`reading_text` reads it."""
    return read_layout(blank_reference_marks(text) if "[" in text else text)
