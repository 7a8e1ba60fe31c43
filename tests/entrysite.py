"""A small English news site on 127.0.0.1 whose articles live at short ids, as many CMSs name
them (/news/7, /news/42.html, /?p=311): URLs that no guess from the URL takes for articles,
listed by the site's sitemaps and feeds.

    python -m tests.entrysite [--port 0]

prints its origin (http://127.0.0.1:PORT) as the first line of standard output, then serves
until killed.

    /sitemap.xml          every article with its lastmod, and the about page (no lastmod)
    /news-sitemap.xml     every article as a Google News sitemap entry (no lastmod)
    /rss.xml, /atom.xml   every article as an RSS 2.0 item / an Atom entry, with its date
    /scope-sitemap.xml    two articles, and two entries out of the crawl's scope: one
                          under a path robots.txt disallows, one on http://localhost:PORT
    /                     the home page, linking every article and the about page
    /about                an undated page about the paper: no article
    /robots.txt           disallows /private/
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.mockserver import serve

BASE_TIME = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
DISALLOWED = "/private/"
# Fewer than four digits each: no id the URL guess counts (newscrawl.urls).
_IDS = (7, 42, 311, 5, 18, 64, 99, 120, 256, 3, 77, 401, 12, 150, 618, 9, 33, 270, 88, 505)
_PATH_FORMS = ("/news/{id}", "/news/{id}.html", "/?p={id}")
_TOPICS = (
    "tram line",
    "library",
    "harbour",
    "grain harvest",
    "railway station",
    "school",
    "hospital",
    "museum",
    "bridge",
    "water supply",
)


@dataclass(frozen=True)
class Article:
    number: int  # 0 .. 19, its place in the sitemap and the feeds
    id: int

    @property
    def path(self) -> str:
        return _PATH_FORMS[self.number % len(_PATH_FORMS)].format(id=self.id)

    @property
    def published(self) -> datetime:
        return BASE_TIME + timedelta(days=self.number)

    @property
    def title(self) -> str:
        return f"Council report {self.id}: the {_TOPICS[self.number % len(_TOPICS)]} plan"


ARTICLES = tuple(Article(number, id) for number, id in enumerate(_IDS))
ABOUT = "/about"
# Reached only through /scope-sitemap.xml: out of the crawl's scope, never to be fetched.
PRIVATE = f"{DISALLOWED}news/1"
OFFSITE_PATH = "/news/2"


def by_path(path_and_query: str) -> Article | None:
    return next((a for a in ARTICLES if a.path == path_and_query), None)


def article_page(article: Article, origin: str) -> str:
    topic = _TOPICS[article.number % len(_TOPICS)]
    when = article.published.isoformat()
    paragraphs = "".join(
        f"<p>The city council discussed the {topic} plan number {article.id} on {day} and "
        f"heard residents, engineers and officials explain what the work would cost, how long "
        f"it would take and who would pay for it over the coming years.</p>"
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{article.title}</title>
<link rel="canonical" href="{origin}{article.path}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{when}">
</head><body><article><h1>{article.title}</h1>
<time datetime="{when}">{article.published:%d %B %Y %H:%M}</time>
{paragraphs}</article></body></html>
"""


ABOUT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>About the Evening Courier</title></head>
<body><h1>About us</h1><p>The Evening Courier has reported on the city since 1921. Our
newsroom of twelve reporters covers the council, the courts, schools and sport.</p>
<p>Write to the editors at the address below; we answer every letter we receive.</p>
</body></html>
"""


def home_page() -> str:
    links = "".join(f'<li><a href="{a.path}">{a.title}</a></li>' for a in ARTICLES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Evening Courier</title></head>
<body><nav><a href="{ABOUT}">About</a></nav><ul class="news">{links}</ul></body></html>
"""


def _urlset(entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>\n"
    )


def _loc(url: str) -> str:
    return f"<loc>{escape(url)}</loc>"


def sitemap(origin: str) -> str:
    entries = "".join(
        f"<url>{_loc(origin + a.path)}<lastmod>{a.published.isoformat()}</lastmod></url>"
        for a in ARTICLES
    )
    return _urlset(entries + f"<url>{_loc(origin + ABOUT)}</url>")


def news_sitemap(origin: str) -> str:
    entries = "".join(
        f"<url>{_loc(origin + a.path)}<news:news><news:publication><news:name>The Evening "
        f"Courier</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{a.title}</news:title></news:news></url>"
        for a in ARTICLES
    )
    return _urlset(entries)


def scope_sitemap(origin: str) -> str:
    offsite = origin.replace("127.0.0.1", "localhost")
    urls = [origin + ARTICLES[0].path, origin + ARTICLES[2].path, origin + PRIVATE]
    return _urlset("".join(f"<url>{_loc(u)}</url>" for u in [*urls, offsite + OFFSITE_PATH]))


def rss(origin: str) -> str:
    items = "".join(
        f"<item><title>{a.title}</title><link>{escape(origin + a.path)}</link>"
        f"<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate></item>"
        for a in ARTICLES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>The Evening Courier</title><link>{origin}/</link>{items}</channel></rss>\n"
    )


def atom(origin: str) -> str:
    entries = "".join(
        f'<entry><title>{a.title}</title><link href="{escape(origin + a.path)}"/>'
        f"<id>{escape(origin + a.path)}</id><updated>{a.published.isoformat()}</updated></entry>"
        for a in ARTICLES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>The Evening Courier</title>{entries}</feed>\n"
    )


_XML = {
    "/sitemap.xml": sitemap,
    "/news-sitemap.xml": news_sitemap,
    "/scope-sitemap.xml": scope_sitemap,
    "/rss.xml": rss,
    "/atom.xml": atom,
}


class Handler(BaseHTTPRequestHandler):
    server_version = "newscrawl-entrysite/1"

    def do_GET(self) -> None:
        origin = f"http://{self.headers.get('Host') or '127.0.0.1'}"
        parts = urlsplit(self.path)
        article = by_path(self.path)
        if article is not None:
            self._send(200, article_page(article, origin), "text/html")
        elif parts.path in _XML and not parts.query:
            self._send(200, _XML[parts.path](origin), "application/xml")
        elif self.path == "/":
            self._send(200, home_page(), "text/html")
        elif self.path == ABOUT:
            self._send(200, ABOUT_PAGE, "text/html")
        elif self.path == "/robots.txt":
            self._send(200, f"User-agent: *\nDisallow: {DISALLOWED}\n", "text/plain")
        else:
            self._send(404, "<html><body>Not found</body></html>", "text/html")

    def _send(self, status: int, body: str, kind: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the crawler logs every request already


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    serve(ThreadingHTTPServer(("127.0.0.1", args.port), Handler))


if __name__ == "__main__":
    main()
