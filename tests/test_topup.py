"""Always 6-10 duties: a short first answer is topped up by at most two "N more" requests.

Real behaviour against the fake OpenAI server (a sequence of replies, faults per request) and
against the real embedded model; nothing of ours is mocked.
"""

from __future__ import annotations

import itertools

import pytest
from launch import fake_model_settings

from jd import service
from jd import writing as writing_module
from jd.prompts import TOPUP_SYSTEM_PROMPT
from jd.settings import Settings
from jd.spec import parse_job

JOB = {"title": "Warehouse Team Lead", "skills": ["forklift", "stock control"], "job_type": "Full-time"}
THREE = (
    "- Plan and run weekly stock counts with the warehouse team.\n"
    "- Keep pick and pack accuracy above the agreed target.\n"
    "- Train new starters on safe forklift use.\n"
)
FOUR_NEW = (
    "- Check incoming deliveries against purchase orders and report shortages.\n"
    "- Schedule shifts so that every area of the warehouse is covered.\n"
    "- Inspect racking and equipment each week and report any damage.\n"
    "- Coordinate outbound loads with the transport planners every morning.\n"
)


def run(job, settings):
    """(every yielded text, the notices, the final list, the final notice) of one click."""
    notices: list[str] = []
    writing = writing_module.Writing(parse_job(job), settings, on_notice=notices.append, interval=0)
    texts = list(writing)
    return texts, notices, writing.result.text.splitlines(), writing.result.notice


def listed_duties(request) -> list[str]:
    content = request.body["messages"][-1]["content"]
    after = content[content.index("Already written:") + len("Already written:") :]
    return [line[2:] for line in after.strip().splitlines() if line.startswith("- ")]


def test_three_duties_trigger_one_topup_that_lists_them(fake_openai):
    fake_openai.configure(replies=(THREE, FOUR_NEW))
    texts, notices, duties, notice = run(JOB, fake_model_settings(fake_openai))
    first, topup = fake_openai.chat_log
    assert topup.body["messages"][0]["content"] == TOPUP_SYSTEM_PROMPT
    assert listed_duties(topup) == [line[2:].rstrip(".") for line in THREE.splitlines()]
    card = first.body["messages"][-1]["content"].split("</job>")[0]
    assert topup.body["messages"][-1]["content"].startswith(card + "</job>")  # the same job card
    assert "Write 5 more key responsibilities" in topup.body["messages"][-1]["content"]
    assert texts[-1] == THREE + FOUR_NEW  # one growing text: the first answer, then the next one
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(texts))
    assert any(text == THREE for text in texts)  # the first answer was shown before the top-up began
    assert len(duties) == 7 and notice is None and notices == []


def test_a_full_first_answer_needs_no_topup(fake_openai):
    six = (
        THREE
        + FOUR_NEW.splitlines(keepends=True)[0]
        + FOUR_NEW.splitlines(keepends=True)[1]
        + FOUR_NEW.splitlines(keepends=True)[2]
    )
    fake_openai.configure(reply=six)
    _, _, duties, notice = run(JOB, fake_model_settings(fake_openai))
    assert len(fake_openai.chat_log) == 1 and len(duties) == 6 and notice is None


def test_near_duplicates_in_the_topup_are_dropped(fake_openai):
    reworded = (
        "- Plan and run the weekly stock counts with the warehouse team.\n"  # the first duty again
        "- Train new starters on safe forklift use and driving.\n" + FOUR_NEW  # the third, reworded
    )
    fake_openai.configure(replies=(THREE, reworded))
    _, _, duties, _ = run(JOB, fake_model_settings(fake_openai))
    assert duties == [f"- {line[2:].rstrip('.')}" for line in (THREE + FOUR_NEW).splitlines()]


