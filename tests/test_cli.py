"""The `newscrawl` console command runs the project's Scrapy commands from any folder, with
no scrapy.cfg in sight, and exits with the command's status."""

from __future__ import annotations

import os
import re
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


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # It printed Scrapy's 34-line usage and its startup log.
        (["crawl"], "newscrawl crawl: give a spider's name (`newscrawl list` names them)"),
        (
            ["crawl", "bnews", "generic"],
            "newscrawl crawl: one spider a crawl, not 2: bnews generic",
        ),
        # argparse's banner, under the name scrapy
        (["report", "feed.jsonl", "--html"], "newscrawl report: argument --html: expected one"),
        (["report", "feed.jsonl", "--bogus"], "newscrawl report: no such option: --bogus"),
        (["extract", "page.html", "--jobs"], "newscrawl extract: argument --jobs: expected one"),
    ],
)
def test_a_mistake_is_one_line_naming_it(tmp_path: Path, args: list[str], said: str) -> None:
    refused = newscrawl(tmp_path, *args)
    assert refused.returncode == 2
    assert refused.stderr.startswith(said) and refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stdout == ""


@pytest.mark.parametrize("args", [[], ["-h"], ["crawl", "-h"], ["report", "--help"]])
def test_help_names_the_program_typed(tmp_path: Path, args: list[str]) -> None:
    helped = newscrawl(tmp_path, *args)
    assert "newscrawl " in helped.stdout
    assert not re.search(r"\bscrapy\b(?![.-])", helped.stdout), helped.stdout
