"""scrapy extract PATH... [--url URL | --urls FILE] [-o FILE.jsonl] [--jobs N]

Re-extract saved HTML pages without crawling: what a data engineer runs after improving the
extractor. Each page gives the record a crawl would have exported; pages that fail validation
go to FILE.rejected.jsonl (or standard error) with their reasons. Over a folder it learns each
site's template from repetition, as a crawl does (`-s NEWSCRAWL_SITE_TEMPLATE=False` turns
that off).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, ClassVar, cast

from parsel import Selector
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl import Mode, page_draft, steps
from newscrawl.commands import errors_in_one_line, refuse, unknown_option
from newscrawl.commands.crawl import check_extraction_mode
from newscrawl.commands.options import check_settings
from newscrawl.extensions.heap import PeriodicTrim
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.template import TemplateMemory, Warmup
from newscrawl.middlewares.responses import is_binary
from newscrawl.spiders.arguments import NamedValueError, listed_lines, web_url
from newscrawl.validate import problems

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Why a saved page that names no web address of its own is rejected, and the way out.
NO_URL = (
    "url: the saved page names none (no canonical link or og:url): "
    "give it with --url, or --urls FILE for many"
)
# Files a worker process is given ahead of the one being written: enough to keep it busy.
_AHEAD = 8
# Freed memory back to the system every so many pages, in this process and in each job's,
# as in a crawl's extraction workers (newscrawl.extensions.heap has the measurement).
_heap = PeriodicTrim()


@dataclass(frozen=True)
class Skipped:
    """A file not read, and why (said on standard error, one line a file)."""

    path: Path
    why: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.why}"


def html_files(paths: list[str]) -> Iterator[Path | Skipped]:
    """The files to read: those named, and the HTML files in the folders named. A folder's
    other files come as Skipped, so that none goes unmentioned."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                yield found if found.suffix.lower() in HTML_SUFFIXES else not_html(found)
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"no such file or folder: {name}")


def not_html(path: Path) -> Skipped:
    return Skipped(path, f"not an HTML file ({path.suffix or 'no suffix'})")


def page_url(html: str, path: Path) -> str:
    """A saved page's own URL, from its canonical link or og:url when that is a web address;
    else its file URL."""
    sel = Selector(text=html)
    for declared in (
        sel.xpath('//link[@rel="canonical"]/@href').get(),
        sel.xpath('//meta[@property="og:url"]/@content').get(),
    ):
        found = declared and declared.strip()
        if found and _is_web_url(found):
            return found
    return path.resolve().as_uri()


Saved = tuple[ArticleDraft, Path]


def prepare(path: Path, url: str | None, mode: Mode) -> ArticleDraft | str:
    """One file's draft through the steps that need no other page, or why there is none (an
    image or a PDF saved under an HTML name): what `--jobs` runs in worker processes."""
    try:
        raw = path.read_bytes()
        if is_binary(raw):
            return "binary content, not HTML"
        html = decode_html(raw)  # once, for the URL and the article
        draft = page_draft(html, url or page_url(html, path), mode=mode)
        _heap.page_done()
        return steps.portable(steps.run_steps(draft, None, steps.OWN_STEPS))
    except Exception as error:  # one odd page must not cost the other files their records
        return failure(error)


def failure(error: Exception) -> str:
    """Why a page gave no record, in one line."""
    message = " ".join(str(error).split())[:200]
    return f"extraction failed: {type(error).__name__}" + (f": {message}" if message else "")


def prepared(
    files: list[Path], urls: Mapping[Path, str], mode: Mode, jobs: int
) -> Iterator[ArticleDraft | str]:
    """`prepare` of every file, in order, with its URL from `urls` (resolved paths) when it
    is there; with `jobs` > 1 in that many processes, a bounded window of files ahead."""
    if jobs == 1:
        yield from (prepare(path, urls.get(path.resolve()), mode) for path in files)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: deque[Future[ArticleDraft | str]] = deque()
        for path in files:
            window.append(pool.submit(prepare, path, urls.get(path.resolve()), mode))
            if len(window) >= jobs * _AHEAD:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


