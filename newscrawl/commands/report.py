"""scrapy report PATH... [--html FILE]

A look at what crawls produced: JSON Lines feeds (and folders of them, *.jsonl, *.jsonl.gz,
*.jsonl.zst) counted into tables on standard output — articles per site, language and day,
field coverage, boilerplate split off, rejection reasons, duplicates across files. `--html`
also writes the report as one self-contained page with charts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from newscrawl.commands import errors_in_one_line, program, refuse, unknown_option
from newscrawl.reporting import FeedError, build_report, feed_files, page, table


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "PATH... [--html FILE]"

    def short_desc(self) -> str:
        return "Count what crawls produced: articles, coverage, boilerplate, rejections"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        errors_in_one_line(parser, "report")
        parser.add_argument(
            "--html", metavar="FILE", help="also write the report as one HTML page with charts"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            if not args:
                raise FeedError("give at least one JSON Lines file or folder")
            unknown = unknown_option(args)
            if unknown:
                raise FeedError(f"no such option: {unknown}")
            report = build_report(feed_files(args))
            if opts.html:
                write_page(Path(opts.html), page.render(report))
        except FeedError as mistake:
            refuse("report", mistake)
        for torn in report.torn:
            print(f"{program()} report: warning: {torn}", file=sys.stderr)
        sys.stdout.write(table.render(report))
        if opts.html:
            print(f"wrote {opts.html}", file=sys.stderr)


def write_page(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise FeedError(f"cannot write {path}: {error.strerror}") from None
