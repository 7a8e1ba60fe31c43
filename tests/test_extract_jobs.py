"""`scrapy extract DIR --jobs N`: the same records in the same order as one process, the site
template learnt across the folder included (the steps that read it stay in the parent)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import templatesite
from tests.mockserver import SITES_DIR
from tests.scrapy_runner import run_scrapy

pytestmark = pytest.mark.slow


def extract(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_scrapy("extract", *args, cwd=tmp_path)


def records(path: Path) -> list[dict[str, Any]]:
    # The extraction time is the one field that differs between runs.
    lines = path.read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "fetched_at"} for line in lines]


def test_two_jobs_give_the_records_of_one(tmp_path: Path) -> None:
    # A site whose template is learnt across its pages, beside the BNews.kz mirror.
    folder = tmp_path / "saved"
    shutil.copytree(SITES_DIR / "bnews.kz", folder / "bnews")
    for n in range(1, 31):
        (folder / f"steppe-{n:03d}.html").write_bytes(templatesite.page(n, "https://steppe.kz"))
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        done = extract(tmp_path, str(folder), "-o", str(out), "--jobs", jobs)
        assert done.returncode == 0, done.stderr[-2000:]
        runs[jobs] = (records(out), done.stderr.splitlines()[-1])
    assert len(runs["1"][0]) >= 45
    assert runs["2"] == runs["1"]
    assert any(
        segment["reason"] == "site_template"
        for record in runs["1"][0]
        for segment in record["boilerplate"]
    )


def test_a_wrong_number_of_jobs_is_one_line(tmp_path: Path) -> None:
    done = extract(tmp_path, str(SITES_DIR / "bnews.kz"), "--jobs", "two")
    assert done.returncode == 2
    assert done.stderr == "scrapy extract: --jobs 'two': a whole number of 1 or more\n"
