"""The page's occupation parts (issue 20): which job this is, and what its occupation suggests.

Under the job title: the occupation in use ("Occupation: Baristas (35-3023.01)") and, when the title's
match is unsure, "Which job is this?" with the candidates. The pick is the job's `occupation` (a hidden
field of the form, so drafts, the browser's copy, the JSON and the review carry it). Under the skills:
the occupation's tasks as suggested duties and its technologies as suggested skills, each a button that adds
it to its box (a live note says what was added), and the job zone's typical preparation as a hint that is
never written into the ad. The rules are jd/occupation_choice.py's; this module lays out and wires.

It imports nothing of the page's other modules (jd/ui_page.py lays these parts out inside the Role tab).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import gradio as gr

from . import occupation_choice, occupations, service
from .errors import JDError
from .render import markdown_escape
from .ui_text import shown, t

DUTY_SLOTS = 6  # suggested duties shown at once: adding one shows the next in its place
SKILL_SLOTS = 6
# Outside the queue: these answers take milliseconds, and a full queue must not refuse them with "busy" toasts
# for events the recruiter never asked for (the queue is for the model's work).
QUIET: dict[str, Any] = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}


@dataclass(frozen=True)
class OccupationPanel:
    """The occupation's parts of the Role tab, and what the page remembers for them."""

    status: gr.Markdown  # the occupation in use, or the question
    picker: gr.Radio  # "Which job is this?" (shown when unsure, or once the recruiter picked)
    suggestions: gr.Group
    duties_heading: gr.Markdown
    duty_buttons: list[gr.Button]
    skills_heading: gr.Markdown
    skill_buttons: list[gr.Button]
    hint: gr.Markdown  # the job zone's typical preparation: a hint, never in the ad
    note: gr.Markdown  # a polite live region: what a click added
    picks: gr.State  # {title key: code}: the recruiter's picks, per title
    offered: gr.State  # {"duties": [...], "skills": [...]}: the occupation's suggestions, in order
    shown: gr.State  # {"duties": [...], "skills": [...]}: what the buttons show now
    view: gr.State  # what the status, picker, headings and hint show now


def choice_layout() -> tuple[gr.Textbox, gr.Markdown, gr.Radio]:
    """The job's `occupation` field (hidden), the occupation shown under the title, and the picker."""
    field = gr.Textbox(visible=False, elem_id="occupation")
    status = gr.Markdown("", elem_id="occupation_status")
    picker = gr.Radio(
        label=shown("occupation_picker"), info=shown("occupation_picker_info"), choices=[], value=None, visible=False,
        elem_id="occupation_picker",
    )  # fmt: skip
    return field, status, picker


def panel_layout(status: gr.Markdown, picker: gr.Radio) -> OccupationPanel:
    """The suggestions (hidden until an occupation is known), under the skills."""
    with gr.Group(visible=False, elem_id="occupation_suggestions") as group:
        duties_heading = gr.Markdown("", elem_id="suggested_duties_heading")
        with gr.Column(elem_id="suggested_duties"):
            duty_buttons = [_slot(f"suggest_duty_{index}") for index in range(DUTY_SLOTS)]
        skills_heading = gr.Markdown("", elem_id="suggested_skills_heading")
        with gr.Row(elem_id="suggested_skills"):
            skill_buttons = [_slot(f"suggest_skill_{index}") for index in range(SKILL_SLOTS)]
        hint = gr.Markdown("", elem_id="job_zone_hint")
    note = gr.Markdown("", elem_id="occupation_note")
    empty: dict[str, list[str]] = {"duties": [], "skills": []}
    return OccupationPanel(
        status, picker, group, duties_heading, duty_buttons, skills_heading, skill_buttons, hint, note,
        picks=gr.State({}), offered=gr.State(empty), shown=gr.State(empty), view=gr.State(None),
    )  # fmt: skip


def _slot(elem_id: str) -> gr.Button:
    return gr.Button("", size="sm", visible=False, elem_id=elem_id, elem_classes=["jd-suggestion"], min_width=0)


def footer() -> None:
    """The attribution O*NET's and ESCO's licences ask for, at the foot of the page."""
    attribution = markdown_escape(occupations.ATTRIBUTION)
    gr.Markdown(shown("occupation_attribution", attribution=attribution), elem_id="footer")


