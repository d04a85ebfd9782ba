"""Large sites render their post pages on every core; the bytes are the same either way."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import parallel
from pipeline.build import BuildOptions, build
from tests.conftest import REPO, SAMPLE_NOW, ShowMaker, episode


@pytest.fixture(autouse=True)
def alone() -> Iterator[None]:
    """These tests need a process without other threads (``background`` does not fork
    beside threads). A thread left behind by an earlier test in this worker (a loopback
    server's connection) made them fail now and then: it is waited for, then named."""
    deadline = time.monotonic() + 10
    while True:
        others = [t for t in threading.enumerate() if t is not threading.main_thread()]
        if not others or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not others, f"threads left by an earlier test: {[t.name for t in others]}"
    yield


def test_parallel_pages_are_identical_to_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # the sample is small: force workers
    serial = tmp_path / "serial"
    forked = tmp_path / "forked"
    build(BuildOptions(root=REPO, out=serial, now=SAMPLE_NOW, offline=True, jobs=1))
    build(BuildOptions(root=REPO, out=forked, now=SAMPLE_NOW, offline=True, jobs=2))
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(forked) for p in forked.rglob("*") if p.is_file())
    for name in files:
        assert (serial / name).read_bytes() == (forked / name).read_bytes(), name


def test_fork_map_keeps_order_and_runs_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    parent = os.getpid()
    pages = parallel.fork_map(
        lambda n: (f"{n}.html", str(os.getpid()).encode()), list(range(50)), jobs=2
    )
    assert [name for name, _ in pages] == [f"{n}.html" for n in range(50)]
    assert {int(pid) for _, pid in pages} - {parent}, "rendered in forked workers"
    assert parallel.fork_map(lambda n: (str(n), b""), [1, 2], jobs=1) == [("1", b""), ("2", b"")]


def test_problems_survive_a_worker_process() -> None:
    import pickle

    from pipeline.errors import ContentError, Problem

    error = ContentError([Problem("posts/a.md", 3, "title", "''", "a title")])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ContentError
    assert again.problems == error.problems


