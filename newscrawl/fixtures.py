"""Saved pages of declared sites and the records they must give (`scrapy savefixture`).

A fixture is two files in `<fixtures>/<site name>/`: `<slug>.html.gz`, the page's bytes
exactly as fetched (gzip, no timestamp, so that saving twice gives the same file), and
`<slug>.json`, its URL, capture time and content type beside the expected record, which is
the extraction of the day it was saved, for the developer to review. tests/test_site_pages.py
extracts every fixture again, as of its capture time, and names each field that differs.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha1
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newscrawl import extract_article
from newscrawl.sites import SITES
from newscrawl.validate import problems

# Beside the tests, relative to the project root (the folder of scrapy.cfg).
FIXTURES_DIR = Path("tests") / "fixtures" / "pages"
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80


@dataclass(frozen=True)
class Fixture:
    site: str
    slug: str
    folder: Path

    @property
    def page_file(self) -> Path:
        return self.folder / f"{self.slug}.html.gz"

    @property
    def record_file(self) -> Path:
        return self.folder / f"{self.slug}.json"

    def saved(self) -> dict[str, Any]:
        saved: dict[str, Any] = json.loads(self.record_file.read_text(encoding="utf-8"))
        return saved

    def page(self) -> bytes:
        return gzip.decompress(self.page_file.read_bytes())

    def extract(self) -> dict[str, Any]:
        """The page's record today, as of its capture (the template version of that day)."""
        saved = self.saved()
        return extract_article(
            self.page(),
            saved["url"],
            site=SITES[self.site],
            fetched_at=saved["captured_at"],
            content_type=saved.get("content_type"),
        )


def slug_for(url: str) -> str:
    """A file name from the URL's last path segment ("index" for a home page)."""
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    last = segments[-1].rsplit(".", 1)[0] if segments else "index"
    # A slug in another script ("/news/новости") is named by its URL's hash instead.
    slug = _SLUG_CHARS.sub("_", last.lower()).strip("_") or sha1(url.encode()).hexdigest()[:12]
    if len(slug) > _MAX_SLUG:
        # Both ends: a slug's start says what the story is, its end is often the site's id.
        slug = f"{slug[: _MAX_SLUG // 2].rstrip('_')}_{slug[-_MAX_SLUG // 2 :].lstrip('_')}"
    return slug


def _free_slug(folder: Path, url: str) -> str:
    """The URL's slug, numbered when another page already holds it; a page saved again
    keeps its own."""
    base = slug_for(url)
    for n in range(1, 1000):
        slug = base if n == 1 else f"{base}_{n}"
        record = folder / f"{slug}.json"
        if not record.exists() or json.loads(record.read_text(encoding="utf-8"))["url"] == url:
            return slug
    raise FileExistsError(f"too many fixtures named {base} in {folder}")


class InvalidRecord(ValueError):
    """The page's record is one a crawl would reject: no fixture is written unless asked."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def save(
    root: Path,
    site: str,
    url: str,
    page: bytes,
    captured_at: str,
    content_type: str | None,
    *,
    invalid_too: bool = False,
) -> Fixture:
    """Store the page and write its extraction as the expected record. InvalidRecord when a
    crawl would reject that record (a listing, a feed, a page the parser misses), unless
    `invalid_too`: a fixture that passes would otherwise keep a broken parse as "expected"."""
    # Extracted first: a page that cannot be read leaves no half-written fixture.
    expected = extract_article(
        page, url, site=SITES[site], fetched_at=captured_at, content_type=content_type
    )
    reasons = problems(expected)
    if reasons and not invalid_too:
        raise InvalidRecord(reasons)
    folder = root / site
    folder.mkdir(parents=True, exist_ok=True)
    fixture = Fixture(site, _free_slug(folder, url), folder)
    fixture.page_file.write_bytes(gzip.compress(page, mtime=0))
    record = {
        "url": url,
        "captured_at": captured_at,
        "content_type": content_type,
        "expected": expected,
    }
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    fixture.record_file.write_text(text, encoding="utf-8")
    return fixture


def fixtures(root: Path) -> Iterator[Fixture]:
    """Every fixture of every site folder under `root`, in name order."""
    if not root.is_dir():
        return
    for record in sorted(root.glob("*/*.json")):
        yield Fixture(record.parent.name, record.name.removesuffix(".json"), record.parent)


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """One entry per field that differs, named first: `title: expected 'A', got 'B'`; a
    long text shows the lines that changed."""
    found = []
    for name in [*expected, *(k for k in got if k not in expected)]:
        want, have = expected.get(name), got.get(name)
        if want == have:
            continue
        if isinstance(want, str) and isinstance(have, str) and "\n" in want + have:
            lines = difflib.unified_diff(want.splitlines(), have.splitlines(), lineterm="", n=0)
            found.append(f"{name}: differs\n    " + "\n    ".join(list(lines)[2:]))
        else:
            found.append(f"{name}: expected {want!r}, got {have!r}")
    return found
