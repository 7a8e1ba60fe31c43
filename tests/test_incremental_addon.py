"""The jobs add-on (newscrawl.incremental.addon.Jobs) on newscrawl's own settings: a crawl with
a job directory or a Redis URL gets the job's components beside the project's, any other crawl
none of them. tests/test_incremental.py runs jobs in whole crawls."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.incremental.addon import Jobs, is_job

JOB_STORAGE = "newscrawl.incremental.storage.JobFeedStorage"


def project_settings(**cmdline: str) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(cmdline, priority="cmdline")
    return settings


def test_a_crawl_that_is_no_job_is_left_as_it_is() -> None:
    settings = project_settings()
    before = settings.copy_to_dict()
    assert not is_job(settings)
    Jobs().update_settings(settings)
    assert settings.copy_to_dict() == before
    assert settings.getdict("FEED_STORAGES")[""] == "newscrawl.feeds.LocalFeedStorage"


def test_a_job_directory_installs_the_jobs_components(tmp_path: Path) -> None:
    settings = project_settings(JOBDIR=str(tmp_path))
    assert is_job(settings)
    Jobs().update_settings(settings)
    extensions = settings.getdict("EXTENSIONS")
    assert extensions["newscrawl.incremental.extension.JobExtension"] == 100
    assert extensions["newscrawl.extensions.summary.CrawlSummary"] == 900  # the project's kept
    assert settings["SCHEDULER"] == "newscrawl.incremental.scheduler.ResumableScheduler"
    assert settings.getdict("SPIDER_MIDDLEWARES") == {
        "newscrawl.crawl.ledger.Ledger": 950,
        "newscrawl.incremental.middleware.IncrementalMiddleware": 45,
    }
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert pipelines["newscrawl.incremental.pipeline.VersionPipeline"] == 700
    assert pipelines["newscrawl.pipelines.DuplicatePipeline"] == 600
    storages = settings.getdict("FEED_STORAGES")
    assert storages[""] == storages["file"] == JOB_STORAGE
    # Added at the priority the project gave them, so that -s still overrides them.
    assert settings.getpriority("ITEM_PIPELINES") == settings.getpriority("EXTENSIONS") == 20


def test_a_redis_url_installs_the_distributed_extension_and_scheduler() -> None:
    settings = project_settings(NEWSCRAWL_REDIS_URL="redis://127.0.0.1:6379/0")
    assert is_job(settings)
    Jobs().update_settings(settings)
    extensions = settings.getdict("EXTENSIONS")
    assert extensions["newscrawl.incremental.redis.RedisJobExtension"] == 100
    assert "newscrawl.incremental.extension.JobExtension" not in extensions
    assert settings["SCHEDULER"] == "newscrawl.incremental.redis.RedisLeaseScheduler"
    assert "newscrawl.incremental.middleware.IncrementalMiddleware" in settings.getdict(
        "SPIDER_MIDDLEWARES"
    )
    assert settings.getdict("FEED_STORAGES")["file"] == JOB_STORAGE


def test_a_scheduler_given_on_the_command_line_wins(tmp_path: Path) -> None:
    settings = project_settings(JOBDIR=str(tmp_path), SCHEDULER="my.Scheduler")
    Jobs().update_settings(settings)
    assert settings["SCHEDULER"] == "my.Scheduler"


@pytest.mark.parametrize(
    ("job", "scheduler"),
    [
        (False, "scrapy.core.scheduler.Scheduler"),
        (True, "newscrawl.incremental.scheduler.ResumableScheduler"),
    ],
)
def test_the_add_on_runs_from_the_projects_addons(
    tmp_path: Path, job: bool, scheduler: str
) -> None:
    """settings.ADDONS loads it into a crawler's settings."""
    declared = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    crawler = get_crawler(settings_dict={**declared, **({"JOBDIR": str(tmp_path)} if job else {})})
    assert crawler.settings["SCHEDULER"] == scheduler