def test_items_loaded_in_workers_give_the_same_items_and_problems(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Episodes and posts are parsed in forked workers; every problem still comes back."""
    from pipeline.errors import ContentError
    from pipeline.load import load_content

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    posts = {
        f"2026-03-{n:02d}-post-{n}": f'---\ntitle: "Post {n}"\n---\n\nTekst {n}.\n'
        for n in range(1, 21)
    }
    posts["2026-03-05-post-5"] = "geen voorwerk\n"
    posts["2026-03-12-post-12"] = '---\ntitle: ""\n---\n\nLeeg.\n'
    broken = episode(2).replace("number: 2", "number: twee")
    root = make_show(episodes={"001-a": episode(1), "002-b": broken}, posts=posts)
    found = []
    for jobs in (1, 2):
        with pytest.raises(ContentError) as raised:
            load_content(root, jobs=jobs)
        found.append([str(p) for p in raised.value.problems])
    assert found[0] == found[1] and len(found[0]) == 3
    assert any("episodes/002-b.yaml" in p for p in found[0])
    (root / "posts/2026-03-05-post-5.md").unlink()
    (root / "posts/2026-03-12-post-12.md").unlink()
    (root / "episodes/002-b.yaml").write_text(episode(2), "utf-8")
    loaded = load_content(root, jobs=1)
    assert len(loaded.episodes) == 2 and loaded == load_content(root, jobs=2)


def _pid() -> int:
    import os

    return os.getpid()


def test_background_work_runs_in_another_process_and_its_result_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    with parallel.background(_pid, jobs=2, size=parallel.MIN_PARALLEL) as result:
        pass  # the with block goes on meanwhile; the result is asked for after it
        got = result()
    assert got != os.getpid()
    # One job, or too little to read: in this process, when the result is asked for.
    for jobs, size in ((1, 10_000), (2, parallel.MIN_PARALLEL - 1)):
        with parallel.background(_pid, jobs=jobs, size=size) as result:
            assert result() == os.getpid()


def _fails() -> int:
    from pipeline.errors import ContentError, Problem

    raise ContentError([Problem("posts/a.md", 3, "title", "''", "a title")])


def _sleeps(noted: Path) -> int:
    import os
    import time

    # Written whole, then named: the test stops this process as soon as the name is
    # there, and a file created but not yet written read as '' (a flake under load).
    written = noted.with_suffix(".tmp")
    written.write_text(str(os.getpid()))
    os.replace(written, noted)
    time.sleep(60)
    return 0


def test_background_errors_reach_the_caller_and_leaving_early_stops_the_process(
    tmp_path: Path,
) -> None:
    import functools
    import time

    from pipeline.errors import ContentError

    with (
        pytest.raises(ContentError) as raised,
        parallel.background(_fails, jobs=2, size=parallel.MIN_PARALLEL) as result,
    ):
        result()
    assert "posts/a.md:3" in str(raised.value)
    noted = tmp_path / "pid"
    started = time.monotonic()
    with (
        pytest.raises(KeyError),
        parallel.background(functools.partial(_sleeps, noted), 2, parallel.MIN_PARALLEL),
    ):
        while not noted.exists() and time.monotonic() - started < 10:
            time.sleep(0.01)  # until the process is at work
        raise KeyError("the page being rendered meanwhile failed")
    assert time.monotonic() - started < 10, "the background process was stopped, not awaited"
    pid = int(noted.read_text())
    assert not Path(f"/proc/{pid}").exists(), "the background process was stopped and reaped"


def test_with_other_threads_running_the_work_stays_in_this_process() -> None:
    import os
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with parallel.background(_pid, jobs=2, size=parallel.MIN_PARALLEL) as result:
            assert result() == os.getpid()  # forking a threaded process is not safe
    finally:
        stop.set()
        thread.join()


class _TwoArguments(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")  # pickles, but cannot be made again from args


def _fails_oddly() -> int:
    raise _TwoArguments("niet", "terug")


def _fails_plainly() -> int:
    raise ValueError("in de achtergrond")


def test_what_cannot_come_back_is_said_and_where_it_failed_rides_along() -> None:
    with (
        pytest.raises(RuntimeError, match="_TwoArguments: niet terug"),
        parallel.background(_fails_oddly, jobs=2, size=parallel.MIN_PARALLEL) as result,
    ):
        result()
    with (
        pytest.raises(ValueError, match="in de achtergrond") as raised,
        parallel.background(_fails_plainly, jobs=2, size=parallel.MIN_PARALLEL) as result,
    ):
        result()
    assert "_fails_plainly" in str(raised.value.__cause__)  # the traceback in the process


class _Unreadable:
    """Pickles, and cannot be made again from its pickle."""

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return _TwoArguments, ("niet",)  # type: ignore[return-value]


def _answers_oddly() -> _Unreadable:
    return _Unreadable()


def test_a_result_that_cannot_be_read_back_is_an_error_in_the_build() -> None:
    """A result is not read back in its process before it is sent (a second copy of the
    search index made a 10,000-post build's peak): the build says it could not be read."""
    with (
        pytest.raises(RuntimeError, match="could not be read"),
        parallel.background(_answers_oddly, jobs=2, size=parallel.MIN_PARALLEL) as result,
    ):
        result()


def test_an_answer_cut_short_is_an_error_not_a_crash() -> None:
    import pickle

    whole = pickle.dumps((True, list(range(100)), ""))
    done, value, _ = parallel._outcome(whole[: len(whole) // 2])
    assert not done and "cut short" in str(value)
    done, value, _ = parallel._outcome(b"")
    assert not done and "without an answer" in str(value)
    assert parallel._outcome(whole) == (True, list(range(100)), "")


def test_with_kept_posts_episodes_load_beside_them_and_give_the_same(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the last build's posts kept, posts are taken in this process while episodes load
    in another: the same items, and every problem in the same order, as a plain load."""
    from pipeline.errors import ContentError
    from pipeline.fingerprint import keep
    from pipeline.load import load_content, remembered_content
    from pipeline.paths import POST_MEMO

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    posts = {
        f"2026-03-{n:02d}-post-{n}": f'---\ntitle: "Post {n}"\n---\n\nTekst {n}.\n'
        for n in range(1, 21)
    }
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)}, posts=posts)
    _, chunks, _, afresh = remembered_content(root, jobs=2)
    assert chunks is not None and afresh == 20
    keep(root, POST_MEMO, chunks)
    content, _, notice, afresh = remembered_content(root, jobs=2)
    assert notice is None and content == load_content(root, jobs=1) and afresh == 0
    (root / "posts/2026-03-05-post-5.md").write_text('---\ntitle: "Vijf"\n---\n\nAnders.\n')
    assert remembered_content(root, jobs=2)[3] == 1
    (root / "episodes/002-b.yaml").write_text(episode(2).replace("number: 2", "number: twee"))
    (root / "posts/2026-03-12-post-12.md").write_text('---\ntitle: ""\n---\n\nLeeg.\n')
    found = []
    for load in (lambda: remembered_content(root, jobs=2), lambda: load_content(root, jobs=1)):
        with pytest.raises(ContentError) as raised:
            load()
        found.append([str(p) for p in raised.value.problems])
    assert found[0] == found[1] and len(found[0]) == 2


def test_a_build_with_few_posts_changed_keeps_to_one_process() -> None:
    """Forking copies the build's memory: after an edit, with the last build's pages to
    read, the build stays in one process; a cold one, a large change or a show without the
    pages' memo uses every job it was given."""
    from pipeline.parallel import jobs_after_load as _jobs

    assert _jobs(2, afresh=1, posts=10_000, memo=True) == 1
    assert _jobs(2, afresh=500, posts=10_000, memo=True) == 1
    assert _jobs(2, afresh=501, posts=10_000, memo=True) == 2
    assert _jobs(2, afresh=0, posts=10_000, memo=False) == 2
    assert _jobs(2, afresh=0, posts=0, memo=True) == 2  # episodes only: nothing to judge by
