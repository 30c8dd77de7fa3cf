"""Where the shipped resources (fonts, icons, stylesheet) are, in a checkout or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package, or inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_files() -> list[Path]:
    """The shipped TrueType fonts (Liberation Sans, SIL Open Font License)."""
    return sorted((resources_dir() / "fonts").glob("*.ttf"))
