"""The report as one self-contained HTML page: charts drawn by matplotlib as inline SVG, the
figures as tables beside them. Nothing is fetched when it opens: no script, no stylesheet,
font or image from anywhere (fonts are the reader's own; SVG text stays text)."""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newscrawl.reporting import table
from newscrawl.reporting.counts import COVERAGE_FIELDS, UNDATED, Report

# Any keys: matplotlib types rcParams names as literals, a module-level dict has plain str.
SVG_STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text as <text>, in the reader's fonts: no glyph outlines to embed
    "text.parse_math": False,  # a "$" in a site or reason is text, not TeX
    "font.size": 10,
}
CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
"""


def render(report: Report) -> str:
    charts = [
        per_day_chart(report),
        coverage_chart(report),
        boilerplate_chart(report),
    ]
    body = "\n".join(charts)
    figures = html.escape(table.render(report))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>newscrawl report: {report.articles} articles</title>
<style>{CSS}</style></head>
<body>
<h1>newscrawl report: {report.articles} articles, {report.rejected} rejected,
{report.files} files</h1>
{body}
<h2>All figures</h2>
<pre>{figures}</pre>
</body></html>
"""


def figure_html(chart_id: str, title: str, fig: Figure, note: str = "") -> str:
    caption = html.escape(title) + (f" <small>({html.escape(note)})</small>" if note else "")
    return (
        f'<figure id="{chart_id}"><h2>{caption}</h2>\n{inline_svg(fig, chart_id, title)}</figure>'
    )


def inline_svg(fig: Figure, chart_id: str, title: str) -> str:
    """The figure's <svg> element alone (no XML prolog or DOCTYPE, which HTML refuses), named
    by a <title> for screen readers; the chart's id as salt keeps each chart's clip-path ids
    apart from the others' on the same page."""
    out = io.StringIO()
    with matplotlib.rc_context({**SVG_STYLE, "svg.hashsalt": chart_id}):
        fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    opening_end = svg.index(">") + 1
    return f"{svg[:opening_end]}<title>{html.escape(title)}</title>{svg[opening_end:]}"


def new_figure(height: float) -> Figure:
    with matplotlib.rc_context(SVG_STYLE):
        return Figure(figsize=(10, height), layout="constrained")


# A bar a day up to this many days, else a bar a month (a year past as many months), and a
# colour for each of the commonest languages, the rest as "other": an archive crawl's 3,650
# days in 20 languages drew 73,000 bars (95 s, 1 GB of memory, a 15 MB page).
MAX_BARS = 120
MAX_LANGUAGES = 10
OTHER = "other"


def per_day_chart(report: Report) -> str:
    """Stacked bars: a bar a day (or month, or year), a colour a language."""
    unit, counts = per_period(report)
    periods = sorted({period for period, _ in counts})
    languages = sorted({lang for _, lang in counts}, key=lambda lang: _rank(report, lang))
    fig = new_figure(4)
    ax = fig.add_subplot()
    bottoms = [0] * len(periods)
    for language in languages:
        heights = [counts[(period, language)] for period in periods]
        ax.bar(range(len(periods)), heights, bottom=bottoms, label=language)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    label_days(ax, periods)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # no 1.25 articles
    ax.set_ylabel("articles")
    if periods:
        ax.legend(title="language", loc="upper left")  # "best" is slow to place
    else:
        no_data(ax)
    undated = report.by_day[UNDATED]
    title = f"Articles per {unit} per language"
    return figure_html("chart-per-day", title, fig, f"{undated} undated not shown")


def per_period(report: Report) -> tuple[str, Counter[tuple[str, str]]]:
    """The dated articles per (period, language): days, else months, else years, whichever
    first gives at most MAX_BARS bars; languages past the MAX_LANGUAGES commonest as OTHER."""
    days = {day for day, _ in report.by_day_language if day != UNDATED}
    unit, width = next(
        ((unit, width) for unit, width in _UNITS if len({d[:width] for d in days}) <= MAX_BARS),
        _UNITS[-1],
    )
    common = set(sorted(report.by_language, key=lambda lang: _rank(report, lang))[:MAX_LANGUAGES])
    counts: Counter[tuple[str, str]] = Counter()
    for (day, language), n in report.by_day_language.items():
        if day != UNDATED:
            counts[(day[:width], language if language in common else OTHER)] += n
    return unit, counts


# Each period and the length of its prefix of an ISO date.
_UNITS = (("day", 10), ("month", 7), ("year", 4))


def _rank(report: Report, language: str) -> tuple[int, str]:
    return (-report.by_language.get(language, 0), language)


def label_days(ax: Axes, days: Sequence[str]) -> None:
    """At most ~30 date labels, so that a long crawl's axis stays legible."""
    step = max(1, len(days) // 30)
    ticks = list(range(0, len(days), step))
    ax.set_xticks(ticks, [days[i] for i in ticks], rotation=60, ha="right")


def coverage_chart(report: Report) -> str:
    title = "Field coverage"
    shares = [
        100 * report.coverage[name] / report.articles if report.articles else 0
        for name in COVERAGE_FIELDS
    ]
    fig = new_figure(3.5)
    ax = fig.add_subplot()
    bars = ax.barh(COVERAGE_FIELDS, shares, color="#4c72b0")
    ax.bar_label(bars, labels=[f"{s:.0f}%" for s in shares], padding=3)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()  # in the order of the record
    ax.set_xlabel("% of articles with a non-empty value")
    return figure_html("chart-coverage", title, fig)


def boilerplate_chart(report: Report) -> str:
    title = "Boilerplate segments by reason"
    counted = table.most_first(report.boilerplate_by_reason)
    fig = new_figure(max(2.5, 0.3 * len(counted) + 1))
    ax = fig.add_subplot()
    if counted:
        bars = ax.barh([r for r, _ in counted], [n for _, n in counted], color="#dd8452")
        ax.bar_label(bars, padding=3)
        ax.invert_yaxis()  # most first
    else:
        no_data(ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("segments")
    return figure_html("chart-boilerplate", title, fig)


def no_data(ax: Axes) -> None:
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
