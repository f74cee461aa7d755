"""The role summary: the grounding check for summaries, and the model's summary only where reliable."""

from __future__ import annotations

import itertools

import pytest
from launch import fake_model_settings

from jd import service, summary
from jd.blocking import iterate_blocking
from jd.render import compose_summary
from jd.review.summary_check import check_summary, summary_sentences
from jd.settings import ConfigError, Settings
from jd.spec import parse_job

JOB = {
    "title": "Courier",
    "skills": ["parcel delivery", "route planning"],
    "company": "Northwind Parcel Co.",
    "location": "Leeds, UK",
    "job_type": "Full-time",
    "work_mode": "On-site",
}
COURIER = parse_job(JOB)
DUTIES = [
    "Deliver parcels to homes and businesses on a planned route",
    "Scan every parcel at collection and delivery",
    "Load the van safely at the depot each morning",
]


def kinds(text, job=COURIER, duties=DUTIES) -> list[tuple[str, str]]:
    return [(f["kind"], f["text"]) for f in check_summary(job, text, duties)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He will deliver parcels on time.", [("person", "He")]),
        ("Deliver parcels and keep his van tidy.", [("person", "his")]),
        ("We want a seasoned courier for this role.", [("person", "a seasoned courier")]),
        ("The ideal candidate loves driving.", [("person", "The ideal candidate")]),
        ("You will deliver 120 parcels a day.", [("number", "120")]),
        ("You will join two other drivers.", [("number", "two")]),
        ("The team has grown since 2019.", [("year", "2019")]),
        ("Routes start in March.", [("year", "March")]),
        ("The role pays $30,000 a year.", [("pay", "$30,000")]),
        ("You will also get health insurance.", [("benefit", "health insurance")]),
        ("You will deliver meal delivery orders across the city.", [("employer claim", "meal delivery")]),
        ("Join an award-winning team.", [("employer claim", "award-winning")]),
        ("You will deliver parcels from the hospital.", [("workplace", "hospital")]),
        ("You will work with Jane Smith on the routes.", [("name", "Jane Smith")]),
        ("You will deliver parcels for Amazon.", [("organisation", "Amazon")]),
        ("You will drive across Manchester.", [("location", "Manchester")]),
        ("You will use the DeliverIt app.", [("name", "DeliverIt")]),
    ],
)
def test_check_summary_flags_unsupported_statements(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This full-time, on-site role delivers parcels for Northwind Parcel Co. in Leeds.",
        "You will plan routes, load the van at the depot and scan every parcel.",
        "As a Courier, you will deliver parcels to homes and businesses.",
        "Route planning and parcel delivery are at the heart of this role.",
        "Deliveries are planned so that you know your route each morning.",
        "",
    ],
)
def test_check_summary_accepts_what_the_inputs_and_duties_say(text):
    assert kinds(text) == []


def test_findings_point_into_their_sentence():
    text = "You will deliver parcels in Leeds. She will plan 3 routes."
    (pronoun, number) = check_summary(COURIER, text, DUTIES)
    assert summary_sentences(text) == ["You will deliver parcels in Leeds.", "She will plan 3 routes."]
    for finding in (pronoun, number):
        assert finding["sentence_index"] == 1
        assert finding["sentence"][finding["start"] : finding["end"]] == finding["text"]


# --- settings ---------------------------------------------------------------------------


def test_model_summary_setting():
    assert Settings.from_env({}).model_summary == "auto"
    for value in ("on", "OFF", " auto "):
        assert Settings.from_env({"JD_MODEL_SUMMARY": value}).model_summary == value.strip().lower()
    with pytest.raises(ConfigError, match="JD_MODEL_SUMMARY must be one of auto, on, off"):
        Settings.from_env({"JD_MODEL_SUMMARY": "sometimes"})
    assert Settings.from_env({}).topup_requests == 2
    assert Settings.from_env({"JD_TOPUP_REQUESTS": "0"}).topup_requests == 0
    with pytest.raises(ConfigError):
        Settings.from_env({"JD_TOPUP_REQUESTS": "-1"})


