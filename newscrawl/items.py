"""The record newscrawl exports.

`ArticleItem` is the output contract (schema/article.schema.json): its field order is the key
order of every JSON line. Spiders yield `newscrawl.extract.draft.ArticleDraft`; the item
pipelines turn a draft into an `ArticleItem` or reject it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

SCHEMA_VERSION = "1.3"


@dataclass
class ArticleItem:
    url: str
    canonical_url: str | None
    site: str
    language: str
    language_confidence: float
    mixed_language: bool
    paragraph_languages: list[str | None]
    title: str
    lead: str | None
    body: str
    authors: list[str]
    published_at: str | None
    published_raw: str | None
    modified_at: str | None
    section: str | None
    tags: list[str]
    image_url: str | None
    views: int | None
    translations: dict[str, str]
    boilerplate: list[dict[str, Any]]
    content_sha1: str
    fetched_at: str
    # 1 when first exported; one more each time a job exports the story again, changed.
    version: int = 1
    schema_version: str = SCHEMA_VERSION


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))
