"""The language word lists of data/words/ and the regex pieces made of them."""

import re
from importlib import resources

import pytest

from newscrawl.extract.article import _BYLINE_LABEL
from newscrawl.extract.body import _COPYRIGHT, _COPYRIGHT_NOTICE
from newscrawl.extract.text import split_names
from newscrawl.extract.wordlists import alternation, phrases

FOLDER = resources.files("newscrawl.extract") / "data" / "words"


def test_every_list_loads_longest_phrase_first() -> None:
    names = [entry.name[:-4] for entry in FOLDER.iterdir() if entry.name.endswith(".txt")]
    assert "byline" in names and "next_page" in names
    for name in names:
        listed = phrases(name)
        assert listed, name
        assert [len(p) for p in listed] == sorted((len(p) for p in listed), reverse=True)


def test_whole_words_and_the_open_year() -> None:
    pictured = re.compile(f"^({alternation('pictured', whole_words=True)})", re.IGNORECASE)
    assert pictured.match("Pictured from left: the ministers")
    assert pictured.match("Picture: Reuters")
    assert not pictured.match("Picturedrome reopens")
    since = re.compile(alternation("bio_since", whole_words=True))
    assert since.search("Redakteurin. Seit 2019 bei der taz")
    assert not since.search("Seit 2019 bei derzeit")


@pytest.mark.parametrize(
    ("names", "people"),
    [
        # name_by.txt and name_for.txt: the label and the publication go ...
        ("By Jane Doe For The Mail On Sunday", ["Jane Doe"]),
        # ... but only as whole words, like name_and.txt's words the list is split on
        ("Byron Smith", ["Byron Smith"]),
        ("Anderson Cooper & Brandy Fortune", ["Anderson Cooper", "Brandy Fortune"]),
        ("Ахметов және Ким", ["Ахметов", "Ким"]),
        ("Іван Петренко та Олена Ким", ["Іван Петренко", "Олена Ким"]),
        # credit_label.txt: a photo credit is no author
        ("( Image: Getty Images)", []),
        ("Сурет: Ерлан Ахметов", []),
    ],
)
def test_names_read_with_the_name_lists(names: str, people: list[str]) -> None:
    assert split_names(names) == people


@pytest.mark.parametrize(
    ("line", "ends_article"),
    [
        ("© Барлық құқықтар қорғалған", True),  # copyright_notice.txt: a stem, inside a word
        ("Copyright Example Media. All rights reserved", True),
        ("Copyrighted material, all rights reserved", False),  # copyright.txt: a whole word
        ("© Matt Campbell / DPA", False),
    ],
)
def test_copyright_notice_words(line: str, ends_article: bool) -> None:
    assert bool(_COPYRIGHT.match(line) and _COPYRIGHT_NOTICE.search(line)) is ends_article


def test_byline_label_words() -> None:
    found = _BYLINE_LABEL.search("Text und Autorin: Nina Magoley")
    assert found and found.group(1) == "Nina Magoley"
    assert not _BYLINE_LABEL.search("Coauthor: Jane Doe")
