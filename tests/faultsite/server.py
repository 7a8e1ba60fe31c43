"""The Fault Gazette's server: healthy articles, and one route (or a few) per fault case.

Every case has a listing page, /cases/<case>/, linking to the two healthy articles (HEALTHY)
and to its faulty pages; cases reached through a sitemap or a feed have their entry there
instead (ENTRIES). docs/robustness.md and tests/test_faults.py say what each case expects.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.faultsite.pages import (
    EN_FROST,
    EN_HARBOUR,
    EN_LIBRARY,
    HEALTHY,
    RU_MRI,
    RU_OLYMPIAD,
    RU_SNOW,
    STORIES,
    Story,
    article_html,
    listing_html,
)
from tests.mockserver import serve

# Long enough to outlast any DOWNLOAD_TIMEOUT a test sets; the handler thread just sleeps.
SLOW_SECONDS = 15
OVERSIZED_BYTES = 20 * 1024 * 1024  # past the default DOWNLOAD_MAXSIZE
BOMB_BYTES = 64 * 1024 * 1024
# The endless sitemap stops here if nobody hangs up first.
ENDLESS_CAP_BYTES = 256 * 1024 * 1024
HUGE_SCRIPT_BYTES = 5 * 1024 * 1024
LONG_CHAIN_HOPS = 12
CANARY = "/__canary/"
DISALLOWED = "/private/"

Handler = Callable[["FaultHandler"], None]
_ROUTES: dict[str, Handler] = {}
_PREFIXES: list[tuple[str, Handler]] = []


def route(*paths: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for path in paths:
            if path.endswith("*"):
                _PREFIXES.append((path[:-1], handler))
            else:
                _ROUTES[path] = handler
        return handler

    return register


def case(name: str, slug: str = "") -> str:
    """The path of a case's listing, or of one of its pages."""
    return f"/cases/{name}/{slug}"


