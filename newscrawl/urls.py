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
    return urlunsplit(("", netloc, parts.path.rstrip("/") or "/", parts.query, ""))