class _Extraction:
    """Files to records, learning each site's template across the folder as a crawl does: a
    site's first pages wait (`template.Warmup`) until its template has seen enough of them,
    or until the last file."""

    def __init__(
        self, out: IO[str], rejected: IO[str], mode: Mode, warmup_pages: int | None
    ) -> None:
        """`warmup_pages` None: no template learning."""
        self.out, self.rejected, self.mode = out, rejected, mode
        self.memory: TemplateMemory | None = None
        self.warmup: Warmup[Saved] | None = None
        if warmup_pages is not None:
            self.memory = TemplateMemory()
            self.warmup = Warmup(self.memory, pages=warmup_pages)
        self.counts = {"exported": 0, "rejected": 0}

    def add(self, path: Path, prepared: ArticleDraft | str) -> Skipped | None:
        """Take one file's draft (`prepare`), or say why there is none."""
        if isinstance(prepared, str):
            return Skipped(path, prepared)
        draft = steps.run_steps(prepared, self.memory, steps.LEARNING)
        if self.warmup is None:
            self._write(draft, path)
            return None
        for ready, saved in self.warmup.offer(draft.site, (draft, path)):
            self._write(ready, saved)
        return None

    def finish(self) -> dict[str, int]:
        for draft, path in self.warmup.release() if self.warmup else []:
            self._write(draft, path)
        return self.counts

    def _write(self, draft: ArticleDraft, path: Path) -> None:
        done = steps.run_steps(draft, self.memory, steps.AFTER_HOLD)
        article = asdict(steps.to_item(done))
        reasons = problems(article)
        if reasons and not _is_web_url(article["url"]):
            reasons = [NO_URL, *reasons]
        if reasons:
            self.counts["rejected"] += 1
            line = {
                "url": article["url"],
                "file": str(path),
                "reasons": reasons,
                "article": article,
            }
            self.rejected.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self.counts["exported"] += 1
            self.out.write(json.dumps(article, ensure_ascii=False) + "\n")


