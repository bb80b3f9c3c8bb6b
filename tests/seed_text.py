"""The seed documents beside the project, and the one way tests compare a quote with them."""

from __future__ import annotations

import os
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Locally the seeds may be missing; in CI (CI=true) they are beside the clone and must be read.
SEEDS_MISSING = not SEEDS.is_dir() and not os.environ.get("CI")


def normalise(text: str) -> str:
    """Quotes match whatever the typography: curly quotes, dashes, soft hyphens, spacing."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip().lower()
