"""Make the deck's pictures in docs/img/ again: the demo's steering-committee deck, through LibreOffice, as PNGs.

    .venv/bin/python scripts/deck_images.py

Loads the demo into a temporary SQLite database, writes the deck in Chinese and English with `report -o FILE.pptx`,
converts both with LibreOffice headless (`soffice`) and renders three slides with `pdftoppm -png -r 60`: the radar
(Chinese), the heat map and a process's slide (English).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "img"
# (language, the slide's title, picture's name)
SLIDES = [
    ("zh", "各流程成熟度等级：现状与目标", "deck-radar-zh"),
    ("en", "Achievement by process and dimension", "deck-heatmap-en"),
    ("en", "Problem management", "deck-process-en"),
]


def main() -> None:
    from pptx import Presentation

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        database = f"sqlite:///{work / 'demo.db'}"
        cli = [sys.executable, "-m", "assessment"]
        subprocess.run([*cli, "demo", "--database", database], check=True, env=env, capture_output=True)
        for lang in ("zh", "en"):
            deck = work / f"deck-{lang}.pptx"
            command = [*cli, "report", "--assessment", "1", "--database", database, "-o", str(deck), "--lang", lang]
            subprocess.run(command, check=True, env=env, capture_output=True)
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(work), str(deck)],
                check=True,
                capture_output=True,
            )  # fmt: skip
        for lang, title, name in SLIDES:
            slides = Presentation(str(work / f"deck-{lang}.pptx")).slides
            page = next(n for n, s in enumerate(slides, start=1) if s.shapes.title and s.shapes.title.text == title)
            pdf = work / f"deck-{lang}.pdf"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                 str(IMAGES / name)],
                check=True,
            )  # fmt: skip
            print(f"wrote docs/img/{name}.png (slide {page})")


if __name__ == "__main__":
    main()
