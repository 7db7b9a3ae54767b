"""The machine-checkable failure conditions of PDF/UA-1 (the Matterhorn Protocol), run on
a built PDF with pikepdf.

veraPDF and PAC, the validators auditors use, cannot be installed here, so these are
their rules, written again from ISO 14289-1: each rule names its clause and test as
veraPDF numbers them ("7.1-3") and its Matterhorn checkpoint. Each failure is one
diagnostic per rule and file, saying how often and on which pages, so that a broken
book gives a readable report rather than a thousand lines.

This module reads the PDF on its own terms: it shares no code with the remediation
stage that it checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from bookbuilder.check.pdf_fonts import check_fonts, shows_notdef
from bookbuilder.codes import PDF_UA_RULES as RULES
from bookbuilder.diagnostics import Report
from bookbuilder.text import runs

_PAINT = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}
_TEXT = {"Tj", "TJ", "'", '"'}


@dataclass
class _Findings:
    pages: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    details: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def fail(self, code: str, page: int | None = None, detail: str = "") -> None:
        self.pages[code].append(page or 0)
        if detail and len(self.details[code]) < 3:
            self.details[code].append(detail)


def check_pdf_rules(path: Path, pdf: pikepdf.Pdf, report: Report) -> None:
    """Report each failed rule on `pdf` (opened from `path`) as one diagnostic."""
    findings = _Findings()
    _check_document(pdf, findings)
    reached = _check_structure(pdf, findings)
    _check_content(pdf, reached, findings)
    check_fonts(pdf, findings)
    _check_links(pdf, reached, findings)
    for code, pages in findings.pages.items():
        rule, message = RULES[code]
        on = sorted({p for p in pages if p})
        where = f" on page{'s' if len(on) > 1 else ''} {_ranges(on)}" if on else ""
        count = f", {len(pages)} times" if len(pages) > 1 else ""
        detail = f" ({'; '.join(findings.details[code])})" if findings.details[code] else ""
        anchor = rule if rule.startswith("ISO") else f"PDF/UA-1 {rule}"
        report.error(code, path, 1, f"{message}{where}{count}{detail} [{anchor}]")


def _check_document(pdf: pikepdf.Pdf, findings: _Findings) -> None:
    root = pdf.Root
    if not str(root.get("/Lang", "")).strip():
        findings.fail("pdf-no-lang")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        findings.fail("pdf-title-hidden")
    meta = pdf.open_metadata()
    if not str(meta.get("dc:title", "")).strip():
        findings.fail("pdf-no-title")
    if not str(meta.get("pdfuaid:part", "")).strip():
        findings.fail("pdf-no-pdfua-id")


def _check_structure(pdf: pikepdf.Pdf, findings: _Findings) -> set[tuple[int, int]]:
    """Walk the tree from the root; returns the objects reached."""
    pages = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    tree_root = pdf.Root.get("/StructTreeRoot")
    reached: set[tuple[int, int]] = set()
    if tree_root is None:
        return reached
    ids = _id_tree(tree_root)
    previous_level = 0
    stack = [(tree_root, None)]
    while stack:
        element, parent_role = stack.pop()
        if not isinstance(element, Dictionary) or element.objgen in reached:
            continue
        reached.add(element.objgen)
        role = str(element.get("/S", ""))[1:]
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        if len(role) == 2 and role[0] == "H" and role[1].isdigit():
            level = int(role[1])
            if previous_level == 0 and level != 1:
                findings.fail("pdf-heading-first", page, role)
            elif level > previous_level + 1:
                findings.fail("pdf-heading-skip", page, f"H{previous_level} then {role}")
            previous_level = level
        attributes = element.get("/A")
        attributes = list(attributes) if isinstance(attributes, Array) else [attributes]
        attributes = [a for a in attributes if isinstance(a, Dictionary)]
        if role == "Figure":
            if not str(element.get("/Alt", "")).strip():
                findings.fail("pdf-figure-alt", page)
            box = next((a.BBox for a in attributes if "/BBox" in a), None)
            if box is None or not _on_page(box, pdf, page):
                findings.fail("pdf-figure-bbox", page)
        if role == "TH" and not any("/Scope" in a for a in attributes):
            findings.fail("pdf-th-scope", page)
        for attribute in attributes:
            for header in attribute.get("/Headers", []):
                if str(header) not in ids:
                    findings.fail("pdf-headers-id", page, str(header))
        if role == "Note" and not str(element.get("/ID", "")).strip():
            findings.fail("pdf-note-id", page)
        toci_outside = role == "TOCI" and parent_role != "TOC"
        if toci_outside or (parent_role == "TOC" and role not in ("TOCI", "TOC", "Caption")):
            findings.fail("pdf-toc", page, f"{role} in {parent_role}")
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]
        for kid in reversed(kids):
            if isinstance(kid, Dictionary):
                if kid.get("/Type") in ("/MCR", "/OBJR"):
                    reached.add(kid.objgen)
                    if "/Obj" in kid:
                        reached.add(kid.Obj.objgen)
                else:
                    stack.append((kid, role))
    return reached


def _check_content(pdf: pikepdf.Pdf, reached: set, findings: _Findings) -> None:
    """Painting outside marked content, or in marked content whose structure element
    the tree does not reach (Matterhorn 01-005); text drawn with glyph 0 (.notdef)."""
    owners = _parent_tree(pdf)
    glyph_counts: dict = {}
    for index, page in enumerate(pdf.pages, start=1):
        page_owners = owners.get(int(page.obj.get("/StructParents", -1)))
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        marks: list[str] = []  # "artifact", "tagged", "orphan" or "" for each open sequence
        font = None
        loose = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                marks.append(_kind(operands, page_owners, reached))
            elif name == "EMC" and marks:
                marks.pop()
            elif name == "Tf":
                font = fonts.get(str(operands[0]))
            elif name in _PAINT:
                state = next((m for m in reversed(marks) if m), "")
                if state not in ("artifact", "tagged"):
                    loose += 1
                if name in _TEXT and shows_notdef(font, operands, glyph_counts):
                    findings.fail("pdf-notdef", index)
        if loose:
            findings.fail("pdf-untagged-content", index, f"page {index}: {loose} operators")


def _kind(operands, owners, reached: set) -> str:
    tag = str(operands[0]) if operands else ""
    if tag == "/Artifact":
        return "artifact"
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, Dictionary) and "/MCID" in properties:
        mcid = int(properties.MCID)
        owner = owners[mcid] if isinstance(owners, Array) and mcid < len(owners) else None
        return "tagged" if isinstance(owner, Dictionary) and owner.objgen in reached else "orphan"
    return ""


def _check_links(pdf: pikepdf.Pdf, reached: set, findings: _Findings) -> None:
    destinations = _destination_names(pdf)
    owners = _parent_tree(pdf)
    keys_used: set[int] = set()
    for index, page in enumerate(pdf.pages, start=1):
        links = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        if links and str(page.obj.get("/Tabs", "")) != "/S":
            findings.fail("pdf-annot-tabs", index)
        for link in links:
            key = int(link.get("/StructParent", -1))
            owner = owners.get(key)
            if (
                key in keys_used
                or not isinstance(owner, Dictionary)
                or owner.get("/S") != "/Link"
                or owner.objgen not in reached
                or not _holds(owner, link)
            ):
                findings.fail("pdf-link-untagged", index)
            keys_used.add(key)
            contents = str(link.get("/Contents", "")).strip()
            target = link.get("/Dest")
            if not contents or (target is not None and contents == str(target)):
                findings.fail("pdf-link-contents", index, contents)
            if isinstance(target, pikepdf.String) and str(target) not in destinations:
                findings.fail("pdf-link-dead", index, str(target))


def _holds(element: Dictionary, annotation: Dictionary) -> bool:
    """True if `element` reaches `annotation` through an OBJR among its kids."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, Array) else [kids]
    return any(
        isinstance(kid, Dictionary)
        and kid.get("/Type") == "/OBJR"
        and kid.Obj.objgen == annotation.objgen
        for kid in kids
    )


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    tree_root = pdf.Root.get("/StructTreeRoot")
    entries: dict[int, object] = {}
    stack = [tree_root.get("/ParentTree")] if tree_root is not None else []
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        nums = node.get("/Nums", [])
        for i in range(0, len(nums) - 1, 2):
            entries[int(nums[i])] = nums[i + 1]
        stack.extend(node.get("/Kids", []))
    return entries


def _id_tree(tree_root: Dictionary) -> set[str]:
    if "/IDTree" not in tree_root:
        return set()
    return {str(name) for name in pikepdf.NameTree(tree_root.IDTree)}


def _destination_names(pdf: pikepdf.Pdf) -> set[str]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return set()
    return {str(name) for name in pikepdf.NameTree(names.Dests)}


def _on_page(box, pdf: pikepdf.Pdf, page: int | None) -> bool:
    if page is None or len(box) != 4:
        return False
    x1, y1, x2, y2 = (float(v) for v in box)
    mx1, my1, mx2, my2 = (float(v) for v in pdf.pages[page - 1].mediabox)
    return mx1 - 1 <= x1 < x2 <= mx2 + 1 and my1 - 1 <= y1 < y2 <= my2 + 1


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] -> "1–3, 7"; long lists are cut after five ranges."""
    found = runs(pages)
    text = [f"{first}–{last}" if last > first else str(first) for first, last in found[:5]]
    return ", ".join(text) + (", …" if len(found) > 5 else "")