# -- what each case listing links to, besides the healthy articles --------------------------
LISTED: dict[str, list[tuple[str, str]]] = {
    "slow-headers": [(case("slow-headers", "2026-11-20-slow-response"), "Slow")],
    "slow-body": [(case("slow-body", "2026-11-20-trickling-body"), "Trickle")],
    "dropped-connection": [(case("dropped-connection", "2026-11-20-hang-up"), "Dropped")],
    "truncated-body": [(case("truncated-body", "2026-11-20-cut-short"), "Truncated")],
    "http-500": [(case("http-500", "2026-11-20-server-error"), "500")],
    "http-502": [(case("http-502", "2026-11-20-bad-gateway"), "502")],
    "http-503": [(case("http-503", "2026-11-20-unavailable"), "503")],
    "http-503-retry-after": [
        (case("http-503-retry-after", EN_LIBRARY.slug), "503, then the article")
    ],
    "http-429": [(case("http-429", "2026-11-20-slow-down"), "429")],
    "http-429-long-retry-after": [
        (case("http-429-long-retry-after", "2026-11-20-come-back-tomorrow"), "429 for a day")
    ],
    "http-403": [(case("http-403", "2026-11-20-forbidden"), "403")],
    "http-404-in-listing": [
        (case("http-404-in-listing", "2026-11-20-removed-story"), "Removed"),
        (case("http-404-in-listing", EN_FROST.slug), EN_FROST.title),
    ],
    "redirect-loop": [(case("redirect-loop", "2026-11-20-loop-a"), "Loop")],
    "redirect-to-itself": [(case("redirect-to-itself", "2026-11-20-here"), "Self")],
    "redirect-chains": [
        (case("redirect-chains", "2026-11-20-long-hop-0"), "Long chain"),
        (case("redirect-chains", "2026-11-20-short-hop-0"), "Short chain"),
    ],
    "redirect-offsite": [(case("redirect-offsite", "2026-11-20-moved-away"), "Moved")],
    "redirect-to-file": [(case("redirect-to-file", "2026-11-20-local-file"), "File")],
    "challenge-javascript": [(case("challenge-javascript", "2026-11-20-please-wait"), "JS")],
    "challenge-captcha": [(case("challenge-captcha", "2026-11-20-are-you-human"), "Captcha")],
    "challenge-interstitial": [
        (case("challenge-interstitial", "2026-11-20-checking-browser"), "Interstitial")
    ],
    "empty-200": [(case("empty-200", "2026-11-20-nothing-here"), "Empty")],
    "cp1251-labelled-utf8": [(case("cp1251-labelled-utf8", RU_MRI.slug), RU_MRI.title)],
    "koi8r-labelled-utf8": [(case("koi8r-labelled-utf8", RU_SNOW.slug), RU_SNOW.title)],
    "utf8-labelled-cp1251": [(case("utf8-labelled-cp1251", RU_OLYMPIAD.slug), RU_OLYMPIAD.title)],
    "utf8-labelled-koi8r": [(case("utf8-labelled-koi8r", RU_SNOW.slug), RU_SNOW.title)],
    "koi8r-labelled-cp1251": [(case("koi8r-labelled-cp1251", RU_MRI.slug), RU_MRI.title)],
    "cp1251-undeclared": [(case("cp1251-undeclared", RU_SNOW.slug), RU_SNOW.title)],
    "invalid-utf8": [(case("invalid-utf8", RU_OLYMPIAD.slug), RU_OLYMPIAD.title)],
    "binary-as-html": [(case("binary-as-html", "2026-11-20-photo-of-the-day"), "Binary")],
    "pdf-document": [(case("pdf-document", "2026-11-20-annual-report"), "PDF")],
    "oversized-declared": [(case("oversized-declared", "2026-11-20-huge-page"), "Huge")],
    "oversized-streamed": [(case("oversized-streamed", "2026-11-20-endless-page"), "Endless")],
    "gzip-bomb": [(case("gzip-bomb", "2026-11-20-compressed-page"), "Bomb")],
    "endless-pagination": [],
    "calendar-trap": [],
    "malformed-html": [
        (case("malformed-html", EN_HARBOUR.slug), EN_HARBOUR.title),
        # Hrefs that are no URLs, or no URLs of this site.
        ("http://[::1/news/2026-11-20-broken-ipv6", "Broken"),
        ("http://127.0.0.1:99999/news/2026-11-20-bad-port-story", "Bad port"),
        ("http://exa mple.com/news/2026-11-20-space-in-host", "Space"),
    ],
    "huge-inline-script": [(case("huge-inline-script", EN_LIBRARY.slug), EN_LIBRARY.title)],
    "tracking-duplicates": [
        (case("tracking-duplicates", EN_HARBOUR.slug), EN_HARBOUR.title),
        (case("tracking-duplicates", EN_HARBOUR.slug + "?utm_source=newsletter"), "again"),
        (
            case("tracking-duplicates", EN_HARBOUR.slug + "?utm_medium=social&fbclid=AbC123"),
            "and again",
        ),
        (case("tracking-duplicates", EN_HARBOUR.slug + "#comments"), "comments"),
    ],
    "robots-disallowed": [
        (f"{DISALLOWED}news/2026-11-20-members-only-story", "Members only"),
        (f"{DISALLOWED}news/2026-11-21-subscribers-briefing", "Subscribers"),
    ],
    "offsite-links": [
        ("{offsite}/news/2026-11-20-partner-site-story", "Partner"),
        ("http://127.0.0.2:{port}/news/2026-11-20-mirror-site-story", "Mirror"),
        ("mailto:newsroom@fault-gazette.test", "Write to us"),
        ("javascript:void(0)", "Share"),
    ],
    # Longer than URLLENGTH_LIMIT (2083): session ids and filters piled up in a trap's links.
    "overlong-url": [(case("overlong-url", "2026-11-20-" + "filter-" * 300), "Overlong")],
    "not-an-article": [
        (case("not-an-article", "2026-11-20-contact-the-newsroom"), "Contact the newsroom")
    ],
    "feed-external-entity": [],
}
# Cases entered through a sitemap or a feed rather than their listing page.
ENTRIES = {
    "sitemap-external-entity": case("sitemap-external-entity", "index.xml"),
    "sitemap-billion-laughs": case("sitemap-billion-laughs", "index.xml"),
    "sitemap-index-self": case("sitemap-index-self", "index.xml"),
    "sitemap-gigabyte": case("sitemap-gigabyte", "index.xml"),
    "sitemap-invalid": case("sitemap-invalid", "index.xml"),
    "sitemap-gzip-bomb": case("sitemap-gzip-bomb", "index.xml"),
}
CASES = sorted([*LISTED, *ENTRIES])


