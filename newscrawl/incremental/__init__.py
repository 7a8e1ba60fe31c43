"""Scheduled, incremental, resumable and distributed crawls.

A crawl with a job directory (`-s JOBDIR=jobs/bnews`) or a Redis server
(`-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`) is a job: it remembers every article it exported
(`store`), skips unchanged ones before fetching them (`middleware`), exports a changed one again
with `version` + 1 (`pipeline`), survives being killed (`scheduler`, `feed`) and, with Redis,
shares its queue with other workers (`redis`). See docs/scheduling.md.

newscrawl/settings.py enables every component; each steps aside in a crawl that is not a job.
"""

from __future__ import annotations

# request.meta key: the modification date discovery gave for the page (sitemap <lastmod>, Atom
# <updated>), as written there. Spiders set it; the middleware also reads it off sitemaps.
LASTMOD_META = "newscrawl_lastmod"
