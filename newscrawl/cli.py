"""`newscrawl COMMAND …`: the project's Scrapy commands (crawl, extract, report, list, …)
from any folder.

`scrapy` finds the project through the scrapy.cfg of the checkout it runs in; this names the
settings module instead, so an installed newscrawl crawls wherever cron or a person starts it.
The exit status is the command's own (newscrawl/commands/crawl.py documents crawl's).
"""

from __future__ import annotations

import os
import sys

from scrapy.cmdline import execute

from newscrawl.commands import PROGRAM_VARIABLE

SETTINGS_MODULE = "newscrawl.settings"


def main(argv: list[str] | None = None) -> None:
    # A settings module of your own (SCRAPY_SETTINGS_MODULE=mysite.settings) still wins.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    # Mistakes are named after the command as typed: "newscrawl crawl: …".
    os.environ[PROGRAM_VARIABLE] = "newscrawl"
    # Scrapy's execute exits with the command's status itself (SystemExit).
    execute(["newscrawl", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
