"""The project keeps its promises: README commands are what CI runs, and ruff is clean."""

from __future__ import annotations

import os
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


def test_the_first_command_leaves_outputs_apart_from_packaging_files(tmp_path):
    """The README's first command in a clean copy: `pip install .` writes setuptools'
    build/ into the folder, so the guide's outputs must go elsewhere. (Dependencies and
    setuptools come from this test environment, to spare the suite a download.)"""
    copy = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (REPOSITORY / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes((REPOSITORY / name).read_bytes())
    install_and_build, _ = readme_commands()
    assert install_and_build.count("&&") == 2
    venv = copy / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    here = next(p for p in sys.path if p.endswith("site-packages"))
    (site / "test-dependencies.pth").write_text(here + "\n", "utf-8")
    # The new environment's own setuptools (Python 3.11 ships 65) would shadow the test
    # environment's, which can build this project.
    subprocess.run(
        [str(venv / "bin" / "pip"), "uninstall", "--quiet", "--yes", "setuptools"], check=True
    )
    command = install_and_build.replace("python3 -m venv .venv && ", "").replace(
        "pip install .", "pip install --quiet --no-deps --no-build-isolation ."
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    completed = subprocess.run(
        command, shell=True, cwd=copy, capture_output=True, text=True, env=env, check=False
    )
    assert completed.returncode == 0, completed.stderr
    outputs = sorted(p.name for p in (copy / "output").iterdir())
    assert outputs == [".make-book-cache.json", "treating-back-pain.epub", "treating-back-pain.pdf"]
    assert (copy / "build").is_dir(), "setuptools wrote its build/ here"
    assert not list((copy / "build").rglob("*.epub")) and not list((copy / "build").rglob("*.pdf"))
    assert completed.stdout.split() == [
        "output/treating-back-pain.epub",
        "output/treating-back-pain.pdf",
    ]
