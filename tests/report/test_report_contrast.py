"""WCAG 2.1 AA contrast of the template's palette: text 4.5:1, chart bars 3:1 on white."""

from __future__ import annotations

import re
from pathlib import Path

import medborgarlofte.report.render as render

CSS = (Path(render.__file__).parent / "templates" / "report.html.j2").read_text("utf-8")
VARS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_state_text_on_its_background() -> None:
    for state in ("met", "on_track", "behind", "missed", "untargeted"):
        assert contrast(VARS[f"{state}-fg"], VARS[f"{state}-bg"]) >= 4.5, state
        assert contrast(VARS[f"{state}-fg"], "#ffffff") >= 4.5, state
        assert contrast(VARS[f"{state}-bar"], "#ffffff") >= 3.0, state


def test_body_text() -> None:
    for name in ("ink", "muted", "navy"):
        assert contrast(VARS[name], VARS["paper"]) >= 4.5, name
        assert contrast(VARS[name], VARS["band"]) >= 4.5, name
    assert contrast("#ffffff", VARS["navy"]) >= 4.5
    assert contrast("#1a4f9c", VARS["paper"]) >= 4.5  # links
