"""Shared test fixtures: the offline mirror server and the synthetic site (real processes on
127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.incremental_support import BIG_SITE_ARTICLES, Site
from tests.mockserver import ServerProcess


class Mirror(ServerProcess):
    """tests/mockserver.py serving one fixture site of tests/fixtures/sites."""

    def __init__(self, domain: str) -> None:
        self.domain = domain
        super().__init__("tests.mockserver", domain, name=f"mock server for {domain}")


@pytest.fixture(scope="session")
def bnews_mirror() -> Iterator[Mirror]:
    mirror = Mirror("bnews.kz")
    yield mirror
    mirror.stop()


@pytest.fixture(scope="module")
def big_site() -> Iterator[Site]:
    """The synthetic site with BIG_SITE_ARTICLES articles, one for each module that uses it."""
    site = Site(articles=BIG_SITE_ARTICLES)
    yield site
    site.stop()
