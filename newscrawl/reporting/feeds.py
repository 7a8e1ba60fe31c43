"""Finding feeds under the paths given and reading them line by line, compressed or not."""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import zstandard

FEED_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")
# The crawl's own rejected feeds: FEEDS' rejected-<name>.jsonl and scrapy extract's
# <name>.rejected.jsonl (see pipelines and commands/extract.py).
REJECTED_NAME = re.compile(r"^rejected-.*\.jsonl$|\.rejected\.jsonl$")


class FeedError(Exception):
    """A path or a line that cannot be read as a feed; its message is one line for the user."""


class TornLine(FeedError):
    """The file's last line stops short of its newline and of valid JSON: what a writer
    killed mid-line leaves (an `-o` feed of a killed crawl). The lines before it stand."""


def feed_files(paths: list[str]) -> list[Path]:
    """The files named and the feeds in the folders named (recursively), in a stable order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            in_folder = sorted(p for p in path.rglob("*") if p.is_file() and is_feed(p))
            if not in_folder:
                raise FeedError(f"no JSON Lines feed (*.jsonl, .gz, .zst) in {name}")
            found.extend(in_folder)
        elif path.is_file():
            found.append(path)
        else:
            raise FeedError(f"no such file or folder: {name}")
    return found


def is_feed(path: Path) -> bool:
    return path.name.lower().endswith(FEED_SUFFIXES)


def is_rejected_feed(path: Path) -> bool:
    return bool(REJECTED_NAME.search(uncompressed_name(path)))


def uncompressed_name(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".gz", ".zst"):
        name = name.removesuffix(suffix)
    return name


def records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; FeedError names the file and line of
    the first one that is not a JSON object, or of a broken archive."""
    lineno = 0
    try:
        with open_text(path) as lines:
            for lineno, line in enumerate(lines, start=1):
                if line.strip():
                    yield lineno, parse_line(line, path, lineno)
    except UnicodeDecodeError:
        raise FeedError(f"{path}: not UTF-8 text (after line {lineno})") from None
    except (OSError, EOFError, zstandard.ZstdError) as broken:
        raise FeedError(f"{path}: cannot be read ({broken})") from None


def open_text(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".zst"):
        binary = zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
        return io.TextIOWrapper(binary, encoding="utf-8")
    return path.open(encoding="utf-8")


def parse_line(line: str, path: Path, lineno: int) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        if not line.endswith("\n"):  # only the last line can lack it
            raise TornLine(f"{path}:{lineno}: the last line is cut short, left out") from None
        raise FeedError(f"{path}:{lineno}: not JSON Lines ({error.msg})") from None
    if not isinstance(value, dict):
        raise FeedError(f"{path}:{lineno}: not JSON Lines (a line must be one JSON object)")
    return value
