"""Drift monitors: a declared site's crawl against its thresholds, from the counts alone and
end to end (a deliberately broken override fails the site's fixtures and the crawl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from newscrawl.drift import CHECKED, DRIFT, PREFIX, breaches, site_line, verdict
from tests.conftest import Mirror
from tests.project_copy import ProjectCopy

KEY = PREFIX + "bnews"


def counts(articles: int = 20, **shares: float) -> dict[str, Any]:
    """A crawl's stats for bnews: every field on every article unless `shares` says."""
    stats: dict[str, Any] = {f"{KEY}/articles": articles}
    for field in ("title", "body", "published_at", "language"):
        stats[f"{KEY}/with/{field}"] = round(articles * shares.get(field, 1.0))
    for name in ("override_fallback", "rejected"):
        if name in shares:
            stats[f"{KEY}/{name}"] = round(articles * shares[name])
    return stats


def test_a_site_within_its_thresholds_passes() -> None:
    assert breaches(counts(), "bnews") == []


def test_each_threshold_breached_is_named() -> None:
    stats = counts(published_at=0.5, override_fallback=0.5, rejected=0.3)
    stats[f"{KEY}/override_fallback/published"] = 10
    assert breaches(stats, "bnews") == [
        "bnews: published_at on 50% of 20 articles (< 90%)",
        "bnews: overrides found nothing where generic extraction did on 50% of 20 pages"
        " (> 30%): published 10",
        "bnews: 30% of 20 articles rejected (> 20%)",
    ]


def test_too_few_articles_or_an_undeclared_site_are_not_judged() -> None:
    assert breaches(counts(articles=4, body=0.0), "bnews") == []
    stats = {f"{PREFIX}blog.example/articles": 50}
    assert breaches(stats, "blog.example") == []


def test_the_summary_line_of_a_site() -> None:
    stats = counts(body=0.75, override_fallback=0.25, rejected=0.05)
    assert site_line(stats, "bnews") == (
        "bnews: 20 articles (title 100%, body 75%, published_at 100%, language 100%);"
        " overrides fell back on 25%, rejected 5%"
    )


def test_the_verdict_counts_monitors_that_did_not_run_as_a_breach() -> None:
    on, off = Settings({"SPIDERMON_ENABLED": True}), Settings({"SPIDERMON_ENABLED": False})
    assert verdict(on, {CHECKED: True}) == []
    assert verdict(on, {CHECKED: True, DRIFT: ["bnews: …"]}) == ["bnews: …"]
    assert verdict(on, {}) == ["the drift monitors did not run (see the log for the error)"]
    assert verdict(off, {}) == []


@pytest.mark.slow
def test_a_broken_override_fails_its_fixtures_and_the_crawl(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    project = ProjectCopy(tmp_path / "project")
    project.edit("newscrawl/sites/bnews.py", '".news-detail__text"', '".news-detail__txt"')

    fixtures = project.run(
        "python", "-m", "pytest", "tests/test_site_pages.py", "-q", "-k", "bnews"
    )
    assert fixtures.returncode == 1
    # Generic extraction finds the same text; what the template split off differs.
    assert "19 failed" in fixtures.stdout
    assert "boilerplate: expected" in fixtures.stdout

    command = ["scrapy", "crawl", "bnews", "-a", f"base_url={bnews_mirror.origin}"]
    command += ["-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'output'}", "-s", "DOWNLOAD_DELAY=0"]
    crawl = project.run(*command)
    assert crawl.returncode == 5, crawl.stdout + crawl.stderr
    assert (
        "drift: bnews: overrides found nothing where generic extraction did on 100% of 19"
        " pages (> 30%): body 19, "
    ) in crawl.stdout
    assert "articles exported: 18" in crawl.stdout  # nothing lost: generic answered
    assert "  site bnews: 19 articles (title 100%, body 95%, " in crawl.stdout

    # A drift check that breaks is no pass: spidermon only logs the error.
    project.edit(
        "newscrawl/sites/bnews.py", "Thresholds(max_fallback=0.3)", 'Thresholds(max_fallback="x")'
    )
    crawl = project.run(*command)
    assert crawl.returncode == 5, crawl.stdout + crawl.stderr
    assert "drift: the drift monitors did not run (see the log for the error)" in crawl.stdout


def test_one_page_short_of_a_threshold_is_no_drift() -> None:
    # A resumed job's 9 articles with the one bad page fetched again, a Redis worker's 7.
    assert breaches(counts(articles=9, body=8 / 9), "bnews") == []
    assert breaches(counts(articles=7, body=6 / 7), "bnews") == []
    assert breaches(counts(articles=10, rejected=0.3), "bnews") == []  # 3 of 10, max 20%
    assert breaches(counts(articles=9, body=7 / 9), "bnews") == [
        "bnews: body on 78% of 9 articles (< 90%)"
    ]