def entry(name: str) -> str:
    return ENTRIES.get(name, case(name))


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), FaultHandler)
        self.port = self.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        # Another host name for this same server: off-site to a crawl of 127.0.0.1.
        self.offsite = f"http://localhost:{self.port}"
        self._lock = threading.Lock()
        self._log: list[dict[str, str]] = []
        self.hits: Counter[str] = Counter()

    def record(self, path: str, host: str) -> int:
        with self._lock:
            self._log.append({"path": path, "host": host})
            self.hits[urlsplit(path).path] += 1
            return self.hits[urlsplit(path).path]

    def log_entries(self) -> list[dict[str, str]]:
        with self._lock:
            return list(self._log)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a crawler hanging up on a slow or huge response is the point of those cases


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    server_version = "fault-gazette/1"
    hit = 0

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/__log":
            self.send(200, json.dumps(self.server.log_entries()).encode(), "application/json")
            return
        self.hit = self.server.record(self.path, self.headers.get("Host", ""))
        handler = _ROUTES.get(parts.path) or next(
            (h for prefix, h in _PREFIXES if parts.path.startswith(prefix)), None
        )
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            (handler or _not_found)(self)

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)

    @property
    def path_only(self) -> str:
        return urlsplit(self.path).path

    def url(self, path: str) -> str:
        return self.server.origin + path

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: tuple[tuple[str, str], ...] = (),
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def article(self, story: Story, **kwargs: Any) -> None:
        self.send(200, article_html(story, self.url(self.path_only), **kwargs).encode())

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", headers=(("Location", location),))

    def log_message(self, format: str, *args: object) -> None:
        pass


def _not_found(h: FaultHandler) -> None:
    h.send(404, b"<html><body><h1>Not found</h1><p>No such page.</p></body></html>")


def _error_page(status: int, text: str) -> bytes:
    return f"<html><body><h1>{status}</h1><p>{text}</p></body></html>".encode()


# -- the site itself -------------------------------------------------------------------------


@route("/robots.txt")
def robots(h: FaultHandler) -> None:
    body = f"User-agent: *\nDisallow: {DISALLOWED}\n\nSitemap: {h.url('/sitemap.xml')}\n"
    h.send(200, body.encode(), "text/plain; charset=utf-8")


@route("/")
def home(h: FaultHandler) -> None:
    links = [(case(name), name) for name in sorted(LISTED)] + [("/news/", "All news")]
    h.send(200, listing_html("The Fault Gazette", links).encode())


@route("/news/")
def news(h: FaultHandler) -> None:
    h.send(200, listing_html("News", [(s.path, s.title) for s in STORIES]).encode())


@route(*(story.path for story in STORIES))
def story_page(h: FaultHandler) -> None:
    h.article(next(s for s in STORIES if s.path == h.path_only))


@route("/about/")
def about(h: FaultHandler) -> None:
    h.send(200, b"<html><body><h1>About us</h1><p>We test crawlers.</p></body></html>")


@route(f"{CANARY}*")
def canary(h: FaultHandler) -> None:
    # Only ever requested by an XML parser that resolves external entities.
    h.send(200, b"<!ENTITY leaked 'the parser fetched me'>", "application/xml-dtd")


