"""The extractors compared: each one maps (raw HTML bytes, URL) to the article text scored."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bench.scoring import collapse_whitespace

Extract = Callable[[bytes, "str | None"], str]

# What of a newscrawl record is scored. Both full-body truths include the standfirst
# (multi-news `body` is lead + paragraphs; ru-news annotators kept whatever opened the
# article), while newscrawl keeps the lead in its own field, so it is put back in front of the
# body. When the body already contains the lead verbatim it is not added a second time, or
# the duplicate would be charged as false positives that no consumer of the record sees.
NEWSCRAWL_SCORED_TEXT = "lead + body (lead skipped when the body already contains it)"


def newscrawl_text(record: Mapping[str, Any]) -> str:
    body = record.get("body") or ""
    lead = record.get("lead") or ""
    if not lead or collapse_whitespace(lead) in collapse_whitespace(body):
        return body
    return f"{lead}\n\n{body}"


@dataclass(frozen=True)
class System:
    name: str
    extract: Extract


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def newscrawl() -> System:
    """The default, consensus extraction (ours, trafilatura and readability-lxml voting)."""
    from newscrawl import extract_article

    def extract(html: bytes, url: str | None) -> str:
        return newscrawl_text(extract_article(html, url or ""))

    return System("newscrawl", extract)


def newscrawl_fast() -> System:
    """Our extractor alone (`mode="fast"`)."""
    from newscrawl import extract_article

    def extract(html: bytes, url: str | None) -> str:
        return newscrawl_text(extract_article(html, url or "", mode="fast"))

    return System("newscrawl-fast", extract)


def trafilatura() -> System:
    import trafilatura as lib

    def extract(html: bytes, url: str | None) -> str:
        # Bare defaults, as in the corpora README's reference figures. Bytes go in as they
        # are: trafilatura detects the charset itself, like newscrawl does.
        return lib.extract(html, url=url) or ""

    return System("trafilatura", extract)


def readability() -> System:
    import lxml.html
    from readability import Document

    from newscrawl.extract.encoding import decode_html

    def extract(html: bytes, url: str | None) -> str:
        # Bare defaults on the page as we decode it (readability takes text, not bytes);
        # control characters make it raise, which is scored as an error, as it stands.
        summary = Document(decode_html(html)).summary(html_partial=True)
        return "\n".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""

    return System("readability", extract)


FACTORIES: dict[str, Callable[[], System]] = {
    "newscrawl": newscrawl,
    "newscrawl-fast": newscrawl_fast,
    "trafilatura": trafilatura,
    "readability": readability,
}
PEERS = ("trafilatura", "readability")
