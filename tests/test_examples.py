"""Reviewed examples: only consented, scrubbed, approved text ever reaches a prompt, for similar roles only."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples

from jd import cli
from jd.errors import ExamplesFileError, UnknownExample
from jd.example_review import (
    approve,
    candidate_from_record,
    candidates,
    describe_candidate,
    reject,
    summary_from_description,
)
from jd.examples import (
    APPROVED,
    EXAMPLES_FILENAME,
    PENDING,
    REJECTED,
    SIMILARITY_THRESHOLD,
    TITLE_ONLY_THRESHOLD,
    ExampleBook,
    choose_examples,
    close_enough,
    copy_examples,
    similarity,
    used_example_ids,
)
from jd.feedback import FeedbackStore
from jd.prompts import (
    BUILTIN_EXAMPLES,
    PROMPT_TOKEN_BUDGET,
    Example,
    build_messages,
    build_summary_messages,
    build_topup_messages,
    estimate_tokens,
    example_ids,
    prompt_fits,
)
from jd.render import render_job_description
from jd.spec import parse_job

PAIRS = json.loads((Path(__file__).parent / "data" / "example_pairs.json").read_text(encoding="utf-8"))

NURSE_DUTIES = [
    "Assess patients on admission and record their observations in the care plan",
    "Give medication safely and check every prescription before each round",
    "Dress wounds and monitor healing, reporting any concerns to the nurse in charge",
    "Support patients and families with clear explanations of each treatment",
    "Hand over each patient's condition clearly at the end of every shift",
    "Keep the ward's equipment clean, stocked and ready for use",
]
NURSE = {"title": "Staff Nurse", "skills": "patient care, medication administration, wound care"}


def add_record(store: FeedbackStore, inputs=None, duties=NURSE_DUTIES, **changes) -> str:
    record = {
        "inputs": inputs or NURSE,
        "responsibilities": "\n".join(f"- {d}" for d in duties),
        "job_description": "",
        "rating": "helpful",
        "consent": True,
    }
    return store.add({**record, **changes})


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "data")


def example(title: str, skills: str = "", language: str = "en", record_id: str = "", duties=NURSE_DUTIES) -> Example:
    skill_list = tuple(s.strip() for s in skills.split(",") if s.strip())
    return Example(title=title, skills=skill_list, language=language, duties=tuple(duties), id=record_id or title)


# -- candidates ------------------------------------------------------------------------------


def test_only_helpful_records_whose_visitor_agreed_are_candidates(store):
    offered = add_record(store)
    add_record(store, consent=False)
    add_record(store, rating="not helpful", consent=True)
    add_record(store, rating="not helpful", consent=False)
    add_record(store, consent=None)

    assert [c.id for c in candidates(store)] == [offered]
    for record in store.all()[1:]:
        assert candidate_from_record(record) is None


def test_a_candidate_is_shown_scrubbed_of_personal_data_and_the_company(store):
    inputs = {
        "title": "Staff Nurse",
        "company": "Riverside Clinic Ltd",
        "skills": ["patient care", "Epic EHR"],
        "location": "Leeds, UK",
        "job_type": "Full-time",
        "work_mode": "On-site",
        "tone": "friendly",
    }
    duties = [
        *NURSE_DUTIES[:4],
        "Contact Jane Smith on +44 20 7946 0958 or jane.smith@riverside.example to book theatre slots",
        "Follow riverside clinic's policies at riverside-clinic.co.uk/policies",
        "Report to Mr. Brown and record notes in Epic after each round",
    ]
    record_id = add_record(store, inputs=inputs, duties=duties)

    (candidate,) = candidates(store)
    assert (candidate.id, candidate.short_id, candidate.status, candidate.problem) == (
        record_id,
        record_id[:8],
        PENDING,
        "",
    )
    shown = candidate.example
    assert shown.duties[4:] == (
        "Contact [name] on [phone] or [email] to book theatre slots",
        "Follow the company's policies at [website]",
        "Report to [name] and record notes in Epic after each round",
    )
    assert (shown.title, shown.skills, shown.language, shown.tone) == (
        "Staff Nurse",
        ("patient care", "Epic EHR"),
        "en",
        "friendly",
    )
    assert (shown.job_type, shown.work_mode, shown.seniority) == ("Full-time", "On-site", "")
    assert sorted(kind for kind, _ in candidate.replaced) == ["company", "email", "name", "name", "phone", "website"]
    text = describe_candidate(candidate)
    for secret in ("Jane", "7946", "riverside", "Riverside", "Brown"):
        assert secret not in text
    assert text.startswith(f"[pending] {record_id[:8]}  Staff Nurse  (en, ")
    assert "Scrubbed: 1 name -> '[name]'" not in text and "2 names -> '[name]'" in text


def test_duties_stating_facts_the_card_does_not_give_are_left_out(store):
    inputs = {**NURSE, "location": "Leeds, UK", "experience": "5 years", "salary_min": 30000, "currency": "GBP"}
    duties = [
        *NURSE_DUTIES,
        "Earn £35,000 a year with a generous pension",
        "Work in our Leeds ward with a friendly team",
        "Bring 5 years of experience to the ward",
        "Use Salesforce to log every call",
    ]
    add_record(store, inputs=inputs, duties=duties)

    (candidate,) = candidates(store)
    assert candidate.example.duties == tuple(NURSE_DUTIES)
    left_out = "\n".join(candidate.left_out)
    for flagged in ("£35,000", "pension", "Leeds", "5 years", "Salesforce"):
        assert flagged in left_out
    assert candidate.problem == ""


def test_a_candidate_left_with_too_few_duties_cannot_be_approved(store):
    record_id = add_record(
        store, duties=[*NURSE_DUTIES[:4], "Earn £35,000 a year", "Enjoy free parking and a pension in Leeds"]
    )
    (candidate,) = candidates(store)
    assert candidate.problem.startswith("only 4 of its 6 duties are left")
    (decision,) = approve(store, [record_id])
    assert decision.outcome == "refused"
    assert decision.message == f"{record_id[:8]} (Staff Nurse) cannot be approved: {candidate.problem}"
    assert ExampleBook(store.data_dir).approved() == []
    assert "Cannot be approved: only 4 of its 6 duties" in describe_candidate(candidate)


def test_a_candidate_without_a_job_title_cannot_be_approved(store):
    record_id = add_record(store, inputs={"skills": "cooking"})
    (decision,) = approve(store, [record_id])
    assert decision.outcome == "refused" and "no valid job title" in decision.message


@pytest.mark.parametrize("language, heading", [("en", "About the role"), ("de", "Über die Stelle"), ("fr", "Le poste")])
def test_the_summary_is_read_from_the_rendered_description_in_its_language(language, heading):
    job = parse_job({**NURSE, "language": language, "company": "Acme"})
    summary = "You will care for patients_on the *ward* [daily] & keep notes."
    markdown = render_job_description(job, NURSE_DUTIES, summary=summary)
    assert f"### {heading}" in markdown
    assert summary_from_description(markdown, language) == summary
    assert summary_from_description("<h3>About the role</h3><p>x</p>", language) == ""


def test_the_summary_is_scrubbed_and_its_unsupported_sentences_left_out(store):
    job = parse_job({**NURSE, "company": "Riverside Clinic", "location": "Leeds"})
    summary = (
        "Riverside Clinic needs a staff nurse to care for patients. Ask for Anna to visit. "
        "The ward is in Leeds and was founded in 1990."
    )
    markdown = render_job_description(job, NURSE_DUTIES, summary=summary)
    add_record(store, inputs={**NURSE, "company": "Riverside Clinic", "location": "Leeds"}, job_description=markdown)

    (candidate,) = candidates(store)
    assert candidate.example.summary == "The company needs a staff nurse to care for patients. Ask for [name] to visit."
    assert any(item.startswith("The ward is in Leeds") for item in candidate.left_out)


# -- approving and rejecting ------------------------------------------------------------------


def test_approve_by_id_or_prefix_stores_the_example_as_shown(store):
    first, second = add_record(store), add_record(store, inputs={**NURSE, "title": "Ward Nurse"})
    shown = {c.id: c.example for c in candidates(store)}

    decisions = approve(store, [first, second[:6].upper()])
    assert [(d.id, d.outcome) for d in decisions] == [(first, APPROVED), (second, APPROVED)]
    assert decisions[0].message == f"Approved {first[:8]} (Staff Nurse): it may now be shown for similar roles."

    book = ExampleBook(store.data_dir)
    assert book.approved() == [shown[first], shown[second]]
    assert book.status() == {first: APPROVED, second: APPROVED}
    saved = json.loads((store.data_dir / EXAMPLES_FILENAME).read_text(encoding="utf-8"))
    assert saved["format"] == 1 and saved["rejected"] == []
    assert [item["id"] for item in saved["approved"]] == [first, second]
    assert all(item["approved_at"].endswith("Z") for item in saved["approved"])
    assert [c.status for c in candidates(store)] == [APPROVED, APPROVED]
    assert sorted(p.name for p in store.data_dir.iterdir() if p.name.startswith(f".{EXAMPLES_FILENAME}")) == []


def test_approving_or_rejecting_twice_changes_nothing(store):
    record_id = add_record(store)
    approve(store, [record_id])
    before = ExampleBook(store.data_dir).approved()

    (again,) = approve(store, [record_id, record_id[:10]])  # the same id twice counts once
    assert (again.outcome, again.message) == ("unchanged", f"{record_id[:8]} (Staff Nurse) was already approved.")
    assert ExampleBook(store.data_dir).approved() == before

    assert [d.outcome for d in reject(store, [record_id])] == [REJECTED]
    (twice,) = reject(store, [record_id])
    assert (twice.outcome, twice.message) == ("unchanged", f"{record_id[:8]} (Staff Nurse) was already rejected.")
    assert json.loads((store.data_dir / EXAMPLES_FILENAME).read_text())["rejected"][0]["id"] == record_id


def test_rejecting_an_approved_example_withdraws_it_and_it_can_be_approved_again(store):
    record_id = add_record(store)
    approve(store, [record_id])
    nurse = parse_job({"title": "Registered Nurse", "skills": "patient care, medication administration"})
    assert example_ids(choose_examples(nurse, store.data_dir)) == [record_id]

    (decision,) = reject(store, [record_id])
    assert decision.message == f"Rejected {record_id[:8]} (Staff Nurse); it is no longer used in prompts."
    assert choose_examples(nurse, store.data_dir) == []
    assert ExampleBook(store.data_dir).status() == {record_id: REJECTED}
    assert [c.status for c in candidates(store)] == [REJECTED]

    assert [d.outcome for d in approve(store, [record_id])] == [APPROVED]
    assert ExampleBook(store.data_dir).status() == {record_id: APPROVED}


def test_records_that_are_not_candidates_are_refused_with_the_reason(store):
    no_consent = add_record(store, consent=False)
    unhelpful = add_record(store, rating="not helpful")
    decisions = approve(store, [no_consent, unhelpful])
    assert [d.outcome for d in decisions] == ["refused", "refused"]
    assert "did not agree to their text being used" in decisions[0].message
    assert "rated not helpful" in decisions[1].message
    assert [d.outcome for d in reject(store, [no_consent])] == ["refused"]
    assert ExampleBook(store.data_dir).status() == {}


def test_unknown_short_or_ambiguous_ids_change_nothing_and_say_what_to_do(store):
    good = add_record(store)
    with pytest.raises(UnknownExample) as raised:
        approve(store, [good, "ffffffffffff", "abc"])
    message = str(raised.value)
    assert message == (
        "Nothing was changed: no feedback has the id 'ffffffffffff'; 'abc' is too short: give at least 6 "
        "characters of the id. Run `python -m jd feedback examples` to see the candidates and their ids."
    )
    assert not (store.data_dir / EXAMPLES_FILENAME).exists()

    # Ids kept in the file count too (a rejected record may be gone from the store): two share a prefix.
    (store.data_dir / EXAMPLES_FILENAME).write_text(
        json.dumps(
            {"format": 1, "approved": [], "rejected": [{"id": "abcdef" + "0" * 26}, {"id": "abcdef" + "1" * 26}]}
        )
    )
    with pytest.raises(UnknownExample, match="'abcdef' is the start of 2 ids: give more of it"):
        reject(store, ["abcdef"])
    (decision,) = reject(store, ["abcdef1"])
    assert (decision.id, decision.outcome) == ("abcdef" + "1" * 26, "unchanged")


def test_a_damaged_examples_file_is_reported_to_the_owner_but_never_breaks_a_request(store, caplog):
    record_id = add_record(store)
    (store.data_dir / EXAMPLES_FILENAME).write_text('{"format": 1, "approved": [{"title": "x"}]')
    with pytest.raises(ExamplesFileError, match=r"is damaged .*restore it from the Hub dataset"):
        approve(store, [record_id])
    with pytest.raises(ExamplesFileError):
        candidates(store)
    nurse = parse_job({"title": "Nurse"})
    with caplog.at_level(logging.WARNING, logger="jd.examples"):
        assert choose_examples(nurse, store.data_dir) == []
        assert used_example_ids({"title": "Nurse"}, store.data_dir) == []
    assert "Reviewed examples are not used" in caplog.text
    (store.data_dir / EXAMPLES_FILENAME).write_text('{"format": 2, "approved": []}')
    with pytest.raises(ExamplesFileError, match="not in format 1"):
        ExampleBook(store.data_dir).approved()


def test_a_folder_that_cannot_be_written_is_reported_and_nothing_changes(store, tmp_path, make_read_only):
    record_id = add_record(store)
    book = ExampleBook(tmp_path / "book")
    approve(store, [record_id], book)
    before = book.path.read_text()
    make_read_only(book.data_dir)
    with pytest.raises(ExamplesFileError, match=r"cannot be written: .*Nothing was changed"):
        reject(store, [record_id], book)
    assert book.path.read_text() == before
    assert [e.id for e in book.approved()] == [record_id]
    with pytest.raises(ExamplesFileError, match="cannot be written"):
        approve(store, [record_id], ExampleBook(book.path / "not-a-folder"))


def test_decisions_made_at_the_same_time_are_all_kept(store):
    ids = [add_record(store, inputs={**NURSE, "title": f"Nurse {chr(65 + i)}"}) for i in range(8)]
    start = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def decide(record_id: str) -> None:
        try:
            start.wait()
            approve(store, [record_id])
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=decide, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(e.id for e in ExampleBook(store.data_dir).approved()) == sorted(ids)


def test_copy_examples_copies_only_a_changed_file(tmp_path):
    target = tmp_path / "export" / EXAMPLES_FILENAME
    assert copy_examples(tmp_path, target) is False and not target.exists()
    (tmp_path / EXAMPLES_FILENAME).write_text('{"format": 1}\n')
    assert copy_examples(tmp_path, target) is True
    assert target.read_text() == '{"format": 1}\n'
    assert copy_examples(tmp_path, target) is False


# -- choosing examples ------------------------------------------------------------------------


def _job(side) -> object:
    return parse_job({"title": side[0], "skills": side[1]})


def _example(side) -> Example:
    return example(side[0], side[1])


@pytest.mark.parametrize("pair", PAIRS["similar"], ids=lambda p: f"{p[0][0]} ~ {p[1][0]}")
def test_similar_roles_are_close_enough_both_ways(pair):
    assert close_enough(_job(pair[0]), _example(pair[1]))
    assert close_enough(_job(pair[1]), _example(pair[0]))


@pytest.mark.parametrize("pair", PAIRS["different"], ids=lambda p: f"{p[0][0]} !~ {p[1][0]}")
def test_different_roles_are_not_close_enough_both_ways(pair):
    assert not close_enough(_job(pair[0]), _example(pair[1]))
    assert not close_enough(_job(pair[1]), _example(pair[0]))


def test_the_threshold_sits_between_the_labelled_scores():
    similar = [similarity(_job(a), _example(b))[0] for a, b in PAIRS["similar"]]
    different = [similarity(_job(a), _example(b))[0] for a, b in PAIRS["different"]]
    assert max(different) < SIMILARITY_THRESHOLD <= min(similar)
    assert (round(min(similar), 1), round(max(different), 1)) == (64.0, 61.7)  # as the docstring says


def test_without_skills_the_title_alone_must_be_very_close():
    job = parse_job({"title": "Staff Nurse"})
    assert similarity(job, example("Senior Staff Nurse", "patient care")) == (100.0, False)
    assert close_enough(job, example("Senior Staff Nurse", "patient care"))
    assert similarity(job, example("Ward Nurse"))[0] < TITLE_ONLY_THRESHOLD
    assert not close_enough(job, example("Ward Nurse"))
    assert not close_enough(parse_job({"title": "Lab Technician"}), example("IT Technician"))


def test_the_closest_examples_in_the_same_language_are_chosen_closest_first():
    job = parse_job({"title": "Registered Nurse", "skills": "patient care, medication administration, wound care"})
    staff = example("Staff Nurse", "patient care, medication administration, wound care")
    ward = example("Ward Nurse", "patient care, wound care")
    night = example("Night Nurse", "patient care, observations")
    german = example("Krankenschwester", "patient care, medication administration", language="de", record_id="de")
    german_nurse = example("Registered Nurse", "patient care, medication administration, wound care", "de")
    chef = example("Sous Chef", "menu planning, food safety")

    chosen = choose_examples(job, [chef, night, german, german_nurse, ward, staff])
    assert [e.id for e in chosen] == ["Staff Nurse", "Ward Nurse"]
    assert choose_examples(job, [staff, ward, night], limit=1) == [staff]
    assert choose_examples(job, [chef, german_nurse]) == []

    in_german = parse_job({**NURSE, "title": "Registered Nurse", "language": "de"})
    assert choose_examples(in_german, [staff, german_nurse]) == [german_nurse]


def test_examples_that_would_overflow_the_prompt_budget_are_skipped():
    job = parse_job({"title": "Staff Nurse", "skills": "patient care"})
    long_duties = tuple(f"Care for patients on the ward {'carefully ' * 18}round {i}" for i in range(8))
    big = [
        Example(
            title="Staff Nurse",
            skills=("patient care", *(f"skill {'x' * 50} {i}" for i in range(11))),
            duties=long_duties,
            summary="You will care for patients. " * 35,
            id=f"big{i}",
        )
        for i in range(2)
    ]
    assert prompt_fits(job, big[:1]) and not prompt_fits(job, big)
    assert [e.id for e in choose_examples(job, big)] == ["big0"]
    longest = build_summary_messages(job, ["x" * 200] * 10, big[:1])
    assert estimate_tokens(longest) <= PROMPT_TOKEN_BUDGET


def test_with_no_close_example_the_built_in_examples_stay(store):
    record_id = add_record(store)
    approve(store, [record_id])
    welder = parse_job({"title": "Welder", "skills": "MIG welding, blueprint reading"})
    assert choose_examples(welder, store.data_dir) == []
    assert build_messages(welder, choose_examples(welder, store.data_dir)) == build_messages(welder)
    assert build_topup_messages(welder, ["Weld frames"], 3, []) == build_topup_messages(welder, ["Weld frames"], 3)
    assert used_example_ids({"title": "Welder", "skills": "MIG welding"}, store.data_dir) == []
    assert choose_examples(welder, tmp_empty := store.data_dir / "nothing") == [] and not tmp_empty.exists()


def test_a_chosen_example_replaces_a_built_in_one_in_every_prompt(store):
    record_id = add_record(store)
    approve(store, [record_id])
    job = parse_job({"title": "Registered Nurse", "skills": "patient care, medication administration"})
    chosen = choose_examples(job, store)
    assert example_ids(chosen) == [record_id] == used_example_ids(job, store.data_dir)

    messages = build_messages(job, chosen)
    assert "Archive Assistant" in messages[1]["content"]  # the first built-in example stays
    assert "Wind Turbine" not in json.dumps(messages)
    assert messages[3]["content"].startswith("<job>\nTitle: Staff Nurse\nSkills: patient care, medication")
    assert messages[4]["content"] == "\n".join(f"- {d}" for d in NURSE_DUTIES)
    assert NURSE_DUTIES[0] in json.dumps(build_topup_messages(job, ["Check vital signs"], 3, chosen))
    # This example has no summary: the summary prompt keeps both built-in examples.
    assert build_summary_messages(job, ["Check vital signs"], chosen) == build_summary_messages(
        job, ["Check vital signs"]
    )


def test_the_record_notes_the_examples_used_and_the_report_compares_with_and_without(store):
    from jd.feedback_report import feedback_report

    record_id = add_record(store)
    approve(store, [record_id])
    nurse = {"title": "Registered Nurse", "skills": "patient care, medication administration"}
    store.add({"inputs": nurse, "rating": "helpful", "examples_used": used_example_ids(nurse, store.data_dir)})
    store.add({"inputs": {"title": "Welder"}, "rating": "not helpful", "examples_used": []})
    assert [r["examples_used"] for r in store.all()] == [[], [record_id], []]
    by_examples = {row["name"]: row for row in feedback_report(store)["by_examples"]}
    assert by_examples["with reviewed examples"]["helpful_rate"] == 1.0
    assert by_examples["built-in examples only"]["records"] == 2


# -- nothing unapproved or unconsented ever reaches a prompt -------------------------------------

_TITLES = ["Staff Nurse", "Ward Nurse", "Registered Nurse", "Critical Care Nurse", "Sous Chef"]
_SKILLS = ["patient care, medication administration", "patient care, wound care", "menu planning, food safety"]
_FILLER = st.lists(st.sampled_from("check record support clean plan prepare monitor explain".split()), max_size=6)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offers=st.lists(
        st.tuples(
            st.sampled_from(_TITLES),
            st.sampled_from(_SKILLS),
            st.sampled_from(["helpful", "not helpful"]),
            st.booleans(),  # consent
            st.sampled_from(["approve", "reject", "none"]),
            _FILLER,
        ),
        min_size=1,
        max_size=5,
    ),
    target=st.tuples(st.sampled_from(_TITLES), st.sampled_from(_SKILLS)),
)
def test_only_approved_consented_text_ever_reaches_a_prompt(tmp_path_factory, offers, target):
    store = FeedbackStore(tmp_path_factory.mktemp("prop"))
    markers: dict[str, str] = {}
    for n, (title, skills, rating, consent, decision, filler) in enumerate(offers):
        marker = f"zqmarker{n}x"
        duties = [f"Handle {marker} {' '.join(filler)} task number {word}" for word in "abcdefg"]
        inputs = {"title": title, "skills": skills}
        record_id = add_record(store, inputs=inputs, duties=duties, rating=rating, consent=consent)
        markers[record_id] = marker
        if decision != "none":
            (approve if decision == "approve" else reject)(store, [record_id])
    approved = {e.id for e in ExampleBook(store.data_dir).approved()}

    job = parse_job({"title": target[0], "skills": target[1]})
    chosen = choose_examples(job, store.data_dir)
    prompts = json.dumps(
        [
            build_messages(job, chosen),
            build_topup_messages(job, ["Check charts"], 3, chosen),
            build_summary_messages(job, ["Check charts"], chosen),
        ]
    )
    for record_id, marker in markers.items():
        record = store.get(record_id)
        if record_id not in approved:
            assert marker not in prompts
        if not (record["consent"] and record["rating"] == "helpful"):
            assert record_id not in approved
    assert set(example_ids(chosen)) <= approved
    for builtin in BUILTIN_EXAMPLES[: 2 - len(example_ids(chosen))]:
        assert builtin.duties[0] in prompts


# -- command line ------------------------------------------------------------------------------


def run(argv, tmp_path) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = cli.main([*argv, "--data-dir", str(tmp_path / "data")], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_lists_approves_and_rejects(store, tmp_path):
    offered = add_record(store, inputs={**NURSE, "company": "Riverside Clinic"})
    add_record(store, consent=False)
    broken = add_record(store, duties=NURSE_DUTIES[:3])

    code, out, err = run(["feedback", "examples"], tmp_path)
    assert code == 0
    assert out.count("[pending]") == 2 and offered[:8] in out and broken[:8] in out
    assert "2 candidate(s)" in err

    code, out, err = run(["feedback", "approve", offered[:8], broken], tmp_path)
    assert code == cli.EXIT_BAD_INPUT
    assert f"Approved {offered[:8]} (Staff Nurse)" in out
    assert f"{broken[:8]} (Staff Nurse) cannot be approved: it has only 3 duties (at least 6 needed)." in err

    code, out, _ = run(["feedback", "examples", "--status", "approved"], tmp_path)
    assert out.startswith(f"[approved] {offered[:8]}")
    code, out, _ = run(["feedback", "reject", offered], tmp_path)
    assert (code, out.strip()) == (0, f"Rejected {offered[:8]} (Staff Nurse); it is no longer used in prompts.")

    code, _, err = run(["feedback", "approve", "123456789"], tmp_path)
    assert code == cli.EXIT_BAD_INPUT and "Error: Nothing was changed: no feedback has the id '123456789'" in err


def test_the_command_line_says_when_there_is_no_store(tmp_path):
    code, out, err = run(["feedback", "examples"], tmp_path)
    assert (code, out) == (cli.EXIT_BAD_INPUT, "")
    assert err.startswith(f"Error: There is no feedback store at {tmp_path / 'data' / 'feedback.sqlite3'}")
    assert not (tmp_path / "data").exists()


def test_an_example_stored_as_pt_by_an_older_version_still_serves_a_portuguese_job():
    job = parse_job({"title": "Enfermeiro", "skills": "Triagem", "language": "pt-PT"})
    assert close_enough(job, example("Enfermeiro", "Triagem", language="pt"))
    assert close_enough(job, example("Enfermeiro", "Triagem", language="pt-PT"))
    assert not close_enough(job, example("Enfermeiro", "Triagem", language="es"))
    assert not close_enough(job, example("Enfermeiro", "Triagem", language="xx"))
