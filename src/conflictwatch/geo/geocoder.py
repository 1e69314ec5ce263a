"""Resolve the toponyms of a report to coordinates, with ACLED/UCDP precision codes.

Order of work for one name:
  1. a country name or demonym ("Mali", "Malian") -> the country;
  2. exact match of the normalized name (accents, case, punctuation ignored);
  3. fuzzy match (rapidfuzz ratio >= threshold) over names with the same prefix or spelling
     skeleton, restricted to the countries the report names when it names any;
  4. ranking: feature class and code, population, the analyst's own places, the report's countries,
     its regions and the other unambiguous places of the report (spatial coherence);
  5. a name that cannot be found is placed at the smallest area the report names (fallback).

The admin areas a text gives with a name ("Nia-Ouro (Djenne, Mopti)", ``PlaceMention.within``) favour
the candidates inside them and count as the report's countries; names of peoples ("Songhai", "Malian")
are never looked up as places; with a trained model, the places ACLED has coded are a source of their
own ('acled', :meth:`Geocoder.use_record`), ranked by how often they are coded.
All weights live in data/geo/rules.yaml.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from ..config import default_gazetteer_path
from .builtin import Country, countries, is_not_place, iso2_of, load_builtin
from .gazetteer import (Gazetteer, PlaceRow, compact, download_dump, haversine_km, normalize, rules,
                        strip_place_words, strip_region_words)
from .record import SOURCE as RECORD_SOURCE
from .record import load_record
from .userplaces import add_user_places

Kind = Literal["country", "region", "place", "unknown"]


class PlaceMention(BaseModel):
    """A toponym found in the report by the engine."""

    text: str
    kind: Kind = "unknown"
    country_hint: str | None = None
    start: int = 0
    end: int = 0
    #: admin areas the text gives with the name, smallest first: "Nia-Ouro (Djenne, Mopti)" -> [Djenne, Mopti]
    within: list[str] = []
    #: a country the report shows only through a people or an actor ("Israeli warplanes"): it favours
    #: its places without ruling out an exact name elsewhere
    clue: bool = False


class GeoContext(BaseModel):
    """Every toponym of the document, in order."""

    mentions: list[PlaceMention] = []


class Placement(BaseModel):
    query: str
    location: str
    latitude: float | None
    longitude: float | None
    country: str | None
    iso: str | None
    admin1: str | None
    admin2: str | None
    geo_precision: int
    where_prec: int
    geonameid: int | None = None
    feature_code: str | None = None
    score: float = 0.0
    source: str = ""
    note: str | None = None


@dataclass(slots=True)
class _Candidate:
    row: PlaceRow
    name_score: float
    rank: float = 0.0


@dataclass(slots=True)
class _Area:
    """An area the report names, resolved: a region mention or a country."""

    label: str
    lat: float | None
    lon: float | None
    iso: str | None
    admin1_code: str = ""
    admin1: str | None = None
    admin2: str | None = None
    where_prec: int = 4
    start: int = 0


@dataclass(slots=True)
class _Scene:
    """What the whole report says about where: countries, regions, unambiguous places."""

    countries: list[str] = field(default_factory=list)
    #: the countries the report names as such (or its own country), not only through a people or an actor
    named: list[str] = field(default_factory=list)
    regions: list[_Area] = field(default_factory=list)
    anchors: list[tuple[str, PlaceRow]] = field(default_factory=list)


@dataclass(slots=True)
class _Within:
    """The admin areas given with a name: their texts, normalized names, and the countries they show."""

    areas: list[str] = field(default_factory=list)
    norms: list[set[str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    #: whether the first area given is an admin area the gazetteer knows ("Intazayane, Bakorat, Wirsnat":
    #: a list of neighbours, not areas)
    admin: bool = False
    #: the countries that have an admin area of the first area's name
    admin_countries: set[str] = field(default_factory=set)


def _context_key(ctx: GeoContext | None) -> tuple:
    if ctx is None:
        return ()
    return tuple((m.text, m.kind, m.country_hint, m.start, tuple(m.within), m.clue) for m in ctx.mentions)


class Geocoder:
    """Geocoder over a gazetteer file (None -> config.default_gazetteer_path())."""

    def __init__(self, path: Path | None = None) -> None:
        self.gazetteer = Gazetteer(Path(path) if path is not None else default_gazetteer_path())
        self._cache: dict[tuple, Placement] = {}
        self._scenes: dict[tuple, _Scene] = {}
        self._rows: dict[str, list[PlaceRow]] = {}
        #: whether the coded record's places (source 'acled') are used: only with a model that has them
        self.record = False
        #: per country: the record's coded points and the admin1 names it uses
        self._record_admin: dict[str, tuple[list[tuple[float, float, str]], frozenset[str]]] = {}

    # --- loading (thin wrappers that also clear the caches) -------------------------------------

    def load_geonames(self, path: Path, progress=None) -> dict:
        return self._changed(self.gazetteer.load_geonames(Path(path), progress))

    def add_places(self, path: Path) -> dict:
        return self._changed(add_user_places(self.gazetteer, Path(path)))

    def load_builtin(self) -> dict:
        return self._changed(load_builtin(self.gazetteer))

    def download(self, code: str, dest: Path, on_progress=None) -> dict:
        return self.load_geonames(download_dump(code, dest, on_progress))

    def use_record(self, places) -> dict | None:
        """Use a trained PlaceModel's places as the source 'acled' (loaded into the gazetteer once per model)."""
        result = load_record(self.gazetteer, places)
        self.record = True
        self._changed({})
        return result

    def _changed(self, result: dict) -> dict:
        self._cache.clear()
        self._scenes.clear()
        self._rows.clear()
        self._record_admin.clear()
        return result

    def status(self) -> dict:
        st = self.gazetteer.status()
        st["builtin_countries"] = len(countries())
        return st

    def close(self) -> None:
        self.gazetteer.close()

    # --- public lookups --------------------------------------------------------------------------

    def resolve(self, name: str, context: GeoContext | None = None, *, near: bool = False) -> Placement:
        """The best placement of `name` in the light of the report's other toponyms. Never None."""
        key = (name, _context_key(context), near)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            hit = self._cache[key] = self._in_record_naming(self._resolve(name, context or GeoContext(), near))
        return hit

    def _in_record_naming(self, p: Placement) -> Placement:
        """The placement's admin1 as the coded record names it: a name the record never uses in that
        country (GeoNames' "Metro Manila", "Saxony") becomes the admin1 of the record's nearest coded
        place within rules' record.admin1_radius_km (ACLED's "NCR", "Sachsen")."""
        if not self.record or not p.admin1 or not p.iso or p.source == RECORD_SOURCE or p.latitude is None:
            return p
        got = self._record_admin.get(p.iso)
        if got is None:
            points = [pt for pt in self.gazetteer.source_points(RECORD_SOURCE, p.iso) if pt[2]]
            got = self._record_admin[p.iso] = (points, frozenset(normalize(a) for _, _, a in points))
        points, names = got
        if not points or normalize(p.admin1) in names:
            return p
        radius = rules()["record"]["admin1_radius_km"]
        dlat = radius / 111.0
        near = [(haversine_km(p.latitude, p.longitude, la, lo), a) for la, lo, a in points
                if abs(la - p.latitude) <= dlat]
        near = [x for x in near if x[0] <= radius]
        if not near:
            return p
        return p.model_copy(update={"admin1": min(near)[1]})

    def candidates(self, name: str, *, country: str | None = None, limit: int = 10) -> list[Placement]:
        """Ranked placements for `name` (no fallback), optionally favouring one country."""
        iso = self._iso(country) if country else None
        scene = _Scene(countries=[iso] if iso else [], named=[iso] if iso else [])
        out = []
        as_country = self.resolve_country(name)
        if as_country is not None:
            out.append(as_country)
        norm = normalize(name)
        kind: Kind = "region" if strip_region_words(norm) else "unknown"
        for c in self._ranked(self._query_norms(norm), kind, scene, iso)[: max(0, limit - len(out))]:
            out.append(self._placement(name, c, kind, False))
        return out[:limit]

    def places_named(self, name: str) -> list[PlaceRow]:
        """Every place of the gazetteer (and of the record, when used) with exactly this name after
        normalisation, in any country; no ranking."""
        norm = normalize(name)
        return self._rows_for(norm) if norm else []

    def resolve_country(self, name: str) -> Placement | None:
        """'Mali', 'Malian', 'Malians', "Niger's", 'NER' -> the country; otherwise None."""
        iso = self._iso(name)
        return self._country_placement(name, countries()[iso]) if iso else None

    # --- the steps --------------------------------------------------------------------------------

    def _resolve(self, name: str, ctx: GeoContext, near: bool) -> Placement:
        mention = self._mention_for(name, ctx)
        head, areas = self._split_name(name)
        if areas:
            # one name that holds its areas ("Robotyne, Zaporizhia", "Gaza - Az Zaytun"): the place,
            # within the areas; a name the gazetteer knows whole ("Dhaka - Gulshan") stays whole,
            # within its areas all the same (it lies in Dhaka's country, whatever other country the
            # report names)
            base = mention or PlaceMention(text=name)
            if self._rows_for(normalize(name)):
                mention = base.model_copy(update={"within": [a for a in areas if a not in base.within] + list(base.within)})
            else:
                mention = base.model_copy(update={"text": head, "within": areas + list(base.within)})
                name = head
        kind: Kind = mention.kind if mention else "unknown"
        hint = self._iso(mention.country_hint) if mention and mention.country_hint else None
        norm = normalize(name)
        if kind in ("country", "unknown"):
            as_country = self.resolve_country(name)
            if as_country is not None:
                return as_country
        if strip_region_words(norm):
            kind = "region"
        scene = self._scene(ctx)
        within = self._within(mention, scene, ctx)
        ranked = self._ranked(self._query_norms(norm), kind, scene, hint, within) if norm and not is_not_place(name) else []
        if within.norms and ranked:
            # a name matched only by its spelling outside the areas given with it is another place
            # (an exact name stays wherever the gazetteer puts it inside the country, gazetteers lag
            # behind new regions; not in another country: "Geneva (Florida)" is not in Switzerland)
            inside = [c for c in ranked if self._within_bonus(c.row, within) > 0
                      or (c.name_score >= 100 and (not within.admin or c.row.country in within.admin_countries))]
            if not inside and within.admin and self._given_area(within, scene)[0] is not None:
                ranked = []
        if ranked:
            return self._placement(name, ranked[0], kind, near)
        return self._fallback(name, scene, mention, hint, within)

    @staticmethod
    def _split_name(name: str) -> tuple[str, list[str]]:
        """A name written with its areas: "Robotyne, Zaporizhia" -> ("Robotyne", ["Zaporizhia"]); a
        district written after its city, as the coded record names them, "Gaza - Az Zaytun" ->
        ("Az Zaytun", ["Gaza"]); otherwise (name, [])."""
        head, _, rest = name.partition(",")
        areas = [a.strip() for a in rest.split(",") if a.strip()[:1].isupper()]
        city, dash, part = head.partition(" - ")
        if dash and city.strip()[:1].isupper() and part.strip()[:1].isupper():
            return part.strip(), [city.strip(), *areas]
        return (head.strip(), areas) if head.strip() else (name, [])

    @staticmethod
    def _query_norms(norm: str) -> list[str]:
        """The name, and the name without its region words ("Menaka region") or the words around a
        place's name ("Khulna city", "downtown Martin")."""
        out = [norm]
        for base in (strip_region_words(norm), strip_place_words(norm)):
            if base and base not in out:
                out.append(base)
        return out

    @staticmethod
    def _mention_for(name: str, ctx: GeoContext) -> PlaceMention | None:
        norm = normalize(name)
        same = [m for m in ctx.mentions if normalize(m.text) == norm]
        return min(same, key=lambda m: (m.kind == "unknown", not m.within), default=None)

    def _iso(self, text: str | None) -> str | None:
        if not text:
            return None
        if text.strip().upper() in countries() and text.strip().isupper():
            return text.strip().upper()
        return iso2_of(text)

    # candidates -------------------------------------------------------------------------------

    def _rows_for(self, norm: str) -> list[PlaceRow]:
        rows = self._rows.get(norm)
        if rows is None:
            if len(self._rows) > 200_000:
                self._rows.clear()
            rows = self.gazetteer.exact(norm)
            if not self.record:
                rows = [r for r in rows if r.source != RECORD_SOURCE]
            self._rows[norm] = rows
        return rows

    def _ranked(self, norms: list[str], kind: Kind, scene: _Scene, hint: str | None,
                within: "_Within | None" = None) -> list[_Candidate]:
        within = within or _Within()
        # the countries of the regions the report names and, when they agree, of its other places
        # known by their very name: a name with none there is not taken from another country
        # ("in Zee Taw village (Yesagyo Township, Magway Region)": not a Zee of Germany)
        anchored = sorted({row.country for n, row in scene.anchors if n not in norms and row.country})
        regions = [a.iso for a in scene.regions if a.iso] + (anchored if len(anchored) == 1 else [])
        wanted = list(dict.fromkeys(([hint] if hint else []) + within.countries + scene.countries + regions))
        # the countries a place must lie in: those the text names as such or gives with the name; a
        # country seen only in a people or an actor ("Israeli warplanes", "Russian forces") favours
        # its places but does not rule out an exact name elsewhere (Kherson, Gaza Strip)
        required = list(dict.fromkeys(([hint] if hint else []) + within.countries + scene.named + regions))
        cands = [_Candidate(r, 100.0) for n in norms for r in self._rows_for(n)]
        if not cands or (wanted and not any(c.row.country in wanted for c in cands)):
            cands += self._fuzzy(norms[-1], wanted)
        cands = self._dedup(cands)
        if wanted:  # a place outside the report's countries only if it is a large city ("Boni" is not Bonn)
            floor = rules()["outside_countries_min_population"]
            coded = rules()["record"]["outside_countries_min_coded"]
            cands = [c for c in cands if c.row.country in wanted
                     or ((c.row.population >= floor or c.row.coded >= coded) and normalize(c.row.name) in norms)
                     or (not required and c.name_score >= 100)]
        for c in cands:
            c.rank = self._rank(c, kind, scene, hint, wanted, norms[0]) + self._within_bonus(c.row, within)
        return sorted(cands, key=lambda c: (-c.rank, c.row.id))

    def _fuzzy(self, norm: str, wanted: list[str]) -> list[_Candidate]:
        """Spelling variants of `norm`; only in the report's countries when it has any, and closer
        still when no country is known (a fuzzy match must agree with the report's country)."""
        cfg = rules()["fuzzy"]
        pool = [n for n in self.gazetteer.fuzzy_pool(norm) if n != norm]
        if not pool:
            return []
        choices = [compact(n) for n in pool]
        cutoff = cfg["threshold"] if wanted else max(cfg["threshold"], rules()["fuzzy_threshold_no_country"])
        hits = process.extract(compact(norm), choices, scorer=fuzz.ratio, score_cutoff=cutoff,
                               limit=cfg["limit"])
        out = []
        for _, score, i in hits:
            for row in self._rows_for(pool[i]):
                if not wanted or row.country in wanted:
                    out.append(_Candidate(row, min(float(score), 99.0)))
        return out

    @staticmethod
    def _dedup(cands: list[_Candidate]) -> list[_Candidate]:
        """One candidate per feature: the best name score; for a GeoNames id, the best source."""
        best: dict[object, _Candidate] = {}
        for c in cands:
            key = ("g", c.row.geonameid) if c.row.geonameid is not None else ("r", c.row.id)
            old = best.get(key)
            if old is None or (c.row.source_rank, -c.name_score) < (old.row.source_rank, -old.name_score):
                best[key] = c
        return list(best.values())

    # the admin areas given with a name --------------------------------------------------------

    def _within(self, mention: PlaceMention | None, scene: _Scene, ctx: GeoContext | None = None) -> "_Within":
        """The admin areas given with the name, normalized, and the countries they lie in; an area that
        the report gives with areas of its own brings them too ("the State Capitol in Harrisburg
        (Pennsylvania)": Harrisburg, then Pennsylvania)."""
        out = _Within()
        if mention is None:
            return out
        texts = list(mention.within)
        if ctx is not None:
            for text in list(texts):
                inner = self._mention_for(text, ctx)
                if inner is not None:
                    texts += [t for t in inner.within if t not in texts]
        for text in texts:
            iso = self._iso(text)
            if iso and not self._area_named_as_country(mention.text, text, iso):
                out.countries.append(iso)
                continue
            norm = normalize(text)
            if not norm or is_not_place(text):
                continue
            names = self._query_norms(norm)
            isos = {r.country for n in names for r in self._rows_for(n) if r.fclass == "A"}
            # the report's other places, known by their very name, lie in one country and this area in
            # none of its: no area of theirs but a neighbourhood's name ("in Cite Soleil, Ouest, ... in
            # Carrefour Vincent (Sarthe)": not the Sarthe of France)
            anchored = {row.country for n, row in scene.anchors if n not in names and row.country}
            if isos and len(anchored) == 1 and not isos & (anchored | set(scene.countries)):
                continue
            out.areas.append(text)
            out.norms.append(set(names))
            if len(out.areas) == 1:  # the first area given is an admin area, not a neighbour of a list
                out.admin = bool(isos)
                out.admin_countries = set(isos)
            if len(isos) > 1 and scene.countries:
                isos &= set(scene.countries)
            if len(isos) == 1:
                out.countries.extend(isos - set(out.countries))
        return out

    def _area_named_as_country(self, name: str, area: str, iso: str) -> bool:
        """A bracket that names a country and a province of another ("Macon (Georgia)"): it is the
        province when the place has no match in the country and one in the province's country."""
        rows = [r for n in self._query_norms(normalize(name)) for r in self._rows_for(n)]
        if not rows or any(r.country == iso for r in rows):
            return False
        homes = {r.country for r in rows}
        return any(r.country in homes and r.fcode.startswith("ADM1")
                   for n in self._query_norms(normalize(area)) for r in self._rows_for(n))

    @staticmethod
    def _within_bonus(row: PlaceRow, within: "_Within") -> float:
        if not within.norms:
            return 0.0
        mine = {normalize(a) for a in (row.admin1, row.admin2) if a}
        if row.fcode.startswith(("ADM1", "ADM2")):
            mine.discard(normalize(row.name))  # an area is not inside itself
        hits = sum(1 for names in within.norms if names & mine)
        return rules()["admin_match"] * min(hits, 2)

    # ranking ------------------------------------------------------------------------------------

    def _rank(self, c: _Candidate, kind: Kind, scene: _Scene, hint: str | None, wanted: list[str],
              query: str) -> float:
        r, w = rules(), rules()["weights"]
        row = c.row
        score = c.name_score + r["feature_class_bonus"].get(row.fclass, 0)
        score += r["feature_code_bonus"].get(row.fcode, 0)
        if row.fclass == "P" and row.population > 0:
            score += min(w["population_max"], math.log10(row.population))
        if kind == "region":
            score += r["region_kind_bonus"].get(row.fcode, 0)
        if row.source_rank == 0:
            score += w["user_source"]
        if wanted:
            score += w["country_match"] if row.country in wanted else w["country_mismatch"]
        if hint and row.country == hint:
            score += w["country_hint"]
        if row.coded and row.source == RECORD_SOURCE:
            rec = r["record"]
            score += rec["record_source"] + rec["record_count"] * min(
                1.0, math.log10(1 + row.coded) / math.log10(rec["record_count_full"]))
        return score + self._region_bonus(row, scene) + self._spatial_bonus(row, scene, query)

    @staticmethod
    def _region_bonus(row: PlaceRow, scene: _Scene) -> float:
        w = rules()["weights"]
        best = 0.0
        if row.fcode.startswith("ADM1"):
            return best  # an area is not inside itself
        for area in scene.regions:
            bonus = 0.0
            if area.iso == row.country and area.admin1_code and area.admin1_code == row.admin1_code:
                bonus += w["region_admin1"]
            if area.lat is not None:
                d = haversine_km(row.lat, row.lon, area.lat, area.lon)
                bonus += w["region_near"] * max(0.0, 1 - d / w["region_near_km"])
            best = max(best, bonus)
        return best

    @staticmethod
    def _spatial_bonus(row: PlaceRow, scene: _Scene, query: str) -> float:
        w = rules()["weights"]
        points = [a for n, a in scene.anchors if n != query and a.id != row.id]
        if not points:
            return 0.0
        d = min(haversine_km(row.lat, row.lon, a.lat, a.lon) for a in points)
        return w["spatial"] * max(0.0, 1 - d / w["spatial_km"])

    # the report's scene -------------------------------------------------------------------------

    def _scene(self, ctx: GeoContext) -> _Scene:
        key = _context_key(ctx)
        scene = self._scenes.get(key)
        if scene is None:
            if len(self._scenes) > 10_000:
                self._scenes.clear()
            scene = self._scenes[key] = self._build_scene(ctx)
        return scene

    def _build_scene(self, ctx: GeoContext) -> _Scene:
        scene = _Scene(countries=self._countries_named(ctx), named=self._countries_named(ctx, strong=True))
        seen: set[str] = set()
        for m in ctx.mentions:
            norm = normalize(m.text)
            if m.kind == "region" and norm not in seen:
                seen.add(norm)
                area = self._region_area(m, scene)
                if area is not None:
                    scene.regions.append(area)
        scene.anchors = self._anchors(ctx, scene)
        if not scene.countries:
            # a report that names no country but places known by their very name, all in one country
            # ("in Magtuod, Davao City"): that country is the report's, so a name matched only by its
            # spelling must lie in it too (Magtuod is not a village in India)
            # (the regions it names count too: "Zee" known only in Germany is no clue beside "Magway Region")
            implied = list(dict.fromkeys([row.country for _, row in scene.anchors if row.country]
                                         + [a.iso for a in scene.regions if a.iso]))
            if len(implied) == 1:
                scene.countries = implied
        return scene

    def _countries_named(self, ctx: GeoContext, strong: bool = False) -> list[str]:
        """The report's countries; ``strong``: not those shown only through a people or an actor (clues)."""
        out: list[str] = []
        for m in ctx.mentions:
            if strong and m.clue:
                texts = [m.country_hint]
            else:
                texts = [m.country_hint] + ([m.text] if m.kind in ("country", "unknown") else [])
            for iso in map(self._iso, texts):
                if iso and iso not in out:
                    out.append(iso)
        return out

    def _region_area(self, m: PlaceMention, scene: _Scene, within: "_Within | None" = None) -> _Area | None:
        hint = self._iso(m.country_hint)
        ranked = self._ranked(self._query_norms(normalize(m.text)), "region", _Scene(countries=scene.countries, named=scene.named), hint,
                              within)
        if within is not None and within.admin:  # "Geneva (Florida)": not the Geneva of another country
            ranked = [c for c in ranked if c.row.country in within.admin_countries]
        if not ranked:
            return None
        row = ranked[0].row
        admin1 = row.admin1 if row.admin1 else (row.name if row.fcode == "ADM1" else None)
        return _Area(label=m.text, lat=row.lat, lon=row.lon, iso=row.country, admin1_code=row.admin1_code,
                     admin1=admin1, admin2=row.admin2, where_prec=rules()["precision_region"][1], start=m.start)

    def _anchors(self, ctx: GeoContext, scene: _Scene) -> list[tuple[str, PlaceRow]]:
        """Places of the report whose exact name has one location (all candidates close together)."""
        radius = rules()["fuzzy"]["anchor_cluster_km"]
        out = []
        for m in ctx.mentions:
            norm = normalize(m.text)
            if m.kind not in ("place", "unknown") or not norm or self._iso(m.text) or is_not_place(m.text):
                continue
            rows = [r for r in self._rows_for(norm) if not scene.countries or r.country in scene.countries]
            if rows and m.within:  # "Geneva (Florida)": not the Geneva of another country
                within = self._within(m, scene)
                if within.admin:
                    rows = [r for r in rows if r.country in within.admin_countries]
            if rows and all(haversine_km(rows[0].lat, rows[0].lon, r.lat, r.lon) <= radius for r in rows):
                out.append((norm, rows[0]))
        return out

    # placements ---------------------------------------------------------------------------------

    def _placement(self, query: str, c: _Candidate, kind: Kind, near: bool) -> Placement:
        row = c.row
        gp, wp = self._precision(row.fcode, kind, near)
        is_adm1 = row.fcode.startswith("ADM1")
        location = (row.admin1 or row.name) if is_adm1 else row.name
        country = countries().get(row.country)
        note = None
        if c.name_score < 100:
            note = f"'{query}' matched '{row.name}' by spelling (similarity {c.name_score:.0f})"
        if kind == "region" and row.fclass == "P":
            note = ((note + "; ") if note else "") + f"region placed at its town {row.name}"
        return Placement(query=query, location=location, latitude=row.lat, longitude=row.lon,
                         country=country.name if country else None, iso=row.country or None,
                         admin1=row.admin1 if row.admin1 else (location if is_adm1 else None),
                         admin2=row.admin2, geo_precision=gp, where_prec=wp, geonameid=row.geonameid,
                         feature_code=row.fcode or None, score=c.name_score, source=row.source, note=note)

    @staticmethod
    def _precision(fcode: str, kind: Kind, near: bool) -> tuple[int, int]:
        r = rules()
        if fcode in r["precision_by_code"]:
            gp, wp = r["precision_by_code"][fcode]
        elif kind == "region":
            gp, wp = r["precision_region"]
        elif near:
            gp, wp = r["precision_near"]
        else:
            gp, wp = r["precision_place"]
        return int(gp), int(wp)

    @staticmethod
    def _country_placement(query: str, c: Country) -> Placement:
        gp, wp = rules()["precision_country"]
        lat, lon = c.point
        return Placement(query=query, location=c.name, latitude=lat, longitude=lon, country=c.name, iso=c.iso2,
                         admin1=None, admin2=None, geo_precision=gp, where_prec=wp, geonameid=c.geonameid,
                         feature_code="PCLI", score=100.0, source="builtin")

    # fallback -----------------------------------------------------------------------------------

    def _fallback(self, name: str, scene: _Scene, mention: PlaceMention | None, hint: str | None,
                  within: "_Within | None" = None) -> Placement:
        area, why = self._given_area(within, scene, name) if within and within.areas else (None, "")
        if area is None:
            area, why = self._enclosing_area(scene, mention, hint)
        if area is None:
            gp, wp = rules()["precision_none"]
            return Placement(query=name, location=name, latitude=None, longitude=None, country=None, iso=None,
                             admin1=None, admin2=None, geo_precision=gp, where_prec=wp, source="fallback",
                             note=f"'{name}' not in the gazetteer and the report names no area: not placed")
        country = countries().get(area.iso or "")
        return Placement(query=name, location=name, latitude=area.lat, longitude=area.lon,
                         country=country.name if country else None, iso=area.iso, admin1=area.admin1,
                         admin2=area.admin2, geo_precision=3, where_prec=area.where_prec, source="fallback",
                         note=f"'{name}' not in the gazetteer; placed at {why}")

    def _given_area(self, within: "_Within", scene: _Scene, name: str = "") -> tuple[_Area | None, str]:
        """The smallest admin area given with the name that the gazetteer knows (ranked inside the
        larger areas given after it)."""
        inner = {r.country for r in self._rows_for(normalize(name))} if name else set()
        countries_ = _Scene(countries=list(dict.fromkeys(within.countries + scene.countries)),
                            named=list(dict.fromkeys(within.countries + scene.named)))
        for i, text in enumerate(within.areas):
            larger = _Within(areas=within.areas[i + 1:], norms=within.norms[i + 1:], countries=within.countries)
            if larger.areas:  # whose first area may rule out another country's place of the name
                first = self._within(PlaceMention(text=text, within=larger.areas[:1]), scene)
                larger.admin, larger.admin_countries = first.admin, first.admin_countries
            # an area several countries have ("Florida"): the country that also has the smaller
            # names given before it ("Geneva (Florida)": the United States, not Puerto Rico)
            isos = {r.country for n in self._query_norms(normalize(text)) for r in self._rows_for(n) if r.fclass == "A"}
            both = isos & inner if len(isos) > 1 else set()
            hint = next(iter(both)) if len(both) == 1 else None
            area = self._region_area(PlaceMention(text=text, kind="region", country_hint=hint), countries_, larger)
            if area is not None:
                return area, f"{text}, the area given with the name"
            inner |= {r.country for n in self._query_norms(normalize(text)) for r in self._rows_for(n)}
        return None, ""

    def _enclosing_area(self, scene: _Scene, mention: PlaceMention | None,
                        hint: str | None) -> tuple[_Area | None, str]:
        pos = mention.start if mention else 0
        regions = [a for a in scene.regions if not hint or a.iso == hint]
        if regions:
            area = min(regions, key=lambda a: (a.start > pos, abs(pos - a.start)))
            return area, f"the {area.label} area, the smallest area the report names"
        admin = self._anchor_admin1(scene, hint)
        if admin is not None:
            return admin, f"{admin.label}, the first-level area of the other places the report names"
        iso = hint or (scene.countries[0] if scene.countries else None)
        if iso and iso in countries():
            c = countries()[iso]
            lat, lon = c.point
            return _Area(label=c.name, lat=lat, lon=lon, iso=iso,
                         where_prec=rules()["precision_country"][1]), f"the country the report names, {c.name}"
        return None, ""

    def _anchor_admin1(self, scene: _Scene, hint: str | None) -> _Area | None:
        codes = Counter((r.country, r.admin1_code) for _, r in scene.anchors
                        if r.admin1_code and (not hint or r.country == hint))
        if not codes:
            return None
        (iso, code), _ = codes.most_common(1)[0]
        found = self.gazetteer.admin1_row(iso, code)
        if found is None:
            return None
        name, lat, lon = found
        return _Area(label=name, lat=lat, lon=lon, iso=iso, admin1_code=code, admin1=name,
                     where_prec=rules()["precision_region"][1])