# ---- what the parts show ----------------------------------------------------------------------


def _name(entry: Any) -> str:
    return t("occupation_name", title=markdown_escape(entry["title"]), code=entry["code"])


def _status(choice: occupation_choice.Choice) -> str:
    if choice.state == occupation_choice.NONE:
        return ""
    if choice.state == occupation_choice.ASK:
        assert choice.best is not None
        return t("occupation_unsure", name=_name(choice.best))
    assert choice.occupation is not None
    name = _name({"title": choice.occupation.title, "code": choice.occupation.code})
    return t("occupation_picked" if choice.state == occupation_choice.PICKED else "occupation_sure", name=name)


def _picker(choice: occupation_choice.Choice) -> Any:
    asked = choice.state in (occupation_choice.ASK, occupation_choice.PICKED) and len(choice.candidates) > 1
    options = [(t("occupation_name", title=c["title"], code=c["code"]), c["code"]) for c in choice.candidates]
    value = choice.occupation.code if choice.state == occupation_choice.PICKED and choice.occupation else None
    return gr.update(choices=options, value=value, visible=asked)


def _offered(choice: occupation_choice.Choice, title: str, skills: str) -> dict[str, Any]:
    """The occupation's suggestions, the duties closest to the role first (no occupation: none)."""
    if choice.occupation is None:
        return {"duties": [], "skills": [], "job_zone": None}
    try:
        found = service.occupation_suggestions(choice.occupation.code, {"title": title, "skills": skills})
    except JDError:  # a skills box the form's own check rejects: suggest in O*NET's order
        found = service.occupation_suggestions(choice.occupation.code)
    return {"duties": found["duties"], "skills": found["skills"], "job_zone": found["job_zone"]}


def _hint(zone: dict[str, Any] | None) -> str:
    if not zone:
        return ""
    return t("job_zone_hint", **{key: markdown_escape(zone[key]) for key in ("name", "education", "experience")})


def _slots(offered: dict[str, Any], duties: str | None, skills: str | None) -> tuple[dict[str, list[str]], list]:
    """What the buttons show: the suggestions not yet in their boxes."""
    shown = {
        "duties": occupation_choice.not_listed(
            offered.get("duties", []), occupation_choice.listed_duties(duties), DUTY_SLOTS
        ),
        "skills": occupation_choice.not_listed(
            offered.get("skills", []), occupation_choice.listed_skills(skills), SKILL_SLOTS
        ),
    }
    buttons = [_button("add_duty", "duty", shown["duties"], index) for index in range(DUTY_SLOTS)]
    buttons += [_button("add_skill", "skill", shown["skills"], index) for index in range(SKILL_SLOTS)]
    return shown, buttons


def _button(key: str, name: str, items: list[str], index: int) -> Any:
    if index >= len(items):
        return gr.update(visible=False)
    return gr.update(value=t(key, **{name: items[index]}), visible=True)


# ---- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fields:
    """The form's boxes the occupation parts read and fill."""

    title: gr.Textbox
    language: gr.Radio
    occupation: gr.Textbox
    skills: gr.Textbox
    duties: gr.Textbox


def wire(panel: OccupationPanel, boxes: Fields) -> None:
    """Wire the parts (call inside the Blocks); the occupations' data starts loading now, on a thread."""
    occupations.warm_up_in_background()

    _wire_choice(panel, boxes)
    _wire_slots(panel, boxes)


