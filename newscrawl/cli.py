"""`newscrawl COMMAND …`: the project's Scrapy commands (crawl, extract, report, list, …)
from any folder.

`scrapy` finds the project through the scrapy.cfg of the checkout it runs in; this names the
settings module instead, so an installed newscrawl crawls wherever cron or a person starts it.
The exit status is the command's own (newscrawl/commands/crawl.py documents crawl's).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator

from scrapy.cmdline import execute

from newscrawl.commands import PROGRAM_VARIABLE

SETTINGS_MODULE = "newscrawl.settings"


def main(argv: list[str] | None = None) -> None:
    # A settings module of your own (SCRAPY_SETTINGS_MODULE=mysite.settings) still wins.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    # Mistakes are named after the command as typed: "newscrawl crawl: …".
    os.environ[PROGRAM_VARIABLE] = "newscrawl"
    args = sys.argv[1:] if argv is None else argv
    # Scrapy's execute exits with the command's status itself (SystemExit).
    if asks_for_help(args):
        with renamed_help():
            execute(["newscrawl", *args])
    execute(["newscrawl", *args])


def asks_for_help(args: list[str]) -> bool:
    return not args or any(arg in ("-h", "--help") for arg in args)


# "scrapy" as Scrapy's help writes the program's name ("Usage: scrapy <command>", "scrapy
# crawl [options] <spider>", 'Use "scrapy <command> -h"'), not a module ("scrapy.cfg",
# "scrapy.extensions") or a package ("scrapy-redis").
_PROGRAM_NAME = re.compile(r"\bscrapy\b(?![.-])")


@contextlib.contextmanager
def renamed_help() -> Iterator[None]:
    """Help written as `newscrawl`, the program typed (Scrapy's names itself throughout)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            yield
    finally:
        sys.stdout.write(_PROGRAM_NAME.sub("newscrawl", out.getvalue()))


if __name__ == "__main__":
    main()
