"""Load the review's data files (jd/data/*.json) once per process."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def load(name: str) -> dict:
    """The parsed JSON file `jd/data/<name>.json` (cached; treat it as read-only)."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)
