"""The report of ``bench/build.py``: issue 15's table, its ratios, and the targets checked.

Figures are ``wall s / CPU s / peak MiB``. Ratios divide each by the same figure of Hugo
with a related-posts list (``H+r``) and without (``H``); rebuilds are also divided by the
Python floor that writes every page (``floor``) and the one that only reads and hashes
(``hash``), and their CPU by the cold build's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench._measure import Measured
from bench._quality import Quality

ROWS = (
    ("cold", "`pipeline build`, cold"),
    ("hugo_related", "Hugo, with a related-posts list"),
    ("hugo", "Hugo, without related posts"),
    ("floor", "Python floor: read every input, write every page"),
    ("floor_hash", "Python floor: read and hash every input, write nothing"),
    ("again", "`pipeline build` again, nothing changed"),
    ("edit", "`pipeline build` after editing one post's body"),
    ("episode", "`pipeline build` after adding one episode"),
)
REBUILDS = ("again", "edit", "episode")
# The targets.
PRECISION_MIN = 0.86
PEAK_10K_MIB = 1024
NOTHING_CHANGED_MAX = 1.5  # x the hashing floor
ONE_CHANGE_MAX = 2.0  # x the floor, at 10,000 posts
RELATED_SECONDS = 60.0
RELATED_MIB = 2048


@dataclass
class Result:
    """What was measured for one size."""

    n: int
    load: list[float] = field(default_factory=list)  # load average before and after
    figures: dict[str, Measured] = field(default_factory=dict)  # row -> medians
    precision: tuple[Quality | None, Quality | None, Quality | None] | None = None
    related_json: int = 0  # bytes


def _cell(m: Measured) -> str:
    return f"{m.wall:.2f} / {m.cpu:.2f} / {m.peak:,.0f}"


def _ratio(m: Measured, base: Measured) -> str:
    return f"{m.wall / base.wall:.2f} / {m.cpu / base.cpu:.2f} / {m.peak / base.peak:.2f}"


def _ratios(name: str, figures: dict[str, Measured]) -> str:
    m = figures[name]
    parts = []
    if name not in ("hugo_related",):
        parts.append(f"H+r {_ratio(m, figures['hugo_related'])}")
    if name not in ("hugo",):
        parts.append(f"H {_ratio(m, figures['hugo'])}")
    if name in REBUILDS:
        parts.append(f"floor {_ratio(m, figures['floor'])}")
        parts.append(f"hash {_ratio(m, figures['floor_hash'])}")
        parts.append(f"CPU {m.cpu / figures['cold'].cpu:.2f}x cold")
    return "; ".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def report(
    results: list[Result],
    alone: tuple[int, dict[str, float]] | None,
    rounds: int,
    warmup: int,
) -> list[str]:
    head = ["build", *(f"{r.n:,} posts" for r in results)]
    lines = [
        f"wall s / CPU s / peak MiB, medians of {rounds} counted rounds after {warmup} "
        "warm-up, alternating; load average before -> after: "
        + ", ".join(f"{r.n:,}: {r.load[0]:.1f} -> {r.load[-1]:.1f}" for r in results),
        "",
    ]
    rows = [[label, *(_cell(r.figures[name]) for r in results)] for name, label in ROWS]
    precision = ["precision@5: pipeline / Hugo / stemmed TF-IDF"]
    for r in results:
        ours, hugo, tfidf = r.precision or (None, None, None)
        shown = (f"{q.precision:.3f}" if q else "-" for q in (ours, hugo, tfidf))
        precision.append(" / ".join(shown))
    rows.append(precision)
    rows.append(["related.json", *(f"{r.related_json / 2**20:.1f} MB" for r in results)])
    if alone:
        n, a = alone
        text = (
            f"{a['wall']:.1f} / {a['cpu']:.1f} / {a['peak_mib']:,.0f} (corpus alone "
            f"{a['corpus_mib']:,.0f}); precision@5 {a['precision']:.3f}"
        )
        rows.append([f"related links alone, {n:,} posts", *([""] * (len(results) - 1)), text])
    lines += _table(head, rows)
    lines += [
        "",
        "Ratios (wall / CPU / peak) to Hugo with related posts (H+r) and without (H), and for "
        "rebuilds to the floors (floor, hash) and the cold build's CPU:",
        "",
    ]
    ratio_rows = [[label, *(_ratios(name, r.figures) for r in results)] for name, label in ROWS]
    lines += _table(head, ratio_rows)
    lines += ["", "Targets (issue 15):", *targets(results, alone)]
    return lines


def targets(results: list[Result], alone: tuple[int, dict[str, float]] | None) -> list[str]:
    out = []

    def check(ok: bool, text: str) -> None:
        out.append(f"  [{'met' if ok else 'MISSED'}] {text}")

    for r in results:
        f = r.figures
        cold, hugo_r, hugo = f["cold"], f["hugo_related"], f["hugo"]
        if r.n <= 1_000:
            check(
                cold.wall <= hugo_r.wall,
                f"{r.n:,}: cold wall {cold.wall:.2f} s <= Hugo with related {hugo_r.wall:.2f} s",
            )
        else:
            check(
                cold.wall <= hugo.wall and cold.cpu <= hugo.cpu,
                f"{r.n:,}: cold wall/CPU {cold.wall:.2f}/{cold.cpu:.2f} s <= Hugo without "
                f"related {hugo.wall:.2f}/{hugo.cpu:.2f} s",
            )
            check(cold.peak < PEAK_10K_MIB, f"{r.n:,}: cold peak {cold.peak:,.0f} MiB < 1 GiB")
        ours = r.precision[0] if r.precision else None
        if ours is not None:
            check(ours.precision >= PRECISION_MIN, f"{r.n:,}: precision@5 {ours.precision:.3f}")
        hashed = f["floor_hash"]
        check(
            f["again"].cpu <= NOTHING_CHANGED_MAX * hashed.cpu,
            f"{r.n:,}: nothing changed, CPU {f['again'].cpu:.2f} s <= 1.5x the hashing floor "
            f"({hashed.cpu:.2f} s)",
        )
        if r.n >= 10_000:
            for name in ("edit", "episode"):
                check(
                    f[name].cpu <= ONE_CHANGE_MAX * f["floor"].cpu,
                    f"{r.n:,}: {name}, CPU {f[name].cpu:.2f} s <= 2x the floor "
                    f"({f['floor'].cpu:.2f} s)",
                )
    if alone:
        n, a = alone
        check(
            a["wall"] < RELATED_SECONDS and a["peak_mib"] < RELATED_MIB,
            f"related links alone, {n:,} posts: {a['wall']:.1f} s (CPU {a['cpu']:.1f} s) "
            f"< 60 s and {a['peak_mib']:,.0f} MiB < 2 GiB",
        )
    return out