def test_auto_uses_a_model_summary_only_for_models_measured_reliable():
    from jd.backends import Backend

    embedded = Backend(kind="local", label="Embedded SmolLM2-135M-Instruct", model="SmolLM2-135M-Instruct")
    unmeasured = Backend(kind="hf", label="HF", model="meta-llama/Llama-3.1-8B-Instruct")
    auto = Settings()
    assert summary.SUMMARY_UNSUPPORTED_RATE["SmolLM2-135M-Instruct"] > summary.SUMMARY_MAX_RATE  # measured
    assert not summary.model_summary_enabled(auto, embedded)
    assert not summary.model_summary_enabled(auto, unmeasured)  # unmeasured: off too
    assert summary.model_summary_enabled(Settings(model_summary="on"), embedded)
    assert not summary.model_summary_enabled(Settings(model_summary="off"), unmeasured)


# --- write_summary against the fake server ---------------------------------------------------


def settings_for(fake, **changes) -> Settings:
    return fake_model_settings(fake, **{"model_summary": "on", **changes})


def summarise(settings, duties=DUTIES, job=COURIER):
    notices: list[str] = []
    texts = list(iterate_blocking(summary.write_summary(job, duties, settings, on_notice=notices.append, interval=0)))
    return texts, notices


def test_off_yields_the_composed_summary_without_calling_a_model(fake_openai):
    texts, notices = summarise(settings_for(fake_openai, model_summary="off"))
    assert texts == [compose_summary(parse_job(JOB), DUTIES)]
    assert notices == [] and fake_openai.chat_log == []
    texts, _ = summarise(settings_for(fake_openai, model_summary="auto"))  # fake-model is unmeasured
    assert texts == [compose_summary(parse_job(JOB), DUTIES)] and fake_openai.chat_log == []


def test_a_grounded_model_summary_streams_and_is_kept(fake_openai):
    reply = (
        "This full-time, on-site role keeps parcels moving. "
        "You will plan routes, load the van and deliver parcels to homes and businesses."
    )
    fake_openai.configure(reply=reply)
    texts, notices = summarise(settings_for(fake_openai))
    assert len(texts) > 2 and all(b.startswith(a) for a, b in itertools.pairwise(texts))
    assert texts[-1] == reply and notices == []
    (request,) = fake_openai.chat_log
    assert request.body["max_tokens"] == summary.SUMMARY_MAX_TOKENS
    card = request.body["messages"][-1]["content"]
    assert all(f"Duty: {d}" in card for d in DUTIES)


def test_the_edited_list_reaches_the_card_through_the_page_facade(fake_openai):
    reply = "This full-time, on-site role keeps parcels moving. You will plan routes and deliver parcels."
    fake_openai.configure(reply=reply)
    taken = []
    edited = "- " + "\n- ".join(DUTIES)
    texts = list(
        iterate_blocking(
            service.awrite_summary(JOB, edited, settings_for(fake_openai), rate_limit=lambda: taken.append(1))
        )
    )
    assert texts[-1] == reply and taken == [1]  # a model writes it: one request from the quota
    card = fake_openai.chat_log[-1].body["messages"][-1]["content"]
    assert all(f"Duty: {d}" in card for d in DUTIES)
    composed = list(iterate_blocking(service.awrite_summary(JOB, edited, Settings(model_summary="off"))))
    assert composed == [compose_summary(COURIER, DUTIES)]


def test_sentences_with_findings_are_dropped_with_a_notice(fake_openai):
    fake_openai.configure(
        reply="Role summary: This full-time role delivers parcels. "
        "He will deliver 120 parcels a day for a meal delivery summary. "
        "You will plan routes and load the van."
    )
    texts, notices = summarise(settings_for(fake_openai))
    assert texts[-1] == "This full-time role delivers parcels. You will plan routes and load the van."
    assert notices == ["Left out 1 sentence of the model's role summary that your inputs do not support."]


