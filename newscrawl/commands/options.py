"""`-s NAME=VALUE` read before anything starts: a value given on the command line must be of
its default's kind (true/false, a number, a JSON object or list), a number of newscrawl's
must not be negative, a Redis URL must be one and a job directory writable. Scrapy reads a
setting only when a component asks for it, so a mistyped value would otherwise surface as a
traceback halfway into the crawl, or as a misleading verdict ("the site may have changed")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, default_settings

from newscrawl import settings as project
from newscrawl.extract.language import language_code
from newscrawl.feeds import UnwritableFeed, check_writable

_REDIS_SCHEMES = ("redis", "rediss", "unix")


def _default(name: str) -> Any:
    return getattr(project, name, getattr(default_settings, name, None))


def given_on_command_line(settings: BaseSettings) -> dict[str, Any]:
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    return {
        name: settings.get(name)
        for name in settings
        if settings.getpriority(name) == cmdline and name.isupper()
    }


def check_settings(settings: BaseSettings) -> None:
    """UsageError naming the first `-s` value that cannot be used, and why."""
    for name, value in given_on_command_line(settings).items():
        problem = _problem(settings, name, value)
        if problem:
            raise UsageError(f"-s {name}={value}: {problem}")


def _problem(settings: BaseSettings, name: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return None  # set by Scrapy itself from an option (-o, -L, ...), already checked
    default = _default(name)
    if name == "NEWSCRAWL_REDIS_URL" and value:
        return None if urlsplit(value).scheme in _REDIS_SCHEMES else "expected redis://HOST[:PORT]"
    if name == "JOBDIR" and value:
        return _unwritable(Path(value))
    if name == "NEWSCRAWL_FEED_LANGUAGES" and value:
        return _feed_languages(settings.getlist(name))
    if isinstance(default, bool):
        return _read(settings.getbool, name, "expected True or False")
    if isinstance(default, int | float):
        # Read as a number whatever the default's type (Scrapy's DOWNLOAD_DELAY = 0 is an int
        # that takes 0.5). Every number of ours counts or times something, so it is not
        # negative; some of Scrapy's may be (DEPTH_PRIORITY -1 crawls depth first).
        unreadable = _read(settings.getfloat, name, "expected a number")
        ours = name.startswith("NEWSCRAWL_")
        return unreadable or (_negative(settings.getfloat(name)) if ours else None)
    if isinstance(default, dict | list) and value.lstrip().startswith(("{", "[")):
        return _json(value)
    return None


def _feed_languages(codes: list[str]) -> str | None:
    """A feed of a code that is no article's language ("english", "kz") would stay empty,
    its articles going to the -other- feed."""
    for code in (given.strip() for given in codes):
        meant = language_code(code)
        if meant != code:
            return f"{code}: " + (f"articles carry {meant}" if meant else "no such language code")
    return None


def _read(reader: Any, name: str, problem: str) -> str | None:
    try:
        reader(name)
    except (TypeError, ValueError):
        return problem
    return None


def _negative(number: float) -> str | None:
    return "expected a number of 0 or more" if number < 0 else None


def _json(value: str) -> str | None:
    try:
        json.loads(value)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg} at character {error.pos})"
    return None


def _unwritable(folder: Path) -> str | None:
    try:
        check_writable(folder)
    except UnwritableFeed as reason:
        return str(reason)
    return None
