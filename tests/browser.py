"""Real clients for the web edition: Debian's Chromium driven by playwright (its bundled
playwright-core; never a browser of its own), axe-core, and the W3C's Nu HTML checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPOSITORY

# As the machine's own probe starts it: headless, and nothing that calls out to the
# network (this machine's network is closed, and the web edition must not need it).
CHROMIUM_ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium, or a skip saying how to get it."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if path is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    return path


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGUMENTS)


def axe_violations(page) -> list[tuple[str, str, list]]:
    """axe-core's violations on the page as it is now: (rule, help, targets)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        (rule["id"], rule["help"], [node["target"] for node in rule["nodes"]])
        for rule in response["violations"]
    ]


def vnu_jar() -> Path:
    """The Nu HTML checker's jar (npm's vnu-jar), or a skip."""
    bundled = REPOSITORY / ".ci/cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    path = Path(os.environ.get("VNU_JAR") or bundled)
    if not path.is_file() or shutil.which("java") is None:
        pytest.skip("the Nu HTML checker is not installed (.ci/run installs npm's vnu-jar)")
    return path


def vnu_messages(folder: Path) -> list[dict]:
    """The Nu HTML checker's errors and warnings on every HTML page under `folder`."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return json.loads(result.stderr or result.stdout)["messages"]
