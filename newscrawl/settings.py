"""newscrawl's defaults. Override per run with -s NAME=VALUE or in your own settings module."""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# -- politeness: news sites are somebody's production servers --------------------------------
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; news archiving crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30

# -- hostile and broken sites (docs/robustness.md) ---------------------------------------------
# A failed request is retried twice (timeouts, dropped connections, truncated bodies and the
# codes below), each retry after a growing pause, and after what Retry-After asks for.
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NEWSCRAWL_RETRY_BACKOFF = 2.0
NEWSCRAWL_RETRY_BACKOFF_MAX = 60.0
# A server asking for a longer pause than this is not retried in this run.
NEWSCRAWL_RETRY_AFTER_MAX = 300.0
# A page that stays unreachable is counted as a skip and listed in the summary: not an error.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# News pages are well under this; a larger body is a download or a trap, not an article. It
# bounds decompressed bodies too (a gzip bomb is cut off at this size).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Sitemaps may be as large as the sitemap protocol allows, 50 MB uncompressed, and no larger.
NEWSCRAWL_SITEMAP_MAXSIZE = 50 * 1024 * 1024
# A body cut short is retried, never parsed as if it were the whole page.
DOWNLOAD_FAIL_ON_DATALOSS = True
# Browsers give up after 20 redirects; a news article is at most a few hops from its link.
REDIRECT_MAX_TIMES = 5
# Only http and https: no file:, ftp:, s3: or data: URL is ever fetched, whatever a page links.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
# A crawl that exports no article at all logs an ERROR and `scrapy crawl` exits with status 3,
# so a cron job notices a site that changed its layout or blocked the crawler.
NEWSCRAWL_FAIL_ON_NO_ARTICLES = True
# Skips that stand for an article recognised without exporting it (known and not modified
# since the last run): a run that finds only these had a quiet day, not a broken site. (An
# article a pipeline drops, "unchanged_content" among them, always counts as one.)
NEWSCRAWL_ARTICLE_SKIPS = ["unchanged", "http_304"]

SPIDER_MIDDLEWARES = {
    # Next to the spider, so it sees every request the spider yields.
    "newscrawl.crawl.ledger.Ledger": 950,
}
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's offsite filter drops requests without a trace; ours settles them in the books.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.middlewares.scope.SiteScope": 50,
    # Scrapy's, in its place (100), saying a robots.txt it cannot fetch in one line.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.robots.RobotsTxt": 100,
    # Between RetryMiddleware (550) and the responses it retries.
    "newscrawl.middlewares.backoff.RetryBackoff": 560,
    # After decompression (590) and redirects (600), before retries and the spider.
    "newscrawl.middlewares.responses.ResponseGuard": 585,
}

# -- the article's way through -----------------------------------------------------------------

# "consensus": trafilatura and readability-lxml vote beside our extractor on every page found
# generically (newscrawl.extract.consensus); "fast": ours alone, about twice the pages per
# second, for bulk re-extraction.
NEWSCRAWL_EXTRACTION = "consensus"
# Parse and extract in this many worker processes (0: in the crawl's own process), to use
# both cores; records are the same either way (newscrawl.extensions.extraction).
NEWSCRAWL_EXTRACT_PROCESSES = 0
# A crawl learns each site's own template from repetition (a paragraph on a large share of
# its pages) and splits it off as `site_template`; a new site's first articles wait until
# this many of its pages were seen (newscrawl.extract.template).
NEWSCRAWL_SITE_TEMPLATE = True
NEWSCRAWL_TEMPLATE_WARMUP = 20
ITEM_PIPELINES = {
    # normalise → split boilerplate → language: steps.STEPS, the order written down once.
    "newscrawl.pipelines.StepsPipeline": 300,
    "newscrawl.pipelines.FilterPipeline": 400,
    "newscrawl.pipelines.ValidatePipeline": 500,
    "newscrawl.pipelines.DuplicatePipeline": 600,
}
EXTENSIONS = {
    # Scrapy's feed exporter, counting articles a feed could not take (exit status 6).
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.extensions.feeds.CountedFeedExporter": 0,
    "newscrawl.extensions.rejected.RejectedFeed": 500,
    "newscrawl.extensions.summary.CrawlSummary": 900,
    "newscrawl.extensions.progress.CrawlProgress": 910,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
    "newscrawl.extensions.extraction.ExtractionProcesses": 100,
    "newscrawl.extensions.collector.GarbageCollection": 100,
    "newscrawl.extensions.heap.ReturnFreedMemory": 100,
}
# Young-generation garbage-collection threshold while a crawl runs (0: Python's 700); see
# newscrawl.extensions.collector for why and what it saves.
NEWSCRAWL_GC_THRESHOLD = 10_000
# Every this many seconds the crawl gives the memory it freed back to the system (glibc's
# malloc_trim; 0: never); see newscrawl.extensions.heap for why a long crawl needs it.
NEWSCRAWL_MEMORY_TRIM_SECONDS = 30
# Drift monitors (newscrawl.monitors): each declared site's field coverage, override misses
# and rejections against its declared thresholds; a breach makes `scrapy crawl` exit 5.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.monitors.DriftMonitors"]

