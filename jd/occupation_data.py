"""Occupation data (the loading layer under jd/occupations.py): O*NET occupations with their tasks,
technology skills and job zone, and the
titles (English from O*NET, other languages from ESCO and ISCO-based lists) that name them.

The data ships in jd/data/occupations.json.gz, built by scripts/build_occupations.py from the
sources in jd/data/SOURCES.md. Nothing is read at import: the first call loads it (~0.2 s),
or `warm_up_in_background()` does so on a thread, as jd/location.py's gazetteer is loaded.

    get("35-3023.01")                 -> Occupation (title, description, core/supplemental tasks, ...)
    match_title("Pharmacy Tech")      -> [Candidate(code, title, score), ...] best first, at most 5
    confidence(candidates)            -> "sure" | "ask"
    occupation_for(job)               -> the job's `occupation`, else its title's best match (or None)

ATTRIBUTION is the text the licences ask the app to show (page footer, README).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

DATA_FILE = Path(__file__).parent / "data" / "occupations.json.gz"
ONET_RELEASE = "26.3"  # checked against the data file when it loads
ATTRIBUTION = (
    f"This app includes information from the O*NET {ONET_RELEASE} Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. USDOL/ETA has not "
    "approved, endorsed, or tested these modifications. "
    "This service uses the ESCO classification of the European Commission."
)

_CODE = re.compile(r"\d{2}-\d{4}\.\d{2}")


def is_code(value: str) -> bool:
    """True for text shaped like an O*NET-SOC code ("35-3023.01"); `get` says whether it exists."""
    return bool(_CODE.fullmatch(value))


@dataclass(frozen=True)
class JobZone:
    number: int  # 1 (little or no preparation) .. 5 (extensive preparation)
    name: str
    education: str
    experience: str
    training: str


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    description: str
    core_tasks: tuple[str, ...]
    supplemental_tasks: tuple[str, ...]
    hot_technologies: tuple[str, ...]
    technology_skills: tuple[str, ...]  # the others, not flagged "hot"
    job_zone: JobZone | None
    related: tuple[str, ...]  # codes O*NET lists as related, closest first
    activities: tuple[str, ...] = ()  # O*NET Detailed Work Activities of its tasks, in task order
    tools: tuple[str, ...] = ()  # O*NET Tools Used examples
    task_activities: tuple[tuple[str, ...], ...] = ()  # the activities of each task, aligned with `tasks`

    @property
    def tasks(self) -> tuple[str, ...]:
        return self.core_tasks + self.supplemental_tasks

    def as_dict(self) -> dict[str, Any]:
        zone = self.job_zone
        return {
            "code": self.code,
            "title": self.title,
            "description": self.description,
            "core_tasks": list(self.core_tasks),
            "supplemental_tasks": list(self.supplemental_tasks),
            "hot_technologies": list(self.hot_technologies),
            "technology_skills": list(self.technology_skills),
            "job_zone": None if zone is None else zone.__dict__.copy(),
        }


@dataclass(frozen=True)
class Candidate:
    code: str
    title: str
    score: float  # 0-1

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "score": self.score}


class _Data:
    """The loaded file: occupations by code and in file order, and the title lists per language."""

    def __init__(self, raw: dict) -> None:
        if raw.get("format") != 2 or raw.get("onet_release") != ONET_RELEASE:
            raise RuntimeError(f"{DATA_FILE.name}: unexpected format or O*NET release; rebuild it.")
        zones = {
            int(number): JobZone(int(number), z["name"], z["education"], z["experience"], z["training"])
            for number, z in raw["job_zones"].items()
        }
        rows = raw["occupations"]
        codes = [row[0] for row in rows]
        activities, tools = raw["activities"], raw["tools"]
        self.occupations: list[Occupation] = [
            Occupation(
                code=code,
                title=title,
                description=description,
                core_tasks=tuple(core),
                supplemental_tasks=tuple(supplemental),
                hot_technologies=tuple(hot),
                technology_skills=tuple(other),
                job_zone=zones.get(zone),
                related=tuple(codes[i] for i in related),
                activities=tuple(activities[i] for i in dwas),
                tools=tuple(tools[i] for i in used),
                task_activities=tuple(tuple(activities[i] for i in links) for links in task_links),
            )
            for code, title, description, zone, core, supplemental, hot, other, related, dwas, used, task_links in rows
        ]
        self.by_code = {o.code: o for o in self.occupations}
        self.titles: dict[str, list[tuple[str, list[tuple[int, float]]]]] = {
            language: [(title, [(int(i), float(w)) for i, w in codes]) for title, codes in entries]
            for language, entries in raw["titles"].items()
        }


T = TypeVar("T")


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` on the first call, from any thread, and the same value after (the data and its indexes)."""
    lock = threading.Lock()
    built: list[T] = []

    def get() -> T:
        if not built:
            with lock:
                if not built:  # another thread may have built it while this one waited
                    built.append(build())
        return built[0]

    return get


def _load() -> _Data:
    with gzip.open(DATA_FILE, "rb") as handle:
        return _Data(json.loads(handle.read()))


_data = built_once(_load)


def get(code: str) -> Occupation | None:
    """The occupation with this O*NET-SOC code, or None."""
    return _data().by_code.get(code.strip()) if isinstance(code, str) else None


def all_occupations() -> list[Occupation]:
    return _data().occupations
