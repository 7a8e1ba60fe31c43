"""The language word lists of data/words/ and the regex pieces made of them."""

import re
from importlib import resources

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
