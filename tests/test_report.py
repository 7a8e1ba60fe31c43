"""`scrapy report` over small feeds, run as a user runs it; its HTML page rendered in real
headless Chromium (Debian's `chromium`, which .ci/run installs)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zstandard
from PIL import Image

from tests.test_commands_extract import scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

CHART_TITLES = {
    "chart-per-day": "Articles per day per language",
    "chart-coverage": "Field coverage",
    "chart-boilerplate": "Boilerplate segments by reason",
}


def article(n: int, language: str, site: str, day: str | None, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "url": f"https://{site}/{language}/news/{n}",
        "site": site,
        "language": language,
        "title": f"Title {n}",
        "lead": None,
        "body": f"Body of article {n}.",
        "authors": [],
        "published_at": f"{day}T10:00:00+06:00" if day else None,
        "section": None,
        "tags": [],
        "image_url": None,
        "boilerplate": [],
        "content_sha1": f"sha{n}",
    }
    return record | fields


def segment(reason: str, language: str) -> dict[str, str]:
    return {"text": f"{reason} text", "reason": reason, "language": language}


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    """Two crawls in nested folders: 6 articles (one read twice: the first crawl's en story
    again in the second's gzipped feed), 2 rejected, and a file that is no feed."""
    first = article(
        1,
        "en",
        "bnews.kz",
        "2024-01-01",
        lead="Lead 1",
        authors=["A. Writer"],
        boilerplate=[segment("marker:read_also", "en"), segment("caption", "en")],
    )
    crawl_a = [
        first,
        article(2, "ru", "bnews.kz", "2024-01-01", boilerplate=[segment("marker:read_also", "ru")]),
        article(3, "kk", "bnews.kz", "2024-01-02", tags=["саясат"], section="Саясат"),
    ]
    crawl_b = [
        article(4, "en", "example.kz", "2024-01-03", boilerplate=[segment("link_list", "en")]),
        article(5, "ru", "example.kz", None, image_url="https://example.kz/5.jpg"),
        first,
    ]
    rejected = [
        {"url": "https://bnews.kz/ru/6", "reasons": ["body: empty"], "article": {}},
        {
            "url": "https://bnews.kz/ru/7",
            "reasons": ["body: too short (12 < 200 characters)", "title: missing"],
            "article": {},
        },
    ]
    root = tmp_path / "feeds"
    (root / "a").mkdir(parents=True)
    (root / "b" / "c").mkdir(parents=True)
    (root / "a" / "crawl-a.jsonl").write_text(jsonl(crawl_a), encoding="utf-8")
    (root / "a" / "rejected-crawl-a.jsonl").write_text(jsonl(rejected), encoding="utf-8")
    (root / "b" / "c" / "crawl-b.jsonl.gz").write_bytes(gzip.compress(jsonl(crawl_b).encode()))
    (root / "b" / "notes.txt").write_text("not a feed", encoding="utf-8")
    return root


def rows(stdout: str, title: str) -> dict[str, list[str]]:
    """The rows of the table whose title starts with `title`: first cell -> other cells."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    table: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        table[cells[0]] = cells[1:]
    return table


def test_tables_count_articles_rejections_and_duplicates(feeds: Path, tmp_path: Path) -> None:
    done = scrapy("report", str(feeds), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    total = rows(out, "Total")
    assert total["articles"] == ["6"] and total["rejected"] == ["2"]
    assert total["files read"] == ["3"] and total["rejected feeds among them"] == ["1"]
    assert rows(out, "Articles per site")["bnews.kz"] == ["4", "66.7%"]
    assert rows(out, "Articles per site")["example.kz"] == ["2", "33.3%"]
    languages = rows(out, "Articles per language")
    assert {lang: languages[lang][0] for lang in ("en", "ru", "kk")} == {
        "en": "3",
        "ru": "2",
        "kk": "1",
    }
    days = rows(out, "Articles per day")
    assert days["day"] == ["total", "en", "ru", "kk"]
    assert days["2024-01-01"] == ["3", "2", "1", "0"]
    assert days["2024-01-02"] == ["1", "0", "0", "1"]
    assert days["2024-01-03"] == ["1", "1", "0", "0"]
    assert days["undated"] == ["1", "0", "1", "0"]
    coverage = rows(out, "Field coverage")
    assert coverage["title"] == ["6", "100.0%"] and coverage["body"] == ["6", "100.0%"]
    assert coverage["lead"] == ["2", "33.3%"] and coverage["authors"] == ["2", "33.3%"]
    assert coverage["published_at"] == ["5", "83.3%"] and coverage["image_url"] == ["1", "16.7%"]
    assert coverage["tags"] == ["1", "16.7%"] and coverage["section"] == ["1", "16.7%"]
    reasons = rows(out, "Boilerplate segments per reason (6)")
    assert reasons["marker:read_also"][0] == "3" and reasons["caption"][0] == "2"
    assert reasons["link_list"][0] == "1"
    assert rows(out, "Boilerplate segments per language")["en"] == ["5", "83.3%"]
    rejections = rows(out, "Top rejection reasons")
    assert rejections["body: empty"] == ["1"] and rejections["title: missing"] == ["1"]
    assert rejections["body: too short"] == ["1"]  # the figures in brackets differ, not it
    assert "same url: 1 values, 1 extra lines" in out
    assert "same content_sha1: 1 values, 1 extra lines" in out
    assert re.search(
        r"https://bnews.kz/en/news/1  x2: \S*crawl-a.jsonl:1, \S*crawl-b.jsonl.gz:3", out
    )


def test_zstandard_feed_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "crawl.jsonl.zst"
    feed.write_bytes(
        zstandard.ZstdCompressor().compress(jsonl([article(1, "kk", "a.kz", None)]).encode())
    )
    done = scrapy("report", str(feed), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout, "Total")["articles"] == ["1"]
    assert rows(done.stdout, "Articles per day")["undated"] == ["1", "1"]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such file or folder: "),
        ('{"url": "https://a.kz/1"}\n\n{"url": oops}\n', "bad.jsonl:3: not JSON Lines"),
        ("[1, 2]\n", "bad.jsonl:1: not JSON Lines (a line must be one JSON object)"),
        ('{"url": "https://a.kz/1"}\n{"url": oops\n', "bad.jsonl:2: not JSON Lines"),
        ('{"site": ["a.kz"]}\n', "bad.jsonl:1: not a newscrawl record (site: list, not a string)"),
        ('{"boilerplate": 5}\n', "bad.jsonl:1: not a newscrawl record (boilerplate: int"),
        ('{"boilerplate": [{"reason": ["r"]}]}\n', "bad.jsonl:1: not a newscrawl record (boil"),
    ],
)
def test_mistakes_are_one_line_with_status_2(
    tmp_path: Path, content: str | None, said: str
) -> None:
    path = tmp_path / "bad.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = scrapy("report", str(path), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("scrapy report: ") and said in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_rejected_line_whose_reasons_are_no_list_is_named(tmp_path: Path) -> None:
    path = tmp_path / "rejected-x.jsonl"
    path.write_text('{"url": "https://a.kz/1", "reasons": "abc"}\n', encoding="utf-8")
    done = scrapy("report", str(path), cwd=tmp_path)
    assert done.returncode == 2
    assert (
        "rejected-x.jsonl:1: not a newscrawl record (reasons: not a list of strings)" in done.stderr
    )


def test_a_last_line_cut_short_is_left_out_with_a_warning(tmp_path: Path) -> None:
    # What an -o feed of a killed crawl ends with: the lines before it stand.
    lines = jsonl([article(n, "ru", "a.kz", "2026-11-30") for n in (1, 2, 3)])
    (tmp_path / "killed.jsonl").write_text(lines[:-40], encoding="utf-8")
    (tmp_path / "whole.jsonl").write_text(lines, encoding="utf-8")
    done = scrapy("report", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout, "Total")["articles"] == ["5"]
    killed = tmp_path / "killed.jsonl"
    warning = f"scrapy report: warning: {killed}:3: the last line is cut short, left out\n"
    assert done.stderr == warning


# --- the HTML page, in a real browser -------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        pytest.fail("chromium is not installed: apt-get install -y chromium (.ci/run does)")
    return found


def browse(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1280,900",
            *mode,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def page_requests(page: Path, tmp_path: Path, png: Path) -> list[str]:
    """URLs the page asked for while Chromium rendered it to `png`, from Chromium's own network
    log. The browser's background calls (update checks, which the flags do not all stop)
    have no initiator ("not an origin"); a file:// page's requests have the origin "null"."""
    netlog = tmp_path / "net.json"
    browse(page, tmp_path / f"profile-{png.stem}", f"--log-net-log={netlog}", f"--screenshot={png}")
    events = json.loads(netlog.read_text(encoding="utf-8"))["events"]
    return [
        e["params"]["url"]
        for e in events
        if "url" in e.get("params", {})
        and e["params"].get("initiator", "not an origin") != "not an origin"
    ]


def test_network_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    """The check below is worth something: a page loading an image is caught."""
    page = tmp_path / "fetching.html"
    page.write_text('<img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    assert page_requests(page, tmp_path, tmp_path / "fetching.png") == ["http://127.0.0.1:9/x.png"]


def test_html_page_renders_three_charts_fetching_nothing(feeds: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = scrapy("report", str(feeds), "--html", str(page), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert not re.search(
        r"<script|<link|@import|((src|href)\s*=|url\()\s*[\"']?\s*(https?:)?//", text
    )

    png = tmp_path / "report.png"
    assert page_requests(page, tmp_path, png) == []
    assert_not_blank(png)

    dom = browse(page, tmp_path / "profile-dom", "--dump-dom").stdout
    for chart_id, title in CHART_TITLES.items():
        chart = re.search(rf'<figure id="{chart_id}">(.*?)</figure>', dom, re.S)
        assert chart, f"{chart_id} not in the rendered page"
        assert f"<h2>{title}" in chart[1] and f"<title>{title}</title>" in chart[1]
        assert "<svg" in chart[1] and chart[1].count("<path") > 5  # bars, axes, ticks
    per_day = re.search(r'<figure id="chart-per-day">(.*?)</figure>', dom, re.S)
    assert per_day and all(f">{lang}</text>" in per_day[1] for lang in ("en", "ru", "kk"))
    assert ">marker:read_also</text>" in dom and ">published_at</text>" in dom


def assert_not_blank(png: Path) -> None:
    with Image.open(png) as image:
        assert image.size == (1280, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, f"{png} looks blank: {len(colours)} colours"
