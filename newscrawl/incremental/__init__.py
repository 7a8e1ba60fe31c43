"""Scheduled, incremental, resumable and distributed crawls.

A crawl with a job directory (`-s JOBDIR=jobs/bnews`) or a Redis server
(`-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`) is a job: it remembers every article it exported
(`store`), skips unchanged ones before fetching them (`middleware`), exports a changed one again
with `version` + 1 (`pipeline`), survives being killed (`scheduler`, `feed`) and, with Redis,
shares its queue with other workers (`redis`). See docs/scheduling.md.

`SETTINGS` is what newscrawl/settings.py needs for all of it; each component steps aside in a
crawl that is not a job.
"""

from __future__ import annotations

from typing import Any

# request.meta key: the modification date discovery gave for the page (sitemap <lastmod>, Atom
# <updated>), as written there. Spiders set it; the middleware also reads it off sitemaps.
LASTMOD_META = "newscrawl_lastmod"

SETTINGS: dict[str, Any] = {
    "SCHEDULER": "newscrawl.incremental.scheduler.NewsScheduler",
    "SPIDER_MIDDLEWARES": {"newscrawl.incremental.middleware.IncrementalMiddleware": 45},
    "ITEM_PIPELINES": {"newscrawl.incremental.pipeline.VersionPipeline": 700},
    "FEED_STORAGES": {
        "": "newscrawl.incremental.feed.DurableFileFeedStorage",
        "file": "newscrawl.incremental.feed.DurableFileFeedStorage",
    },
    # Re-fetch (conditionally) an exported article that discovery gives no date for once it
    # was last fetched this many seconds ago; 0: only when discovery shows a newer date.
    "NEWSCRAWL_REFETCH_AFTER": 24 * 3600,
    # fsync each feed file before the store records what it holds (power-cut safety).
    "NEWSCRAWL_FEED_FSYNC": True,
    # Distributed mode: the Redis server, the job's name in its keys (default: the spider's
    # name), how long a silent worker keeps its requests, how long an idle worker waits.
    "NEWSCRAWL_REDIS_URL": None,
    "NEWSCRAWL_JOB": None,
    "NEWSCRAWL_LEASE_TIMEOUT": 30,
    "NEWSCRAWL_IDLE_TIMEOUT": 10,
}
