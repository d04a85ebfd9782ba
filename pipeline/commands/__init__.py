"""One module per command (MkDocs style), discovered by :func:`discover`.

The top-level group finds them lazily (:func:`command_modules`): a command's module, and
everything it imports, loads only when that command runs. ``pipeline build`` on a show
with nothing new then does not pay for importing every stage of every other command.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

# Modules holding the subcommands of a group (``import_posts.py`` -> ``pipeline import
# posts``); the group discovers them, the top level must not.
SUBCOMMAND_PREFIXES = ("import_",)


def discover(package: str, prefix: str = "") -> list[click.Command]:
    """Every ``*_command`` in the modules of ``package`` named ``prefix*``.

    With no prefix, the top-level commands: modules of a group's subcommands are skipped.
    A command is added by adding its module; nothing else needs editing. Sorted by module
    name, so ``--help`` lists commands in a stable order.
    """
    module = importlib.import_module(package)
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or not info.name.startswith(prefix):
            continue
        if not prefix and info.name.startswith(SUBCOMMAND_PREFIXES):
            continue
        sub = importlib.import_module(f"{package}.{info.name}")
        for name, value in sorted(vars(sub).items()):
            if name.endswith("_command") and isinstance(value, click.Command):
                found.append(value)
    return found


# Module name -> command name where they differ (``import`` is a Python keyword).
_NAMES = {"importing": "import"}


def command_modules(package: str = "pipeline.commands") -> dict[str, str]:
    """Top-level command name -> the module defining it, without importing any of them."""
    module = importlib.import_module(package)
    found: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name.startswith(SUBCOMMAND_PREFIXES):
            continue
        if info.name == "common":
            continue
        found[_NAMES.get(info.name, info.name)] = f"{package}.{info.name}"
    return found
