"""Spider arguments (`-a NAME=VALUE`), declared once per spider class in its `arguments`.

`scrapy crawl` checks the command line against the declaration before the crawl starts, so
that a typo, a bad value or a missing argument is one line and exit status 2 rather than a
traceback from inside the crawler (or, for a typo, a silent crawl of the whole site). The
spider's own __init__ reads its values through the same parsers.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.extract.dates import zone
from newscrawl.extract.language import language_code
from newscrawl.middlewares.scope import SCHEMES


class ArgumentError(ValueError):
    """A spider argument refused; the message is the one line the user is shown."""


@dataclass(frozen=True)
class Arg:
    """One argument: `form` is how its value is written (for messages), `expects` what the
    parser accepts, and `parse` turns the text into the spider's value (ValueError or
    OSError when it is not one)."""

    form: str
    expects: str
    parse: Callable[[str], Any] = str


class NamedValueError(ValueError):
    """A value refused with the part of it that is wrong (a file's line), said to the user."""


def csv_set(value: str) -> set[str]:
    found = {v.strip().lower() for v in value.split(",") if v.strip()}
    if not found:  # "," is no list: crawling everything instead would surprise
        raise ValueError(value)
    return found


def language_set(value: str) -> set[str]:
    """Language codes, each as a page's would be read ("kz" is kk): one that names no
    language would filter every article out, and the crawl would end with nothing."""
    found = set()
    for given in csv_set(value):
        code = language_code(given)
        if code is None:
            raise NamedValueError(f"{given}: no such language code")
        found.add(code)
    return found


def day(value: str) -> date:
    return date.fromisoformat(value)


def at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def flag(value: str) -> bool:
    if value.lower() not in _TRUE | _FALSE:
        raise ValueError(value)
    return value.lower() in _TRUE


def web_url(value: str) -> str:
    """`value` when it is an absolute http(s) URL with a host (and a port, if any, that is a
    number); ValueError otherwise."""
    parts = urlsplit(value)
    parts.port  # noqa: B018 - parsing the port is what raises on "host:abc"
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError(value)
    return value


def listed_lines(path: Path) -> Iterator[tuple[int, str]]:
    """A list file's lines with their numbers, stripped, blank lines and # comments aside, in
    UTF-8 with or without the byte-order mark Windows Notepad writes."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text


def url_file(value: str) -> list[str]:
    """The URLs of a file, one a line (listed_lines)."""
    urls = []
    for number, text in listed_lines(Path(value)):
        try:
            urls.append(web_url(text))
        except ValueError:
            raise NamedValueError(f"line {number}: {text[:80]!r}") from None
    if not urls:
        raise NamedValueError("no URL in it")
    return urls


def timezone(value: str) -> str:
    try:
        zone(value)
    except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(value) from None
    return value


def read_arguments(
    spider: str, declared: Mapping[str, Arg], given: Mapping[str, Any], required: tuple[str, ...]
) -> dict[str, Any]:
    """The declared arguments among `given`, parsed; an empty value counts as not given.
    Raises ArgumentError for a value its parser refuses, or when none of `required` (if
    any) is given. Arguments not declared are left to the caller."""
    values = {
        name: _parse(name, declared[name], value)
        for name, value in given.items()
        if name in declared and value not in (None, "")
    }
    if required and not any(name in values for name in required):
        either = " or ".join(f"-a {name}={declared[name].form}" for name in required)
        what = "; ".join(f"{name}: {declared[name].expects}" for name in required)
        raise ArgumentError(f"spider {spider} needs {either} ({what})")
    return values


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """ "; did you mean X?" when `name` looks like a typo of one of `choices`, else ""."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def check_known(spider: str, declared: Mapping[str, Arg], given: Mapping[str, Any]) -> None:
    """ArgumentError naming the first argument `spider` does not take, with the closest
    one it does take when the name looks like a typo of it."""
    for name, value in given.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            raise ArgumentError(
                f"-a {name}={value}: spider {spider} has no argument {name}"
                f"{did_you_mean(name, declared)} (it takes {known})"
            )


def _parse(name: str, arg: Arg, value: Any) -> Any:
    try:
        return arg.parse(str(value))
    except (ValueError, OSError) as refused:
        # A file that cannot be read says why; a value that does not parse needs no more.
        why = f" ({refused.strerror})" if isinstance(refused, OSError) else ""
        why = f" ({refused})" if isinstance(refused, NamedValueError) else why
        raise ArgumentError(f"-a {name}={value}: expected {arg.expects}{why}") from None