class Command(ScrapyCommand):
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def _warmup_pages(self) -> int | None:
        """How many pages a site's template sees before its articles are written (as in a
        crawl: NEWSCRAWL_TEMPLATE_WARMUP); None when NEWSCRAWL_SITE_TEMPLATE is off."""
        settings = self.settings
        if settings is None:
            return None
        if not settings.getbool("NEWSCRAWL_SITE_TEMPLATE"):
            return None
        return settings.getint("NEWSCRAWL_TEMPLATE_WARMUP")

    def syntax(self) -> str:
        return "PATH... [--url URL | --urls FILE] [-o FILE.jsonl] [--jobs N]"

    def short_desc(self) -> str:
        return "Extract articles from saved HTML files or folders, without crawling"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        errors_in_one_line(parser, "extract")
        parser.add_argument(
            "--url",
            help="the page's URL (one file only); default: its canonical link, else its file URL",
        )
        parser.add_argument(
            "--urls",
            metavar="FILE",
            help="the saved pages' URLs, one 'PATH URL' a line (PATH relative to FILE's folder)",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write JSON Lines here (default: standard output)",
        )
        parser.add_argument(
            "--jobs",
            metavar="N",
            default="1",
            help="extract in N processes (same records, same order); default 1",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Mistakes are answered here, in one line: Scrapy's UsageError would add its usage
        # banner around the message.
        super().process_options(args, opts)
        try:
            if not args:
                raise UsageError("give at least one HTML file or folder")
            check_extraction_mode(self.settings)
            if self.settings is not None:
                check_settings(self.settings)
            unknown = unknown_option(args)
            if unknown:
                raise UsageError(f"no such option: {unknown}")
            found = list(html_files(args))
            if opts.url and sum(isinstance(f, Path) for f in found) != 1:
                raise UsageError("--url needs exactly one HTML file")
            if opts.url and not _is_web_url(opts.url):
                raise UsageError(f"--url {opts.url!r}: an absolute http(s) URL")
            if opts.url and opts.urls:
                raise UsageError("--url and --urls: give one of them")
            opts.url_of = _urls_given(opts, found)
            if opts.output:
                _check_output(Path(opts.output))
            opts.jobs = _jobs(opts.jobs)
        except UsageError as mistake:
            refuse("extract", mistake)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        mode = cast(Mode, check_extraction_mode(self.settings))
        found = list(html_files(args))
        files = [f for f in found if isinstance(f, Path)]
        skipped = [f for f in found if isinstance(f, Skipped)]
        with contextlib.ExitStack() as stack:
            out, rejected = sys.stdout, sys.stderr
            if opts.output:
                out = stack.enter_context(open(opts.output, "w", encoding="utf-8"))
                rejects = Path(opts.output).with_suffix(".rejected.jsonl")
                rejected = stack.enter_context(rejects.open("w", encoding="utf-8"))
            extraction = _Extraction(out, rejected, mode, self._warmup_pages())
            try:
                for path, draft in zip(
                    files, prepared(files, opts.url_of, mode, opts.jobs), strict=True
                ):
                    try:
                        refused = extraction.add(path, draft)
                    except Exception as error:  # as in `prepare`: this file only
                        refused = Skipped(path, failure(error))
                    if refused:
                        skipped.append(refused)
            finally:
                # Pages held for a site's warm-up are written even when a later file fails.
                counts = extraction.finish()
        for refused in skipped:
            print(refused, file=sys.stderr)
        print(summary(counts, len(skipped)), file=sys.stderr)
        # An HTML file that turned out binary still counts as given: no article, status 1.
        if files and not counts["exported"]:
            self.exitcode = 1


def _is_web_url(text: str) -> bool:
    try:
        web_url(text)
    except ValueError:
        return False
    return True


def _urls_given(opts: argparse.Namespace, found: list[Path | Skipped]) -> dict[Path, str]:
    """Each file's URL from --url (the one file) or --urls, by resolved path."""
    if opts.url:
        return {next(f for f in found if isinstance(f, Path)).resolve(): opts.url}
    if not opts.urls:
        return {}
    try:
        return url_list(Path(opts.urls))
    except NamedValueError as mistake:
        raise UsageError(f"--urls {opts.urls}: {mistake}") from None
    except OSError as error:
        raise UsageError(f"--urls {opts.urls}: {error.strerror}") from None


def url_list(listing: Path) -> dict[Path, str]:
    """A --urls file: one saved page and its URL a line ("PATH URL", blank lines and #
    comments aside), PATH relative to the file's own folder unless absolute."""
    urls = {}
    for number, text in listed_lines(listing):
        name, _, url = text.rpartition(" ") if "\t" not in text else text.rpartition("\t")
        name, url = name.strip(), url.strip()
        if not name or not _is_web_url(url):
            raise NamedValueError(f"line {number}: expected PATH URL, got {text[:80]!r}")
        path = (listing.parent / name).resolve()
        if not path.is_file():
            raise NamedValueError(f"line {number}: no such file {name}")
        urls[path] = url
    return urls


def _check_output(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"-o {path}: a folder, not a file")
    if not path.parent.is_dir():
        raise UsageError(f"-o {path}: no such folder {path.parent}")


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"--jobs {value!r}: a whole number of 1 or more")
    return int(value)


def summary(counts: dict[str, int], skipped: int) -> str:
    exported, rejected = counts["exported"], counts["rejected"]
    line = f"extracted {exported} articles, rejected {rejected} of {exported + rejected} files"
    return line + (f", skipped {skipped}" if skipped else "")
