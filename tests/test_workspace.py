"""One job, one state, without Gradio (jd/workspace.py) and the progress messages' counting (jd/progress.py)."""

from __future__ import annotations

from jd.progress import finished_duties
from jd.spec import parse_job
from jd.workspace import (
    Work,
    ad_is_current,
    changed_duty_inputs,
    duty_inputs,
    following_summary,
    is_blank,
    summary_made,
    unsaved,
)

DEFAULTS = {"title": None, "skills": None, "tone": "professional", "language": "en", "mwd": True}
FORM = {**DEFAULTS, "title": "Warehouse Supervisor", "skills": "Forklift"}
JOB = parse_job({"title": "Warehouse Supervisor", "skills": "Forklift"})
DUTIES = ["Plan each shift's picking work", "Run weekly cycle counts"]


def test_the_digest_ignores_whitespace_and_blank_widgets_but_not_content():
    one = Work(FORM, "A lead role.", "- Plan shifts")
    assert (
        one.digest()
        == Work({**FORM, "title": " Warehouse  Supervisor ", "schedule": ""}, "A lead role. ", "- Plan shifts").digest()
    )
    assert one.digest() != Work(FORM, "A lead role.", "- Plan the shifts").digest()
    assert Work({"salary_min": 0.0}).digest() != Work({"salary_min": None}).digest()  # 0 is a value here
    assert Work({"salary_min": 50000}).digest() == Work({"salary_min": 50000.0}).digest()


def test_work_round_trips_through_the_browser_shape_and_refuses_other_shapes():
    work = Work(FORM, "Summary", "- Duty")
    assert Work.from_dict(work.as_dict()) == work
    for junk in (None, "text", {"form": "x"}, {"summary": "only"}):
        assert Work.from_dict(junk) is None


def test_blank_work_is_never_unsaved_and_typed_work_is_until_kept():
    blank = Work(DEFAULTS)
    assert is_blank(blank, DEFAULTS) and not unsaved(blank, None, DEFAULTS)
    typed = Work(FORM)
    assert not is_blank(typed, DEFAULTS)
    assert unsaved(typed, None, DEFAULTS)
    assert not unsaved(typed, typed.digest(), DEFAULTS)  # just loaded or saved
    assert unsaved(Work(FORM, duties="- Plan"), typed.digest(), DEFAULTS)  # changed since


def test_changed_duty_inputs_names_the_facts_the_model_was_given():
    written_for = duty_inputs(FORM)
    assert changed_duty_inputs(written_for, {**FORM, "benefits": "Pension"}) == []  # not given to the model
    assert changed_duty_inputs(written_for, {**FORM, "title": "Team Lead", "language": "de"}) == [
        "job title",
        "language",
    ]
    assert changed_duty_inputs(written_for, {**FORM, "occupation": "35-3031.00"}) == ["occupation"]  # its tasks
    assert changed_duty_inputs({k: v for k, v in written_for.items() if k != "occupation"}, FORM) == []  # old drafts
    assert changed_duty_inputs(None, FORM) == []


def test_the_ad_is_current_only_for_the_work_it_was_made_from():
    work = Work(FORM, "", "- Plan")
    assert ad_is_current(None, work)
    assert ad_is_current(work.digest(), work)
    assert not ad_is_current(work.digest(), Work(FORM, "", "- Plan shifts"))


def test_the_summary_follows_new_duties_and_a_new_form_until_the_person_edits_it():
    made_text = following_summary(JOB, DUTIES, "", None, {"form": FORM, "duties": "- a"})
    assert made_text and "Warehouse Supervisor" in made_text
    assert "plan each shift's picking work" not in made_text.lower()  # listed below it, not pasted (issue 20)
    made = summary_made(made_text, FORM, "- Plan each shift's picking work\n- Run weekly cycle counts")
    basis = {"form": FORM, "duties": "- Plan each shift's picking work\n- Run weekly cycle counts"}
    assert following_summary(JOB, DUTIES, made_text, made, basis) is None  # nothing new to follow
    edited = {"form": FORM, "duties": "- Count stock"}
    followed = following_summary(JOB, ["Count stock in aisle four"], made_text, made, edited)
    assert followed == made_text  # composed again for the new duties: the same facts, the same summary
    other_job = parse_job({"title": "Night Shift Supervisor"})
    moved = following_summary(
        other_job, DUTIES, made_text, made, {"form": {**FORM, "title": "Night"}, "duties": basis["duties"]}
    )
    assert moved and "Night Shift Supervisor" in moved
    assert following_summary(JOB, ["Count stock"], "My own words.", made, edited) is None  # the person's text


def test_finished_duties_counts_whole_lines_only():
    assert finished_duties("") == 0
    assert finished_duties("- Plan each shift's picking work for the team") == 0  # still being written
    text = (
        "Here are the duties:\n- Plan each shift's picking work for the team\n"
        "- Run weekly cycle counts of the stock\n- Tra"
    )
    assert finished_duties(text) == 2
