"""Feeds and sitemaps read without trusting them (newscrawl/spiders/discovery.py)."""

from __future__ import annotations

import gzip
import resource
import time
from collections.abc import Callable
from typing import Any

import pytest

from newscrawl.spiders.discovery import (
    Unreadable,
    read_feed,
    read_sitemap,
    root_name,
    xml_bytes,
)

URLSET = (
    b'<?xml version="1.0"?>{doctype}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://example.com/news/2026-11-20-story{ref}</loc>"
    b"<lastmod>2026-11-20</lastmod></url></urlset>"
)
RSS = (
    b'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel>'
    b"<item><title>One{ref}</title><link>https://example.com/news/2026-11-20-one</link>"
    b"<pubDate>Fri, 20 Nov 2026 10:00:00 +0000</pubDate></item>"
    b"<item><title>Two</title><link> https://example.com/news/2026-11-21-two </link></item>"
    b"</channel></rss>"
)
LAUGHS = (
    b"<!DOCTYPE r ["
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1)) * 10 if n else b"lol")
        for n in range(10)
    )
    + b"]>"
)
EXTERNAL = b'<!DOCTYPE r [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
PARAMETER = b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>'


def doc(template: bytes, doctype: bytes = b"", ref: bytes = b"") -> bytes:
    return template.replace(b"{doctype}", doctype).replace(b"{ref}", ref)


def test_a_sitemap() -> None:
    kind, entries = read_sitemap(doc(URLSET))
    assert kind == "urlset"
    assert [e["loc"] for e in entries] == ["https://example.com/news/2026-11-20-story"]


def test_a_feed() -> None:
    assert read_feed(doc(RSS)) == [
        ("https://example.com/news/2026-11-20-one", "Fri, 20 Nov 2026 10:00:00 +0000"),
        ("https://example.com/news/2026-11-21-two", None),
    ]


@pytest.mark.parametrize(
    ("doctype", "ref"),
    [(LAUGHS, b"&lol9;"), (EXTERNAL, b"&leak;"), (PARAMETER, b"")],
    ids=["billion-laughs", "external-entity", "parameter-entity"],
)
@pytest.mark.parametrize("reader", [read_sitemap, read_feed], ids=["sitemap", "feed"])
def test_entities_are_refused_unexpanded(
    doctype: bytes, ref: bytes, reader: Callable[[bytes], Any]
) -> None:
    template = URLSET if reader is read_sitemap else RSS
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(Unreadable) as refused:
        reader(doc(template, doctype, ref))
    assert refused.value.reason == "unsafe_xml"
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB


def test_an_external_dtd_is_not_fetched() -> None:
    doctype = b'<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss-0.91.dtd">'
    assert len(read_feed(doc(RSS, doctype))) == 2


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Sitemap unavailable</body></html>", b"\x00\x01\x02"]
)
def test_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(Unreadable) as refused:
        read_sitemap(body)
    assert refused.value.reason == "invalid_xml"


def test_root_names() -> None:
    assert root_name(doc(URLSET, LAUGHS)) == "urlset"
    assert root_name(doc(RSS)) == "rss"
    assert root_name(b"<!DOCTYPE html><html><body></body></html>") == "html"
    assert root_name(b"") is None


def test_gzipped_sitemaps_are_read_within_a_limit() -> None:
    sitemap = doc(URLSET)
    assert xml_bytes(gzip.compress(sitemap), max_size=1024) == sitemap
    assert xml_bytes(sitemap, max_size=10) == sitemap  # not gzip: untouched
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    with pytest.raises(Unreadable) as refused:
        xml_bytes(bomb, max_size=1024 * 1024)
    assert refused.value.reason == "too_large"
    with pytest.raises(Unreadable) as refused:
        xml_bytes(b"\x1f\x8b\x08\x00garbage", max_size=1024)
    assert refused.value.reason == "invalid_xml"
