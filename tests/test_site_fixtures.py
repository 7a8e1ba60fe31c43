"""Every saved article page of every fixture site against its reviewed expected JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.validate import problems
from tests.fixtures.generate_expected import SITES_DIR, article_pages, expected_path, extract

PAGES = [
    pytest.param(domain.name, url, page, id=url)
    for domain in sorted(SITES_DIR.iterdir())
    for url, page in article_pages(domain.name)
]


@pytest.mark.parametrize(("domain", "url", "page"), PAGES)
def test_page_matches_expected(domain: str, url: str, page: Path) -> None:
    expected = json.loads(expected_path(domain, page).read_text(encoding="utf-8"))
    assert extract(url, page) == expected


def test_every_page_has_an_expected_file_and_all_but_the_withdrawn_one_are_valid() -> None:
    assert len(PAGES) >= 15
    invalid = []
    for param in PAGES:
        domain, url, page = param.values
        record = json.loads(expected_path(domain, page).read_text(encoding="utf-8"))
        if problems(record):
            invalid.append(url)
    assert invalid == [
        "https://bnews.kz/ru/news/akim_pavlodarskoy_oblasti_provel_vstrechu_s_fermerami"
    ]
