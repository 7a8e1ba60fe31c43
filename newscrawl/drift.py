"""Drift: whether each declared site still looks the way its declaration expects, from
what a crawl counted of it (newscrawl.monitors checks it at the end of every crawl).

Per site, over the articles that reached validation: the share with each field its
`Thresholds.coverage` names, the share of pages on which one of its overrides found nothing
(and of those, how many generic extraction answered), and the share rejected. A breach is
listed in stats as `newscrawl/drift`, printed in the crawl's summary, and makes `scrapy
crawl` exit with status 5 (unless it ended 1, 3 or 4 first). Only the spiders of declared
sites are judged: the generic spider's sites have no declaration to drift from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from newscrawl.extract.draft import ArticleDraft
from newscrawl.sites import SITES


class Stats(Protocol):
    """What counting needs of Scrapy's stats collector (this module runs without Scrapy)."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class Settings(Protocol):
    def getbool(self, name: str, default: bool = False) -> bool: ...


PREFIX = "newscrawl/sites/"
DRIFT = "newscrawl/drift"
CHECKED = "newscrawl/drift_checked"
# Override field -> the draft attribute generic extraction fills for it.
_DRAFT_FIELD = {"body": "blocks", "published": "published_raw", "modified": "modified_raw"}
_DRAFT_FIELD |= {"image": "image_url", "views": "views_raw"}


def judged_site(spider: Any) -> str | None:
    """The name of the declared site a spider crawls (a mirror of it too), if any: the
    generic spider's sites have no declaration to drift from."""
    site = getattr(spider, "site", None)
    name: str = getattr(site, "name", "")
    declared = SITES.get(name)
    return name if declared is not None and type(site) is type(declared) else None


def count(
    stats: Stats, name: str, draft: ArticleDraft, record: Mapping[str, Any], ok: bool
) -> None:
    """Count one article of the declared site `name` that reached validation."""
    site = PREFIX + name
    stats.inc_value(f"{site}/articles")
    if not ok:
        stats.inc_value(f"{site}/rejected")
    for field, value in record.items():
        if value not in (None, "", [], {}):
            stats.inc_value(f"{site}/with/{field}")
    if draft.overrides_missed:
        stats.inc_value(f"{site}/override_missed")
    # An override that finds nothing on a page without the field (no author named) is no
    # drift; one that finds nothing where generic extraction finds the field is.
    fallbacks = [n for n in draft.overrides_missed if getattr(draft, _DRAFT_FIELD.get(n, n))]
    if fallbacks:
        stats.inc_value(f"{site}/override_fallback")
        for field in fallbacks:
            stats.inc_value(f"{site}/override_fallback/{field}")


def counted_sites(stats: Mapping[str, Any]) -> list[str]:
    return sorted(
        key.removeprefix(PREFIX).removesuffix("/articles")
        for key in stats
        if key.startswith(PREFIX) and key.endswith("/articles")
    )


def _share(stats: Mapping[str, Any], key: str, articles: int) -> float:
    return stats.get(key, 0) / articles


def breaches(stats: Mapping[str, Any], name: str) -> list[str]:
    """What a crawl's counts of one declared site break of its thresholds, a line each."""
    site = SITES.get(name)
    articles = stats.get(f"{PREFIX}{name}/articles", 0)
    if site is None or articles < site.thresholds.min_articles:
        return []
    limits, key = site.thresholds, PREFIX + name
    # One page's share: a threshold is breached only when it would be with one page more on
    # the right side, so that a single odd page never decides a drift (a resumed job's 9
    # articles with the one bad page fetched again read 8 of 9 as "body on 89% (< 90%)").
    one_page = 1 / articles
    found = []
    for field, floor in sorted(limits.coverage.items()):
        share = _share(stats, f"{key}/with/{field}", articles)
        if share + one_page < floor:
            found.append(
                f"{site.name}: {field} on {share:.0%} of {articles} articles (< {floor:.0%})"
            )
    fallback = _share(stats, f"{key}/override_fallback", articles)
    if fallback - one_page > limits.max_fallback:
        fields = sorted(
            (-v, k.rsplit("/", 1)[1])
            for k, v in stats.items()
            if k.startswith(f"{key}/override_fallback/")
        )
        found.append(
            f"{site.name}: overrides found nothing where generic extraction did on"
            f" {fallback:.0%} of {articles} pages (> {limits.max_fallback:.0%}): "
            + ", ".join(f"{name} {-n}" for n, name in fields)
        )
    rejected = _share(stats, f"{key}/rejected", articles)
    if rejected - one_page > limits.max_rejected:
        found.append(
            f"{site.name}: {rejected:.0%} of {articles} articles rejected"
            f" (> {limits.max_rejected:.0%})"
        )
    return found


def all_breaches(stats: Mapping[str, Any]) -> list[str]:
    return [line for name in counted_sites(stats) for line in breaches(stats, name)]


def site_line(stats: Mapping[str, Any], name: str) -> str:
    """One site's counts as the summary prints them."""
    key = PREFIX + name
    articles = stats.get(f"{key}/articles", 0) or 1
    coverage = ", ".join(
        f"{field} {_share(stats, f'{key}/with/{field}', articles):.0%}"
        for field in ("title", "body", "published_at", "language")
    )
    return (
        f"{name}: {stats.get(f'{key}/articles', 0)} articles ({coverage});"
        f" overrides fell back on {_share(stats, f'{key}/override_fallback', articles):.0%},"
        f" rejected {_share(stats, f'{key}/rejected', articles):.0%}"
    )


def verdict(settings: Settings, stats: Mapping[str, Any]) -> list[str]:
    """The breaches a crawl's summary lists and its exit status acts on: those the monitors
    recorded, or that they did not run when enabled (spidermon logs an error in a suite
    and goes on, so silence is no pass)."""
    if not settings.getbool("SPIDERMON_ENABLED"):
        return []
    if not stats.get(CHECKED):
        return ["the drift monitors did not run (see the log for the error)"]
    return list(stats.get(DRIFT) or [])
