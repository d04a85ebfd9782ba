"""The build cache on disk: ``.cache/build/reuse.pickle``, what ``memo.py`` describes.

Written after a build's output is in place, read before the next one. What it holds is
only ever taken when its salt (the pipeline's code, the show's templates and folder) is
the same, and pages only for the output folder it was written with, file by file where
the file there has the size and modification time it had when the cache was written.

It is a pickle, read with an unpickler that builds nothing but plain data, numpy arrays,
sparse matrices and the pipeline's own dataclasses: a cache file that came with a cloned
repository can make a build slower, never run code. A file that cannot be read is
ignored with a notice, and deleting it changes no output byte.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pipeline
from pipeline.fingerprint import code_digest, outputs_of
from pipeline.memo import Memo, Reuse

CACHE = Path(".cache") / "build" / "reuse.pickle"
CACHE_VERSION = 1
MAX_CACHE = 4 << 30  # a larger file is not ours: ignored rather than read


def open_cache(root: Path, out: Path) -> tuple[Reuse, str | None]:
    """The cache for a build of ``root`` into ``out`` (empty when there is none, or it is
    another version's or another code's), and a notice when a damaged one was set aside."""
    salt = _salt(root)
    reuse = Reuse(salt=salt)
    path = root / CACHE
    try:
        size = path.stat().st_size
        if size > MAX_CACHE:
            return reuse, f"{CACHE}: {size} bytes, too large; ignored, building everything"
        with path.open("rb") as file:
            data = _Loader(file).load()
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return reuse, None
        if data.get("salt") != salt:
            return reuse, None  # other code or templates: nothing in it can be trusted
        memos = data["memos"]
        reuse.memos = {str(name): Memo(before=dict(kept)) for name, kept in memos.items()}
        reuse.related = data["related"]
        if data["out"] == str(out):
            reuse.out = out
            reuse.pages = _intact(out, data["pages"], data["written"])
    except FileNotFoundError:
        return Reuse(salt=salt), None
    except Exception as exc:
        return Reuse(salt=salt), f"{CACHE}: unreadable ({exc!r}); ignored, building everything"
    return reuse, None


def keep_cache(root: Path, reuse: Reuse, out: Path, written: Mapping[str, tuple[int, int]]) -> None:
    """Write what this build made for the next one (after its output is in place:
    ``written`` is every file there, with its size and modification time)."""
    from pipeline.errors import OutputError
    from pipeline.write import atomic_path

    data = {
        "version": CACHE_VERSION,
        "salt": reuse.salt,
        "memos": {name: memo.now for name, memo in reuse.memos.items()},
        "related": reuse.related,
        "out": str(out),
        "pages": reuse.page_keys,
        "written": {path: written[path] for path in reuse.page_keys if path in written},
    }
    try:
        (root / CACHE).parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(root / CACHE) as tmp, tmp.open("wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, OutputError, pickle.PicklingError):
        pass  # a read-only show folder: the next build computes everything, nothing worse


def _intact(
    out: Path, pages: Mapping[str, bytes], recorded: Mapping[str, tuple[int, int]]
) -> dict[str, bytes]:
    """The pages whose files in ``out`` are as the last build wrote them."""
    try:
        found = outputs_of(out)
    except OSError:
        return {}
    return {
        path: key
        for path, key in pages.items()
        if path in found and found[path] == recorded.get(path)
    }


def _salt(root: Path) -> bytes:
    """What every kept result depends on besides its own inputs."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{pipeline.__version__} {sys.version} {root}\n".encode())
    digest.update(code_digest().encode())
    templates = root / "templates"
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest.update(f"{path.relative_to(root)} {path.stat().st_size}\n".encode())
                digest.update(path.read_bytes())
            elif path.is_symlink():
                digest.update(f"{path.relative_to(root)} -> {path.resolve()}\n".encode())
    return digest.digest()


# What the cache may be made of. Everything else in a pickle, a function above all (which
# is how a pickle runs code), is refused.
_BUILTINS = frozenset({"set", "frozenset", "bytearray", "complex", "slice", "range"})
_NUMPY = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.core.numeric", "_frombuffer"),
        ("numpy._core.numeric", "_frombuffer"),
    }
)
_PLAIN = frozenset(
    {
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("zoneinfo", "ZoneInfo"),
        ("zoneinfo._zoneinfo", "ZoneInfo"),
        ("pathlib", "PosixPath"),
        ("pathlib", "PurePosixPath"),
        ("collections", "OrderedDict"),
        ("collections", "Counter"),
        ("markupsafe", "Markup"),
    }
)


def _zone_getattr(owner: object, name: str) -> Any:
    """``getattr`` as a pickled time zone uses it (``ZoneInfo._unpickle``), and only so."""
    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"getattr(..., {name!r}) is not allowed in the build cache")


class _Loader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        if module == "builtins" and name in _BUILTINS:
            return super().find_class(module, name)
        if (module, name) in _NUMPY or (module, name) in _PLAIN:
            return super().find_class(module, name)
        if module.startswith("scipy.sparse.") and name.endswith(("_matrix", "_array")):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        # (never a module whose import does something: ``pipeline.__main__`` runs the CLI)
        if (module == "pipeline" or module.startswith("pipeline.")) and "__" not in module:
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the build cache")


def _load_bytes(data: bytes) -> Any:
    """Unpickle ``data`` as the cache is read (tests)."""
    return _Loader(io.BytesIO(data)).load()
