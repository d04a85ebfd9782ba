"""Saving what ``pipeline audio`` produced, where the build looks it up
(``pipeline/enrich/produced.py`` names the files)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pipeline.enrich.produced import Facts
from pipeline.write import replace_file


def save_facts(path: Path, facts: Facts) -> None:
    replace_file(path, json.dumps(dataclasses.asdict(facts), indent=2).encode() + b"\n")
