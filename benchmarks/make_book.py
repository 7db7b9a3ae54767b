"""Synthetic books for benchmarks: N chapters of realistic patient-guide content.

    python benchmarks/make_book.py OUT_DIR --chapters N

Each chapter has sections, paragraphs of varied length, a nested list, a table, a
footnote, an image, glossary terms and a cross-reference to another chapter; about four
A4 pages of print. The text is drawn deterministically, so a size always gives the
same book.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from PIL import Image

WORDS = [
    "back",
    "pain",
    "spine",
    "disc",
    "nerve",
    "muscle",
    "ligament",
    "vertebra",
    "treatment",
    "doctor",
    "physiotherapist",
    "exercise",
    "posture",
    "movement",
    "rest",
    "sleep",
    "medicine",
    "dose",
    "side",
    "effect",
    "injection",
    "scan",
    "surgery",
    "recovery",
    "weeks",
    "months",
    "daily",
    "gentle",
    "walking",
    "stretching",
    "strength",
    "balance",
    "support",
    "patient",
    "family",
    "work",
    "lifting",
    "bending",
    "sitting",
    "standing",
    "heat",
    "cold",
    "massage",
    "therapy",
    "research",
    "study",
    "evidence",
    "trial",
    "result",
    "option",
    "choice",
    "plan",
    "goal",
    "progress",
    "setback",
]
TERMS = [
    "endorphin",
    "neuropathic pain",
    "gene therapy",
    "lumbar puncture",
    "systemic drug",
    "degenerative disc disease",
    "refractory pain",
    "protein",
    "DNA",
    "gene",
]
GLOSSARY = [(t.capitalize(), f"A plain-language definition of {t} for patients.") for t in TERMS]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(TERMS))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def chapter(number: int, total: int, rng: random.Random) -> str:
    other = (number % total) + 1
    lines = [
        "---",
        f"title: Chapter {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
        "authors:",
        "  - name: The Benchmark Editors",
        "    credentials: MSc",
        f"updated: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
        f"keywords: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        "---",
        "",
    ]
    for section in range(1, 5):
        lines += [f"## Section {section} of chapter {number}", ""]
        for _ in range(rng.randint(3, 5)):
            lines += [paragraph(rng), ""]
        if section == 1:
            lines += [
                f"- {sentence(rng)}",
                f"  - {sentence(rng)}",
                f"  - {sentence(rng)}",
                f"- {sentence(rng)}",
                "",
            ]
        if section == 2:
            lines += ["| Option | When it helps | Notes |", "|---|---|---|"]
            lines += [
                f"| {rng.choice(WORDS)} | {sentence(rng)} | {rng.choice(WORDS)} |" for _ in range(4)
            ] + [""]
            lines += [f"{paragraph(rng)}[^n{number}]", "", f"[^n{number}]: {sentence(rng)}", ""]
        if section == 3:
            lines += [
                f"![A diagram for chapter {number}](../images/diagram.png)",
                "",
                f"See [chapter {other}]({other:04d}-chapter-{other}.md#section-1-of-chapter-"
                f"{other}) for more.",
                "",
            ]
    return "\n".join(lines)


def make_book(out: Path, chapters: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "chapters").mkdir(parents=True)
    (out / "images").mkdir()
    Image.new("RGB", (600, 300), (29, 91, 116)).save(out / "images" / "diagram.png")
    (out / "book.toml").write_text(
        f'[book]\ntitle = "Benchmark Book of {chapters} Chapters"\nlanguage = "en-GB"\n'
        'publisher = "Benchmarks"\n\n[output]\nformats = ["epub", "pdf"]\n',
        "utf-8",
    )
    (out / "glossary.yaml").write_text(
        "".join(f"- term: {term}\n  definition: {definition}\n" for term, definition in GLOSSARY),
        "utf-8",
    )
    (out / "disclaimer.md").write_text("General information, not medical advice.\n", "utf-8")
    for number in range(1, chapters + 1):
        (out / "chapters" / f"{number:04d}-chapter-{number}.md").write_text(
            chapter(number, chapters, rng), "utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chapters", type=int, default=25)
    args = parser.parse_args()
    print(make_book(args.out, args.chapters))


if __name__ == "__main__":
    main()
