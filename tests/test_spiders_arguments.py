"""Spider argument parsers (`newscrawl.spiders.arguments`) on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.spiders.arguments import NamedValueError, language_set, url_file


def test_language_codes_are_read_as_a_pages_would_be() -> None:
    # "kz" (the country, in Kazakh sites' URLs) is read as kk, as a page's lang="kz" is.
    assert language_set("en, RU,kz,uk-UA") == {"en", "ru", "kk", "uk"}


@pytest.mark.parametrize("value", ["english", "xx", "en,e1"])
def test_a_code_that_names_no_language_is_refused(value: str) -> None:
    # It would have filtered every article out and the crawl would have exited 0.
    with pytest.raises(NamedValueError, match="no such language code"):
        language_set(value)


def test_a_url_file_as_windows_notepad_writes_it(tmp_path: Path) -> None:
    # Its byte-order mark made line 1 "\ufeffhttp://…", refused as no URL.
    urls = tmp_path / "urls.txt"
    urls.write_bytes("\ufeffhttps://a.example/1\r\n# later\r\nhttps://a.example/2\r\n".encode())
    assert url_file(str(urls)) == ["https://a.example/1", "https://a.example/2"]


def test_codes_articles_carry_that_cldr_does_not_list() -> None:
    # langdetect's Tagalog; withdrawn codes pages' lang attributes still hold
    assert language_set("tl,iw,in") == {"tl", "iw", "in"}
