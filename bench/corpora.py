"""Loading the shared corpora (layout and truth fields: `shared/corpora/README.md`).

Only ids, languages, URLs and truth are loaded up front; the HTML is read page by page at
run time so nothing of it needs to live anywhere but in the shared folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

Kind = Literal["shingles", "snippets"]
Half = Literal["tuning", "checking"]
HALVES: tuple[Half, ...] = ("checking", "tuning")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"

# ru-news: the annotators' `body` starts with the headline; the README says to score against
# the same text without it, since the headline is a separate field in every extractor.
TRUTH_FIELD: dict[str, str] = {"ru-news": "body_without_title", "multi-news": "body"}
KIND: dict[str, Kind] = {"ru-news": "shingles", "multi-news": "shingles", "snippets": "snippets"}
CORPORA: tuple[str, ...] = tuple(KIND)


@dataclass(frozen=True)
class Page:
    corpus: str
    id: str
    lang: str
    url: str | None
    html_path: Path
    truth: str = ""
    must_include: tuple[str, ...] = field(default=())
    must_exclude: tuple[str, ...] = field(default=())
    host: str = ""

    @property
    def half(self) -> Half:
        return half_of(self.host)

    def read_html(self) -> bytes:
        # Raw bytes as served: each extractor does its own charset detection, as in a crawl.
        return self.html_path.read_bytes()


def _url(manifest_url: str, meta: dict[str, object]) -> str | None:
    url = manifest_url or meta.get("url")
    if isinstance(url, str) and url:
        return url
    # ru-news has no URLs, only the host; a crawler always knows at least that much, and
    # both systems get the same value.
    domain = meta.get("domain")
    if isinstance(domain, str) and domain:
        return f"http://{domain}/"
    return None


def half_of(host: str) -> Half:
    """The tuning or checking half a site belongs to: a deterministic hash of its host, as
    `shared/corpora/README.md` prescribes. Failures are read, and anything learned is trained,
    on the tuning half only; the checking half says whether it holds on sites nobody tuned for.
    """
    return "checking" if hashlib.sha1(host.encode()).digest()[1] % 2 == 1 else "tuning"


def _host(meta: dict[str, object], page_id: str) -> str:
    # ru-news records carry no URL but their site's `domain`: the split stays by site there too
    # (falling back to the page id would split it page by page).
    url = meta.get("url") or (f"http://{meta['domain']}/" if meta.get("domain") else None)
    host = urlsplit(url).hostname if isinstance(url, str) else None
    return (host or page_id).removeprefix("www.")


def load(root: Path, name: str, limit: int | None = None) -> list[Page]:
    """The pages of one corpus in MANIFEST order (the first `limit` ones if given)."""
    folder = root / name
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if limit is not None:
        rows = rows[:limit]
    pages = []
    for row in rows:
        page_id = row["id"]
        meta = json.loads((folder / f"{page_id}.json").read_text(encoding="utf-8"))
        truth = meta.get(TRUTH_FIELD[name], "") if name in TRUTH_FIELD else ""
        pages.append(
            Page(
                corpus=name,
                id=page_id,
                lang=row.get("lang") or str(meta.get("lang") or "?"),
                url=_url(row.get("url") or "", meta),
                html_path=folder / f"{page_id}.html",
                truth=truth or "",
                must_include=tuple(meta.get("must_include") or ()),
                must_exclude=tuple(meta.get("must_exclude") or ()),
                host=_host(meta, page_id),
            )
        )
    return pages


def available(root: Path, names: list[str]) -> tuple[list[str], list[str]]:
    """(present, absent) corpus names under `root`."""
    present = [n for n in names if (root / n / "MANIFEST.tsv").is_file()]
    return present, [n for n in names if n not in present]
