"""Jobs as a Scrapy add-on (settings.ADDONS): when a crawl has a job directory (JOBDIR) or
runs distributed (NEWSCRAWL_REDIS_URL), it installs the job's extension, scheduler, spider
middleware, pipeline and feed storage; any other crawl runs with none of them."""

from __future__ import annotations

from scrapy.settings import BaseSettings

_INCREMENTAL = "newscrawl.incremental"
# Below HttpErrorMiddleware (50), to see the 304s of conditional re-fetches.
MIDDLEWARE_ORDER = 45
# After de-duplication (600): drop unchanged text, stamp `version`.
PIPELINE_ORDER = 700
EXTENSION_ORDER = 100


def is_job(settings: BaseSettings) -> bool:
    """Whether the crawl is an incremental or distributed job (docs/scheduling.md)."""
    return bool(settings.get("JOBDIR") or settings.get("NEWSCRAWL_REDIS_URL"))


def _add(settings: BaseSettings, name: str, path: str, order: int) -> None:
    """Put `path` in a component dictionary at the priority the setting already has (an
    add-on's own priority is below the project's)."""
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, priority=settings.getpriority(name) or 0)


class Jobs:
    def update_settings(self, settings: BaseSettings) -> None:
        if not is_job(settings):
            return
        redis = bool(settings.get("NEWSCRAWL_REDIS_URL"))
        extension = "redis.RedisJobExtension" if redis else "extension.JobExtension"
        scheduler = "redis.RedisLeaseScheduler" if redis else "scheduler.ResumableScheduler"
        _add(settings, "EXTENSIONS", f"{_INCREMENTAL}.{extension}", EXTENSION_ORDER)
        settings.set("SCHEDULER", f"{_INCREMENTAL}.{scheduler}", priority="addon")
        _add(
            settings,
            "SPIDER_MIDDLEWARES",
            f"{_INCREMENTAL}.middleware.IncrementalMiddleware",
            MIDDLEWARE_ORDER,
        )
        _add(settings, "ITEM_PIPELINES", f"{_INCREMENTAL}.pipeline.VersionPipeline", PIPELINE_ORDER)
        for scheme in ("", "file"):
            storages = settings.getdict("FEED_STORAGES")
            storages[scheme] = f"{_INCREMENTAL}.storage.JobFeedStorage"
            settings.set(
                "FEED_STORAGES", storages, priority=settings.getpriority("FEED_STORAGES") or 0
            )