# -- where it goes ---------------------------------------------------------------------------
# The feed a crawl writes when neither FEEDS nor -o/-O names one. (Scrapy merges -o/-O into a
# FEEDS set here instead of replacing it, so the default lives in its own setting.) Partitioned
# by the crawl's UTC start date, one file per FEED_EXPORT_BATCH_ITEM_COUNT articles (else
# NEWSCRAWL_FEED_BATCH_ITEMS), each renamed from `.<name>.part` once complete (newscrawl.feeds);
# a job writes the part file durably, line by line, and publishes what a killed run left.
NEWSCRAWL_OUTPUT_DIR = "output"
NEWSCRAWL_FEED_BATCH_ITEMS = 10000
# One default feed per language on request ("en,ru,kk" writes <run-id>-en-<batch>.jsonl, ...,
# and <run-id>-other-<batch>.jsonl for every other language); empty: one feed for all.
NEWSCRAWL_FEED_LANGUAGES: list[str] = []
NEWSCRAWL_DEFAULT_FEEDS = {
    "%(output_dir)s/%(name)s/%(run_date)s/%(run_id)s-%(batch_id)05d.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "item_classes": ["newscrawl.items.ArticleItem"],
        "uri_params": "newscrawl.feeds.run_uri_params",
        "atomic": True,
    },
}
FEED_EXPORT_ENCODING = "utf-8"
# Articles that fail validation, with their reasons; %(name)s and %(time)s as in FEEDS, and
# %(output_dir)s (NEWSCRAWL_OUTPUT_DIR), so that moving the output moves the rejections too.
NEWSCRAWL_REJECTED_FEED = "%(output_dir)s/%(name)s/rejected-%(time)s.jsonl"
# Print the end-of-crawl summary to standard output.
NEWSCRAWL_SUMMARY = True
# Show progress on standard error while crawling: a line redrawn in place in a terminal, else an
# INFO log line every NEWSCRAWL_PROGRESS_INTERVAL seconds.
NEWSCRAWL_PROGRESS = True
NEWSCRAWL_PROGRESS_INTERVAL = 10.0

# -- scheduled, incremental and distributed jobs (docs/scheduling.md) -----------------------------
# A crawl with -s JOBDIR=... (SQLite store in it) or -s NEWSCRAWL_REDIS_URL=redis://... is a job:
# it skips what it exported already, survives being killed, and shares its queue with other
# workers on Redis. The jobs add-on then installs the job's extension, scheduler, spider
# middleware (before HttpErrorMiddleware, for the 304s of conditional re-fetches), pipeline
# (after de-duplication: drops unchanged text, stamps `version`) and feed storage; without
# either, none of them (newscrawl.incremental.addon).
ADDONS = {"newscrawl.incremental.addon.Jobs": 0}
# Outside a job: atomic files for feeds with `atomic: true`, durable appended files otherwise.
FEED_STORAGES = {
    "": "newscrawl.feeds.LocalFeedStorage",
    "file": "newscrawl.feeds.LocalFeedStorage",
}
# Re-fetch (conditionally) an exported article discovery gives no date for, this long after.
NEWSCRAWL_REFETCH_AFTER = 24 * 3600
NEWSCRAWL_FEED_FSYNC = True
NEWSCRAWL_REDIS_URL = None
NEWSCRAWL_JOB = None
NEWSCRAWL_LEASE_TIMEOUT = 30
NEWSCRAWL_IDLE_TIMEOUT = 10

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
