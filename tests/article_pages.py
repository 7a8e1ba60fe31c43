"""The pieces of the small article pages the extraction tests write: one story, its URL,
and declared data (JSON-LD) around it."""

from __future__ import annotations

import json
from typing import Any

URL = "https://www.daily-planet.example/news/2026/budget-approved"
HEADLINE = "Budget approved after a long night in parliament"
TEXT = (
    "Deputies voted for the budget at four in the morning, after eleven hours of debate "
    "about schools, roads and the pension fund."
)


def ld(**fields: Any) -> str:
    """A NewsArticle JSON-LD block with `fields`."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
