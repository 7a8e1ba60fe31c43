"""The HTML report's per-day chart (`newscrawl.reporting.page`) over an archive's years."""

from __future__ import annotations

from newscrawl.reporting.counts import UNDATED, Report
from newscrawl.reporting.page import MAX_BARS, OTHER, per_day_chart, per_period


def archive(days: list[str], languages: list[str]) -> Report:
    report = Report()
    for i, day in enumerate(days):
        language = languages[i % len(languages)]
        report.by_language[language] += 1
        report.by_day[day] += 1
        report.by_day_language[(day, language)] += 1
    return report


def test_a_few_weeks_are_a_bar_a_day() -> None:
    report = archive([f"2026-11-{d:02d}" for d in range(1, 29)] + [UNDATED], ["en", "ru"])
    unit, counts = per_period(report)
    assert unit == "day" and len({period for period, _ in counts}) == 28
    assert sum(counts.values()) == 28  # the undated one is noted, not drawn


def test_an_archive_is_a_bar_a_month_and_its_rare_languages_are_other() -> None:
    # 3,650 days in 20 languages drew 73,000 bars: 95 s and 1 GB for the page.
    days = [f"{2016 + i // 365}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(3650)]
    languages = [f"l{n:02d}" for n in range(20)]
    report = archive(days, languages)
    report.by_language["l00"] += 1000  # the commonest ten keep their own colour
    unit, counts = per_period(report)
    periods = {period for period, _ in counts}
    assert unit == "month" and len(periods) == 120 <= MAX_BARS
    assert {lang for _, lang in counts} == {*languages[:10], OTHER}
    assert sum(counts.values()) == 3650
    assert "Articles per month per language" in per_day_chart(report)


def test_past_as_many_months_a_bar_a_year() -> None:
    days = [f"{1990 + y}-{m:02d}-01" for y in range(30) for m in range(1, 13)]
    unit, counts = per_period(archive(days, ["en"]))
    assert unit == "year" and len({period for period, _ in counts}) == 30
