"""Read the SVG pictures of annlib.plots.svg back into numbers, for tests.

A chart (Panel) writes its scales into the picture; with them, the pixel positions of a
line or a marker turn back into the data they show. The same reading works on the text
Python made and on the DOM a browser shows, so a test can prove the browser draws what
annlib computed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

SVG = "{http://www.w3.org/2000/svg}"


class Picture:
    def __init__(self, svg: str):
        self.root = ET.fromstring(svg)
        self.panels = {
            e.get("data-gid"): e for e in self.root.iter(f"{SVG}desc") if e.get("class") == "panel"
        }

    def shapes(self, gid: str) -> list:
        """Every shape drawn with data-gid ``gid``, in drawing order."""
        return [e for e in self.root.iter() if e.get("data-gid") == gid and e.tag != f"{SVG}desc"]

    def texts(self) -> list[str]:
        return ["".join(e.itertext()) for e in self.root.iter(f"{SVG}text")]

    def _invert(self, panel: str, px, py):
        p = self.panels[panel]
        left, top, width, height = (float(v) for v in p.get("data-box").split())
        out = []
        for pixels, start, length, lim, log, flip in [
            (px, left, width, p.get("data-xlim"), p.get("data-xlog"), False),
            (py, top, height, p.get("data-ylim"), p.get("data-ylog"), True),
        ]:
            low, high = (float(v) for v in lim.split())
            if log == "1":
                low, high = np.log10(low), np.log10(high)
            share = (np.asarray(pixels, float) - start) / length
            values = low + (high - low) * ((1 - share) if flip else share)
            out.append(10**values if log == "1" else values)
        return out

    def line(self, gid: str, panel: str):
        """The data (xs, ys) of the polylines drawn as ``gid`` in ``panel``, joined."""
        points = [
            [float(v) for v in pair.split(",")]
            for e in self.shapes(gid)
            for pair in e.get("points").split()
        ]
        px, py = np.array(points).T
        return self._invert(panel, px, py)

    def marker(self, gid: str, panel: str):
        """The data (x, y) at the centre of the marker drawn as ``gid`` in ``panel``."""
        (e,) = self.shapes(gid)
        if e.tag == f"{SVG}circle":
            px, py = float(e.get("cx")), float(e.get("cy"))
        else:
            px = float(e.get("x")) + float(e.get("width")) / 2
            py = float(e.get("y")) + float(e.get("height")) / 2
        x, y = self._invert(panel, [px], [py])
        return float(x[0]), float(y[0])
