"""Is this response a page we can read? Checked once the body is downloaded and decompressed,
before retries, the HTTP error check and the spider see it:

    empty                     a 2xx with no body
    unsupported_content_type  an image, PDF, archive, JSON… (by Content-Type, or by its first
                              bytes when it comes labelled text/html)
    blocked                   a challenge instead of the page: "enable JavaScript", a captcha,
                              a bot-protection interstitial; often served with status 200, so
                              nothing else would notice. Not retried: asking again at once
                              gets the same challenge.

A refused response goes to the request's errback as `SkipRequest(reason)`. A request whose
meta has GZIP_OK (a sitemap) may get a gzip file: the spider decompresses it, within limits.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Self

import lxml.etree
import lxml.html
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.request import NO_CALLBACK

from newscrawl.crawl.keys import GZIP_OK
from newscrawl.crawl.reasons import SkipRequest
from newscrawl.extract.encoding import decode_html

_GZIP = b"\x1f\x8b"
_READABLE_TYPES = re.compile(
    r"^(text/html|application/xhtml\+xml|text/xml|application/xml"
    r"|application/[\w.-]+\+xml|text/[\w.-]+\+xml)$"
)
# Types servers use when they do not know better; the body decides.
_VAGUE_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream"})
# More than one NUL byte in this many of a body's first kilobyte: binary.
_NUL_SHARE = 32
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
    b"ID3",
    b"OggS",
    b"RIFF",
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"\x00asm",
    b"MZ",
    b"\x7fELF",
)
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")

# Challenge pages are small; a page past this size is a page, whatever it says about JavaScript.
_CHALLENGE_MAX_BYTES = 300_000
# Visible text (outside script, style and noscript) of a challenge page: a sentence or two.
_CHALLENGE_MAX_TEXT = 600
_CHALLENGE_MAX_LINKS = 5
# Anchors counted in the raw bytes, before any decoding or parsing: far more than a challenge
# page's few links even when some sit in scripts or comments. Pages past it (every article and
# listing) skip the marker scan, which cost ~1.5 ms a page: a tenth of the crawl's overhead.
_CHALLENGE_MAX_RAW_ANCHORS = 10 * _CHALLENGE_MAX_LINKS
_ANCHOR = re.compile(rb"<a[\s>]", re.IGNORECASE)
_CHALLENGE_STATUSES = frozenset({403, 429, 503})
_CHALLENGE_PHRASES = (
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "requires javascript",
    "turn on javascript",
    "javascript to run this app",
    "checking your browser",
    "checking if the site connection is secure",
    "just a moment",
    "verify you are human",
    "verifying you are human",
    "are you a robot",
    "not a robot",
    "solve the captcha",
    "complete the captcha",
    "complete the security check",
    "ddos protection",
    "attention required",
    "pardon our interruption",
    "request unsuccessful",
    "включите javascript",
    "включите поддержку javascript",
    "javascript отключен",
    "проверка браузера",
    "проверяем ваш браузер",
    "не робот",
    "введите символы",
)
_CHALLENGE_MARKUP = (
    "cf-chl",
    "challenge-platform",
    "cf-browser-verification",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "smartcaptcha",
    "captcha-delivery.com",
    "_incapsula_resource",
    "ddos-guard",
    "px-captcha",
)


def media_type(response: Response) -> str:
    value = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return value.split(";", 1)[0].strip().lower()


def is_binary(body: bytes) -> bool:
    """Bytes of an image, archive, PDF… rather than text, whatever the label says."""
    if body.startswith(_MAGIC):
        return True
    head = body[:1024]
    # Binary formats are full of NULs; a page may carry a stray one (a CMS that pasted it
    # in), which is no reason to lose the article.
    nuls = head.count(b"\x00")
    return nuls * _NUL_SHARE > len(head) and not head.startswith(_UNICODE_BOMS)


def looks_like_markup(body: bytes) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _many_anchors(body: bytes) -> bool:
    # Stops at the first anchor past the limit: an article page has hundreds.
    anchors = _ANCHOR.finditer(body)
    return next(islice(anchors, _CHALLENGE_MAX_RAW_ANCHORS, None), None) is not None


def is_challenge(body: bytes, content_type: str = "") -> bool:
    """A bot-protection page (challenge, captcha, "enable JavaScript") standing in for the
    page: a marker phrase in what the page says (not in its links) or a challenge widget in its
    markup, hardly any visible text and hardly any links. A page that declares an article is
    left to the extractor, which may find the story in its structured data."""
    if not body or len(body) > _CHALLENGE_MAX_BYTES or _many_anchors(body):
        return False
    text = decode_html(body, content_type)
    lowered = text.lower()
    if not any(marker in lowered for marker in _CHALLENGE_PHRASES + _CHALLENGE_MARKUP):
        return False
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):  # empty, or an XML declaration in a str
        return False
    declared = " ".join(root.xpath("//script[@type='application/ld+json']//text()")).lower()
    if root.xpath("//meta[@property='og:type' and @content='article']") or "article" in declared:
        return False
    if len(root.xpath("//a[@href]")) > _CHALLENGE_MAX_LINKS:
        return False  # a listing or a page, if a short one
    for element in root.xpath("//script | //style | //template | //a"):
        element.drop_tree()
    said = " ".join(root.xpath("//title//text() | //body//text()")).lower()
    for element in root.xpath("//noscript"):
        element.drop_tree()
    visible = " ".join(" ".join(root.xpath("//body//text()")).split())
    if len(visible) > _CHALLENGE_MAX_TEXT:
        return False
    return any(phrase in said for phrase in _CHALLENGE_PHRASES) or any(
        marker in lowered for marker in _CHALLENGE_MARKUP
    )


class ResponseGuard:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if request.callback is NO_CALLBACK:  # robots.txt and other internal fetches
            return response
        kind = media_type(response)
        body = response.body
        if response.status in _CHALLENGE_STATUSES or 200 <= response.status < 300:
            # Cloudflare marks its challenge responses with this header.
            flagged = (response.headers.get("cf-mitigated") or b"").lower() == b"challenge"
            header = (response.headers.get("Content-Type") or b"").decode("latin-1")
            if flagged or ((kind in _VAGUE_TYPES or "html" in kind) and is_challenge(body, header)):
                raise SkipRequest("blocked", response.url)
        if not 200 <= response.status < 300:
            return response
        if not body.strip():
            raise SkipRequest("empty", response.url)
        if body.startswith(_GZIP) and request.meta.get(GZIP_OK):
            return response
        if is_binary(body):
            raise SkipRequest("unsupported_content_type", f"{kind or 'no type'} {response.url}")
        if _READABLE_TYPES.match(kind):
            return response
        if kind in _VAGUE_TYPES and looks_like_markup(body):
            # Unlabelled markup: let the spider read it as the page it is.
            return (
                response
                if isinstance(response, TextResponse)
                else response.replace(cls=HtmlResponse)
            )
        raise SkipRequest("unsupported_content_type", f"{kind or 'no type'} {response.url}")
