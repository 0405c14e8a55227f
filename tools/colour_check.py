"""See every picture of the course as a colour-blind reader sees it.

For each figure saved in the executed notebooks, this writes one sheet: the figure as
saved, then as simulated for the three kinds of dichromacy (protanopia, deuteranopia,
tritanopia; Machado, Oliveira and Fernandes 2009, at full severity, by colorspacious),
and in greyscale (lightness only). A reviewer looks at the sheets: wherever the saved
figure tells two things apart by colour, each simulation must still tell them apart,
by a second cue (outline, marker, hatching, line style, a label) if not by colour.

    python tools/colour_check.py                 # every notebook -> test-artifacts/colour/
    python tools/colour_check.py 05 --out /tmp/c # one notebook, another folder

The colours the pictures use to mean something (annlib.plots.MEANINGFUL_PAIRS) are
checked automatically by tests/test_plots_style.py, with the same simulation.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import sys
from pathlib import Path

import numpy as np
from colorspacious import cspace_convert
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("protanomaly", "deuteranomaly", "tritanomaly")


def simulate(rgb: np.ndarray, kind: str) -> np.ndarray:
    """An RGB image (floats 0..1) as a reader with full ``kind`` dichromacy sees it."""
    space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    return np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)


def greyscale(rgb: np.ndarray) -> np.ndarray:
    """Only the lightness (CIELAB L*) of each pixel, as grey."""
    lab = cspace_convert(rgb, "sRGB1", "CIELab")
    lab[..., 1:] = 0
    return np.clip(cspace_convert(lab, "CIELab", "sRGB1"), 0, 1)


def sheet(png: bytes) -> Image.Image:
    """The figure, its three dichromat views and its greyscale, one above the other."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), float) / 255
    views = [rgb] + [simulate(rgb, kind) for kind in VIEWS] + [greyscale(rgb)]
    return Image.fromarray(np.round(np.concatenate(views, axis=0) * 255).astype(np.uint8))


def notebook_pngs(path: Path):
    """(cell number, PNG bytes) of every picture saved in a notebook."""
    cells = json.loads(path.read_text())["cells"]
    for number, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                yield number, base64.b64decode(data["image/png"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "colour")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        paths = [
            p for p in paths if any(p.name.startswith(n) or n in p.stem for n in args.notebooks)
        ]
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in paths:
        for k, (cell, png) in enumerate(notebook_pngs(path), start=1):
            sheet(png).save(args.out / f"{path.stem[:2]}_cell{cell:02d}_{k}.png")
            n += 1
    print(f"{n} sheets (saved, protanopia, deuteranopia, tritanopia, greyscale) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
