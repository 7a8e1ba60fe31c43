"""The check that a downloaded page is one we can read (newscrawl.middlewares.responses
.ResponseGuard), on real responses: what passes, what is refused and with which skip reason.
What counts as a challenge page or a binary body is in tests/test_middlewares.py; the guard
in whole crawls is in tests/test_faults.py."""

from __future__ import annotations

import gzip

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler

from newscrawl.crawl.keys import GZIP_OK
from newscrawl.crawl.reasons import SkipRequest
from newscrawl.middlewares.responses import ResponseGuard
from tests.faultsite.pages import EN_TRAM, article_html

URL = "https://example.com/news/1234"
ARTICLE = article_html(EN_TRAM, URL).encode()
CHALLENGE = (
    b"<html><head><title>Just a moment...</title></head><body>"
    b"<p>Checking your browser before accessing example.com.</p></body></html>"
)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def guard() -> ResponseGuard:
    return ResponseGuard.from_crawler(get_crawler())


def refusal(request: Request, response: Response) -> str:
    with pytest.raises(SkipRequest) as refused:
        guard().process_response(request, response)
    return refused.value.reason


def page(
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    request: Request | None = None,
    cls: type[Response] = HtmlResponse,
) -> Response:
    request = request or Request(URL)
    headers = HTML if headers is None else headers
    return cls(URL, status=status, headers=headers, body=body, request=request)


def test_an_article_passes_untouched() -> None:
    request = Request(URL)
    response = page(ARTICLE, request=request)
    assert guard().process_response(request, response) is response


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "], ids=["nothing", "whitespace"])
def test_an_empty_body_is_refused(body: bytes) -> None:
    request = Request(URL)
    assert refusal(request, page(body, request=request)) == "empty"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.7\n" + b"x" * 100, "text/html"),  # labelled as a page, bytes of a PDF
        (b"\x89PNG\r\n\x1a\n" + b"x" * 100, "image/png"),
        (b'{"articles": []}', "application/json"),
        (b"just some text, no markup", "text/plain"),
    ],
    ids=["pdf-as-html", "png", "json", "plain-text"],
)
def test_what_is_no_page_is_refused(body: bytes, content_type: str) -> None:
    request = Request(URL)
    response = page(body, headers={"Content-Type": content_type}, request=request)
    assert refusal(request, response) == "unsupported_content_type"


def test_a_gzip_file_is_for_a_request_that_expects_one() -> None:
    sitemap = gzip.compress(b"<?xml version='1.0'?><urlset></urlset>")
    headers = {"Content-Type": "application/octet-stream"}
    expecting = Request(URL, meta={GZIP_OK: True})
    response = page(sitemap, headers=headers, request=expecting, cls=Response)
    assert guard().process_response(expecting, response) is response
    article = Request(URL)
    response = page(sitemap, headers=headers, request=article, cls=Response)
    assert refusal(article, response) == "unsupported_content_type"


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (200, HTML, CHALLENGE),
        (403, HTML, CHALLENGE),
        (503, {}, CHALLENGE),  # no Content-Type: the body decides
        (200, {**HTML, "cf-mitigated": "challenge"}, ARTICLE),  # Cloudflare says so
    ],
    ids=["200", "403", "503-unlabelled", "cf-mitigated"],
)
def test_a_challenge_page_is_blocked(status: int, headers: dict[str, str], body: bytes) -> None:
    request = Request(URL)
    assert refusal(request, page(body, status, headers, request)) == "blocked"


def test_an_error_page_is_left_to_the_http_error_check() -> None:
    request = Request(URL)
    for status, body in ((404, b"<html><body>Not found</body></html>"), (500, b"")):
        response = page(body, status, request=request)
        assert guard().process_response(request, response) is response


def test_unlabelled_markup_is_read_as_a_page() -> None:
    request = Request(URL)
    response = page(ARTICLE, headers={"Content-Type": "text/plain"}, request=request, cls=Response)
    checked = guard().process_response(request, response)
    assert isinstance(checked, HtmlResponse)
    assert checked.body == ARTICLE
    # Already a text response: kept as it is.
    text = page(ARTICLE, headers={}, request=request, cls=TextResponse)
    assert guard().process_response(request, text) is text


def test_robots_txt_and_other_internal_fetches_are_not_checked() -> None:
    request = Request("https://example.com/robots.txt", callback=NO_CALLBACK)
    response = page(b"", headers={"Content-Type": "text/plain"}, request=request)
    assert guard().process_response(request, response) is response
