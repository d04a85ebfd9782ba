"""A build links in two halves: the pairs and pointers at once, the related items in another
process meanwhile. Together they are exactly what ``link`` gives, and so are the show
notes finished with the related items afterwards."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import pipeline.link.related as related_module
from pipeline import parallel
from pipeline.link import link, linking
from pipeline.load import due, load_content
from pipeline.notes import notes, with_related
from tests.conftest import REPO, SAMPLE_NOW

CONTENT, _ = due(load_content(REPO), SAMPLE_NOW)


def test_the_two_halves_are_the_whole_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # the sample is small: force the fork
    noted, go = tmp_path / "pid", tmp_path / "go"
    relate = related_module.relate

    def where(*args: Any, **kwargs: Any) -> Any:
        noted.write_text(str(os.getpid()))
        for _ in range(1000):  # until the test lets it finish (10 s at most)
            if go.exists():
                break
            time.sleep(0.01)
        return relate(*args, **kwargs)

    monkeypatch.setattr(related_module, "relate", where)
    go.touch()
    whole = link(CONTENT)
    go.unlink()
    with linking(CONTENT, jobs=2) as started:
        # One job while the related items take a core; both once they are done.
        assert started.early.related == {} and started.jobs() == 1
        assert started.early.pairs == whole.pairs
        assert started.early.pointers == whole.pointers
        go.touch()
        for _ in range(1000):
            if started.jobs() == 2:
                break
            time.sleep(0.01)
        assert started.jobs() == 2
        assert started.linked() == whole
        assert started.jobs() == 2
    assert noted.read_text() != str(os.getpid()), "related items worked out in another process"
    assert whole.related, "the sample has related items to compare"


def test_one_job_links_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    with linking(CONTENT, jobs=1) as started:
        assert started.jobs() == 1
        assert started.linked() == link(CONTENT)


def test_notes_finished_with_the_related_items_are_the_notes_of_the_whole_link() -> None:
    whole = link(CONTENT)
    with linking(CONTENT) as started:
        early = notes(started.early)
        assert all(not data.related for data in early.values())
        finished = with_related(early, started.linked())
    assert finished == notes(whole)
    assert any(data.related for data in finished.values())


def test_the_process_that_links_a_large_show_does_not_load_numpy(tmp_path: Path) -> None:
    """numpy and scipy (150 ms to import) load in the process that works out the related
    items, not in the build's own."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from pipeline import parallel\n"
        "from pipeline.link import linking\n"
        "from pipeline.load import due, load_content\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "parallel.MIN_PARALLEL = 1\n"
        f"content, _ = due(load_content(Path({str(REPO)!r})),"
        f" datetime.fromisoformat({SAMPLE_NOW.isoformat()!r}))\n"
        "with linking(content, jobs=2) as started:\n"
        "    linked = started.linked()\n"
        "print(bool(linked.related), 'numpy' in sys.modules, 'scipy' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert found.stdout.split() == ["True", "False", "False"]


def test_from_a_kept_snapshot_the_related_items_wait_for_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """From a snapshot they take a few seconds: started only at ``start()`` (after the post
    bodies, whose workers they met at their peak of memory); without one, at once."""
    from dataclasses import replace

    from pipeline.paths import RELATED_SNAPSHOT

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    noted = tmp_path / "pid"
    again = related_module.relate_again

    def where(*args: Any, **kwargs: Any) -> Any:
        noted.write_text(str(os.getpid()))
        return again(*args, **kwargs)

    monkeypatch.setattr(related_module, "relate_again", where)
    whole = link(CONTENT)
    for kept in (False, True):
        root = tmp_path / f"show-{kept}"
        if kept:
            (root / RELATED_SNAPSHOT).parent.mkdir(parents=True)
            (root / RELATED_SNAPSHOT).write_bytes(b"kept by an earlier build")
        content = replace(CONTENT, root=root)
        noted.unlink(missing_ok=True)
        with linking(content, jobs=2, cached=True) as started:
            for _ in range(200 if not kept else 30):
                if noted.exists():
                    break
                time.sleep(0.05)
            assert noted.exists() is not kept
            started.start()
            assert started.linked().related == whole.related
            assert noted.read_text() != str(os.getpid())


def test_without_a_snapshot_their_search_forks_its_workers_only_after_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Started at once, beside the post bodies: their search's workers wait for ``start()``
    (the bodies' workers gone), which held a 10,000-post build's peak under 1 GiB."""
    from dataclasses import replace
    from datetime import timedelta

    import pipeline.link.neighbours as neighbours

    DAY = timedelta(days=1)

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(neighbours, "_CHUNK_ENTRIES", 1)  # blocks of 16 rows: two or more
    waiting, passed = tmp_path / "waiting", tmp_path / "passed"
    real = parallel._wait_gate

    def noted() -> None:
        if parallel._GATE is not None:  # the related items' process, not this one
            waiting.write_text(str(os.getpid()))
            real()
            passed.write_text(str(os.getpid()))

    monkeypatch.setattr(parallel, "_wait_gate", noted)
    # Enough items for their search to come in blocks: the posts thrice, under other names.
    copies = [
        replace(p, slug=f"{p.slug}-{k}", soundcloud=(), episode=None, date=p.date - k * DAY)
        for k in range(1, 3)
        for p in CONTENT.posts
    ]
    content = replace(CONTENT, root=tmp_path / "show", posts=(*CONTENT.posts, *copies))
    whole = link(content)
    with linking(content, jobs=2, cached=True) as started:
        for _ in range(400):
            if waiting.exists():
                break
            time.sleep(0.05)
        assert waiting.exists(), "their search reached its workers"
        time.sleep(0.3)
        assert not passed.exists()  # held back until start()
        started.start()
        assert started.linked().related == whole.related
    assert passed.read_text() == waiting.read_text() != str(os.getpid())
