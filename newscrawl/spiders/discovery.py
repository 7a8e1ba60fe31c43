"""Feeds and sitemaps, read without trusting them.

XML from the web is parsed with entity expansion, network access, DTD loading and lxml's
huge-tree mode all off, and a document that declares entities is refused outright: a sitemap
or a feed has no use for them, while an external entity reads local files or other hosts and
nested ones ("billion laughs") expand to gigabytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import lxml.etree
from parsel import Selector
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
GZIP_MAGIC = b"\x1f\x8b"
_SAFE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_pis": True,
    "remove_comments": True,
    "recover": True,
}


class Unreadable(Exception):
    """A feed or sitemap we will not read; `reason` is the skip reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def xml_bytes(body: bytes, max_size: int) -> bytes:
    """The document itself: `body`, or what it holds when it is a gzip file (sitemap.xml.gz),
    decompressed to at most `max_size` bytes; a gzip bomb stops there."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # Scrapy's "decompressed more than max_size"
        raise Unreadable("too_large") from None
    except (OSError, EOFError, zlib.error):
        raise Unreadable("invalid_xml") from None


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _root(body: bytes) -> lxml.etree._Element:
    """The root element, parsed no further than its start tag."""
    try:
        _, root = next(lxml.etree.iterparse(BytesIO(body), events=("start",), **_SAFE))
    except (StopIteration, lxml.etree.XMLSyntaxError):
        raise Unreadable("invalid_xml") from None
    return root


def root_name(body: bytes) -> str | None:
    """The local name of the document's root element (`urlset`, `rss`, `html`…), if any."""
    try:
        return _local(_root(body).tag)
    except Unreadable:
        return None


def _checked_root(body: bytes, kinds: frozenset[str]) -> lxml.etree._Element:
    root = _root(body)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise Unreadable("unsafe_xml")
    if _local(root.tag) not in kinds:
        raise Unreadable("invalid_xml")
    return root


def read_sitemap(body: bytes) -> tuple[str, Iterator[dict[str, Any]]]:
    """The sitemap's type (`urlset` or `sitemapindex`) and its entries ({"loc", "lastmod", …}).
    Entries are parsed as they are read (Scrapy's Sitemap, which expands no entities either),
    so a sitemap of 50,000 URLs is never held as one tree."""
    kind = _local(_checked_root(body, SITEMAP_ROOTS).tag)
    return kind, iter(Sitemap(body))


def read_feed(body: bytes) -> list[tuple[str, str | None]]:
    """(link, date) of each RSS item or Atom entry; the date as written, if any."""
    _checked_root(body, FEED_ROOTS)
    try:
        root = lxml.etree.fromstring(body, lxml.etree.XMLParser(**_SAFE))
    except lxml.etree.XMLSyntaxError:
        root = None
    if root is None:
        raise Unreadable("invalid_xml")
    feed = Selector(root=root, type="xml")
    feed.remove_namespaces()
    entries = []
    for entry in feed.xpath("//item | //entry"):
        link = entry.xpath("link/text()").get() or entry.xpath("link/@href").get()
        if link and link.strip():
            stamp = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            entries.append((link.strip(), stamp))
    return entries
