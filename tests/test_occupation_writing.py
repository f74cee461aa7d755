"""Issue 20, the writing side: the job's occupation (O*NET) in the prompt, the drafted duties, the fill, "About
the role", JSON-LD, and the occupation through drafts, the command line, batch files and the MCP tools.

Writing runs against the fake OpenAI-compatible server (exact replies); the last test uses the real embedded model.
"""

from __future__ import annotations

import csv
import json

import pytest
from launch import fake_model_settings
from test_cli import run_cli

from jd import batch, mcp, occupations, service
from jd.draft import draft_to_json, load_draft
from jd.occupation_tasks import choose_tasks
from jd.prompt_examples import BUILTIN_EXAMPLES
from jd.prompts import (
    PROMPT_TOKEN_BUDGET,
    SYSTEM_PROMPT,
    TASKS_SYSTEM_PROMPT,
    TASKS_TOPUP_SYSTEM_PROMPT,
    build_messages,
    estimate_tokens,
    prompt_fits,
)
from jd.render import build_job_posting, compose_summary
from jd.review.relevance import check_relevance
from jd.role_tasks import filled, on_role_draft, role_tasks
from jd.settings import Settings
from jd.spec import MIN_DUTIES, job_to_dict, parse_job
from jd.writing import Writing

BARISTA = {
    "title": "Barista",
    "skills": "Espresso drinks, customer service",
    "job_type": "Part-time",
    "company": "Bean There Coffee",
}
BARISTAS = "35-3023.01"
POUR = "Prepare or serve hot or cold beverages, such as coffee, espresso drinks, blended coffees, or teas"
ON_ROLE = (
    "Prepare espresso drinks, lattes and teas to the cafe's recipes",
    "Take customer orders at the counter and pass food orders to the kitchen",
    "Take payments at the till and count the cash drawer at the end of each shift",
    "Clean and sanitize the espresso machine, grinders and work areas",
    "Restock cups, lids, milk and pastry displays before the morning rush",
    "Explain our coffee blends to customers and suggest drinks they might like",
)
CRAFT_BEER = "Master the art of craft beer with a pint"  # issue 20's example


def bullets(*duties: str) -> str:
    return "".join(f"- {duty}.\n" for duty in duties)


def run(job: dict, settings: Settings) -> tuple[list[str], list[str], tuple[str, ...]]:
    """(the notices, the final list, the result's notices) of one Writing run."""
    notices: list[str] = []
    writing = Writing(parse_job(job), settings, on_notice=notices.append, interval=0)
    list(writing)
    return notices, list(writing.result.duties), writing.result.notices


# --- the prompt ---------------------------------------------------------------------------------


def test_the_drafting_prompt_lists_the_occupations_tasks_chosen_for_the_role():
    job = parse_job(BARISTA)
    work = role_tasks(job)
    assert work.occupation is not None and work.occupation.code == BARISTAS  # "Barista" is a sure match
    messages = build_messages(job, None, work.tasks)
    assert messages[0]["content"] == TASKS_SYSTEM_PROMPT
    request = messages[-1]["content"]
    assert f"Task: {POUR}." in request  # the task closest to "Espresso drinks" is shown
    assert request.index("Task:") < request.index("</job>") and "for this job from its tasks" in request
    assert 4 <= request.count("\nTask: ") <= 8
    # The two worked examples list their own occupations' tasks, then the duties that adapt them.
    example_cards = [m["content"] for m in messages[1:-1] if m["role"] == "user"]
    assert len(example_cards) == 2 and all("\nTask: " in card for card in example_cards)
    assert estimate_tokens(messages) <= PROMPT_TOKEN_BUDGET and prompt_fits(job, None)


def test_without_a_sure_occupation_the_prompt_is_as_before():
    job = parse_job({"title": "Warehouse Team Lead"})  # several occupations fit: the page asks which
    assert occupations.occupation_of(job) is None and role_tasks(job).tasks == ()
    messages = build_messages(job, None, role_tasks(job).tasks)
    assert messages == build_messages(job) and messages[0]["content"] == SYSTEM_PROMPT
    assert "Task:" not in json.dumps(messages)


def test_the_built_in_examples_tasks_are_onet_task_statements():
    for example in BUILTIN_EXAMPLES:
        occupation = occupations.get(example.occupation)
        assert occupation is not None and example.tasks
        assert set(example.tasks) <= set(occupation.tasks), example.title


def test_tasks_are_chosen_for_the_role():
    accountants = occupations.get("13-2011.00")
    staff = choose_tasks(accountants, "Staff Accountant journal entries reconciliations", level="mid-level")
    assert "Prepare adjusting journal entries." in staff
    assert "Review accounts for discrepancies and reconcile differences." in staff
    nurses = occupations.get("29-1141.03")
    junior = choose_tasks(nurses, "ICU Nurse", level="junior", n=len(nurses.tasks))
    assert not any(task.startswith(("Supervise", "Direct")) for task in junior)
    assert "Supervise and monitor unit nursing staff." in choose_tasks(nurses, "ICU Nurse", n=len(nurses.tasks))


