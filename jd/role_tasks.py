"""The job's occupation in the writing path: the tasks the model is shown, the drafted duties that belong
to another job, and the tasks that fill a list the model left short.

The occupation is the job's chosen `occupation`, else its title's sure match (jd.occupations.occupation_of);
with neither, nothing here applies and the duties are written as before. O*NET's tasks are English, so:
  * the prompt shows them in every language (a model asked for German duties adapts them in German);
  * drafted duties are judged only when they are English: the ad is in English, or the model that wrote
    them writes English only (the embedded SmolLM2). A drafted duty is kept when the relevance review finds
    it on-role (jd.review.relevance.judge) and it also comes close to one of the occupation's tasks or to
    the occupation's own words, or is nobody's ("Work as part of a friendly team") (`on_role_draft`):
    stricter than the review, which must never flag a duty a person typed, because a dropped draft costs
    only a top-up;
  * tasks fill a short list only in an English ad: a German ad gets no English duty.
Tasks shown or used to fill pass the grounding check first, like the model's duties: a task naming a
product or a figure the inputs do not give is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import say_plural
from .job_card import seniority_of
from .occupation_data import Occupation
from .occupation_tasks import PROMPT_TASKS, choose_tasks, covered_tasks
from .occupations import as_duty, occupation_of
from .occupations_profile import duty_terms, profile_index
from .review import check_grounding
from .review.relevance import claimed, judge
from .spec import MIN_DUTIES, Job, Language

FILL_CANDIDATES = 2 * PROMPT_TASKS  # tasks considered for the prompt and the fill, before grounding
# A drafted duty the review finds on-role is kept when its cosine with one of the occupation's tasks is at least
# DRAFT_TASK_MATCH, its relevance score (the occupation's own score over the best one's) at least DRAFT_SCORE, or
# no occupation claims its words ("Work as part of a friendly team"). Set on the dev half of
# bench/occupation_duties.json: of the duties the review keeps, 6 of 8 off-role ones are dropped and 5 of 130
# on-role ones (held-out test half: 3 of 7, and 7 of 115; bench/bench_occupations.py).
DRAFT_TASK_MATCH = 0.15
DRAFT_SCORE = 0.7


@dataclass(frozen=True)
class RoleTasks:
    """What the job's occupation gives one writing run."""

    occupation: Occupation | None = None
    tasks: tuple[str, ...] = ()  # shown to the model, best for the role first
    fill: tuple[str, ...] = ()  # tasks that may fill a short list, best first (all of them grounded)
    _judged: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def off_role(self, duty: str) -> bool:
        """Whether a drafted duty belongs to another job (or to none): judged once per duty."""
        if self.occupation is None:
            return False
        if duty not in self._judged:
            self._judged[duty] = on_role_draft(self.occupation, duty)
        return not self._judged[duty]


def on_role_draft(occupation: Occupation, duty: str) -> bool:
    """Whether a duty the model drafted belongs to the occupation (see the module docstring)."""
    finding = judge(occupation, duty)
    if not finding["on_role"]:
        return False
    if finding["score"] >= DRAFT_SCORE or not claimed(occupation, duty):
        return True
    index = profile_index()
    closest = max(index.unit_similarity(duty_terms(duty), index.position[occupation.code]), default=0.0)
    return closest >= DRAFT_TASK_MATCH


def role_tasks(job: Job) -> RoleTasks:
    """The job's occupation and the tasks chosen for it (loads the occupation data on first use, ~2-5 s)."""
    occupation = occupation_of(job)
    if occupation is None:
        return RoleTasks()
    words = " ".join((job.title, *job.skills, *job.nice_to_have))
    chosen = choose_tasks(occupation, words, level=seniority_of(job), n=FILL_CANDIDATES)
    _, findings = check_grounding(job, chosen)
    unsupported = {finding["duty_index"] for finding in findings}
    grounded = tuple(task for i, task in enumerate(chosen) if i not in unsupported)
    return RoleTasks(occupation, grounded[:PROMPT_TASKS], grounded)


def filled(job: Job, work: RoleTasks, duties: Sequence[str]) -> list[str]:
    """The duties, with tasks the list does not do yet added (in the ad's voice) until it has MIN_DUTIES;
    unchanged unless the ad is in English and the occupation is known."""
    duties = list(duties)
    if work.occupation is None or job.language is not Language.ENGLISH or len(duties) >= MIN_DUTIES:
        return duties
    done = covered_tasks(work.occupation, duties)
    position = {task: i for i, task in enumerate(work.occupation.tasks)}
    for task in work.fill:
        if len(duties) >= MIN_DUTIES:
            break
        if position[task] not in done:
            duties.append(as_duty(task))
            done |= covered_tasks(work.occupation, duties[-1:])
    return duties


def occupation_notices(work: RoleTasks, dropped: int, added: int) -> list[str]:
    """What to tell the person about the occupation's part in their list (shown in the page's language)."""
    notices: list[str] = []
    title = work.occupation.title if work.occupation else ""
    if dropped:
        notices.append(
            say_plural(
                "Left out {count} responsibility the model wrote that matches no task of {title} (O*NET), "
                "as a duty of another job.",
                "Left out {count} responsibilities the model wrote that match no task of {title} (O*NET), "
                "as duties of another job.",
                dropped,
                title=title,
            )
        )
    if added:
        notices.append(
            say_plural(
                "Added {count} responsibility from O*NET's tasks for {title} to reach {minimum}; edit it to fit "
                "the role.",
                "Added {count} responsibilities from O*NET's tasks for {title} to reach {minimum}; edit them to "
                "fit the role.",
                added,
                title=title,
                minimum=MIN_DUTIES,
            )
        )
    return notices
