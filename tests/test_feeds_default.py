"""The default feed's options (`newscrawl.feeds.default_feeds`), as settings give them."""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

from newscrawl import settings as project
from newscrawl.feeds import default_feeds


def feeds(**given: Any) -> dict[str, dict[str, Any]]:
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.setdict(given, priority="cmdline")
    return default_feeds(settings)


def test_languages_written_with_spaces_each_get_their_feed() -> None:
    # " ru" passed the check and its feed took no article: they went to -other-.
    chosen = feeds(NEWSCRAWL_FEED_LANGUAGES="en, ru")
    assert [options["language"] for options in chosen.values()] == ["en", "ru", "other"]
    assert all("- " not in uri for uri in chosen)


def test_no_empty_file_unless_the_user_asks_for_one() -> None:
    assert {options["store_empty"] for options in feeds().values()} == {False}
    assert {options["store_empty"] for options in feeds(FEED_STORE_EMPTY=True).values()} == {True}
