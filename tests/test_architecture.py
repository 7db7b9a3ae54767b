"""The shape of the code: stage packages whose imports flow one way, small modules, neutral
chapter HTML, and one registry of diagnostic codes that matches what the source raises."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bookbuilder.codes import CODES, FAMILIES, lookup
from helpers import REPOSITORY, run

PACKAGE = REPOSITORY / "src" / "bookbuilder"
MAX_LINES = 300

# The pipeline's levels, lowest first. A module may import from a lower level, or from
# its own package; never from a higher level or a sibling stage at its own level.
LEVELS = [
    {"environ", "text"},
    {"model", "codes", "fonts", "paths", "codec", "i18n", "processes"},
    {"diagnostics", "output", "theme", "covers"},
    {"sources"},
    {"html"},
    {"book", "script_fonts"},
    {"epub", "pdf", "web", "check", "scaffold"},
    {"build_cache"},
    {"pipeline"},
    {"serve", "console", "__init__"},
    {"cli"},
    {"__main__"},
]


def room_of(module: str) -> str:
    """`bookbuilder.html.chapter` -> `html`; `bookbuilder.pipeline` -> `pipeline`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def level_of(room: str) -> int:
    return next(index for index, rooms in enumerate(LEVELS) if room in rooms)


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("bookbuilder")
        ):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bookbuilder")}
    return found


def test_every_module_belongs_to_a_level():
    rooms = {room_of(module_name(path)) for path in sources()}
    assert rooms <= set().union(*LEVELS)


def test_imports_flow_down_the_pipeline():
    wrong = []
    for path in sources():
        importer = module_name(path)
        room = room_of(importer)
        for imported in imports_of(path):
            if imported == "bookbuilder":
                continue  # only ever `__version__`
            target = room_of(imported)
            if target == room:
                continue
            if level_of(target) >= level_of(room):
                wrong.append(f"{importer} imports {imported}")
    assert wrong == []


def test_modules_stay_small():
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in sources()
        if (count := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_stage_package_says_what_it_takes_and_returns():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert "Takes" in doc and "Returns" in doc, init


def test_no_epub_file_names_outside_the_epub_package():
    """Chapter HTML is format-neutral: only the EPUB knows that parts are .xhtml files."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sources()
        if "epub" not in path.relative_to(PACKAGE).parts and ".xhtml" in path.read_text("utf-8")
    ]
    print_templates = ["print.html.jinja", "handout.html.jinja"]
    print_templates += [t.name for t in (PACKAGE / "templates").glob("_*.jinja")]
    offenders += [
        name
        for name in print_templates
        if ".xhtml" in (PACKAGE / "templates" / name).read_text("utf-8")
    ]
    assert offenders == []


def raised_codes() -> dict[str, set[str]]:
    """Every code the source passes as a literal to a report, with the severities used:
    `report.error/warning/info(code, …)`, `report.add(severity, code, …)`, a
    `Diagnostic(path, line, col, severity, code, …)`, a keyword naming a code (`warning=`
    names a warning's), or a failed PDF/UA rule, `findings.fail(code, …)` (reported as
    an error)."""
    found: dict[str, set[str]] = {}
    for path in sources():
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            candidates: list[tuple[ast.expr, str]] = []
            if name in ("error", "warning", "info") and node.args:
                candidates.append((node.args[0], name))
            elif name == "fail" and node.args:
                candidates.append((node.args[0], "error"))
            elif name == "add" and len(node.args) > 1:
                candidates.append((node.args[1], "any"))
            elif name == "Diagnostic" and len(node.args) > 4:
                candidates.append((node.args[4], "any"))
            candidates += [(k.value, k.arg) for k in node.keywords if k.arg in ("unavailable",)]
            candidates += [(k.value, "error") for k in node.keywords if k.arg == "failed"]
            candidates += [(k.value, "warning") for k in node.keywords if k.arg == "warning"]
            for value, severity in candidates:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, set()).add(severity)
    return found


def test_every_code_the_source_raises_is_registered_with_its_severity():
    unregistered, wrong_severity = [], []
    for code, severities in raised_codes().items():
        try:
            entry = lookup(code)
        except KeyError:
            unregistered.append(code)
            continue
        for severity in severities - {"any", "unavailable"}:
            if entry.severity != severity:
                wrong_severity.append(f"{code}: raised as {severity}, registered {entry.severity}")
    assert unregistered == []
    assert wrong_severity == []


def test_every_registered_code_is_raised_somewhere():
    assert sorted(set(CODES) - set(raised_codes())) == []


def test_unregistered_codes_are_refused():
    from bookbuilder.diagnostics import Report

    with pytest.raises(KeyError):
        Report().warning("no-such-code", REPOSITORY / "book.toml", 1, "…")


def test_list_codes_prints_the_registry():
    result = run("check", "--list-codes")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for code, entry in CODES.items():
        line = next(line for line in lines if line.split()[:1] == [code])
        assert entry.severity in line and entry.help in line
    assert "== links and images" in lines
    assert sum(1 for family in FAMILIES.values() if family.code in result.stdout) == 2
