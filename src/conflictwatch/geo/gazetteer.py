"""The gazetteer: an SQLite index of place names, and its loaders.

Tables
  sources   one row per loaded file ("geonames:ML.txt", "builtin", "user:my_places.csv")
  places    one row per feature (point, feature class/code, country, admin codes and names)
  names     every name of every place, normalized (see :func:`normalize`), indexed
  norms     the distinct normalized names with a 2-letter prefix, length and spelling skeleton,
            indexed, to pick fuzzy-match candidates without scanning every name
  admin1    (country, admin1 code) -> short name and point
  coded     how often the coded record (ACLED, source 'acled') codes a place, and its best precision

Every load runs in one transaction: a bad file raises :class:`GazetteerError` (file and line) and
leaves the gazetteer as it was. Re-loading a source replaces its rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import os
import re
import sqlite3
import urllib.error
import urllib.request
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from unidecode import unidecode

DATA_GEO = Path(__file__).resolve().parent.parent / "data" / "geo"
BUILTIN = "builtin"
GEONAMES_COLUMNS = 19


class GazetteerError(Exception):
    """A file could not be loaded, or the gazetteer could not be opened. The message is one line."""


# --- rules and normalization -------------------------------------------------------------------


@functools.cache
def rules() -> dict:
    return yaml.safe_load(DATA_GEO.joinpath("rules.yaml").read_text(encoding="utf-8"))


_PUNCT = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """'Andéranboukan' -> 'anderanboukan'; "N’zi-Comoé" -> 'nzi comoe'; 'Ménaka ' -> 'menaka'.

    unidecode, lowercase, apostrophes dropped, other punctuation and hyphens become spaces,
    spaces collapsed."""
    s = unidecode(unicodedata.normalize("NFC", text)).lower()
    s = s.replace("'", "").replace("`", "")
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def compact(norm: str) -> str:
    return norm.replace(" ", "")


@functools.lru_cache(maxsize=200_000)
def skeleton(norm: str) -> str:
    """A spelling skeleton: transliteration substitutions, vowels dropped (first letter kept),
    doubled letters collapsed. 'anderanbokan' and 'anderamboukane' both give 'andrnbkn'."""
    s = compact(norm)
    if not s:
        return ""
    for old, new in rules()["skeleton_substitutions"]:
        s = s.replace(old, new)
    vowels = set(rules()["skeleton_vowels"])
    body = "".join(ch for ch in s[1:] if ch not in vowels)
    out = s[0]
    for ch in body:
        if ch != out[-1]:
            out += ch
    return out


def prefix(norm: str) -> str:
    return compact(norm)[: rules()["fuzzy"]["prefix_len"]]


@functools.cache
def _word_patterns(key: str) -> tuple[re.Pattern, re.Pattern]:
    """The patterns of a rules.yaml word list (``region_words``, ``place_words``): 'X <suffix>', '<prefix> X'."""
    words = rules()[key]
    suf = "|".join(sorted(map(re.escape, words["suffixes"]), key=len, reverse=True))
    pre = "|".join(sorted(map(re.escape, words["prefixes"]), key=len, reverse=True))
    return re.compile(rf"^(.+?)\s+(?:{suf})$"), re.compile(rf"^(?:{pre})\s+(.+)$")


def _region_patterns() -> tuple[re.Pattern, re.Pattern]:
    return _word_patterns("region_words")


@functools.lru_cache(maxsize=50_000)
def strip_region_words(norm: str) -> str | None:
    """'menaka region' -> 'menaka'; 'region de gao' -> 'gao'; 'gao' -> None (no region word)."""
    suffix_re, prefix_re = _region_patterns()
    for pat in (suffix_re, prefix_re):
        m = pat.match(norm)
        if m:
            return m.group(1)
    return None


def short_admin_name(name: str) -> str:
    """'Gao Region' -> 'Gao'; 'Région de Thiès' -> 'Thiès'; 'Sahel' -> 'Sahel' (spelling kept)."""
    words = rules()["region_words"]
    for suf in words["suffixes"]:
        m = re.match(rf"^(.+?)\s+{re.escape(suf)}$", name, flags=re.I)
        if m:
            return m.group(1)
    for pre in words["prefixes"]:
        m = re.match(rf"^{pre.replace(' ', '[ ]+')}(?:[ ]+|[ ]*['’ʼ][ ]*)(.+)$", unidecode(name), flags=re.I)
        if m:
            return name[len(name) - len(m.group(1)):]
    return name


@functools.cache
def _admin_area_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    cfg = rules()["admin_areas"]
    return (re.compile(cfg["area_noun"], re.I), re.compile(cfg["parenthesised"]), re.compile(cfg["comma_item"]),
            re.compile(cfg["locative_item"]))


def admin_areas_after(text: str, end: int) -> list[str]:
    """The admin areas a text gives right after a name ending at ``end``: 'Nia-Ouro (Djenne, Mopti)' ->
    ['Djenne', 'Mopti']; 'Mizan district, Zabul.' -> ['Zabul']; 'Kabul, Taliban attacked' -> [];
    'the State Capitol in Harrisburg (Pennsylvania)' -> ['Harrisburg', 'Pennsylvania']."""
    noun, paren, item, locative = _admin_area_patterns()
    pos = end
    out = []
    if m := noun.match(text, pos):
        pos = m.end()
    if m := locative.match(text, pos):  # a place written inside a larger one
        out.append(m.group(1))
        pos = m.end()
    if m := paren.match(text, pos):
        return out + [a.strip() for a in m.group(1).split(",") if a.strip()[:1].isupper()]
    while m := item.match(text, pos):
        out.append(m.group(1))
        pos = m.end()
    return out


@functools.cache
def _place_word_patterns() -> tuple[re.Pattern, re.Pattern]:
    return _word_patterns("place_words")


@functools.lru_cache(maxsize=50_000)
def strip_place_words(norm: str) -> str | None:
    """'khulna city' -> 'khulna'; 'al burayj refugee camp' -> 'al burayj'; 'downtown martin' -> 'martin';
    'gao' -> None (no such word). The words are no part of the name and do not make it a region."""
    out = norm
    for pat in _place_word_patterns():
        m = pat.match(out)
        if m:
            out = m.group(1)
    return out if out != norm else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --- rows --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One feature of the gazetteer, as stored."""

    id: int
    source: str
    source_rank: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    country: str
    admin1_code: str
    admin2_code: str
    admin1: str | None
    admin2: str | None
    population: int
    coded: int = 0  # events the coded record places here (source 'acled'); 0 elsewhere


