"""What reading saved HTML pages adds to the per-report time of `conflictwatch ingest`.

    .venv/bin/python benchmarks/html_speed.py [--reports 120] [--rounds 3]

The same reports are ingested twice into fresh SQLite stores, the path `conflictwatch ingest` takes
(read, ``Engine.extract_many``, ``Store.save_many``): once as plain text, once as web pages written
around the same text the way news sites make them (a ~60 KB page: a menu of a hundred links, inline
scripts and styles, a cookie banner, share buttons, ten "related articles", readers' comments and a
footer). The pages are read with ``conflictwatch.read.html.extract_page`` (trafilatura). The best of
alternating rounds is kept for each. The last line is `html_overhead=0.NN` (extra time / plain time).
"""

from __future__ import annotations

import argparse
import html
import tempfile
import time
from pathlib import Path

from ingest_speed import news_texts  # the speed benchmark's texts and the English news reports of ../shared

from conflictwatch.engine import Engine
from conflictwatch.geo import Geocoder
from conflictwatch.ingest import report_from_text
from conflictwatch.read.html import _clean_text, extract_page, report_from_page
from conflictwatch.store import Store


def page(text: str, i: int) -> bytes:
    menu = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(100))
    related = "".join(f'<li><a href="/2023/{k}">Soldiers killed {k} militants in another province, the army said</a></li>'
                      for k in range(10))
    comments = "".join(f'<div class="comment"><p>Reader {k}: the army killed {k * 7} rebels yesterday.</p></div>'
                       for k in range(5))
    script = "<script>" + "var analytics = {};" * 1500 + "</script>"
    style = "<style>" + ".c{color:#333;margin:0 auto}" * 800 + "</style>"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report {i} | Example Monitor</title>
<meta property="og:site_name" content="Example Monitor"><meta property="article:published_time" content="2022-03-15T08:00:00Z">
{style}{script}</head><body><header><nav><ul>{menu}</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<main><article><h1>Report {i}</h1>{body}</article>
<div class="share">Share on Facebook Twitter WhatsApp</div><aside class="related"><h3>Related</h3><ul>{related}</ul></aside>
<section class="comments">{comments}</section></main><footer><ul>{menu}</ul><p>&copy; 2023 Example Monitor</p></footer>
{script}</body></html>""".encode()


def ingest(engine: Engine, store: Store, make_reports) -> tuple[float, int]:
    t0 = time.perf_counter()
    reports = make_reports()
    events = sum(saved.events_written for saved in store.save_many(engine.extract_many(reports)))
    return time.perf_counter() - t0, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = news_texts()
    # paragraph per line, as a page gives them (the articles of ../shared have blank lines between paragraphs)
    texts = [_clean_text(html.unescape(f"{base[i % len(base)]}\n(bench copy {i})"), None) for i in range(args.reports)]
    pages = [page(t, i) for i, t in enumerate(texts)]
    page_kb = sum(len(p) for p in pages) / len(pages) / 1024

    def plain():
        return [report_from_text(t, origin=f"bench:{i}", published="2022-03-15", source="Example Monitor")
                for i, t in enumerate(texts)]

    def from_html():
        return [report_from_page(extract_page(p, f"bench:{i}"), origin=f"bench:{i}") for i, p in enumerate(pages)]

    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(geocoder=Geocoder(Path(tmp) / "gazetteer.sqlite"))
        list(engine.extract_many(plain()[:2]))  # warm up: gazetteer, caches
        from_html()[:1]
        same = sum(a.text == b.text for a, b in zip(from_html(), plain()))  # trafilatura may drop a caption
        best = {"plain": float("inf"), "html": float("inf")}
        events = {}
        t_read = float("inf")
        for n in range(args.rounds):
            for name, make in (("plain", plain), ("html", from_html)):
                store = Store(f"sqlite:///{tmp}/{name}-{n}.sqlite")
                seconds, events[name] = ingest(engine, store, make)
                best[name] = min(best[name], seconds)
            t0 = time.perf_counter()
            from_html()
            t_read = min(t_read, time.perf_counter() - t0)
    per = {k: v / args.reports * 1000 for k, v in best.items()}
    overhead = (best["html"] - best["plain"]) / best["plain"]
    print(f"reports={args.reports} page_kb={page_kb:.0f} same_text={same}/{args.reports} "
          f"events_plain={events['plain']} events_html={events['html']}")
    print(f"plain_ms_per_report={per['plain']:.1f} html_ms_per_report={per['html']:.1f} "
          f"html_extraction_ms_per_page={t_read / args.reports * 1000:.1f}")
    print(f"html_overhead={overhead:.2f}")


if __name__ == "__main__":
    main()
