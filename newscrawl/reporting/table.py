"""The report as plain-text tables for a terminal: a title line, then aligned rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from newscrawl.reporting.counts import COVERAGE_FIELDS, Report

TOP = 10  # rejection reasons and duplicate examples shown; the rest are summed up
Row = Sequence[object]


def render(report: Report) -> str:
    sections = [
        summary(report),
        counted("Articles per site", report.by_site, report.articles, "site"),
        counted("Articles per language", report.by_language, report.articles, "language"),
        per_day(report),
        coverage(report),
        counted("Boilerplate segments per reason", report.boilerplate_by_reason, label="reason"),
        counted(
            "Boilerplate segments per language", report.boilerplate_by_language, label="language"
        ),
        rejections(report),
        duplicates(report),
    ]
    return "\n\n".join(sections) + "\n"


def table(title: str, header: Row, rows: Iterable[Row]) -> str:
    """Left-aligned first column, right-aligned figures."""
    lines = [[str(cell) for cell in header], *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [title]
    for line in lines:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        text.append("  " + "  ".join(cells).rstrip())
    return "\n".join(text)


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def summary(report: Report) -> str:
    rows = [
        ("articles", report.articles),
        ("rejected", report.rejected),
        ("files read", report.files),
        ("rejected feeds among them", report.rejected_files),
    ]
    return table("Total", ("", "count"), rows)


def counted(title: str, counts: Counter[str], whole: int | None = None, label: str = "") -> str:
    """Most first; shares of `whole` (default: the counts' own sum)."""
    total = sum(counts.values()) if whole is None else whole
    rows = [(name, n, share(n, total)) for name, n in most_first(counts)]
    if not rows:
        return f"{title}\n  (none)"
    return table(f"{title} ({sum(counts.values())})", (label, "count", "share"), rows)


def most_first(counts: Counter[str]) -> list[tuple[str, int]]:
    """By count, ties by name: the same input always prints the same table."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def per_day(report: Report) -> str:
    """One row a day, a column per language: the shape of the crawl over time."""
    languages = [name for name, _ in most_first(report.by_language)]
    rows = [
        (day, report.by_day[day], *(report.by_day_language[(day, lang)] for lang in languages))
        for day in report.days()
    ]
    if not rows:
        return "Articles per day (published_at)\n  (none)"
    return table("Articles per day (published_at)", ("day", "total", *languages), rows)


def coverage(report: Report) -> str:
    rows = [
        (name, report.coverage[name], share(report.coverage[name], report.articles))
        for name in COVERAGE_FIELDS
    ]
    return table("Field coverage (non-empty)", ("field", "records", "share"), rows)


def rejections(report: Report) -> str:
    top = most_first(report.rejection_reasons)
    rows: list[Row] = [(reason, n) for reason, n in top[:TOP]]
    if len(top) > TOP:
        rows.append((f"({len(top) - TOP} other reasons)", sum(n for _, n in top[TOP:])))
    if not rows:
        return "Top rejection reasons\n  (none)"
    return table(f"Top rejection reasons ({report.rejected} rejected)", ("reason", "count"), rows)


def duplicates(report: Report) -> str:
    """How many URLs and texts were read more than once, and the most repeated, with where."""
    lines = ["Duplicates (read on more than one line)"]
    for key in ("url", "content_sha1"):
        repeated = report.duplicates(key)
        extra = sum(len(places) - 1 for places in repeated.values())
        lines.append(f"  same {key}: {len(repeated)} values, {extra} extra lines")
        for value, places in list(repeated.items())[:TOP]:
            lines.append(f"    {value}  x{len(places)}: {', '.join(map(str, places))}")
    return "\n".join(lines)
