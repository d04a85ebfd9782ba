"""Generate a synthetic show: N posts, N/5 episodes, Dutch-like text (for benchmarks).

Text comes from a small vocabulary of our own, mixed deterministically per post, so runs are
repeatable and posts share subjects the way a real blog's do.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

SUBJECTS = {
    "verkoop": "verkopen verkoper klant aanbod gesprek afsluiten korting offerte vertrouwen",
    "prijzen": "prijs marge verhogen kosten waarde inkoop korting kassabon euro",
    "personeel": "collega rooster werving inwerken team salaris verloop vakantie",
    "etalage": "etalage winkelinrichting licht schap paspop decoratie looproute kleur",
    "online": "instagram bericht volgers foto video webshop nieuwsbrief bereik",
    "administratie": "boekhouding factuur belasting btw kasboek aangifte accountant",
}
FILLER = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "dat",
    "is",
    "niet",
    "ook",
    "maar",
    "als",
    "bij",
    "om",
    "naar",
    "zo",
    "nog",
    "wel",
    "dan",
    "wat",
    "er",
    "je",
    "we",
    "ze",
]
CONFIG = """\
title = "Synthetische Show"
description = "Een gegenereerde show voor benchmarks."
author = "Bench"
language = "nl"
base_url = "https://bench.example/"
artwork = "https://bench.example/art.jpg"
categories = ["Business > Marketing"]
timezone = "Europe/Amsterdam"

[owner]
name = "Bench"
email = "bench@bench.example"
"""


def sentence(rng: random.Random, words: list[str]) -> str:
    chosen = [
        rng.choice(words) if rng.random() < 0.45 else rng.choice(FILLER)
        for _ in range(rng.randint(8, 18))
    ]
    return " ".join(chosen).capitalize() + "."


def generate(root: Path, posts: int, seed: int = 7) -> Path:
    """Write the show into ``root`` (created) and return it."""
    rng = random.Random(seed)
    (root / "posts").mkdir(parents=True, exist_ok=True)
    (root / "episodes").mkdir(parents=True, exist_ok=True)
    (root / "podcast.toml").write_text(CONFIG, encoding="utf-8")
    start = datetime(2015, 1, 1, 8, tzinfo=UTC)
    subjects = list(SUBJECTS)
    for i in range(posts):
        subject = subjects[i % len(subjects)]
        words = SUBJECTS[subject].split()
        date = start + timedelta(hours=7 * i)
        title = f"{subject.capitalize()} {i}: {sentence(rng, words)[:-1]}"
        paragraphs = ["\n".join(sentence(rng, words) for _ in range(4)) for _ in range(5)]
        body = "\n\n## Tussenkop\n\n".join(paragraphs)
        slug = f"{subject}-{i}"
        (root / "posts" / f"{date:%Y-%m-%d}-{slug}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {date:%Y-%m-%d %H:%M:%S} +0000\n'
            f"tags: [{subject}]\n---\n\n{body}\n",
            encoding="utf-8",
        )
        if i % 5 == 0:
            n = i // 5 + 1
            (root / "episodes" / f"{n:05d}-{slug}.yaml").write_text(
                f'title: "Afl. {n}: {subject}"\nnumber: {n}\n'
                f"date: {date:%Y-%m-%d %H:%M}+00:00\n"
                f"guid: urn:uuid:00000000-0000-4000-8000-{n:012d}\n"
                f"audio: https://media.bench.example/{n}.mp3\nlength: {1000000 + n}\n"
                f'duration: "30:00"\npost: {date:%Y-%m-%d}-{slug}\n'
                f"summary: Een aflevering over {subject}.\n",
                encoding="utf-8",
            )
    return root
