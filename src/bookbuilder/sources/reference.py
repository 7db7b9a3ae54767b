"""README.md's table of every book.toml key, rendered from sources/schema.py's SETTINGS:
`python -m bookbuilder.sources.schema --write README.md` rewrites it between its markers,
and tests/test_config.py fails when the README's table is not the current one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bookbuilder.sources.schema import SETTINGS, Computed, IfPresent, Setting

BEGIN = "<!-- book.toml reference: begin (python -m bookbuilder.sources.schema) -->"
END = "<!-- book.toml reference: end -->"


def reference() -> str:
    """The Markdown table of every book.toml key, as README.md shows it."""
    rows = [
        "| table | key | type | default | allowed values | what it is for |",
        "|---|---|---|---|---|---|",
    ]
    for declared in SETTINGS.values():
        allowed = ", ".join(f"`{choice}`" for choice in declared.choices)
        if declared.minimum is not None:
            allowed = f"at least {declared.minimum}"
        cells = (
            f"`[{declared.table}]`",
            f"`{declared.key}`",
            declared.type.name,
            _default_shown(declared),
            allowed,
            declared.help,
        )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def _default_shown(declared: Setting) -> str:
    if declared.required:
        return "required"
    if isinstance(declared.default, Computed | IfPresent):
        return declared.default.shown
    if declared.default is None:
        return "none"
    return f"`{json.dumps(declared.default, ensure_ascii=False)}`"


def in_readme(readme: str) -> str:
    """The reference as `readme` holds it, between the BEGIN and END markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[start:end].strip("\n") + "\n"


def with_reference(readme: str) -> str:
    """`readme` with the current reference between its markers."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return f"{readme[:start]}\n{reference()}{readme[end:]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bookbuilder.sources.schema",
        description="Print the reference of book.toml's keys, or write it into a README.",
    )
    parser.add_argument("--write", metavar="README", type=Path, help="rewrite it in README")
    arguments = parser.parse_args(argv)
    if arguments.write is None:
        sys.stdout.write(reference())
    else:
        text = arguments.write.read_text("utf-8")
        arguments.write.write_text(with_reference(text), "utf-8")
