"""What ``pipeline check`` reports: findings (errors and warnings) and the report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from pipeline.errors import Problem, show_value

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    path: str
    line: int | None
    field: str
    got: str
    expected: str

    def __str__(self) -> str:
        return str(Problem(self.path, self.line, self.field, self.got, self.expected))


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    episodes: int = 0
    feed: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        data = {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "episodes": self.episodes,
            "feed": self.feed,
            "findings": [{**asdict(f), "message": str(f)} for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


@dataclass
class Collector:
    items: list[Finding] = field(default_factory=list)

    def error(self, path: str, line: int | None, name: str, value: object, expected: str) -> None:
        self.items.append(Finding(ERROR, path, line, name, shown(value), expected))

    def warn(self, path: str, line: int | None, name: str, value: object, expected: str) -> None:
        self.items.append(Finding(WARNING, path, line, name, shown(value), expected))


def shown(value: object) -> str:
    """A finding's ``got`` as its line shows it: a :class:`Described` as its words, a user
    value quoted."""
    return value.description if isinstance(value, Described) else show_value(value)


@dataclass(frozen=True)
class Described:
    """A ``got`` that is already a description (``a 1200x1200 PNG``), not a user value."""

    description: str