def _wire_choice(panel: OccupationPanel, boxes: Fields) -> None:
    shows = [panel.status, panel.picker, panel.suggestions, panel.duties_heading, panel.skills_heading, panel.hint]

    def refresh(values: dict) -> dict:
        """The title, its language or the occupation changed: keep this title's pick, show and suggest.
        Only what changed is sent (each value sent costs the page a re-render)."""
        title, current, picks = values[boxes.title], values[boxes.occupation] or "", values[panel.picks] or {}
        choice = occupation_choice.choose(
            title, values[boxes.language], occupation_choice.kept_pick(picks, title, current)
        )
        code = choice.occupation.code if choice.state == occupation_choice.PICKED and choice.occupation else ""
        offered = _offered(choice, title, values[boxes.skills])
        name = markdown_escape(choice.occupation.title) if choice.occupation else ""
        view = {
            "status": _status(choice),
            "picker": _picker(choice),
            "group": choice.occupation is not None,
            "duties": t("suggested_duties", title=name) if offered["duties"] else "",
            "skills": t("suggested_skills", title=name) if offered["skills"] else "",
            "hint": _hint(offered["job_zone"]),
        }
        updates: dict[Any, Any] = {}
        # The page restores a job without an occupation as None: "" once, or Gradio keeps reporting the
        # form's boxes as changed (measured: title and skills events repeating after each edit).
        if code != current or values[boxes.occupation] is None:
            updates[boxes.occupation] = code
        if code and picks.get(occupation_choice.title_key(title)) != code:
            updates[panel.picks] = occupation_choice.remember_pick(picks, title, code)
        if view != values[panel.view]:
            shown = [view["status"], view["picker"], gr.update(visible=view["group"])]
            updates |= dict(zip(shows, [*shown, view["duties"], view["skills"], view["hint"]], strict=True))
            updates[panel.view] = view
        if offered != values[panel.offered]:
            updates[panel.offered] = offered
        return updates | _slot_updates(panel, offered, values[boxes.duties], values[boxes.skills], values[panel.shown])

    refresh_event: dict[str, Any] = {
        "fn": refresh,
        "inputs": {boxes.title, boxes.language, boxes.occupation, boxes.skills, boxes.duties, *_memory(panel)},
        "outputs": [boxes.occupation, *shows, *_memory(panel), *panel.duty_buttons, *panel.skill_buttons],
        **QUIET,
    }
    gr.on(
        # Not on the occupation's own change: the page's restore and this event's "" for None would answer
        # each other (measured). A pick runs this event after it; a draft's title change does.
        triggers=[boxes.title.change, boxes.language.change],
        trigger_mode="always_last",
        **refresh_event,
    )

    def picked(code: str | None, title: str, picks: dict) -> tuple:
        """The recruiter picked: the job's occupation for this title, kept until they pick another."""
        return code or "", occupation_choice.remember_pick(picks, title, code)

    chosen = panel.picker.input(
        picked, [panel.picker, boxes.title, panel.picks], [boxes.occupation, panel.picks], **QUIET
    )
    chosen.then(**refresh_event)


def _memory(panel: OccupationPanel) -> list[gr.State]:
    return [panel.picks, panel.offered, panel.shown, panel.view]


def _slot_updates(panel: OccupationPanel, offered: dict, duties: str, skills: str, before: Any) -> dict:
    """The buttons, when what they show changed."""
    shown, buttons = _slots(offered or {}, duties, skills)
    if shown == before:
        return {panel.shown: before}  # a State only: the page is not touched (an empty dict is no answer)
    return {panel.shown: shown, **dict(zip([*panel.duty_buttons, *panel.skill_buttons], buttons, strict=True))}


def _wire_slots(panel: OccupationPanel, boxes: Fields) -> None:
    def refilter(values: dict) -> dict:
        return _slot_updates(
            panel, values[panel.offered], values[boxes.duties], values[boxes.skills], values[panel.shown]
        )

    gr.on(
        triggers=[boxes.duties.change, boxes.skills.change],
        fn=refilter,
        inputs={panel.offered, boxes.duties, boxes.skills, panel.shown},
        outputs=[panel.shown, *panel.duty_buttons, *panel.skill_buttons],
        trigger_mode="always_last",
        **QUIET,
    )

    def add(kind: str, index: int, shown: dict, text: str) -> tuple:
        items = (shown or {}).get(kind, [])
        if index >= len(items):
            return gr.skip(), ""
        item = items[index]
        if kind == "duties":
            return occupation_choice.added_duty(text, item), t("duty_added", duty=markdown_escape(item))
        return occupation_choice.added_skill(text, item), t("skill_added", skill=markdown_escape(item))

    for kind, buttons, box in (
        ("duties", panel.duty_buttons, boxes.duties),
        ("skills", panel.skill_buttons, boxes.skills),
    ):
        for index, button in enumerate(buttons):
            button.click(functools.partial(add, kind, index), [panel.shown, box], [box, panel.note], **QUIET)
