"""newscrawl's middlewares, function by function: what counts as a challenge page or a binary
body, how Retry-After is read, and which skip reason each failure gets. The crawls that run
them in the engine are in tests/test_faults.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl.crawl.keys import is_outcome
from newscrawl.crawl.reasons import SkipRequest, reason_for
from newscrawl.middlewares.backoff import retry_after_seconds
from newscrawl.middlewares.responses import is_binary, is_challenge, looks_like_markup
from tests.faultsite.pages import EN_TRAM, article_html

ARTICLE = article_html(EN_TRAM, "https://example.com/news/1234").encode()


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Just a moment...</title></head><body>"
        b"<p>Checking your browser before accessing example.com.</p></body></html>",
        b"<html><body><noscript>You need to enable JavaScript to run this app.</noscript>"
        b'<div id="root"></div><script src="/static/app.js"></script></body></html>',
        "<html><body><h1>Подтвердите, что запросы отправляли вы, а не робот</h1>"
        '<div class="smartcaptcha"></div></body></html>'.encode("cp1251"),
        b'<html><body><form><div class="g-recaptcha" data-sitekey="x"></div></form></body></html>',
    ],
    ids=["interstitial", "spa-shell", "ru-captcha-cp1251", "recaptcha-widget"],
)
def test_challenge_pages(page: bytes) -> None:
    assert is_challenge(page)


def test_an_article_that_asks_for_javascript_is_still_an_article() -> None:
    noscript = b"<noscript>Please enable JavaScript to see comments.</noscript></body>"
    assert not is_challenge(ARTICLE.replace(b"</body>", noscript))


def test_a_short_listing_about_captchas_is_not_a_challenge() -> None:
    links = "".join(f'<li><a href="/news/{n}">Captcha story {n}</a></li>' for n in range(8))
    page = f"<html><body><h1>Why captcha</h1><ul>{links}</ul></body></html>".encode()
    assert not is_challenge(page)


def test_a_short_page_without_a_marker_is_not_a_challenge() -> None:
    assert not is_challenge(b"<html><body><p>Page not found.</p></body></html>")


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (b"%PDF-1.7\n...", True),
        (b"\x89PNG\r\n\x1a\n....", True),
        (b"\x1f\x8b\x08\x00....", True),
        (b"<html>\x00\x00\x00</html>", True),
        ("\ufeff<html>".encode("utf-16"), False),
        (b"<!DOCTYPE html><html></html>", False),
        (b"<!DOCTYPE html><html><body>" + b"\x00" + b"<p>text</p>" * 100, False),
    ],
)
def test_binary_bodies(body: bytes, binary: bool) -> None:
    assert is_binary(body) is binary


def test_markup_sniffing() -> None:
    assert looks_like_markup(b"\xef\xbb\xbf\n  <?xml version='1.0'?><rss/>")
    assert not looks_like_markup(b"just some text")


def test_retry_after() -> None:
    assert retry_after_seconds(b"120") == 120
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True).encode()
    assert retry_after_seconds(later, now=now.timestamp()) == pytest.approx(90)
    past = format_datetime(now - timedelta(days=1), usegmt=True).encode()
    assert retry_after_seconds(past, now=now.timestamp()) == 0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def _http_error(status: int, location: str | None = None) -> HttpError:
    headers = {"Location": location} if location else {}
    response = HtmlResponse("https://example.com/a", status=status, headers=headers, body=b"")
    response.request = Request("https://example.com/a")
    return HttpError(response, "ignored")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (SkipRequest("blocked", "https://example.com/a"), "blocked"),
        (_http_error(404), "http_404"),
        (_http_error(302, "/elsewhere"), "http_302"),
        (_http_error(302, "file:///etc/passwd"), "unsupported_scheme"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (1 B) during decompression."), "too_large"),
        (IgnoreRequest("some other component"), "ignored"),
        (DownloadTimeoutError("took longer than 30 seconds"), "timeout"),
        (DownloadCancelledError(), "too_large"),
        (ResponseDataLossError(), "truncated"),
        (DownloadFailedError(), "connection_lost"),
        (ValueError("odd"), "download_error/ValueError"),
    ],
)
def test_skip_reasons(error: BaseException, reason: str) -> None:
    assert reason_for(error) == reason


def test_outcome_stats() -> None:
    assert is_outcome("newscrawl/exported")
    assert is_outcome("newscrawl/skipped/http_404")
    assert not is_outcome("newscrawl/urls_seen")
    assert not is_outcome("newscrawl/rejected_feed")
    assert not is_outcome("newscrawl/retry_after/honoured")
