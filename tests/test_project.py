"""The project keeps its promises: README commands are what CI runs, and ruff is clean."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import REPOSITORY


def readme_commands() -> list[str]:
    readme = (REPOSITORY / "README.md").read_text("utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)[:2]


def test_ci_runs_the_readme_commands():
    install_and_build, run_tests = readme_commands()
    assert "make-book" in install_and_build and "pytest" in run_tests
    ci = (REPOSITORY / ".ci" / "run").read_text("utf-8").splitlines()
    assert install_and_build in ci
    assert run_tests in ci
    assert ci.index(install_and_build) < ci.index(run_tests)


def test_ruff_is_clean():
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
