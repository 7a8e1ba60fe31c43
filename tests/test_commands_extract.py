"""`scrapy extract` on saved pages, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import templatesite
from tests.mockserver import SITES_DIR
from tests.scrapy_runner import run_scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def scrapy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_scrapy(*args, cwd=cwd)


def test_folder_to_jsonl_with_rejections_apart(tmp_path: Path) -> None:
    out = tmp_path / "ru.jsonl"
    done = scrapy(
        "extract", str(SITES_DIR / "bnews.kz" / "ru" / "news"), "-o", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6 and all(r["language"] == "ru" for r in records)
    # URLs come from the pages' canonical links, so the site profile applies
    assert all(r["url"].startswith("https://bnews.kz/ru/news/") for r in records)
    rejected = [
        json.loads(line)
        for line in (tmp_path / "ru.rejected.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [r["reasons"] for r in rejected] == [["body: empty"]]
    assert "extracted 6 articles, rejected 1 of 7 files" in done.stderr


def test_one_file_with_url_to_stdout(tmp_path: Path) -> None:
    page = (
        SITES_DIR
        / "bnews.kz"
        / "en"
        / "news"
        / "csto_was_appreciative_of_kazakhstans_chairmanship.html"
    )
    done = scrapy("extract", str(page), "--url", "https://bnews.kz/en/news/x", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["url"] == "https://bnews.kz/en/news/x"
    assert record["views"] == 410


def test_usage_mistakes_are_one_line_with_status_2(tmp_path: Path) -> None:
    nope = tmp_path / "nope.html"
    folder = SITES_DIR / "bnews.kz" / "en" / "news"
    for args, message in (  # the message, or the part of it that names the argument
        ([str(nope)], f"no such file or folder: {nope}"),
        ([], "give at least one HTML file or folder"),
        ([str(folder), "--url", "https://x.kz/"], "--url needs exactly one HTML file"),
        ([str(folder), "--bogus"], "no such option: --bogus"),
        ([str(next(folder.glob("*.html"))), "--url", "x.kz/news/1"], "an absolute http(s) URL"),
        (
            [str(folder), "-o", str(tmp_path / "no" / "x.jsonl")],
            f"no such folder {tmp_path / 'no'}",
        ),
        ([str(folder), "-o", str(tmp_path)], "a folder, not a file"),
    ):
        done = scrapy("extract", *args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("scrapy extract: ") and done.stderr.count("\n") == 1
        assert message in done.stderr


def test_extraction_mode_is_a_setting_and_a_wrong_one_is_named(tmp_path: Path) -> None:
    page = (
        SITES_DIR
        / "bnews.kz"
        / "en"
        / "news"
        / "csto_was_appreciative_of_kazakhstans_chairmanship.html"
    )
    out = tmp_path / "fast.jsonl"
    done = scrapy(
        "extract", str(page), "-s", "NEWSCRAWL_EXTRACTION=fast", "-o", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Kazakhstan" in json.loads(out.read_text(encoding="utf-8"))["body"]
    for command in (["extract", str(page)], ["crawl", "generic", "-a", "url=http://127.0.0.1:9/"]):
        wrong = scrapy(*command, "-s", "NEWSCRAWL_EXTRACTION=slow", cwd=tmp_path)
        assert wrong.returncode == 2
        assert "NEWSCRAWL_EXTRACTION=slow: choose one of consensus, fast" in wrong.stderr
        assert "Traceback" not in wrong.stderr
        assert len(wrong.stderr.strip().splitlines()) == 1


def test_over_a_folder_it_learns_the_sites_template_as_a_crawl_does(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for n in range(1, 31):
        (folder / f"{n:03d}.html").write_bytes(templatesite.page(n, "https://steppe.kz"))
    learned, plain = tmp_path / "learned.jsonl", tmp_path / "plain.jsonl"
    assert scrapy("extract", str(folder), "-o", str(learned), cwd=tmp_path).returncode == 0
    off = ("-s", "NEWSCRAWL_SITE_TEMPLATE=False")
    assert scrapy("extract", str(folder), *off, "-o", str(plain), cwd=tmp_path).returncode == 0
    records = [json.loads(line) for line in learned.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 30
    assert not any(templatesite.PROMO in r["body"] for r in records)
    for record in records:
        assert record["body"].endswith(templatesite.closing(int(record["url"].rsplit("/", 1)[1])))
    untouched = [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()]
    assert all(templatesite.PROMO in r["body"] for r in untouched)


def test_a_file_that_cannot_be_read_costs_only_its_own_record(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    good = (
        SITES_DIR
        / "bnews.kz"
        / "en"
        / "news"
        / "csto_was_appreciative_of_kazakhstans_chairmanship.html"
    )
    (folder / "a.html").write_bytes(good.read_bytes())
    # A regular file by its name and stat that fails when read (EIO): a stand-in for a
    # file on a failing disk or a vanished network mount.
    (folder / "b.html").symlink_to("/proc/self/mem")
    out = tmp_path / "out.jsonl"
    done = scrapy("extract", str(folder), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert f"skipped {folder / 'b.html'}: extraction failed: OSError" in done.stderr
    assert "Traceback" not in done.stderr


def saved_page(title: str) -> str:
    """A page as a browser's "save as" keeps it: no canonical link, no og:url."""
    text = (
        "The city council approved the new budget on Tuesday after a debate that lasted "
        "well into the night, the mayor's office said in a statement."
    )
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<time datetime='2026-11-30T10:00:00+00:00'>30 November</time>"
        f"<p>{text}</p><p>{text.replace('Tuesday', 'Monday')}</p></article></body></html>"
    )


def test_a_folder_of_pages_naming_no_url_takes_theirs_from_a_list(tmp_path: Path) -> None:
    # Every such page was rejected ("site: '' should be non-empty"), with no way around it.
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("a", "b", "c d"):
        (folder / f"{name}.html").write_text(saved_page(f"Budget {name} approved"))
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# saved 2026-11-30\nsaved/a.html https://daily.example/news/a\n"
        "saved/c d.html\thttps://daily.example/news/c\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    done = scrapy("extract", str(folder), "--urls", str(listing), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["url"], r["site"]) for r in records] == [
        ("https://daily.example/news/a", "daily.example"),
        ("https://daily.example/news/c", "daily.example"),
    ]
    [rejected] = [json.loads(line) for line in (tmp_path / "out.rejected.jsonl").open()]
    assert rejected["file"] == str(folder / "b.html")
    assert rejected["reasons"][0].startswith("url: the saved page names none (no canonical")


def test_a_bad_list_of_urls_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(saved_page("Budget approved"))
    listing = tmp_path / "urls.txt"
    for listed, message in (
        ("a.html daily.example/a", "line 1: expected PATH URL, got 'a.html daily.example/a'"),
        ("b.html https://daily.example/b", "line 1: no such file b.html"),
    ):
        listing.write_text(listed + "\n", encoding="utf-8")
        done = scrapy("extract", str(tmp_path / "a.html"), "--urls", str(listing), cwd=tmp_path)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert done.stderr == f"scrapy extract: --urls {listing}: {message}\n"
    done = scrapy(
        "extract",
        str(tmp_path / "a.html"),
        "--urls",
        str(listing),
        "--url",
        "https://x.kz/1",
        cwd=tmp_path,
    )
    assert done.stderr == "scrapy extract: --url and --urls: give one of them\n"
