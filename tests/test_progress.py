"""Progress while crawling, from a real `scrapy crawl` of the bnews mirror: log lines when
standard error is a pipe, one line redrawn in place when it is a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mirror
from tests.scrapy_runner import ENV, scrapy_command

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

PROGRESS = re.compile(
    r"pages (\d+), exported (\d+), rejected (\d+), skipped (\d+)"
    r" \| [\d.]+ pages/s, [\d.]+ articles/min \| elapsed \d+:\d\d:\d\d"
)
SUMMARY = re.compile(r"= exported (\d+) \+ rejected (\d+) \+ followed \d+ .*\+ skipped (\d+)")


def crawl(mirror: Mirror, tmp_path: Path, **streams: Any) -> subprocess.Popen[bytes]:
    """`scrapy crawl bnews` slowed down to last a few seconds, progress every 0.2 s."""
    settings = {
        "NEWSCRAWL_PROGRESS_INTERVAL": 0.2,
        "DOWNLOAD_DELAY": 0.05,
        "AUTOTHROTTLE_ENABLED": False,
        "NEWSCRAWL_REJECTED_FEED": tmp_path / "rejected.jsonl",
    }
    command = ["crawl", "bnews", "-O", str(tmp_path / "out.jsonl")]
    command += ["-a", f"base_url={mirror.origin}"]
    return subprocess.Popen(
        scrapy_command(*command, settings=settings),
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.PIPE,
        **streams,
    )


def summary_numbers(stdout: str) -> tuple[int, int, int]:
    match = SUMMARY.search(stdout)
    assert match, stdout
    exported, rejected, skipped = (int(n) for n in match.groups())
    return exported, rejected, skipped


def last_progress_numbers(output: str) -> tuple[int, int, int]:
    *_, last = PROGRESS.finditer(output)
    _pages, exported, rejected, skipped = (int(n) for n in last.groups())
    return exported, rejected, skipped


def test_progress_is_log_lines_when_stderr_is_a_pipe(bnews_mirror: Mirror, tmp_path: Path) -> None:
    process = crawl(bnews_mirror, tmp_path, stderr=subprocess.PIPE)
    stdout, stderr = (text.decode() for text in process.communicate(timeout=300))
    assert process.returncode == 0, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if "progress: pages" in line]
    assert len(lines) >= 3, stderr[-3000:]
    assert all(PROGRESS.search(line) and " INFO: " in line for line in lines)
    assert "\r" not in stderr
    assert last_progress_numbers(stderr) == summary_numbers(stdout)


def test_progress_is_one_line_redrawn_in_a_terminal(bnews_mirror: Mirror, tmp_path: Path) -> None:
    master, slave = pty.openpty()
    # 200 columns: the line is cut to the terminal's width, here never.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    process = crawl(bnews_mirror, tmp_path, stderr=slave)
    os.close(slave)
    terminal = TerminalReader(master)
    stdout = process.communicate(timeout=300)[0].decode()
    output = terminal.finish()
    assert process.returncode == 0, output[-3000:]
    draws = list(PROGRESS.finditer(output))
    assert len(draws) >= 3, output[-3000:]
    # Each drawing starts at the line's start, clears what a longer one left, and is followed
    # by a carriage return: the next drawing, the wipe before a log line, or the line's end.
    for draw in draws:
        assert output[draw.start() - 1] == "\r"
        assert output[draw.end() : draw.end() + 4] == "\x1b[K\r"
    assert output[draws[-1].end() :].startswith("\x1b[K\r\n")  # the pty turns \n into \r\n
    assert last_progress_numbers(output) == summary_numbers(stdout)


class TerminalReader:
    """Reads the pty's master side while the crawl runs, so the crawl never blocks on a full
    terminal buffer."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.chunks: list[bytes] = []
        self.thread = threading.Thread(target=self.read_until_closed, daemon=True)
        self.thread.start()

    def read_until_closed(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every slave side is closed
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def finish(self) -> str:
        self.thread.join(timeout=30)
        os.close(self.master)
        return b"".join(self.chunks).decode()
