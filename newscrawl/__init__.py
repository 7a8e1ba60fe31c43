"""newscrawl: multilingual news crawling on Scrapy.

`extract_article(html, url)` gives, without a crawl, the article a crawl would export for that
page: every pipeline step applied except filtering, de-duplication and export. Check it with
`newscrawl.validate.problems(article)`; a crawl would reject it if that list is not empty.

Extraction modes: `consensus` (the default) lets trafilatura and readability-lxml vote block by
block beside our extractor (`newscrawl.extract.consensus`); `fast` is our extractor alone, for
bulk re-extraction (about twice the pages per second).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from parsel import Selector

from newscrawl import steps
from newscrawl.extract.article import extract_draft
from newscrawl.extract.consensus import consensus_blocks
from newscrawl.extract.dates import utc_now
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.overrides import Override
from newscrawl.sites import Site, host_of, site_for_url

Mode = Literal["consensus", "fast"]
MODES: tuple[Mode, ...] = ("consensus", "fast")


def page_draft(
    html: bytes | str,
    url: str,
    site: Site | None = None,
    *,
    content_type: str | None = None,
    fetched_at: str | None = None,
    mode: Mode = "consensus",
) -> ArticleDraft:
    """What one page states, as the crawl and `extract_article` both start from it.

    The site profile is found from the URL's host unless given; other hosts get generic
    extraction in UTC.
    """
    if mode not in MODES:
        raise ValueError(f"extraction mode {mode!r}: choose one of {', '.join(MODES)}")
    profile = site or site_for_url(url)
    text = decode_html(html, content_type)
    fetched = fetched_at or utc_now().isoformat()
    draft = extract_draft(
        Selector(text=text),
        url,
        site=profile.domain if profile else host_of(url),
        timezone=profile.timezone if profile else "UTC",
        fetched_at=fetched,
        overrides=_overrides(profile, fetched),
        language_hint=profile.edition_of(url) if profile else None,
    )
    # Only a body found generically is put to the vote (a site's template says where its
    # body is), and only on a page with running prose or an article declaration: a listing
    # or an empty page is not worth the peers' time.
    if mode == "consensus" and draft.candidates and (draft.blocks or draft.declares_article):
        draft.blocks, _ = consensus_blocks(draft.candidates, draft.blocks, text, url)
    return draft


def _overrides(site: Site | None, fetched_at: str) -> dict[str, Override]:
    """The site's field overrides in the template version of the page's fetch date (a saved
    fixture keeps the version of the day it was captured)."""
    template = site.template_for(date.fromisoformat(fetched_at[:10])) if site else None
    return template.overrides() if template else {}


def extract_article(
    html: bytes | str,
    url: str,
    *,
    site: Site | None = None,
    fetched_at: str | None = None,
    mode: Mode = "consensus",
    content_type: str | None = None,
) -> dict[str, Any]:
    """The article dict for one page (keys in schema order); `content_type` is the HTTP
    header's, when the page came with one (its charset counts)."""
    draft = page_draft(html, url, site, content_type=content_type, fetched_at=fetched_at, mode=mode)
    return asdict(steps.to_item(steps.run_steps(draft)))


__all__ = ["MODES", "Mode", "extract_article", "page_draft"]
