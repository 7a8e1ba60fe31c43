"""The `newscrawl` console command runs the project's Scrapy commands from any folder, with
no scrapy.cfg in sight, and exits with the command's status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

# Installed beside the interpreter by `pip install -e .` ([project.scripts]).
NEWSCRAWL = Path(sys.executable).parent / "newscrawl"


def newscrawl(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Without the settings module a checkout's environment may set: found by the command.
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(
        [str(NEWSCRAWL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_lists_the_spiders_outside_the_checkout(tmp_path: Path) -> None:
    # Scrapy looks for scrapy.cfg in the folder and its parents: there must be none.
    assert not any((folder / "scrapy.cfg").exists() for folder in [tmp_path, *tmp_path.parents])
    listed = newscrawl(tmp_path, "list")
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert {"bnews", "generic"} <= set(listed.stdout.split())


def test_unknown_spider_is_one_line_and_status_2(tmp_path: Path) -> None:
    refused = newscrawl(tmp_path, "crawl", "bnew")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "newscrawl crawl: no spider named 'bnew'; did you mean bnews?"
        " (spiders: bnews, generic, kazinform, tengrinews)"
    ]
    assert refused.stdout == ""
