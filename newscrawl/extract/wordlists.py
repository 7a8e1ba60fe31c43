"""The words and phrases of languages the extractors look for, kept out of the code.

Each list is a file `data/words/<name>.txt`: one word or phrase per line under the
`[language]` section that uses it (a phrase several languages share is listed once), `#`
starting a comment line. The code decides where in a line a list's phrases must stand and
what follows them; a contributor adds a language's words without touching a regex. Whether
case counts is the regex's business too, and each file's header says which it is.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SECTION = re.compile(r"^\[([a-z]{2,3})\]$")
# "Seit {year} bei der": a phrase may leave the year open.
_YEAR = "{year}"


@cache
def phrases(name: str) -> tuple[str, ...]:
    """Every phrase of `data/words/<name>.txt`, longest first (so that in an alternation
    "автор материала" is tried before "автор")."""
    path = resources.files("newscrawl.extract") / "data" / "words" / f"{name}.txt"
    found: list[str] = []
    language = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if section := _SECTION.match(line):
            language = section.group(1)
        elif language is None:
            raise ValueError(f"words/{name}.txt: phrase {line!r} before any [language]")
        else:
            found.append(line)
    return tuple(sorted(dict.fromkeys(found), key=lambda p: (-len(p), p)))


def alternation(name: str, *, whole_words: bool = False) -> str:
    """The list as the inside of a regex group: each phrase literally, `{year}` as four
    digits. With `whole_words`, a phrase that ends in a letter or digit must end a word
    ("pictured" does not take "picturedrome"; "picture:" needs no such end)."""
    options = []
    for phrase in phrases(name):
        pattern = r"\d{4}".join(re.escape(part) for part in phrase.split(_YEAR))
        if whole_words and phrase[-1].isalnum():
            pattern += r"\b"
        options.append(pattern)
    return "|".join(options)
