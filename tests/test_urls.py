"""URL hygiene (newscrawl.urls): tracking parameters off, one key for the spellings of one URL,
and the guess of an article URL from the URL alone."""

from __future__ import annotations

import pytest

from newscrawl.urls import looks_like_article_url, strip_tracking, url_key


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("https://example.com/a?utm_source=tg&utm_medium=social", "https://example.com/a"),
        ("https://example.com/a?id=5&fbclid=XYZ&gclid=1#comments", "https://example.com/a?id=5"),
        # Everything else untouched, in its order.
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("https://example.com/a?ysclid=1&page=2&yclid=3", "https://example.com/a?page=2"),
        ("https://example.com/a#top", "https://example.com/a"),
    ],
)
def test_strip_tracking(url: str, stripped: str) -> None:
    assert strip_tracking(url) == stripped


@pytest.mark.parametrize(
    "spelling",
    [
        "https://example.com/news/1-story",
        "http://example.com/news/1-story",
        "https://www.example.com/news/1-story/",
        "https://EXAMPLE.com/news/1-story#comments",
        "https://example.com/news/1-story?utm_source=tg",
    ],
)
def test_url_key_folds_the_spellings_of_one_url(spelling: str) -> None:
    assert url_key(spelling) == url_key("https://example.com/news/1-story")


def test_url_key_folds_query_order_and_percent_encoding() -> None:
    assert url_key("https://example.com/a?b=2&a=1") == url_key("https://example.com/a?a=1&b=2")
    encoded = "https://example.com/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"
    assert url_key("https://example.com/новости/1") == url_key(encoded)
    assert url_key("https://example.com") == url_key("https://example.com/") == "//example.com/"


def test_url_key_keeps_urls_apart() -> None:
    assert url_key("https://example.com/a?id=5") != url_key("https://example.com/a?id=6")
    assert url_key("https://example.com/News/1") != url_key("https://example.com/news/1")
    assert url_key("https://example.com/a") != url_key("https://example.org/a")
    assert url_key("https://example.com:8080/a") != url_key("https://example.com/a")


def test_url_key_folds_the_default_port() -> None:
    assert url_key("https://example.com:443/a") == url_key("https://example.com/a")
    assert url_key("http://example.com:80/a") == url_key("http://example.com/a")
    assert url_key("http://example.com:443/a") != url_key("http://example.com/a")


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://example.com/news/2026/11/18/tram", True),  # a number of 4+ digits
        ("https://example.com/politics/riverside-tram-line-approved", True),  # a slug
        ("https://example.com/news/12345.html", True),
        ("https://example.com/", False),
        ("https://example.com/news/", False),
        ("https://example.com/tag/riverside-tram-line", False),
        ("https://example.com/author/helen-marsh-2026", False),
        ("https://example.com/files/2026-report-final.pdf", False),
        ("ftp://example.com/news/12345", False),
    ],
)
def test_looks_like_article_url(url: str, article: bool) -> None:
    assert looks_like_article_url(url) is article
