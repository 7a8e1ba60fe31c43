"""Every request.meta key and books stats key newscrawl uses, named once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# -- request.meta ------------------------------------------------------------------------
# The ledger's ticket: which sighting of a URL a request (and its retries, redirects) is.
TICKET = "newscrawl_ticket"
# The date a sitemap or feed gave the entry (an incremental job re-fetches when newer).
LASTMOD = "newscrawl_lastmod"
# A re-fetch a job made conditional (If-None-Match / If-Modified-Since).
CONDITIONAL = "newscrawl_conditional"
# The response may be a gzip file (a sitemap.xml.gz): the spider decompresses it.
GZIP_OK = "newscrawl_gzip_ok"
# Which page of a paginated listing this is (1 for the first).
LISTING_PAGE = "listing_page"

# -- stats -------------------------------------------------------------------------------
PREFIX = "newscrawl/"
# Outcomes: every URL seen ends in exactly one (newscrawl.crawl.ledger).
EXPORTED, REJECTED, FOLLOWED = "exported", "rejected", "followed"
# Distributed mode: handed to the shared Redis queue; the worker that takes it counts the rest.
QUEUED = "queued"
SKIPPED = "skipped/"
URLS_SEEN = PREFIX + "urls_seen"
UNACCOUNTED = PREFIX + "unaccounted"
COUNTED_TWICE = PREFIX + "accounting/counted_twice"
NO_ARTICLES = PREFIX + "no_articles"
REJECTED_FEED = PREFIX + "rejected_feed"
# A job's articles: first exported, exported again because their text changed.
INCREMENTAL_NEW = PREFIX + "incremental/new"
INCREMENTAL_CHANGED = PREFIX + "incremental/changed"
# Retries: pauses taken before them, and what servers asked for with Retry-After.
BACKOFF_WAITS = PREFIX + "backoff/waits"
BACKOFF_WAITED_MS = PREFIX + "backoff/waited_ms"
RETRY_AFTER_TOO_LONG = PREFIX + "retry_after/too_long"
RETRY_AFTER_HONOURED = PREFIX + "retry_after/honoured"
# Articles a feed could not take (its file could not be opened or written), and Scrapy's
# count of feed files it could not store: either means exported articles are missing.
FEED_WRITE_ERRORS = PREFIX + "feed_write_errors"
FEED_STORE_FAILURES = "feedexport/failed_count/"
# A distributed worker that stopped because its Redis server stopped answering.
REDIS_UNAVAILABLE_STAT = PREFIX + "redis_unavailable"
# ... and the calls still in flight that found it gone too, counted instead of logged.
REDIS_UNAVAILABLE_ERRORS = PREFIX + "redis_unavailable_errors"
# Freed memory given back to the system (newscrawl.extensions.heap): how often, how long.
MEMORY_TRIMS = PREFIX + "memory_trims"
MEMORY_TRIM_MS = PREFIX + "memory_trim_ms"


def skipped(reason: str) -> str:
    """The outcome of a URL skipped for `reason`."""
    return SKIPPED + reason


def stat(outcome: str) -> str:
    """The stats key an outcome is counted under."""
    return PREFIX + outcome


def is_outcome(key: str) -> bool:
    name = key.removeprefix(PREFIX)
    return key.startswith(PREFIX) and (
        name in (EXPORTED, REJECTED, FOLLOWED, QUEUED) or name.startswith(SKIPPED)
    )


def skipped_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Skipped URLs by reason, from the crawl's stats, in reason order."""
    prefix = PREFIX + SKIPPED
    return {
        key.removeprefix(prefix): value
        for key, value in sorted(stats.items())
        if key.startswith(prefix)
    }


def feed_failures(stats: Mapping[str, Any]) -> int:
    """Articles no feed took plus feed files not stored: 0 when every feed was written."""
    stored = sum(v for k, v in stats.items() if k.startswith(FEED_STORE_FAILURES))
    return int(stats.get(FEED_WRITE_ERRORS, 0)) + int(stored)
