"""The structure newscrawl keeps: no import cycle, no import hidden in a function, engine-free
layers free of Scrapy and Twisted, short modules and functions (scripts/check_structure.py),
and the Scrapy internals a job needs still where it reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scrapy.core.engine import ExecutionEngine
from scrapy.utils.test import get_crawler

from newscrawl.incremental.engine import check_engine
from scripts.check_structure import ROOT, breaches, cycles

ROOT_DIR = Path(__file__).resolve().parents[1]


def test_no_breach_of_the_structure() -> None:
    assert list(breaches()) == []


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_engine_internals_a_job_reads_are_there() -> None:
    """newscrawl.incremental.engine reads ExecutionEngine._slot (pyproject pins the Scrapy
    range): a release that moves it fails here, loudly, not in a killed job's lost request."""
    crawler = get_crawler()
    engine = ExecutionEngine(crawler, lambda _: None)
    crawler.engine = engine
    check_engine(crawler)
    assert "_slot" in vars(engine)


def test_the_script_runs_on_its_own() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_structure.py")],
        capture_output=True,
        text=True,
        cwd=ROOT_DIR,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "structure: no breach"