_PLACE_COLS = ("p.id, s.name, s.rank, p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country,"
               " p.admin1_code, p.admin2_code, p.admin1, p.admin2, p.population, coalesce(c.count, 0)")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, kind TEXT NOT NULL,
    rank INTEGER NOT NULL, path TEXT, loaded_at TEXT, places INTEGER, names INTEGER, countries TEXT);
CREATE TABLE IF NOT EXISTS places(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, geonameid INTEGER,
    name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, fclass TEXT, fcode TEXT, country TEXT,
    admin1_code TEXT, admin2_code TEXT, admin1 TEXT, admin2 TEXT, population INTEGER);
CREATE INDEX IF NOT EXISTS places_source ON places(source_id);
CREATE TABLE IF NOT EXISTS names(norm TEXT NOT NULL, place_id INTEGER NOT NULL, source_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE TABLE IF NOT EXISTS norms(norm TEXT PRIMARY KEY, prefix TEXT, len INTEGER, skel TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS norms_prefix ON norms(prefix, len);
CREATE INDEX IF NOT EXISTS norms_skel ON norms(skel);
CREATE TABLE IF NOT EXISTS admin1(country TEXT, code TEXT, name TEXT, lat REAL, lon REAL, source_id INTEGER,
    PRIMARY KEY(country, code));
CREATE TABLE IF NOT EXISTS admin2(country TEXT, a1 TEXT, code TEXT, name TEXT, source_id INTEGER,
    PRIMARY KEY(country, a1, code));
CREATE TABLE IF NOT EXISTS coded(place_id INTEGER PRIMARY KEY, count INTEGER NOT NULL, source_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS coded_source ON coded(source_id);
"""

#: rank of a source kind: lower outranks (user places beat GeoNames on equal names).
SOURCE_RANK = {"user": 0, "geonames": 1, "acled": 1, "builtin": 2}


@dataclass
class _Place:
    """A place being loaded: its row and its names."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    country: str
    admin1_code: str
    admin2_code: str
    population: int
    names: Iterable[str]
    admin1: str | None = None
    admin2: str | None = None
    coded: int = 0


# --- GeoNames dump parsing -----------------------------------------------------------------------


def _open_dump(path: Path) -> tuple[str, Iterator[bytes]]:
    """(member name, line iterator) of a GeoNames dump: a .txt file or a .zip holding one."""
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    if path.suffix.lower() != ".zip":
        return path.name, _lines(path.open("rb"))
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise GazetteerError(f"{path.name}: not a zip file ({e})") from None
    members = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
    if len(members) != 1:
        raise GazetteerError(f"{path.name}: expected one GeoNames .txt inside the zip, found {members}")
    return members[0], _lines(zf.open(members[0]))


def _lines(f: io.BufferedIOBase) -> Iterator[bytes]:
    with f:
        yield from f


def _num(value: str, kind: type, what: str, where: str, default=None):
    if value == "" and default is not None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise GazetteerError(f"{where}: {what} {value!r} is not a number") from None


def parse_geonames_line(raw: bytes, where: str) -> list[str]:
    """The 19 fields of one dump line, validated; GazetteerError otherwise."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise GazetteerError(f"{where}: not UTF-8 (byte {raw[e.start]:#x} at column {e.start + 1})") from None
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != GEONAMES_COLUMNS:
        looks = " (an HTML page?)" if line.lstrip().startswith("<") else ""
        raise GazetteerError(f"{where}: {len(fields)} tab-separated columns, a GeoNames dump has "
                             f"{GEONAMES_COLUMNS}{looks}; truncated or not a GeoNames dump")
    return fields


def _place_from_fields(f: list[str], where: str) -> _Place:
    lat = _num(f[4], float, "latitude", where)
    lon = _num(f[5], float, "longitude", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: coordinates {lat}, {lon} out of range")
    names = [f[1], f[2], *(a for a in f[3].split(",") if a and "://" not in a)]
    return _Place(geonameid=_num(f[0], int, "geonameid", where), name=f[1], lat=lat, lon=lon,
                  fclass=f[6], fcode=f[7], country=f[8], admin1_code=f[10], admin2_code=f[11],
                  population=_num(f[14], int, "population", where, default=0), names=names)


def iter_geonames(path: Path) -> tuple[str, Iterator[_Place]]:
    member, lines = _open_dump(path)
    label = path.name if member == path.name else f"{path.name}:{member}"

    def gen() -> Iterator[_Place]:
        count = 0
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"{label} line {lineno}"
            yield _place_from_fields(parse_geonames_line(raw, where), where)
            count += 1
        if count == 0:
            raise GazetteerError(f"{label}: empty, not a GeoNames dump")

    return Path(member).name, gen()


# --- the store ----------------------------------------------------------------------------------


class Gazetteer:
    """The SQLite gazetteer. Open it with a path; it is created if needed."""

    def __init__(self, path: Path, *, autoload_builtin: bool = True) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as e:
            raise GazetteerError(f"{self.path}: cannot open the gazetteer ({e})") from None
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.generation = 0
        if autoload_builtin:
            from .builtin import builtin_label, load_builtin
            loaded = self.source_path(BUILTIN)
            if self.place_count() == 0 or (loaded is not None and loaded != builtin_label()):
                load_builtin(self)  # first use, or built-in data of another version

    def close(self) -> None:
        self.db.close()

    # queries ---------------------------------------------------------------------------------

    def place_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM places").fetchone()[0]

    def sources(self) -> list[dict]:
        cur = self.db.execute("SELECT name, kind, path, loaded_at, places, names, countries FROM sources ORDER BY rank, name")
        keys = ("name", "kind", "path", "loaded_at", "places", "names", "countries")
        return [dict(zip(keys, r)) for r in cur]

    def source_path(self, name: str) -> str | None:
        """The path (or version label) a source was loaded from; None when it is not loaded."""
        row = self.db.execute("SELECT path FROM sources WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def status(self) -> dict:
        countries = [r[0] for r in self.db.execute("SELECT DISTINCT country FROM places WHERE country != '' ORDER BY 1")]
        return {"path": str(self.path), "places": self.place_count(),
                "names": self.db.execute("SELECT count(*) FROM names").fetchone()[0],
                "countries": countries, "sources": self.sources()}

    def exact(self, norm: str) -> list[PlaceRow]:
        sql = (f"SELECT {_PLACE_COLS} FROM names n JOIN places p ON p.id = n.place_id "
               "JOIN sources s ON s.id = p.source_id LEFT JOIN coded c ON c.place_id = p.id WHERE n.norm = ?")
        return [PlaceRow(*r) for r in self.db.execute(sql, (norm,))]

    def fuzzy_pool(self, norm: str) -> list[str]:
        """Normalized names that may be spelling variants of `norm`: same 2-letter prefix and
        similar length, or the same spelling skeleton."""
        slack = rules()["fuzzy"]["length_slack"]
        n = len(compact(norm))
        sql = ("SELECT norm FROM norms WHERE prefix = ? AND len BETWEEN ? AND ? "
               "UNION SELECT norm FROM norms WHERE skel = ?")
        return [r[0] for r in self.db.execute(sql, (prefix(norm), n - slack, n + slack, skeleton(norm)))]

    def source_points(self, source: str, country: str) -> list[tuple[float, float, str]]:
        """The populated places of one source in one country: latitude, longitude, admin1."""
        sql = ("SELECT p.lat, p.lon, coalesce(p.admin1, '') FROM places p JOIN sources s ON s.id = p.source_id "
               "WHERE s.name = ? AND p.country = ? AND p.fclass = 'P'")
        return [(r[0], r[1], r[2]) for r in self.db.execute(sql, (source, country))]

    def admin1_row(self, country: str, code: str) -> tuple[str, float, float] | None:
        r = self.db.execute("SELECT name, lat, lon FROM admin1 WHERE country = ? AND code = ?", (country, code)).fetchone()
        return (r[0], r[1], r[2]) if r else None

    def admin1_code_by_name(self, country: str, name: str) -> str | None:
        want = normalize(name)
        for code, a1 in self.db.execute("SELECT code, name FROM admin1 WHERE country = ?", (country,)):
            if normalize(a1) == want or strip_region_words(want) == normalize(a1):
                return code
        return None

    # loading ---------------------------------------------------------------------------------

    def load_geonames(self, path: Path, progress: Callable[[int], None] | None = None) -> dict:
        """Index a GeoNames dump (ML.txt, allCountries.txt or their .zip). Atomic."""
        member, places = iter_geonames(Path(path))
        return self._load(f"geonames:{member}", "geonames", Path(path), places, progress)

    def load_places(self, source: str, kind: str, path: Path | str | None, places: Iterable[_Place]) -> dict:
        return self._load(source, kind, path, places, None)

    def _load(self, source: str, kind: str, path: Path | None, places: Iterable[_Place],
              progress: Callable[[int], None] | None) -> dict:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            sid = self._replace_source(source, kind, path)
            stats = self._insert(sid, places, progress)
            self._admin_from_features(sid)
            self._fill_admin_names(sid)
            db.execute("UPDATE sources SET places = ?, names = ?, countries = ? WHERE id = ?",
                       (stats["places"], stats["names"], ",".join(stats["countries"]), sid))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.generation += 1
        return {"source": source, **stats}

    def _replace_source(self, source: str, kind: str, path: Path | None) -> int:
        db = self.db
        row = db.execute("SELECT id FROM sources WHERE name = ?", (source,)).fetchone()
        if row:
            sid = row[0]
            for table in ("names", "places", "admin1", "admin2", "coded"):
                db.execute(f"DELETE FROM {table} WHERE source_id = ?", (sid,))
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        db.execute("INSERT INTO sources(name, kind, rank, path, loaded_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET path = excluded.path, loaded_at = excluded.loaded_at",
                   (source, kind, SOURCE_RANK[kind], str(path) if path else None, now))
        return db.execute("SELECT id FROM sources WHERE name = ?", (source,)).fetchone()[0]

    def _insert(self, sid: int, places: Iterable[_Place], progress: Callable[[int], None] | None,
                batch: int = 20_000) -> dict:
        next_id = (self.db.execute("SELECT coalesce(max(id), 0) FROM places").fetchone()[0]) + 1
        prow, nrow, norms, crow = [], [], {}, []
        n_places = n_names = 0
        countries: set[str] = set()
        for p in places:
            prow.append((next_id, sid, p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country,
                         p.admin1_code, p.admin2_code, p.admin1, p.admin2, p.population))
            if p.coded:
                crow.append((next_id, p.coded, sid))
            for norm in {normalize(x) for x in p.names} - {""}:
                nrow.append((norm, next_id, sid))
                if norm not in norms:
                    norms[norm] = (norm, prefix(norm), len(compact(norm)), skeleton(norm))
            countries.add(p.country)
            next_id += 1
            if len(prow) >= batch:
                n_places, n_names = n_places + len(prow), n_names + len(nrow)
                self._flush(prow, nrow, norms, crow)
                if progress:
                    progress(n_places)
        n_places, n_names = n_places + len(prow), n_names + len(nrow)
        self._flush(prow, nrow, norms, crow)
        if progress:
            progress(n_places)
        return {"places": n_places, "names": n_names, "countries": sorted(countries - {""})}

    def _flush(self, prow: list, nrow: list, norms: dict, crow: list) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", prow)
        self.db.executemany("INSERT INTO coded VALUES (?,?,?)", crow)
        crow.clear()
        self.db.executemany("INSERT INTO names VALUES (?,?,?)", nrow)
        self.db.executemany("INSERT OR IGNORE INTO norms VALUES (?,?,?,?)", norms.values())
        prow.clear()
        nrow.clear()
        norms.clear()

    def _admin_from_features(self, sid: int) -> None:
        """ADM1/ADM2 features of the source name its admin codes."""
        rows = self.db.execute("SELECT country, admin1_code, admin2_code, fcode, name, lat, lon FROM places "
                               "WHERE source_id = ? AND fcode IN ('ADM1', 'ADM2')", (sid,)).fetchall()
        for country, a1, a2, fcode, name, lat, lon in rows:
            if fcode == "ADM1" and a1:
                self.db.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?,?)",
                                (country, a1, short_admin_name(name), lat, lon, sid))
            elif fcode == "ADM2" and a2:
                self.db.execute("INSERT OR REPLACE INTO admin2 VALUES (?,?,?,?,?)",
                                (country, a1, a2, short_admin_name(name), sid))

    def _fill_admin_names(self, sid: int) -> None:
        self.db.execute(
            "UPDATE places SET admin1 = (SELECT a.name FROM admin1 a WHERE a.country = places.country "
            "AND a.code = places.admin1_code) WHERE source_id = ? AND admin1 IS NULL AND admin1_code != ''", (sid,))
        self.db.execute(
            "UPDATE places SET admin2 = (SELECT a.name FROM admin2 a WHERE a.country = places.country "
            "AND a.a1 = places.admin1_code AND a.code = places.admin2_code) "
            "WHERE source_id = ? AND admin2 IS NULL AND admin2_code != ''", (sid,))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- download -----------------------------------------------------------------------------------

GEONAMES_URL = "https://download.geonames.org/export/dump"
_CODE = re.compile(r"^(?:[A-Za-z]{2}|allCountries)$")


def geonames_url() -> str:
    """Base URL of the GeoNames dumps: $CONFLICTWATCH_GEONAMES_URL or the GeoNames export."""
    return os.environ.get("CONFLICTWATCH_GEONAMES_URL", GEONAMES_URL).rstrip("/")


def download_dump(code: str, dest: Path, on_progress: Callable[[int, int | None], None] | None = None,
                  timeout: float = 60.0) -> Path:
    """Fetch {base}/{CODE}.zip into `dest`; GazetteerError with a one-line reason on failure."""
    if not _CODE.match(code):
        raise GazetteerError(f"{code!r} is not a country code (two letters, e.g. ML) or allCountries")
    code = code if code == "allCountries" else code.upper()
    url = f"{geonames_url()}/{code}.zip"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    target, part = dest / f"{code}.zip", dest / f"{code}.zip.part"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp, part.open("wb") as out:
            total = resp.headers.get("Content-Length")
            total_n = int(total) if total and total.isdigit() else None
            done = 0
            while chunk := resp.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if on_progress:
                    on_progress(done, total_n)
    except urllib.error.HTTPError as e:
        part.unlink(missing_ok=True)
        raise GazetteerError(f"download of {url} failed: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as e:
        part.unlink(missing_ok=True)
        reason = getattr(e, "reason", e)
        raise GazetteerError(f"download of {url} failed: {reason}") from None
    part.replace(target)
    return target
