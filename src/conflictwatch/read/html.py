"""Saved web pages: the article's main text and its metadata, with trafilatura (dates by htmldate).

Menus, comments, share bars and "related articles" never reach the engine: trafilatura keeps the
main text only (``favor_precision``, comments off). The headline, which trafilatura repeats as the
first line of the text, is kept in ``title`` and dropped from the text, so the same story under two
sites' headlines is the same text (one report, see ``Store.add_url``). The evidence offsets of the
events point into this extracted text, which is what the store keeps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..ingest import InputError, check_published
from ..models import Report
from .settings import HtmlSettings, web_settings

#: a page, or a text file that is really a page (the old refusal's test, now a reason to extract)
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<\?xml)|<(body|div|p|head)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLANKS = re.compile(r"\n{2,}")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Page:
    """What a page holds: its main text and what the page says about itself."""

    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


def html_suffixes() -> tuple[str, ...]:
    """Suffixes of saved pages (web.yaml html.suffixes)."""
    return web_settings().html.suffixes


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML.search(data[:4096]))


def html_text(data: bytes, charset: str | None = None) -> str:
    """The page as text: the charset the server declared, else the page's own <meta charset>, else
    UTF-8, else Windows-1252 (which decodes every byte)."""
    candidates = [charset] if charset else []
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates += ["utf-8-sig", "cp1252"]
    for name in candidates:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")  # pragma: no cover - cp1252 leaves a few bytes undefined


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(" .:-–—|")


def _clean_text(text: str, title: str | None) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if title and lines and _norm(lines[0]) == _norm(title):
        lines = lines[1:]  # the headline: kept in `title`, not told twice
    return _BLANKS.sub("\n", "\n".join(lines)).strip()


def extract_page(html: str | bytes, origin: str, *, url: str | None = None, charset: str | None = None,
                 settings: HtmlSettings | None = None) -> Page:
    """The main text and metadata of a page; :class:`InputError` naming ``origin`` when the page holds
    no article (a menu page, an empty page, a page of links)."""
    import trafilatura

    cfg = settings or web_settings().html
    if isinstance(html, bytes):
        html = html_text(html, charset)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=cfg.include_tables,
            include_images=False, include_links=False, favor_precision=cfg.favor_precision, fast=cfg.fast,
            date_extraction_params={"extensive_search": cfg.extensive_date_search, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds; one line names the page
        raise InputError(f"{origin}: cannot read the HTML page: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    title = _meta(getattr(doc, "title", None)) if doc is not None else None
    text = _clean_text(doc.text or "", title) if doc is not None else ""
    if len(text) < cfg.min_text_chars:
        raise InputError(f"{origin}: no article text found in the HTML page "
                         f"({len(text)} characters of main text, {cfg.min_text_chars} needed)")
    published = _meta(doc.date)
    try:
        published = check_published(published, origin)
    except InputError:
        published = None  # a date htmldate could not normalise is no date
    return Page(text=text, title=title, author=_meta(doc.author), site=_meta(doc.sitename),
                published=published, url=_meta(doc.url), language=_meta(doc.language))


def _meta(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def page_source(page: Page, url: str | None) -> str | None:
    """The outlet: the page's site name, else the host of its address."""
    if page.site:
        return page.site
    host = urlsplit(url or page.url or "").hostname
    return host.removeprefix("www.") if host else None


def report_from_page(page: Page, *, origin: str, published: str | None = None, source: str | None = None,
                     url: str | None = None, title: str | None = None, country: str | None = None) -> Report:
    """A report of the page's text; what is given explicitly wins over what the page says."""
    from ..ingest import report_from_text

    url = url or page.url
    return report_from_text(page.text, origin=origin, published=published or page.published,
                            source=source or page_source(page, url), url=url, title=title or page.title,
                            country=country)
