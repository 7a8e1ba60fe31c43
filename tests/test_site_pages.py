"""Every saved page of every declared site (tests/fixtures/pages/<site>/, written by
`scrapy savefixture`) against its reviewed expected record, field by field.
`pytest -k NAME` runs one site's."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.fixtures import Fixture, differences, fixtures
from newscrawl.sites import SITES

PAGES_DIR = Path(__file__).resolve().parent / "fixtures" / "pages"
FIXTURES = list(fixtures(PAGES_DIR))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f"{f.site}/{f.slug}")
def test_page_gives_its_expected_record(fixture: Fixture) -> None:
    assert fixture.site in SITES, f"fixtures of {fixture.site!r}, a site nobody declares"
    found = differences(fixture.saved()["expected"], fixture.extract())
    if found:
        pytest.fail(f"{fixture.record_file.name}:\n" + "\n".join(found), pytrace=False)


@pytest.mark.parametrize("site", sorted(SITES))
def test_every_declared_site_has_fixtures(site: str) -> None:
    assert any(f.site == site for f in FIXTURES), f"run `scrapy savefixture {site} URL`"
