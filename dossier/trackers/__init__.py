"""Tracked issues as YAML: names and keywords in each language, and the points of a plan.

Every ``*.yaml`` in this folder is a tracker (see us-peace-plan-28.yaml); ``load_trackers``
reads them, or those of another folder, and says clearly what is wrong with a broken one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dossier.datafiles import is_slug, load_yaml
from dossier.nlp.phrases import compile_pattern

TRACKERS_DIR = Path(__file__).parent


class TrackerError(ValueError):
    """A tracker file is not valid YAML or lacks what a tracker needs."""


@dataclass(frozen=True, slots=True)
class Point:
    id: str
    name: dict[str, str]
    keywords: dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True, slots=True)
class Tracker:
    id: str
    name: dict[str, str]
    keywords: dict[str, tuple[tuple[str, ...], ...]]  # language -> compiled patterns
    references: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    points: tuple[Point, ...] = ()


def _patterns(value: Any, where: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise TrackerError(f"{where}: expected a mapping of language -> list of patterns")
    out = {}
    for lang, items in value.items():
        if not all(isinstance(i, str | int) and not isinstance(i, bool) for i in items):
            # YAML reads bare on/off/yes/no as booleans: such words must be quoted.
            raise TrackerError(f'{where}.{lang}: every pattern must be a string (quote words such as "on")')
        out[str(lang)] = tuple(compile_pattern(str(i)) for i in items if str(i).strip())
    return out


def _names(value: Any, where: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict):
        raise TrackerError(f"{where}: expected a name or a mapping of language -> name")
    return {str(k): str(v) for k, v in value.items()}


def load_tracker(path: Path | str) -> Tracker:
    path = Path(path)
    data = load_yaml(path, TrackerError)
    if not isinstance(data, dict):
        raise TrackerError(f"{path}: expected a mapping with id, name, keywords, points")
    tid = data.get("id")
    if not is_slug(tid):
        raise TrackerError(f"{path}: id {tid!r} is not a lower-case ASCII slug")
    keywords = _patterns(data.get("keywords"), f"{path}: keywords")
    if not any(keywords.values()):
        raise TrackerError(f"{path}: keywords: at least one keyword is needed")
    points = []
    raw_points = data.get("points") or []
    if not isinstance(raw_points, list):
        raise TrackerError(f"{path}: points: expected a list")
    for i, p in enumerate(raw_points, 1):
        if not isinstance(p, dict) or not is_slug(p.get("id")):
            raise TrackerError(f"{path}: point {i}: needs an id that is a lower-case ASCII slug")
        points.append(
            Point(
                p["id"],
                _names(p.get("name", p["id"]), f"{path}: point {p['id']}: name"),
                _patterns(p.get("keywords"), f"{path}: point {p['id']}: keywords"),
            )
        )
    return Tracker(
        id=tid,
        name=_names(data.get("name", tid), f"{path}: name"),
        keywords=keywords,
        references=_patterns(data.get("references"), f"{path}: references"),
        points=tuple(points),
    )


def load_trackers(directory: Path | str | None = None) -> list[Tracker]:
    """Every tracker (``*.yaml``) in ``directory`` (default: the bundled ones)."""
    directory = Path(directory) if directory else TRACKERS_DIR
    if not directory.is_dir():
        raise TrackerError(f"{directory}: not a directory of tracker files")
    trackers = [load_tracker(p) for p in sorted(directory.glob("*.yaml"))]
    ids = [t.id for t in trackers]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise TrackerError(f"{directory}: tracker id used twice: {', '.join(sorted(dupes))}")
    return trackers


@cache
def default_trackers() -> tuple[Tracker, ...]:
    return tuple(load_trackers())
