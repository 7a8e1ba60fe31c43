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
RETRY_TIMES = 2
# News pages are well under this; a larger body is a download or a trap, not an article.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# -- the article's way through -----------------------------------------------------------------
ITEM_PIPELINES = {
    "newscrawl.pipelines.NormalisePipeline": 100,
    "newscrawl.pipelines.BoilerplatePipeline": 200,
    "newscrawl.pipelines.LanguagePipeline": 300,
    "newscrawl.pipelines.FilterPipeline": 400,
    "newscrawl.pipelines.ValidatePipeline": 500,
    "newscrawl.pipelines.DuplicatePipeline": 600,
}
EXTENSIONS = {
    "newscrawl.extensions.rejected.RejectedFeed": 500,
    "newscrawl.extensions.summary.CrawlSummary": 900,
}

# -- where it goes ---------------------------------------------------------------------------
# The feed a crawl writes when neither FEEDS nor -o/-O names one. (Scrapy merges -o/-O into a
# FEEDS set here instead of replacing it, so the default lives in its own setting.)
NEWSCRAWL_DEFAULT_FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "item_classes": ["newscrawl.items.ArticleItem"],
    },
}
FEED_EXPORT_ENCODING = "utf-8"
# Articles that fail validation, with their reasons; %(name)s and %(time)s as in FEEDS.
NEWSCRAWL_REJECTED_FEED = "output/%(name)s/rejected-%(time)s.jsonl"
# Print the end-of-crawl summary to standard output.
NEWSCRAWL_SUMMARY = True

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
