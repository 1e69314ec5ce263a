"""Reading reports: text files, folders and JSONL batches, with clear errors for bad input.

A bad input never reaches the store: each problem raises :class:`InputError` with a one-line
message naming the file (and line, for JSONL). Folders are read recursively (``*.txt``, ``*.md``,
``*.jsonl``, saved pages ``*.html``); other files in a folder are skipped and listed. A saved web page
(by its suffix or its first bytes) is read for its main text and metadata (``conflictwatch.read.html``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .models import Report, content_hash
from .timex import PartialDate

#: Reports larger than this are refused (a news article or NGO report is far smaller).
MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".text"}
BATCH_SUFFIXES = {".jsonl", ".ndjson"}
JSONL_FIELDS = {"id", "text", "published", "source", "url", "title", "country", "lang"}
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<\?xml)|<(body|div|p|head)[\s>]", re.IGNORECASE)


class InputError(ValueError):
    """A report that cannot be read; the message is one line naming where."""


@dataclass
class Item:
    """A report read from somewhere, or the error that stopped it."""

    origin: str
    report: Report | None = None
    error: str | None = None
    #: how it was read when that is worth saying ("already ingested from this URL; not fetched again")
    note: str | None = None


def check_published(value: str | None, origin: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        PartialDate.parse(str(value))
    except ValueError as exc:
        raise InputError(f"{origin}: bad publication date {value!r}: {exc}") from None
    return str(value)


def decode(data: bytes, origin: str, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise InputError(f"{origin}: {len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for one report")
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary file (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                         "convert it, e.g. iconv -f latin1 -t utf-8") from None
    if _HTML.search(data[:4096]):
        raise InputError(f"{origin}: looks like HTML; give the article's plain text")
    if not text.strip():
        raise InputError(f"{origin}: empty report")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_country(value: str | None, origin: str) -> str | None:
    """'ML', 'Mali', 'afghanistan' -> the ISO2 code; an unknown country is an InputError."""
    if value is None or str(value).strip() == "":
        return None
    from .geo.userplaces import country_iso
    iso = country_iso(str(value))
    if iso is None:
        raise InputError(f"{origin}: unknown country {value!r} (give an ISO2 code such as ML or a country name)")
    return iso


def check_lang(value: str | None, origin: str) -> str | None:
    """'fr', 'FR' -> 'fr' (ISO 639-1); anything else is an InputError. None: detect it."""
    if value is None or str(value).strip() == "":
        return None
    from .read.language import LanguageError, check_code

    try:
        return check_code(str(value), origin)
    except LanguageError as exc:
        raise InputError(str(exc)) from None


def report_from_text(text: str, *, origin: str, doc_id: str | None = None, published: str | None = None,
                     source: str | None = None, url: str | None = None, title: str | None = None,
                     country: str | None = None, lang: str | None = None) -> Report:
    published = check_published(published, origin)
    digest = content_hash(text)
    return Report(id=doc_id or digest[:12], text=text, published=published, source=source, url=url,
                  title=title, country=check_country(country, origin), lang=check_lang(lang, origin),
                  content_hash=digest)


def read_file(path: Path, *, published: str | None = None, source: str | None = None,
              max_bytes: int = MAX_BYTES, country: str | None = None) -> Report:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{origin}: cannot read: {exc.strerror}") from None
    if len(data) <= max_bytes and b"\x00" not in data[:8192]:
        from .read.html import html_suffixes, looks_like_html

        suffix = path.suffix.lower()
        if looks_like_html(data) or (suffix not in TEXT_SUFFIXES and suffix in html_suffixes()):
            from .read.html import extract_page, report_from_page

            page = extract_page(data, origin)  # a saved web page: its main text and metadata
            return report_from_page(page, origin=origin, published=published, source=source, country=country)
    text = decode(data, origin, max_bytes)
    return report_from_text(text, origin=origin, published=published, source=source, country=country)


def read_jsonl(path: Path, *, max_bytes: int = MAX_BYTES, country: str | None = None) -> Iterator[Item]:
    """One report per line: {"id", "text", "published", "source", "url", "title", "country", "lang"};
    `text` required; `lang` (ISO 639-1) says the report's language instead of detecting it. `country` (ISO2 or a name) is the report's country when its text never names it; the
    argument gives it to the lines that have none."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Item(str(path), error=f"{path}: cannot read: {exc.strerror}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                yield Item(origin, report=jsonl_report(raw, origin, max_bytes, country))
            except InputError as exc:
                yield Item(origin, error=str(exc))


def jsonl_report(raw: bytes, origin: str, max_bytes: int, country: str | None = None) -> Report:
    """One JSONL line as a report (the fields of JSONL_FIELDS, checked); InputError names ``origin``.
    Shared by `ingest` and the Spark job's executors."""
    try:
        obj = json.loads(decode(raw, origin, max_bytes))
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: not valid JSON: {exc.msg}") from None
    if not isinstance(obj, dict):
        raise InputError(f"{origin}: a line must be a JSON object")
    unknown = set(obj) - JSONL_FIELDS
    if unknown:
        raise InputError(f"{origin}: unknown field(s) {sorted(unknown)}; expected {sorted(JSONL_FIELDS)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{origin}: 'text' is missing or empty")
    strings = {k: (str(v) if v is not None else None) for k, v in obj.items() if k != "text"}
    return report_from_text(text, origin=origin, doc_id=strings.get("id"), published=strings.get("published"),
                            source=strings.get("source"), url=strings.get("url"), title=strings.get("title"),
                            country=strings.get("country") or country, lang=strings.get("lang"))


def read_paths(paths: list[Path], *, published: str | None = None, source: str | None = None,
               max_bytes: int = MAX_BYTES, country: str | None = None) -> Iterator[Item]:
    """Every report under the given files and folders, in a stable order. `country` is the reports'
    country when they never name it (a JSONL line's own 'country' wins)."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            from .read.html import html_suffixes

            suffixes = TEXT_SUFFIXES | BATCH_SUFFIXES | set(html_suffixes())
            for f in files:
                if f.suffix.lower() in suffixes:
                    yield from read_paths([f], published=published, source=source, max_bytes=max_bytes,
                                          country=country)
        elif path.suffix.lower() in BATCH_SUFFIXES:
            yield from read_jsonl(path, max_bytes=max_bytes, country=country)
        elif not path.exists():
            yield Item(str(path), error=f"{path}: no such file or folder")
        else:
            try:
                yield Item(str(path), report=read_file(path, published=published, source=source, max_bytes=max_bytes,
                                                       country=country))
            except InputError as exc:
                yield Item(str(path), error=str(exc))
