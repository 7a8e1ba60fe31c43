"""URL hygiene shared by discovery and de-duplication."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only say where a reader came from; the page is the same without them.
TRACKING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "fbclid",
    "gclid",
    "yclid",
    "ysclid",
    "mc_cid",
    "mc_eid",
    "_openstat",
    "igshid",
    "ref_src",
)


def strip_tracking(url: str) -> str:
    """`url` without tracking parameters and fragment, otherwise untouched."""
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    return str(cleaned)


def url_key(url: str) -> str:
    """One key for the spellings of one URL: tracking parameters, fragment, query order,
    default port and scheme do not matter."""
    parts = urlsplit(canonicalize_url(strip_tracking(url)))
    netloc = parts.netloc.lower().removeprefix("www.")
    default = {"http": ":80", "https": ":443"}.get(parts.scheme.lower())
    if default and netloc.endswith(default):
        netloc = netloc.removesuffix(default)
    return urlunsplit(("", netloc, parts.path.rstrip("/") or "/", parts.query, ""))


# Path words of pages that list or describe rather than report.
_NOT_ARTICLE_PARTS = frozenset(
    "tag tags category categories rubric rubrics author authors page search login register "
    "signin signup account profile rss feed feeds subscribe about contacts contact advert "
    "advertising privacy terms archive archives video-list photo-list sitemap".split()
)
_NOT_ARTICLE_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".pdf",
    ".zip",
    ".mp3",
    ".mp4",
    ".css",
    ".js",
    ".xml",
    ".rss",
    ".json",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
)


def looks_like_article_url(url: str) -> bool:
    """A guess from the URL alone: article URLs carry a slug or a numeric id; section,
    tag, author and search pages do not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path.lower()
    if path.endswith(_NOT_ARTICLE_SUFFIXES):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments or any(s in _NOT_ARTICLE_PARTS for s in segments):
        return False
    last = segments[-1].rsplit(".", 1)[0]
    has_id = any(sum(ch.isdigit() for ch in s) >= 4 for s in segments)
    has_slug = len(last) >= 12 and ("-" in last or "_" in last)
    return has_id or has_slug
