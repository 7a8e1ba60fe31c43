"""The injection benchmark's own machinery, on a page written here."""

from __future__ import annotations

import random
from pathlib import Path

from bench.corpora import Page
from bench.injection import FAMILIES, HEADINGS, INLINE, families_of, inject
from newscrawl import extract_article

PARAGRAPHS = [
    f"Paragraph {n} of the story reports what the ministry said on Tuesday about the new "
    f"budget for regional roads, schools and hospitals in the northern provinces."
    for n in range(1, 6)
]


def page(tmp_path: Path) -> Page:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        '<html><head><meta property="og:type" content="article"><title>Budget</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><h1>Budget</h1><article>{body}</article>"
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return Page(
        "multi-news",
        "page",
        "en",
        "https://example.com/news/12345",
        path,
        truth="\n\n".join(PARAGRAPHS),
    )


def test_injected_blocks_land_in_the_article_and_are_split_off(tmp_path: Path) -> None:
    for seed in range(8):
        injected = inject(page(tmp_path), random.Random(seed))
        assert injected is not None and len(injected.texts) == 6
        markers = {t for _, t in injected.texts} & {
            m for lang in INLINE for m in INLINE[lang] + HEADINGS[lang]
        }
        assert len(markers) == 2
        record = extract_article(injected.html, "https://example.com/news/12345")
        assert record["body"] == "\n\n".join(PARAGRAPHS)
        removed = " ".join(s["text"] for s in record["boilerplate"])
        # the inline line sits between paragraphs: always inside the article, always split off
        inline_marker = injected.texts[0][1]
        assert inline_marker in removed


def test_checking_pages_get_only_checking_family_phrases(tmp_path: Path) -> None:
    checking, tuning = families_of("checking"), families_of("tuning")
    assert checking and tuning and set(checking) | set(tuning) == set(FAMILIES)
    assert not set(checking) & set(tuning)
    for seed in range(8):
        injected = inject(page(tmp_path), random.Random(seed), checking)
        assert injected is not None
        assert {family for family, _ in injected.texts} <= set(checking)