def test_at_most_two_extra_requests_then_a_notice(fake_openai):
    fake_openai.configure(replies=(THREE,))  # the model repeats itself every time
    texts, _notices, duties, notice = run(JOB, fake_model_settings(fake_openai))
    assert len(fake_openai.chat_log) == 3
    assert len(duties) == 3
    assert notice == "The model wrote only 3 responsibilities; add more yourself or try Regenerate."
    assert texts[-1] == THREE * 3
    seeds = [r.body.get("seed") for r in fake_openai.chat_log]
    assert seeds == [None, None, None]  # no seed configured: none is invented


def test_topups_vary_the_seed_and_sample_more_freely(fake_openai):
    fake_openai.configure(replies=(THREE,))
    run(JOB, fake_model_settings(fake_openai, seed=7, temperature=0.3))
    bodies = [r.body for r in fake_openai.chat_log]
    assert [b["seed"] for b in bodies] == [7, 8, 9]
    assert bodies[0]["temperature"] == pytest.approx(0.3)
    assert bodies[1]["temperature"] == pytest.approx(writing_module.TOPUP_MIN_TEMPERATURE)  # the listing top-up
    assert bodies[2]["temperature"] == pytest.approx(writing_module.AFRESH_TEMPERATURE)  # asking afresh
    assert bodies[2]["messages"] == bodies[0]["messages"]  # the first request again, not the listing prompt


def test_topups_can_be_turned_off(fake_openai):
    fake_openai.configure(replies=(THREE, FOUR_NEW))
    _, _, duties, notice = run(JOB, fake_model_settings(fake_openai, topup_requests=0))
    assert len(fake_openai.chat_log) == 1 and len(duties) == 3 and "only 3" in notice


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_a_failed_topup_keeps_the_duties_already_written_and_says_so(fake_openai, fault):
    fake_openai.configure(replies=(THREE, FOUR_NEW), faults=(None, fault), after_chunks=2)
    texts, notices, duties, notice = run(JOB, fake_model_settings(fake_openai))
    assert len(fake_openai.chat_log) == 2  # no second top-up after a failure
    assert texts[-1].startswith(THREE)
    assert duties == [f"- {line[2:].rstrip('.')}" for line in THREE.splitlines()]
    (message,) = notices
    assert message.startswith("Asking the model for more responsibilities failed:")
    assert message.endswith("The 3 already written are kept.")
    assert "only 3" in notice


def test_a_failed_first_request_still_raises_with_its_partial_text(fake_openai):
    from jd.errors import StreamDropped

    fake_openai.configure(replies=(THREE, FOUR_NEW), faults=("drop",), after_chunks=3)
    texts: list[str] = []
    with pytest.raises(StreamDropped):
        for text in writing_module.Writing(parse_job(JOB), fake_model_settings(fake_openai), interval=0):
            texts.append(text)
    assert texts[-1] == "- Plan and"
    assert len(fake_openai.chat_log) == 1


TWELVE = [
    "Check incoming deliveries against purchase orders and report shortages",
    "Schedule shifts so that every area of the warehouse is covered",
    "Inspect racking and equipment each week and report any damage",
    "Coordinate outbound loads with the transport planners every morning",
    "Investigate lost parcels and write up what went wrong",
    "Approve overtime requests within the weekly labour budget",
    "Run toolbox talks on manual handling before busy periods",
    "Review returned goods and decide whether they can be resold",
    "Order packaging materials before the stock runs low",
    "Answer questions from drivers about collection times",
    "Prepare the site for audits by keeping records complete",
    "Welcome visitors and explain the site safety rules to them",
]


def test_stops_reading_at_ten(fake_openai):
    fake_openai.configure(replies=(THREE, "".join(f"- {d}.\n" for d in TWELVE)))
    texts, _, duties, notice = run(JOB, fake_model_settings(fake_openai))
    assert len(duties) == 10 and notice is None
    assert TWELVE[6] in texts[-1] and TWELVE[7] not in texts[-1]  # 3 + 7 new: the rest was never read