def _urlset(h: FaultHandler, paths: list[str], doctype: str = "") -> bytes:
    urls = "".join(f"<url><loc>{h.url(p)}</loc><lastmod>2026-11-20</lastmod></url>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def _index(h: FaultHandler, paths: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{h.url(p)}</loc></sitemap>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    ).encode()


XML = "application/xml; charset=utf-8"


@route("/sitemap.xml")
def sitemap_index(h: FaultHandler) -> None:
    maps = ["/sitemap-news.xml", *(ENTRIES[name] for name in sorted(ENTRIES))]
    h.send(200, _index(h, maps), XML)


@route("/sitemap-news.xml", *(case(name, "good.xml") for name in ENTRIES))
def good_sitemap(h: FaultHandler) -> None:
    stories = STORIES if h.path_only == "/sitemap-news.xml" else HEALTHY
    h.send(200, _urlset(h, [s.path for s in stories]), XML)


@route("/feed.xml")
def good_feed(h: FaultHandler) -> None:
    items = "".join(
        f"<item><title>{s.title}</title><link>{h.url(s.path)}</link>"
        f"<pubDate>{s.published}</pubDate></item>"
        for s in STORIES
        if s.language == "en"
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    h.send(200, body.encode(), "application/rss+xml; charset=utf-8")


# -- case listings -----------------------------------------------------------------------------


@route(*(case(name) for name in LISTED if name not in ("endless-pagination", "calendar-trap")))
def case_listing(h: FaultHandler) -> None:
    name = h.path_only.strip("/").split("/")[1]
    fill = {"offsite": h.server.offsite, "port": str(h.server.port)}
    links = [(s.path, s.title) for s in HEALTHY] + [
        (href.format(**fill), text) for href, text in LISTED[name]
    ]
    head = ""
    if name == "feed-external-entity":
        href = case(name, "feed.xml")
        head = f'<link rel="alternate" type="application/rss+xml" href="{href}">'
    h.send(200, listing_html(f"Case: {name}", links, head_extra=head).encode())


# -- slow, dropped and truncated ---------------------------------------------------------------


@route(case("slow-headers", "2026-11-20-slow-response"))
def slow_headers(h: FaultHandler) -> None:
    time.sleep(SLOW_SECONDS)
    h.article(EN_FROST)


@route(case("slow-body", "2026-11-20-trickling-body"))
def slow_body(h: FaultHandler) -> None:
    body = article_html(EN_FROST, h.url(h.path_only)).encode()
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    step = max(1, len(body) // (SLOW_SECONDS * 2))
    for start in range(0, len(body), step):
        h.wfile.write(body[start : start + step])
        h.wfile.flush()
        time.sleep(0.5)


@route(case("dropped-connection", "2026-11-20-hang-up"))
def dropped(h: FaultHandler) -> None:
    # Hang up without a word: no status line, no headers.
    h.connection.shutdown(socket.SHUT_RDWR)


@route(case("truncated-body", "2026-11-20-cut-short"))
def truncated(h: FaultHandler) -> None:
    body = article_html(EN_FROST, h.url(h.path_only)).encode()
    h.send(200, body[: len(body) // 3], length=len(body))


# -- HTTP errors -------------------------------------------------------------------------------


@route(case("http-500", "2026-11-20-server-error"))
def http_500(h: FaultHandler) -> None:
    h.send(500, _error_page(500, "Internal Server Error"))


@route(case("http-502", "2026-11-20-bad-gateway"))
def http_502(h: FaultHandler) -> None:
    h.send(502, _error_page(502, "Bad Gateway"))


@route(case("http-503", "2026-11-20-unavailable"))
def http_503(h: FaultHandler) -> None:
    h.send(503, _error_page(503, "Service Unavailable"))


@route(case("http-503-retry-after", EN_LIBRARY.slug))
def http_503_then_ok(h: FaultHandler) -> None:
    if h.hit == 1:
        h.send(503, _error_page(503, "Busy, try again"), headers=(("Retry-After", "1"),))
    else:
        h.article(EN_LIBRARY)


@route(case("http-429", "2026-11-20-slow-down"))
def http_429(h: FaultHandler) -> None:
    h.send(429, _error_page(429, "Too Many Requests"), headers=(("Retry-After", "1"),))


@route(case("http-429-long-retry-after", "2026-11-20-come-back-tomorrow"))
def http_429_long(h: FaultHandler) -> None:
    when = "Thu, 01 Jan 2099 00:00:00 GMT"
    h.send(429, _error_page(429, "Come back later"), headers=(("Retry-After", when),))


@route(case("http-403", "2026-11-20-forbidden"))
def http_403(h: FaultHandler) -> None:
    h.send(403, _error_page(403, "Forbidden"))


@route(case("http-404-in-listing", EN_FROST.slug))
def listed_story(h: FaultHandler) -> None:
    h.article(EN_FROST)


# -- redirects ---------------------------------------------------------------------------------


@route(case("redirect-loop", "2026-11-20-loop-a"), case("redirect-loop", "2026-11-20-loop-b"))
def redirect_loop(h: FaultHandler) -> None:
    other = "b" if h.path_only.endswith("-a") else "a"
    h.redirect(case("redirect-loop", f"2026-11-20-loop-{other}"))


@route(case("redirect-to-itself", "2026-11-20-here"))
def redirect_self(h: FaultHandler) -> None:
    h.redirect(h.path_only, 301)


@route(
    case("redirect-chains", "2026-11-20-long-hop-*"),
    case("redirect-chains", "2026-11-20-short-hop-*"),
)
def redirect_chain(h: FaultHandler) -> None:
    stem, _, number = h.path_only.rpartition("-")
    hops = LONG_CHAIN_HOPS if "long" in stem else 3
    if int(number) < hops:
        h.redirect(f"{stem}-{int(number) + 1}", 301 if int(number) % 2 else 302)
    elif "long" in stem:
        h.article(EN_HARBOUR)
    else:
        h.redirect(case("redirect-chains", EN_FROST.slug))


@route(case("redirect-chains", EN_FROST.slug))
def chain_end(h: FaultHandler) -> None:
    h.article(EN_FROST)


@route(case("redirect-offsite", "2026-11-20-moved-away"))
def redirect_offsite(h: FaultHandler) -> None:
    h.redirect(h.server.offsite + EN_FROST.path)


@route(case("redirect-to-file", "2026-11-20-local-file"))
def redirect_file(h: FaultHandler) -> None:
    h.redirect("file:///etc/passwd")


# -- challenges --------------------------------------------------------------------------------


@route(case("challenge-javascript", "2026-11-20-please-wait"))
def challenge_js(h: FaultHandler) -> None:
    body = (
        "<!DOCTYPE html><html><head><title>One moment…</title>"
        "<script>document.cookie='js_ok=1';location.reload();</script></head>"
        "<body><noscript>Please enable JavaScript and cookies to continue.</noscript>"
        "<p>Please enable JavaScript to view this page.</p></body></html>"
    )
    h.send(200, body.encode())


@route(case("challenge-captcha", "2026-11-20-are-you-human"))
def challenge_captcha(h: FaultHandler) -> None:
    body = (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        "<title>Ой!</title></head><body>"
        "<h1>Подтвердите, что запросы отправляли вы, а не робот</h1>"
        '<form action="/checkcaptcha" method="post"><div class="smartcaptcha" '
        'data-sitekey="test"></div><button>Я не робот</button></form></body></html>'
    )
    h.send(200, body.encode())


@route(case("challenge-interstitial", "2026-11-20-checking-browser"))
def challenge_interstitial(h: FaultHandler) -> None:
    body = (
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
        '<div id="challenge-body-text">Checking if the site connection is secure</div>'
        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
        "</body></html>"
    )
    h.send(503, body.encode(), headers=(("cf-mitigated", "challenge"),))


@route(case("empty-200", "2026-11-20-nothing-here"))
def empty(h: FaultHandler) -> None:
    h.send(200, b"")


# -- encodings ---------------------------------------------------------------------------------


def _encoded(h: FaultHandler, story: Story, codec: str, header: str, meta: str | None) -> None:
    html = article_html(story, h.url(h.path_only), charset=meta)
    h.send(200, html.encode(codec), header)


@route(case("cp1251-labelled-utf8", RU_MRI.slug))
def cp1251_as_utf8(h: FaultHandler) -> None:
    _encoded(h, RU_MRI, "cp1251", "text/html; charset=utf-8", "utf-8")


@route(case("koi8r-labelled-utf8", RU_SNOW.slug))
def koi8r_as_utf8(h: FaultHandler) -> None:
    _encoded(h, RU_SNOW, "koi8_r", "text/html; charset=UTF-8", "utf-8")


@route(case("utf8-labelled-cp1251", RU_OLYMPIAD.slug))
def utf8_as_cp1251(h: FaultHandler) -> None:
    _encoded(h, RU_OLYMPIAD, "utf-8", "text/html; charset=windows-1251", "windows-1251")


@route(case("utf8-labelled-koi8r", RU_SNOW.slug))
def utf8_as_koi8r(h: FaultHandler) -> None:
    _encoded(h, RU_SNOW, "utf-8", "text/html; charset=koi8-r", "koi8-r")


@route(case("koi8r-labelled-cp1251", RU_MRI.slug))
def koi8r_as_cp1251(h: FaultHandler) -> None:
    _encoded(h, RU_MRI, "koi8_r", "text/html; charset=windows-1251", "windows-1251")


@route(case("cp1251-undeclared", RU_SNOW.slug))
def cp1251_undeclared(h: FaultHandler) -> None:
    _encoded(h, RU_SNOW, "cp1251", "text/html", None)


@route(case("invalid-utf8", RU_OLYMPIAD.slug))
def invalid_utf8(h: FaultHandler) -> None:
    html = article_html(RU_OLYMPIAD, h.url(h.path_only)).encode("utf-8")
    text = RU_OLYMPIAD.paragraphs[1]
    # A stray byte, a lead byte without its continuation, and a character cut in half.
    broken = b"".join(
        (
            text[:10].encode(),
            b"\xff",
            text[10:20].encode(),
            b"\xd0",
            text[20:30].encode(),
            text[30].encode()[:1],
            text[31:].encode(),
        )
    )
    h.send(200, html.replace(text.encode(), broken), "text/html; charset=utf-8")


# -- not pages ---------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@route(case("binary-as-html", "2026-11-20-photo-of-the-day"))
def binary_as_html(h: FaultHandler) -> None:
    h.send(200, PNG, "text/html; charset=utf-8")


@route(case("pdf-document", "2026-11-20-annual-report"))
def pdf(h: FaultHandler) -> None:
    h.send(200, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "application/pdf")


def _filler(size: int) -> bytes:
    line = b"<p>" + b"filler text " * 40 + b"</p>\n"
    return b"<html><body>" + line * (size // len(line) + 1) + b"</body></html>"


@route(case("oversized-declared", "2026-11-20-huge-page"))
def oversized_declared(h: FaultHandler) -> None:
    h.send(200, _filler(OVERSIZED_BYTES))


@route(case("oversized-streamed", "2026-11-20-endless-page"))
def oversized_streamed(h: FaultHandler) -> None:
    # No Content-Length: the body ends when the connection closes (HTTP/1.0).
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.end_headers()
    chunk = _filler(64 * 1024)
    for _ in range(OVERSIZED_BYTES // len(chunk) + 1):
        h.wfile.write(chunk)


@cache
def _bomb() -> bytes:
    return gzip.compress(b"<html><body>" + b"\0" * BOMB_BYTES, compresslevel=9)


@route(case("gzip-bomb", "2026-11-20-compressed-page"))
def gzip_bomb(h: FaultHandler) -> None:
    h.send(200, _bomb(), headers=(("Content-Encoding", "gzip"),))


@route(case("not-an-article", "2026-11-20-contact-the-newsroom"))
def not_article(h: FaultHandler) -> None:
    body = (
        "<!DOCTYPE html><html><head><title>Contact the newsroom</title></head><body>"
        "<h1>Contact the newsroom</h1><form action='/send' method='post'>"
        "<label>Your name <input name='name'></label><label>Your message "
        "<textarea name='message'></textarea></label><button>Send</button></form>"
        "<p>We answer within two working days.</p></body></html>"
    )
    h.send(200, body.encode())


# -- sitemaps and feeds ------------------------------------------------------------------------


@route(*(ENTRIES[name] for name in ENTRIES if name != "sitemap-index-self"))
def case_index(h: FaultHandler) -> None:
    name = h.path_only.split("/")[2]
    gz = ".gz" if name == "sitemap-gzip-bomb" else ""
    h.send(200, _index(h, [case(name, f"hostile.xml{gz}"), case(name, f"good.xml{gz}")]), XML)


@route(case("sitemap-gzip-bomb", "good.xml.gz"))
def gzipped_sitemap(h: FaultHandler) -> None:
    body = gzip.compress(_urlset(h, [s.path for s in HEALTHY]))
    h.send(200, body, "application/x-gzip")


@route(case("sitemap-gzip-bomb", "hostile.xml.gz"))
def gzipped_bomb(h: FaultHandler) -> None:
    # Not Content-Encoding: a .gz file, which the spider itself decompresses.
    h.send(200, _bomb(), "application/x-gzip")


@route(ENTRIES["sitemap-index-self"])
def self_index(h: FaultHandler) -> None:
    name = "sitemap-index-self"
    h.send(200, _index(h, [case(name, "index.xml"), case(name, "good.xml")]), XML)


@route(case("sitemap-external-entity", "hostile.xml"))
def sitemap_xxe(h: FaultHandler) -> None:
    doctype = (
        f'<!DOCTYPE urlset [<!ENTITY leak SYSTEM "{h.url(CANARY + "sitemap")}">'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">]>\n'
    )
    body = _urlset(h, [case("sitemap-external-entity", "2026-11-20-&leak;&passwd;")], doctype)
    h.send(200, body, XML)


@route(case("sitemap-billion-laughs", "hostile.xml"))
def sitemap_lol(h: FaultHandler) -> None:
    levels = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        levels.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">')
    doctype = f"<!DOCTYPE urlset [{''.join(levels)}]>\n"
    body = _urlset(h, [case("sitemap-billion-laughs", "2026-11-20-&lol9;")], doctype)
    h.send(200, body, XML)


@route(case("sitemap-gigabyte", "hostile.xml"))
def sitemap_endless(h: FaultHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", XML)
    h.end_headers()
    h.wfile.write(
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    )
    entry = "".join(
        f"<url><loc>{h.url(case('sitemap-gigabyte', f'2026-11-20-story-{n}'))}</loc></url>"
        for n in range(200)
    ).encode()
    for _ in range(ENDLESS_CAP_BYTES // len(entry)):
        h.wfile.write(entry)


@route(case("sitemap-invalid", "hostile.xml"))
def sitemap_invalid(h: FaultHandler) -> None:
    h.send(200, _error_page(200, "Sitemap temporarily unavailable"), XML)


@route(case("feed-external-entity", "feed.xml"))
def feed_xxe(h: FaultHandler) -> None:
    body = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{h.url(CANARY + "feed")}"> %remote;]>\n'
        '<rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>&leaked;</title><link>{h.url(EN_FROST.path)}</link></item>"
        "</channel></rss>"
    )
    h.send(200, body.encode(), "application/rss+xml; charset=utf-8")


# -- traps ---------------------------------------------------------------------------------


@route(case("endless-pagination"))
def endless_pagination(h: FaultHandler) -> None:
    page = int((h.query.get("page") or ["1"])[0])
    links = [(s.path, s.title) for s in HEALTHY]
    head = f'<link rel="next" href="?page={page + 1}">'
    body = listing_html(f"All news, page {page}", links, head_extra=head)
    body = body.replace("</ul>", f'</ul><a rel="next" href="?page={page + 1}">Next »</a>')
    h.send(200, body.encode())


@route(case("calendar-trap"), case("calendar-trap", "*"))
def calendar(h: FaultHandler) -> None:
    tail = h.path_only.removeprefix(case("calendar-trap")).strip("/")
    year, month, day = (int(x) for x in tail.split("/")) if tail else (2026, 11, 21)
    serial = year * 372 + (month - 1) * 31 + (day - 1)  # a calendar of 31-day months will do

    def day_path(n: int) -> str:
        y, rest = divmod(n, 372)
        m, d = divmod(rest, 31)
        return case("calendar-trap", f"{y}/{m + 1:02d}/{d + 1:02d}/")

    links = [(s.path, s.title) for s in HEALTHY]
    nav = (
        f'<a rel="next" href="{day_path(serial - 1)}">Older</a> '
        f'<a href="{day_path(serial + 1)}">Newer</a>'
    )
    body = listing_html(f"Archive for {tail or 'today'}", links).replace("</ul>", f"</ul>{nav}")
    h.send(200, body.encode())


# -- pages that are articles, however broken -------------------------------------------------


@route(case("malformed-html", EN_HARBOUR.slug))
def malformed(h: FaultHandler) -> None:
    story = EN_HARBOUR
    p = story.paragraphs
    body = f"""<html><head><title>{story.title}</title>
<meta property=og:type content=article>
<meta property="article:published_time" content="{story.published}">
<body><div class=masthead><a href=/>The Fault Gazette</a>
<form action=/search><form action=/login><input name=q></form>
<table><tr><td>Menu<td><a href="http://[::1">Broken link</a> <a href="http://exa mple.com/x">x</a>
</table></div>
<div class=story><h1>{story.title}</h1>
<time datetime="{story.published}">{story.published[:10]}</time>
<div class=story__body>
<p>{p[0]}
<p>{p[1]}</td></span>
<div><p>{p[2]}</b></i>
<p>{p[3]}
</div></div></div></div></div>
<footer>&copy 2026 The Fault Gazette &unknown; <<<>>>
"""
    h.send(200, body.encode())


@route(case("huge-inline-script", EN_LIBRARY.slug))
def huge_script(h: FaultHandler) -> None:
    line = "window.__STATE__.push({'id': 1234567, 'payload': 'abcdefghijklmnopqrstuvwxyz'});\n"
    script = (
        "<script>window.__STATE__=[];\n" + line * (HUGE_SCRIPT_BYTES // len(line)) + "</script>"
    )
    h.article(EN_LIBRARY, head_extra=script)


@route(case("tracking-duplicates", EN_HARBOUR.slug))
def tracked(h: FaultHandler) -> None:
    h.article(EN_HARBOUR)


def make_server(port: int = 0) -> FaultServer:
    return FaultServer(port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The Fault Gazette: a fault-injection site")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    serve(make_server(args.port))
