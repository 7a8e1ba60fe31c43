"""A news site on 127.0.0.1 whose article pages carry the site's own template strings, none of
them in any phrase list: a podcast promo and an inline "<site> recommends: <headline>" line
inside the article container, on every article. Five articles on one story share a standard
background paragraph (article text, not template), and every article ends with a closing
paragraph of its own.

    python -m tests.templatesite [--articles 150] [--port 0]

prints its origin (http://127.0.0.1:PORT) as the first line of standard output, then serves
until killed.

    /sitemap.xml       the first N articles (N from /_admin/articles?count=N, else --articles)
    /news/<i>          article i
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.mockserver import serve

PROMO = (
    "Listen to Steppe Mornings, our weekday podcast, on this website and in your podcast app "
    "every morning from seven."
)
RECOMMENDS = "Steppe Daily recommends:"
BACKGROUND = (
    "The Irtysh bridge project was approved in 2021 and is financed by the regional budget "
    "and a loan from the development bank, with completion planned for the end of 2027."
)
BRIDGE_STORIES = frozenset({3, 40, 77, 101, 140})
_WORDS = (
    "council budget farmers region railway station school hospital museum market prices "
    "company contract delegation meeting minister officials report growth season weather "
    "roads drivers traffic construction water supply energy plant workers students teachers "
    "families residents visitors tournament athletes river village district"
).split()
BASE = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def sentence(rng: random.Random, words: int = 24) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def closing(article: int) -> str:
    """A last paragraph of the article's own: no other page has it."""
    rng = random.Random(-article)
    return f"In the end, {sentence(rng, 12).lower()}"


def paragraphs(article: int) -> list[str]:
    rng = random.Random(article)
    body = [sentence(rng) + " " + sentence(rng) for _ in range(4)]
    if article in BRIDGE_STORIES:
        body.insert(2, BACKGROUND)
    return [*body, closing(article)]


def page(article: int, canonical_origin: str | None = None) -> bytes:
    """Article `article`; with `canonical_origin`, declaring its URL there (a saved page)."""
    body = paragraphs(article)
    other = article % 150 + 1
    parts = [f"<p>{text}</p>" for text in body[:2]]
    parts.append(f'<p>{RECOMMENDS} <a href="/news/{other}">Headline of story {other}</a></p>')
    parts += [f"<p>{text}</p>" for text in body[2:-1]]
    parts.append(f'<p class="promo">{PROMO}</p>')
    parts.append(f"<p>{body[-1]}</p>")
    published = (BASE + timedelta(hours=article)).isoformat()
    canonical = (
        f'<link rel="canonical" href="{canonical_origin}/news/{article}">'
        if canonical_origin
        else ""
    )
    html = (
        f"<html><head><title>Story {article} | Steppe Daily</title>"
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{published}">'
        f"{canonical}</head><body>"
        '<nav><a href="/">Steppe Daily</a> <a href="/news">News</a></nav>'
        f"<article><h1>Story {article}: what the region decided</h1>"
        f'<div class="text">{"".join(parts)}</div></article>'
        "<footer>© 2026 Steppe Daily</footer></body></html>"
    )
    return html.encode()


class Handler(BaseHTTPRequestHandler):
    articles = 150

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/_admin/articles":
            Handler.articles = int(parse_qs(parts.query)["count"][0])
            self._send(200, b"ok", "text/plain")
        elif parts.path == "/sitemap.xml":
            origin = f"http://{self.headers.get('Host')}"
            urls = "".join(
                f"<url><loc>{origin}/news/{i}</loc></url>" for i in range(1, Handler.articles + 1)
            )
            xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            self._send(200, xml.encode(), "application/xml")
        elif parts.path.startswith("/news/") and parts.path[6:].isdigit():
            self._send(200, page(int(parts.path[6:])), "text/html; charset=utf-8")
        elif parts.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        else:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    Handler.articles = args.articles
    serve(ThreadingHTTPServer(("127.0.0.1", args.port), Handler))


if __name__ == "__main__":
    main()