# --- the drafted duties -------------------------------------------------------------------------


def test_an_off_role_drafted_duty_is_dropped_and_topped_up(fake_openai):
    fake_openai.configure(replies=(bullets(*ON_ROLE[:5], CRAFT_BEER), bullets(ON_ROLE[5], POUR)))
    _, duties, result_notices = run(BARISTA, fake_model_settings(fake_openai))
    first, topup = fake_openai.chat_log
    assert f"Task: {POUR}." in first.body["messages"][-1]["content"]
    assert topup.body["messages"][0]["content"] == TASKS_TOPUP_SYSTEM_PROMPT
    assert f"Task: {POUR}." in topup.body["messages"][-1]["content"]
    assert CRAFT_BEER not in topup.body["messages"][-1]["content"]  # not listed back as "already written"
    assert duties == [*ON_ROLE, POUR] and CRAFT_BEER not in duties
    assert result_notices == (
        "Left out 1 responsibility the model wrote that matches no task of Baristas (O*NET), as a duty of another job.",
    )
    assert all(finding["on_role"] for finding in check_relevance(occupations.get(BARISTAS), duties))


def test_the_occupations_tasks_fill_a_list_the_model_left_short(fake_openai):
    fake_openai.configure(replies=(bullets(*ON_ROLE[:3], CRAFT_BEER), "Sure!"))
    _, duties, notices = run(BARISTA, fake_model_settings(fake_openai))
    assert len(fake_openai.chat_log) == 3  # the first answer and two top-ups
    assert len(duties) == MIN_DUTIES and duties[:3] == list(ON_ROLE[:3])
    tasks = {occupations.as_duty(task) for task in occupations.get(BARISTAS).tasks}
    assert set(duties[3:]) <= tasks and len(set(duties)) == MIN_DUTIES
    assert notices == (
        "The model wrote only 3 responsibilities; add more yourself or try Regenerate.",
        "Left out 1 responsibility the model wrote that matches no task of Baristas (O*NET), as a duty of another job.",
        "Added 3 responsibilities from O*NET's tasks for Baristas to reach 6; edit them to fit the role.",
    )


def test_a_filled_task_never_repeats_a_duty_the_list_does():
    job = parse_job(BARISTA)
    work = role_tasks(job)
    duties = filled(job, work, [POUR])
    assert len(duties) == MIN_DUTIES and duties.count(POUR) == 1
    assert not any(duty.startswith("Prepare or serve hot or cold beverages") for duty in duties[1:])


def test_in_another_language_no_english_duty_is_added_or_judged(fake_openai):
    german = BARISTA | {"language": "de"}
    reply = bullets(
        "Espresso und Milchgetränke nach Rezept zubereiten",
        "Bestellungen der Gäste aufnehmen und an die Küche weitergeben",
        CRAFT_BEER,
    )
    fake_openai.configure(replies=(reply,))
    _, duties, notices = run(german, fake_model_settings(fake_openai, topup_requests=0))
    assert len(duties) == 3 and CRAFT_BEER in duties  # a German-writing model's duties are not judged in English
    assert notices == ("The model wrote only 3 responsibilities; add more yourself or try Regenerate.",)
    request = fake_openai.chat_log[0].body["messages"][-1]["content"]
    assert f"Task: {POUR}." in request and "in German" in request  # the tasks are shown, to adapt in German


def test_the_drafting_rule_keeps_the_reviews_on_role_duties_of_a_barista():
    baristas = occupations.get(BARISTAS)
    assert all(on_role_draft(baristas, duty) for duty in ON_ROLE)
    assert not on_role_draft(baristas, CRAFT_BEER)
    assert not on_role_draft(baristas, "Mix cocktails and check the ID of guests who order alcohol")


# --- "About the role" and JSON-LD ---------------------------------------------------------------


def test_about_the_role_says_what_the_role_is_for_without_repeating_the_duties():
    summary = compose_summary(parse_job(BARISTA), list(ON_ROLE))
    assert summary == (
        "Bean There Coffee is hiring for the position of Barista. This is a part-time position. "
        "In this role, you will prepare or serve specialty coffee or other beverages."
    )
    supervisor = parse_job({"title": "Warehouse Shift Supervisor", "occupation": "53-1043.00"})
    assert compose_summary(supervisor, ["Plan the shift"]).endswith(
        "In this role, you will directly supervise and coordinate activities of material-moving machine and "
        "vehicle operators and helpers."
    )


def test_about_the_role_in_german_has_no_english_and_no_duties():
    summary = compose_summary(parse_job(BARISTA | {"language": "de"}), list(ON_ROLE))
    assert summary == "Bean There Coffee sucht Sie als Barista (m/w/d). Die Stelle ist in Teilzeit zu besetzen."


def test_a_description_that_does_not_start_with_a_verb_says_nothing():
    assert occupations.purpose(occupations.get("11-9199.00")) is None  # "All managers not listed separately."
    assert occupations.purpose(None) is None


