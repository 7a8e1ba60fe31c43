"""Scheduled, incremental, resumable and distributed crawls.

A crawl with a job directory (`-s JOBDIR=jobs/bnews`) or a Redis server
(`-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`) is a job: it remembers every article it exported
(`store`), skips unchanged ones before fetching them (`middleware`), exports a changed one again
with `version` + 1 (`pipeline`), survives being killed (`scheduler`, `feed`) and, with Redis,
shares its queue with other workers (`redis`). See docs/scheduling.md.

The add-on `addon` installs these components in a job only (settings.ADDONS); `extension`
is the job's home in the crawl, `job` its exactly-once bookkeeping.
"""
