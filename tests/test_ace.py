"""DAISY Ace (axe in Chromium) on the guide: no accessibility violations."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from helpers import ace_command


def test_ace_reports_no_violations(guide_epub_path, tmp_path):
    command = ace_command()
    if command is None:
        pytest.skip(
            "DAISY Ace is not installed: .ci/run installs it (npm @daisy/ace and "
            "Debian's chromium); set ACE_PUPPETEER to its ace-puppeteer"
        )
    env = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": os.environ.get(
            "PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium"
        ),
    }
    report_dir = tmp_path / "ace"
    completed = subprocess.run(
        [*command, "--silent", "--force", "--outdir", str(report_dir), str(guide_epub_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads((report_dir / "report.json").read_text("utf-8"))
    violations = [
        (
            document["earl:testSubject"]["url"],
            check["earl:test"]["dct:title"],
            check["earl:result"]["dct:description"],
        )
        for document in report["assertions"]
        for check in document["assertions"]
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
