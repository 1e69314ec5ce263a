"""Independent sources: copies of one agency story re-published by several outlets count once.

Two reports are copies of one story when

* their outlet strings name the same wire agency ("WBNG (AP)", "Wilton Bulletin (AP)"; the
  agencies and their aliases are data in fusion.yaml), or
* their texts are near-identical: the share of the shorter text's word shingles (``shingle_words``
  words, hashed) found in the other text reaches ``copy_threshold``, so an added boilerplate line,
  a new headline or a trimmed last paragraph does not hide a copy.

Copies are grouped transitively (union-find). Candidate text pairs come from an inverted index of
shingle hashes, so no all-pairs comparison is made.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .config import FusionConfig

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ReportInfo:
    """What fusion needs to know about a report."""

    id: str  # document_id
    source: str | None  # outlet/publisher, e.g. "WBNG (AP)", "Reuters", "Example Sahel Monitor"
    published: str | None  # YYYY-MM-DD or YYYY-MM
    text: str = ""  # the report text (for wire-copy detection); may be empty


def wire_agency(source: str | None, config: FusionConfig) -> str | None:
    """The wire agency an outlet string names ("WBNG (AP)" -> "AP"), or None."""
    if not source:
        return None
    memo = config.agency_memo
    if source not in memo:
        memo[source] = next((agency for agency, pattern in config.agency_patterns if pattern.search(source)), None)
    return memo[source]


def is_official(source: str | None, config: FusionConfig) -> bool:
    """Whether the party that stated a figure is official (a word of ``official_words``)."""
    return bool(source) and config.official_re is not None and config.official_re.search(source) is not None


def shingles(text: str, size: int) -> frozenset[int]:
    """Hashes of the text's runs of ``size`` lower-cased words."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return frozenset()
    return frozenset(hash(tuple(words[i:i + size])) for i in range(len(words) - size + 1))


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def copy_pairs(reports: list[ReportInfo], config: FusionConfig) -> list[tuple[str, str, float]]:
    """Pairs of reports whose texts are near-identical, with their shingle overlap."""
    rules = config.sources
    sets = {r.id: shingles(r.text, rules.shingle_words) for r in reports if r.text}
    sets = {k: v for k, v in sets.items() if len(v) >= rules.min_shingles}
    index: dict[int, list[str]] = defaultdict(list)
    for rid in sorted(sets):
        for h in sets[rid]:
            index[h].append(rid)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in index.values():
        if len(ids) < 2:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                shared[(a, b)] += 1
    out = []
    for (a, b), n in sorted(shared.items()):
        overlap = n / min(len(sets[a]), len(sets[b]))
        if overlap >= rules.copy_threshold:
            out.append((a, b, overlap))
    return out


def independent_groups(reports: list[ReportInfo], config: FusionConfig | None = None) -> list[list[str]]:
    """Report ids grouped so that copies of one agency story form one group.

    Each group is a sorted list of report ids; groups are sorted by their first id.
    """
    if config is None:
        from .config import default_config

        config = default_config()
    uf = _UnionFind(r.id for r in reports)
    by_agency: dict[str, str] = {}
    for r in sorted(reports, key=lambda r: r.id):
        agency = wire_agency(r.source, config)
        if agency is None:
            continue
        if agency in by_agency:
            uf.union(by_agency[agency], r.id)
        else:
            by_agency[agency] = r.id
    for a, b, _ in copy_pairs(reports, config):
        uf.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for r in reports:
        groups[uf.find(r.id)].append(r.id)
    return sorted((sorted(set(g)) for g in groups.values()), key=lambda g: g[0])


def group_label(group: list[str], reports: dict[str, ReportInfo], config: FusionConfig) -> str:
    """A human name for an independent source group: its agency, else its outlets, else its ids."""
    infos = [reports[r] for r in group if r in reports]
    agencies = sorted({a for a in (wire_agency(i.source, config) for i in infos) if a})
    if agencies:
        return "/".join(agencies)
    outlets = sorted({i.source for i in infos if i.source})
    if outlets:
        return "/".join(outlets)
    return "report " + "/".join(group)