def test_nothing_reliable_left_falls_back_to_the_composed_summary(fake_openai):
    fake_openai.configure(reply="She is a seasoned courier at an award-winning start-up founded in 2010.")
    texts, notices = summarise(settings_for(fake_openai))
    assert texts[-1] == compose_summary(parse_job(JOB), DUTIES)
    assert notices == [
        "The model's role summary stated things your inputs do not support; "
        "the summary composed from your inputs is used instead."
    ]


def test_a_failing_model_falls_back_to_the_composed_summary(fake_openai):
    fake_openai.configure(fault="500")
    texts, notices = summarise(settings_for(fake_openai))
    assert texts[-1] == compose_summary(parse_job(JOB), DUTIES)
    assert len(notices) == 1 and notices[0].startswith("The model's role summary failed:")
    assert notices[0].endswith("The summary composed from your inputs is used instead.")


def test_an_english_only_model_does_not_write_a_german_summary(fake_openai):
    german = parse_job(dict(JOB, language="de"))
    texts, _ = summarise(settings_for(fake_openai, model="SmolLM2-135M-Instruct"), job=german)
    assert texts == [compose_summary(german, DUTIES)] and fake_openai.chat_log == []


@pytest.mark.embedded
def test_the_embedded_models_summary_is_checked_or_replaced(embedded_server):
    settings = Settings(backend="local", seed=1, model_summary="on")
    job = parse_job(
        {
            "title": "Veterinary Nurse",
            "skills": ["animal care", "anaesthesia monitoring"],
            "job_type": "Full-time",
            "work_mode": "On-site",
        }
    )
    duties = [
        "Monitor animals under anaesthesia and record their vital signs",
        "Prepare surgical instruments and clean the theatre after each operation",
        "Explain aftercare to pet owners when they collect their animals",
    ]
    notices: list[str] = []
    final = list(iterate_blocking(summary.write_summary(job, duties, settings, on_notice=notices.append)))[-1]
    assert final == compose_summary(job, duties) or (check_summary(job, final, duties) == [] and final)
    assert len(summary_sentences(final)) >= 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("This part-time role delivers parcels.", [("arrangement", "part-time")]),
        ("This full-time, on-site role delivers parcels.", []),
        ("This full time, onsite role delivers parcels.", []),
        ("You will work remotely on route planning.", [("arrangement", "remotely")]),
        ("This is a remote role.", [("arrangement", "remote")]),
        ("This contract role delivers parcels.", [("arrangement", "contract")]),
        ("You will manage delivery contracts with remote depots.", []),
    ],
)
def test_check_summary_flags_a_job_type_or_work_mode_not_given(text, expected):
    assert kinds(text) == expected


def test_an_echoed_card_and_an_unfinished_sentence_are_cut(fake_openai):
    fake_openai.configure(
        reply="**Role summary:** This full-time role delivers parcels. You will plan routes. "
        "You will also Duty: Deliver parcels to homes"
    )
    texts, notices = summarise(settings_for(fake_openai))
    assert texts[-1] == "This full-time role delivers parcels. You will plan routes." and notices == []


def test_at_most_three_sentences_are_kept(fake_openai):
    words = ("first", "second", "third", "fourth", "fifth")
    fake_openai.configure(reply=" ".join(f"You will plan the {word} route." for word in words))
    texts, _ = summarise(settings_for(fake_openai))
    assert summary_sentences(texts[-1]) == [f"You will plan the {word} route." for word in words[:3]]


@pytest.mark.parametrize(
    "text",
    ["You will help drivers who need a temporary change of route.", "You will drive hybrid vans on every route."],
)
def test_ambiguous_arrangement_words_are_flagged_only_about_the_job(text):
    assert kinds(text) == []
