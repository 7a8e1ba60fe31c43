"""A synthetic news site on 127.0.0.1 that changes between crawls, for the incremental,
resume and distributed tests: N English articles made up on the fly (nothing on disk), a
sitemap with `lastmod`, ETag/Last-Modified with 304 answers, and an admin API that adds,
edits and removes articles and reports which pages were fetched.

    python -m tests.sitegen --articles 1000 [--port 0] [--variants-every K]

prints its origin (http://127.0.0.1:PORT) as the first line of standard output, then serves
until killed.

    /sitemap.xml                   every live article (and an AMP and a print URL of every
                                   K-th one, with --variants-every K) with its lastmod
    /news/00042-<slug>             article 42; /news/00042-<slug>/amp and ?print=1 are the same
                                   story, declaring the first as canonical
    /_admin/add?count=K            K new articles
    /_admin/edit?id=I              article I gets a new text and a newer modified date
    /_admin/remove?id=I            article I is gone (404) and leaves the sitemap
    /_admin/hits                   {"path": times fetched} since the last /_admin/reset
    /_admin/reset                  forget the hits
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.mockserver import serve

BASE_TIME = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
_WORDS = (
    "government ministry council budget export grain farmers region city railway station "
    "school hospital museum exhibition market prices company investment contract agreement "
    "delegation meeting president minister officials report growth percent annual season "
    "weather snow roads drivers traffic project construction bridge water supply energy "
    "plant workers students teachers children families residents visitors tourists "
    "tournament athletes medals champions football river lake mountain village district"
).split()
_TOPICS = ("grain", "railway", "school", "energy", "museum", "bridge", "market", "weather")


class Site:
    """The site's state: which articles exist and which revision each one is at."""

    def __init__(self, articles: int, variants_every: int) -> None:
        self.lock = threading.Lock()
        self.revisions: dict[int, int] = dict.fromkeys(range(1, articles + 1), 0)
        self.variants_every = variants_every
        self.hits: Counter[str] = Counter()

    @staticmethod
    def path(article: int) -> str:
        return f"/news/{article:05d}-{_TOPICS[article % len(_TOPICS)]}-story-report"

    @staticmethod
    def published(article: int) -> datetime:
        return BASE_TIME + timedelta(minutes=article)

    def modified(self, article: int) -> datetime:
        return self.published(article) + timedelta(days=self.revisions[article])

    def article_of(self, path: str) -> int | None:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "news" or not parts[2][:5].isdigit():
            return None
        article = int(parts[2][:5])
        live = article in self.revisions and parts[2] == self.path(article).split("/")[2]
        suffix_ok = len(parts) == 3 or (len(parts) == 4 and parts[3] == "amp")
        return article if live and suffix_ok else None

    def sitemap(self, origin: str) -> bytes:
        entries = []
        for article in sorted(self.revisions):
            url = origin + self.path(article)
            lastmod = self.modified(article).isoformat()
            entries.append((url, lastmod))
            if self.variants_every and article % self.variants_every == 0:
                entries.append((url + "/amp", lastmod))
                entries.append((url + "?print=1&utm_source=sitemap", lastmod))
        body = "".join(
            f"<url><loc>{url.replace('&', '&amp;')}</loc><lastmod>{lastmod}</lastmod></url>"
            for url, lastmod in entries
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</urlset>\n"
        ).encode()

    def page(self, article: int, origin: str) -> bytes:
        revision = self.revisions[article]
        rng = random.Random(article * 1000 + revision)
        topic = _TOPICS[article % len(_TOPICS)]
        title = f"Report {article}: {topic} {rng.choice(_WORDS)} and {rng.choice(_WORDS)}"
        if revision:
            title += f" (updated {revision})"
        paragraphs = []
        for _ in range(4):
            sentences = []
            for _ in range(3):
                words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
                sentences.append(f"The {' '.join(words)} said on {topic} today.")
            paragraphs.append(" ".join(sentences))
        published, modified = self.published(article), self.modified(article)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{origin}{self.path(article)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published.isoformat()}">
<meta property="article:modified_time" content="{modified.isoformat()}">
</head><body><article><h1>{title}</h1>
<time datetime="{published.isoformat()}">{published:%d %B %Y %H:%M}</time>
{body}</article></body></html>
""".encode()


class Handler(BaseHTTPRequestHandler):
    server_version = "newscrawl-sitegen/1"
    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        site = self.site
        origin = f"http://{self.headers.get('Host') or '127.0.0.1'}"
        if parts.path.startswith("/_admin/"):
            self._admin(parts.path.removeprefix("/_admin/"), parse_qs(parts.query))
            return
        with site.lock:
            site.hits[parts.path] += 1
            if parts.path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
                return
            if parts.path == "/sitemap.xml":
                self._send(200, site.sitemap(origin), "application/xml")
                return
            article = site.article_of(parts.path)
            if article is None:
                self._send(404, b"<html><body>Not found</body></html>", "text/html")
                return
            etag = f'"{article}-{site.revisions[article]}"'
            headers = {
                "ETag": etag,
                "Last-Modified": format_datetime(site.modified(article), usegmt=True),
            }
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, headers)
                return
            page = site.page(article, origin)
        self._send(200, page, "text/html", headers)

    def _admin(self, action: str, query: dict[str, list[str]]) -> None:
        site = self.site
        with site.lock:
            if action == "add":
                first = max(site.revisions, default=0) + 1
                count = int(query.get("count", ["1"])[0])
                for article in range(first, first + count):
                    site.revisions[article] = 0
                answer: object = [site.path(a) for a in range(first, first + count)]
            elif action == "edit":
                article = int(query["id"][0])
                site.revisions[article] += 1
                answer = site.path(article)
            elif action == "remove":
                article = int(query["id"][0])
                answer = site.path(article)
                del site.revisions[article]
            elif action == "hits":
                answer = dict(site.hits)
            elif action == "reset":
                site.hits.clear()
                answer = {}
            else:
                self._send(404, b"{}", "application/json")
                return
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _send(
        self, status: int, body: bytes, kind: str | None, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(articles: int, port: int = 0, variants_every: int = 0) -> Server:
    handler = type("SiteHandler", (Handler,), {"site": Site(articles, variants_every)})
    return Server(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--variants-every", type=int, default=0, help="list AMP and print URLs of every K-th"
    )
    args = parser.parse_args(argv)
    serve(make_server(args.articles, args.port, args.variants_every))


if __name__ == "__main__":
    sys.exit(main())
