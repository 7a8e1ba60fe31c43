"""Tallies over article and rejected records: one pass, nothing kept but counts (and, for
duplicates, where each URL and text was seen)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.reporting.feeds import FeedError, TornLine, is_rejected_feed, records

COVERAGE_FIELDS = (
    "title",
    "lead",
    "body",
    "authors",
    "published_at",
    "tags",
    "image_url",
    "section",
)
UNDATED = "undated"
NO_LANGUAGE = "und"  # the schema's own word for an undetermined language
# "body: too short (120 < 200 characters)": the figures differ from record to record, the
# reason does not.
REASON_DETAIL = re.compile(r"\s*\([^()]*\)$")


@dataclass(frozen=True)
class Place:
    """Where a record was read: file and line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Report:
    files: int = 0
    rejected_files: int = 0
    articles: int = 0
    rejected: int = 0
    by_site: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    by_day: Counter[str] = field(default_factory=Counter)  # YYYY-MM-DD or UNDATED
    by_day_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    coverage: Counter[str] = field(default_factory=Counter)  # field -> records having it
    boilerplate_by_reason: Counter[str] = field(default_factory=Counter)
    boilerplate_by_language: Counter[str] = field(default_factory=Counter)
    rejection_reasons: Counter[str] = field(default_factory=Counter)
    # Feeds whose last line a killed writer cut short: "file:line: ..." each, left out.
    torn: list[str] = field(default_factory=list)
    # "url" / "content_sha1" -> value -> every place it was read
    seen: dict[str, dict[str, list[Place]]] = field(
        default_factory=lambda: {"url": {}, "content_sha1": {}}
    )

    def days(self) -> list[str]:
        """Dated days in order, then the undated count's row if any."""
        dated = sorted(day for day in self.by_day if day != UNDATED)
        return dated + ([UNDATED] if UNDATED in self.by_day else [])

    def duplicates(self, key: str) -> dict[str, list[Place]]:
        """Values of `key` read on more than one line, most repeated first."""
        repeated = {value: at for value, at in self.seen[key].items() if len(at) > 1}
        return dict(sorted(repeated.items(), key=lambda item: (-len(item[1]), item[0])))


def build_report(paths: Iterable[Path]) -> Report:
    report = Report()
    for path in paths:
        report.files += 1
        rejected_feed = is_rejected_feed(path)
        report.rejected_files += rejected_feed
        try:
            for lineno, record in records(path):
                _check_shape(record, rejected_feed, f"{path}:{lineno}")
                if rejected_feed:
                    add_rejected(report, record)
                else:
                    add_article(report, record, Place(path, lineno))
        except TornLine as torn:
            report.torn.append(str(torn))
    return report


# The fields the report reads, and what each must be: a line that is JSON but not a record
# (or not one of this kind of feed) is named, not counted in pieces.
_TEXTS = ("site", "language", "published_at", "url", "content_sha1")


def _check_shape(record: dict[str, Any], rejected_feed: bool, place: str) -> None:
    problem = _rejection_problem(record) if rejected_feed else _article_problem(record)
    if problem:
        raise FeedError(f"{place}: not a newscrawl record ({problem})")


def _article_problem(article: dict[str, Any]) -> str | None:
    for name in _TEXTS:
        if article.get(name) is not None and not isinstance(article[name], str):
            return f"{name}: {type(article[name]).__name__}, not a string"
    segments = article.get("boilerplate")
    if segments is not None and not isinstance(segments, list):
        return f"boilerplate: {type(segments).__name__}, not a list"
    if any(not _is_segment(segment) for segment in segments or []):
        return "boilerplate: a segment that is not {reason, language, ...}"
    return None


def _is_segment(segment: Any) -> bool:
    return isinstance(segment, dict) and all(
        isinstance(segment.get(key), str | None) for key in ("reason", "language")
    )


def _rejection_problem(line: dict[str, Any]) -> str | None:
    reasons = line.get("reasons")
    if reasons is not None and not (
        isinstance(reasons, list) and all(isinstance(r, str) for r in reasons)
    ):
        return "reasons: not a list of strings"
    return None


def add_article(report: Report, article: dict[str, Any], place: Place) -> None:
    report.articles += 1
    language = article.get("language") or NO_LANGUAGE
    report.by_site[article.get("site") or "?"] += 1
    report.by_language[language] += 1
    day = publication_day(article.get("published_at"))
    report.by_day[day] += 1
    report.by_day_language[(day, language)] += 1
    report.coverage.update(name for name in COVERAGE_FIELDS if filled(article.get(name)))
    for segment in article.get("boilerplate") or []:  # segments, by _check_shape
        report.boilerplate_by_reason[segment.get("reason") or "?"] += 1
        report.boilerplate_by_language[segment.get("language") or NO_LANGUAGE] += 1
    for key, places in report.seen.items():
        if article.get(key):
            places.setdefault(str(article[key]), []).append(place)


def add_rejected(report: Report, line: dict[str, Any]) -> None:
    report.rejected += 1
    report.rejection_reasons.update(rejection_reason(r) for r in line.get("reasons") or [])


def rejection_reason(reason: str) -> str:
    return REASON_DETAIL.sub("", str(reason))


def publication_day(published_at: Any) -> str:
    """The date as the page stated it (the offset is the page's or the site's own)."""
    if isinstance(published_at, str) and re.match(r"\d{4}-\d{2}-\d{2}", published_at):
        return published_at[:10]
    return UNDATED


def filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)  # None, [] and {} are all "not there"
