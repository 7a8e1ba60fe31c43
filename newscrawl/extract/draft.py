"""The article as one page states it, before the pipelines normalise, split and validate it."""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.extract.blocks import Block


@dataclass
class Segment:
    """A piece of page text split off the article body, and why."""

    text: str
    reason: str
    language: str | None = None


@dataclass
class ArticleDraft:
    """Raw strings stay raw here (dates unparsed, whitespace as found) so that every pipeline
    step is a pure function of the draft, replayable without the crawl engine."""

    url: str
    site: str
    timezone: str
    fetched_at: str
    language_hint: str | None = None
    declares_article: bool = False
    canonical_url: str | None = None
    title: str | None = None
    lead: str | None = None
    blocks: list[Block] = field(default_factory=list)
    # Every text block of the page when the body was found generically (empty when the site's
    # template or an articleBody said where it is): what the consensus of extractors votes on.
    candidates: list[Block] = field(default_factory=list, repr=False)
    authors: list[str] = field(default_factory=list)
    published_raw: str | None = None
    modified_raw: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    views_raw: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    # The fields the site's overrides declare but found nothing for on this page.
    overrides_missed: list[str] = field(default_factory=list, repr=False)
    # Filled by the pipeline steps.
    published_at: str | None = None
    modified_at: str | None = None
    views: int | None = None
    paragraphs: list[str] = field(default_factory=list)
    boilerplate: list[Segment] = field(default_factory=list)
    language: str | None = None
    language_confidence: float = 0.0
    mixed_language: bool = False
    paragraph_languages: list[str | None] = field(default_factory=list)
    translations: dict[str, str] = field(default_factory=dict)
