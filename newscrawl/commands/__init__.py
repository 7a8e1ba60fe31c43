"""newscrawl's own `scrapy` commands (settings.COMMANDS_MODULE), and what they share: a
mistake answered in one line, and where the project they run in keeps its fixtures."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from scrapy.settings import BaseSettings
from scrapy.utils.conf import closest_scrapy_cfg

from newscrawl.fixtures import FIXTURES_DIR

# The program a person typed, for messages: `newscrawl` (newscrawl.cli sets this) or `scrapy`.
PROGRAM_VARIABLE = "NEWSCRAWL_PROGRAM"


def program() -> str:
    return os.environ.get(PROGRAM_VARIABLE, "scrapy")


def refuse(command: str, message: object, status: int = 2) -> NoReturn:
    """One line on standard error and the exit status: Scrapy's UsageError would wrap the
    message in its usage banner, and a traceback says nothing a user can act on."""
    print(f"{program()} {command}: {message}", file=sys.stderr)
    raise SystemExit(status)


def errors_in_one_line(parser: argparse.ArgumentParser, command: str) -> None:
    """argparse's own mistakes ("argument --html: expected one argument") said as `refuse`
    says them, instead of argparse's usage banner under Scrapy's name."""

    def error(message: str) -> NoReturn:
        refuse(command, message)

    parser.error = error  # type: ignore[method-assign]


def unknown_option(args: list[str]) -> str | None:
    """The first argument that looks like an option but is none of the command's (argparse
    left it among the paths) and is no file of that name either."""
    return next((arg for arg in args if arg.startswith("-") and not Path(arg).exists()), None)


def project_root() -> Path:
    """The folder of the project's scrapy.cfg (else the current folder)."""
    cfg = closest_scrapy_cfg()
    return Path(cfg).parent.resolve() if cfg else Path.cwd().resolve()


def fixtures_root(settings: BaseSettings | None) -> Path:
    folder = settings.get("NEWSCRAWL_FIXTURES_DIR") if settings is not None else None
    return project_root() / (folder or FIXTURES_DIR)
