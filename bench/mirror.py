"""A local mirror of many realistic news pages for `make bench-crawl`, served by its own
process: the shared corpora's pages (read at run time, never copied into the project) under
as many URLs as asked, grouped into sites by their corpus host, each site with a sitemap and
an RSS feed, and a sitemap index over them.

    python -m bench.mirror --pages 5000 [--port 0]

prints its origin on the first line of standard output, then serves until killed.

    /sitemap.xml                       the index of every site's sitemap
    /<site>/sitemap.xml, /<site>/rss   a site's pages (its sitemap lists its front page too)
    /<site>/, /<site>/?page=<k>        a site's listing pages, newest stories first
    /<site>/news/<n>                   page n: corpus page n mod the corpus size, retold
                                       (bench/retell.py) as copy n // the corpus size
    /_served                           how many pages it has served (for memory samples)
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpora import DEFAULT_CORPORA
from bench.pages import mirror_pages
from tests.mockserver import serve

# Stories a listing page links to.
LISTED = 30


def _site_name(host: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in (host or "corpus")).strip("-")


class Mirror:
    def __init__(self, corpora: Path, pages: int) -> None:
        # Made before serving, so that no timed crawl shares the CPU with the retelling.
        served = mirror_pages(corpora, pages)
        self.bodies = [body for _, body in served]
        self.served = 0
        self.sites: dict[str, list[int]] = defaultdict(list)
        self.page_site: list[str] = []
        for n, (source, _) in enumerate(served):
            site = _site_name(source.host)
            self.sites[site].append(n)
            self.page_site.append(site)

    def path(self, n: int) -> str:
        return f"/{self.page_site[n]}/news/{n}"

    def sitemap_index(self, origin: str) -> bytes:
        entries = "".join(
            f"<sitemap><loc>{origin}/{s}/sitemap.xml</loc></sitemap>" for s in self.sites
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        ).encode()

    def listing(self, site: str, page: int) -> bytes:
        """The site's front page (page 1) or an older listing page: links to LISTED of its
        stories, newest first, and to the next page while there is one."""
        newest = self.sites[site][::-1]
        shown = newest[(page - 1) * LISTED : page * LISTED]
        links = "".join(f'<li><a href="{self.path(n)}">Story {n}</a></li>' for n in shown)
        more = len(newest) > page * LISTED
        after = f'<a rel="next" href="/{site}/?page={page + 1}">Older stories</a>' if more else ""
        return (
            f"<!doctype html><html><head><title>{site} news, page {page}</title></head>"
            f"<body><h1>{site}</h1><ul>{links}</ul>{after}</body></html>"
        ).encode()

    def sitemap(self, origin: str, site: str) -> bytes:
        # The front page is listed as well, as news sites do: its listing is crawled too.
        front = f"<url><loc>{origin}/{site}/</loc></url>"
        urls = front + "".join(
            f"<url><loc>{origin}{self.path(n)}</loc></url>" for n in self.sites[site]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()

    def feed(self, origin: str, site: str) -> bytes:
        items = "".join(
            f"<item><link>{origin}{self.path(n)}</link></item>" for n in self.sites[site][-20:]
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    def answer(self, path: str, origin: str, page: int = 1) -> tuple[int, str, bytes]:
        parts = path.strip("/").split("/")
        xml = "application/xml; charset=utf-8"
        if path == "/sitemap.xml":
            return 200, xml, self.sitemap_index(origin)
        if len(parts) == 2 and parts[0] in self.sites and parts[1] == "sitemap.xml":
            return 200, xml, self.sitemap(origin, parts[0])
        if len(parts) == 1 and parts[0] in self.sites and path.endswith("/"):
            return 200, "text/html; charset=utf-8", self.listing(parts[0], page)
        if len(parts) == 2 and parts[0] in self.sites and parts[1] == "rss":
            return 200, "application/rss+xml; charset=utf-8", self.feed(origin, parts[0])
        if len(parts) == 3 and parts[1] == "news" and parts[2].isdigit():
            n = int(parts[2])
            if n < len(self.page_site) and self.page_site[n] == parts[0]:
                self.served += 1  # one writer at a time is enough for a sample's count
                return 200, "text/html", self.bodies[n]
        if path == "/_served":
            return 200, "text/plain", str(self.served).encode()
        return 404, "text/html; charset=utf-8", b"<h1>Not found</h1>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: object, mirror: Mirror, **kwargs: object) -> None:
        self.mirror = mirror
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            status, kind, body = 200, "text/plain", b"User-agent: *\nAllow: /\n"
        else:
            origin = f"http://{self.headers.get('Host') or '127.0.0.1'}"
            path, _, query = self.path.partition("?")
            number = query.removeprefix("page=")
            page = int(number) if query.startswith("page=") and number.isdigit() else 1
            status, kind, body = self.mirror.answer(path, origin, max(page, 1))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    mirror = Mirror(args.corpora, args.pages)
    serve(ThreadingHTTPServer(("127.0.0.1", args.port), partial(Handler, mirror=mirror)))


if __name__ == "__main__":
    main()