def test_nothing_usable_asks_again_from_the_start(fake_openai):
    fake_openai.configure(replies=("Sure! Here is the list you asked for:\n", THREE + FOUR_NEW))
    _, _, duties, _ = run(JOB, fake_model_settings(fake_openai, seed=3))
    first, second = fake_openai.chat_log
    assert second.body["messages"] == first.body["messages"] and second.body["seed"] == 4
    assert len(duties) == 7


def test_pay_duties_dropped_by_the_guard_count_as_missing(fake_openai):
    with_pay = (
        THREE
        + "- Earn a competitive salary of $65,000 with a yearly bonus.\n"
        + "- Enjoy free health insurance and 401(k) matching.\n"
        + "- Keep the loading bays clear and safe at all times.\n"
    )
    fake_openai.configure(replies=(with_pay, FOUR_NEW))
    _, _, duties, _ = run(JOB, fake_model_settings(fake_openai))
    assert len(fake_openai.chat_log) == 2  # 4 clean duties, not 6
    assert not any("salary" in d or "401" in d for d in duties) and len(duties) == 8


def test_an_english_only_model_says_so_for_other_languages(fake_openai):
    from jd.backends import choose_backends

    fake_openai.configure(reply=THREE + FOUR_NEW)
    settings = fake_model_settings(fake_openai, model="SmolLM2-135M-Instruct")
    german = dict(JOB, language="de")
    texts, notices, duties, _ = run(german, settings)
    assert notices == [] and len(duties) == 7
    result = writing_module.responsibilities_result(parse_job(german), texts[-1], choose_backends(settings)[0])
    expected = (
        "The model SmolLM2-135M-Instruct writes English only: the responsibilities are in English. "
        "For German duties use a hosted model (set HF_TOKEN or sign in with Hugging Face)."
    )
    assert result.notices == (expected,) and result.notice == expected
    assert service.language_notice(german, settings) == expected  # before streaming, from the settings
    english = parse_job(JOB)
    assert writing_module.responsibilities_result(english, texts[-1], choose_backends(settings)[0]).notices == ()
    assert service.language_notice(german, fake_model_settings(fake_openai)) is None


def test_the_embedded_models_language_notice():
    from jd.backends import Backend

    backend = Backend(kind="local", label="Embedded SmolLM2-135M-Instruct", model="SmolLM2-135M-Instruct")
    assert writing_module.language_notice_for(parse_job(dict(JOB, language="de")), backend) == (
        "The embedded model writes English only: the responsibilities are in English. For German duties use a "
        "hosted model (set HF_TOKEN or sign in with Hugging Face)."
    )
    assert writing_module.language_notice_for(parse_job(dict(JOB, language="fr")), backend).endswith(
        "For French duties use a hosted model (set HF_TOKEN or sign in with Hugging Face)."
    )


EMBEDDED_ROLES = [
    {
        "title": "Registered Nurse",
        "experience": "3-5 years",
        "skills": ["patient care", "medication administration"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Marketing Intern",
        "skills": ["social media", "copywriting"],
        "job_type": "Internship",
        "work_mode": "Hybrid",
    },
    {
        "title": "Primary School Teacher",
        "skills": ["lesson planning", "classroom management"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Truck Driver",
        "experience": "2 years",
        "skills": ["HGV licence", "route planning"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
]


@pytest.mark.embedded
@pytest.mark.parametrize("role", EMBEDDED_ROLES, ids=lambda r: r["title"])
def test_the_embedded_model_gives_at_least_six_duties(embedded_server, role):
    # Seed 1: all four first answers are short (2-5 duties), so the top-up is what reaches 6.
    texts, notices, duties, notice = run(role, Settings(backend="local", seed=1, max_tokens=300))
    assert 6 <= len(duties) <= 10, texts[-1]
    # The model's own duties reach 6; a duty of another job may be left out (issue 20), and the notice says so.
    assert notices == [] and (notice is None or notice.startswith("Left out")), notice
    assert notice is None or ("wrote only" not in notice and "Added" not in notice), notice
