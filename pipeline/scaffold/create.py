"""`pipeline init` from answers to files: review everything, then write everything."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import Problem, ProblemsError
from pipeline.scaffold.answers import Answers, missing_problems, normalize_category
from pipeline.scaffold.apply import apply
from pipeline.scaffold.plan import Plan, plan_init
from pipeline.scaffold.source import check_spec, missing_spec
from pipeline.scaffold.validate import check_answers


@dataclass(frozen=True)
class Review:
    answers: Answers  # categories in Apple's spelling
    problems: tuple[Problem, ...]  # every one, each naming the option that fixes it
    warnings: tuple[str, ...]
    artwork: str = ""  # as podcast.toml will name it
    artwork_source: Path | None = None  # a file to copy into the show folder


def review(answers: Answers, root: Path, spec: str | None, why: str = "") -> Review:
    """Every problem with the answers and the pipeline spec, found before writing a byte
    (``spec`` None: none was given nor found, ``why`` says why)."""
    problems = missing_problems(answers)
    categories: list[str] = []
    for text in answers.categories:
        found = normalize_category(text)
        if isinstance(found, Problem):
            problems.append(found)
        elif found not in categories:
            categories.append(found)
    answers = replace(answers, categories=tuple(categories))
    bad_spec = check_spec(spec) if spec is not None else missing_spec(why)
    if bad_spec is not None:
        problems.append(bad_spec)
    # The answers given are checked even when others are missing: every problem at once.
    checked = check_answers(answers, root.resolve())
    named = {p.field for p in problems}
    problems += [p for p in checked.problems if p.field not in named]
    return Review(
        answers, tuple(problems), checked.warnings, checked.artwork, checked.artwork_source
    )


def create_show(root: Path, reviewed: Review, spec: str, replace_sample: bool) -> Plan:
    """Write the show folder the review allows; raises ProblemsError when it found problems
    or when a file is in the way, all of them at once (nothing is written then)."""
    try:
        plan = plan_init(
            root, reviewed.answers, reviewed.artwork, reviewed.artwork_source, spec, replace_sample
        )
    except ProblemsError as exc:
        raise ProblemsError([*reviewed.problems, *exc.problems]) from None
    if reviewed.problems:
        raise ProblemsError(reviewed.problems)
    apply(plan)
    return plan