def test_json_ld_names_the_occupation():
    posting = build_job_posting(parse_job(BARISTA), list(ON_ROLE))
    assert posting["occupationalCategory"] == {
        "@type": "CategoryCode",
        "codeValue": BARISTAS,
        "inCodeSet": {
            "@type": "CategoryCodeSet",
            "name": "O*NET-SOC 2019",
            "url": "https://www.onetcenter.org/taxonomy.html",
        },
        "name": "Baristas",
    }
    german = build_job_posting(parse_job(BARISTA | {"language": "de"}), list(ON_ROLE))
    assert german["occupationalCategory"]["codeValue"] == BARISTAS and "name" not in german["occupationalCategory"]
    unsure = build_job_posting(parse_job({"title": "Warehouse Team Lead"}), list(ON_ROLE))
    assert "occupationalCategory" not in unsure
    chosen = build_job_posting(parse_job({"title": "Warehouse Team Lead", "occupation": "53-1043.00"}), [])
    assert chosen["occupationalCategory"]["codeValue"] == "53-1043.00"


# --- the occupation through drafts, the command line, batch files and MCP -----------------------------


def test_a_draft_keeps_the_occupation():
    job = parse_job({"title": "Warehouse Team Lead", "occupation": "53-1043.00"})
    draft = load_draft(draft_to_json(job, "", "- Plan the shift"))
    assert draft.job.occupation == "53-1043.00" and draft.job_data["occupation"] == "53-1043.00"
    assert job_to_dict(job)["occupation"] == "53-1043.00"


def test_the_command_line_takes_the_occupation_and_lists_candidates(tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"title": "Warehouse Team Lead"}), encoding="utf-8")
    result = run_cli(
        ["generate", "--job", str(job), "--format", "json-ld", "--responsibilities", "-", "--occupation", "53-1043.00"],
        {},
        stdin="- Plan the shift\n",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["occupationalCategory"]["codeValue"] == "53-1043.00"
    bad = run_cli(["generate", "--job", str(job), "--responsibilities", "-", "--occupation", "99-9999.99"], {}, "-x")
    assert bad.returncode == 2 and "'99-9999.99' is not an occupation in O*NET 26.3" in bad.stderr
    listed = run_cli(["occupation", "Warehouse Shift Supervisor", "--json"], {})
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["code"] == "53-1043.00"


def test_a_batch_file_takes_an_occupation_column(fake_openai, tmp_path):
    fake_openai.configure(reply=bullets(*ON_ROLE))
    source = tmp_path / "roles.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "occupation"], ["Coffee Bar Team Member", BARISTAS]])
    sheet = batch.read_rows(source)
    assert sheet.rows[0].values["occupation"] == BARISTAS
    settings = fake_model_settings(fake_openai, topup_requests=0, model_summary="off")
    batch.run_batch(sheet.rows, settings, tmp_path / "out", "json-ld")
    (posting,) = [json.loads(path.read_text(encoding="utf-8")) for path in (tmp_path / "out").glob("*.jsonld")]
    assert posting["occupationalCategory"]["codeValue"] == BARISTAS
    assert f"Task: {POUR}." in fake_openai.chat_log[0].body["messages"][-1]["content"]


def test_the_mcp_tools_take_and_find_the_occupation():
    names = [tool.name for tool in mcp.tools(Settings(), lambda *visitor: {})]
    assert "find_occupation" in names
    found = json.loads(mcp.find_occupation("Barista"))
    assert found[0]["code"] == BARISTAS and found[0]["duties"] and "job_zone" in found[0]
    assert mcp.job_from({"title": "Barista", "occupation": BARISTAS}).occupation == BARISTAS


def test_the_occupation_endpoint_and_the_pages_suggestions():
    found = service.occupation_candidates("Warehouse Shift Supervisor", "en")
    assert 1 < len(found) <= 5 and set(found[0]) == {"code", "title", "score"}
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    assert service.occupation_candidates("Kellnerin (m/w/d)", "Deutsch")[0]["code"].startswith("35-3031")
    with pytest.raises(service.InvalidInput, match="The language is not one of the available output languages"):
        service.occupation_candidates("Barista", "Klingon")
    suggested = service.occupation_suggestions(BARISTAS, BARISTA)
    assert suggested["duties"][0] == POUR and suggested["language"] == "en"
    assert suggested["skills"][:2] == ["Microsoft Excel", "Microsoft Office"]  # O*NET's hot technologies first
    assert suggested["job_zone"]["number"] == 1 and suggested["job_zone"]["education"]
    with pytest.raises(service.InvalidInput, match="Unknown occupation"):
        service.occupation_suggestions("99-9999.99")


# --- the real embedded model ------------------------------------------------------------------------


@pytest.mark.embedded
def test_the_embedded_models_barista_duties_are_all_on_role(embedded_server):
    job = parse_job(BARISTA)
    writing = Writing(job, Settings(backend="local", seed=1, max_tokens=300))
    list(writing)
    duties = list(writing.result.duties)
    assert 6 <= len(duties) <= 10, writing.text
    findings = check_relevance(occupations.get(BARISTAS), duties)
    assert [f["duty"] for f in findings if not f["on_role"]] == [], writing.text
