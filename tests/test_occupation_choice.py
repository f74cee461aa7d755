"""jd/occupation_choice.py without Gradio: which occupation the page uses for a title, the recruiter's pick kept
per title, and suggestions added to their boxes once."""

from __future__ import annotations

from jd import occupation_choice as choice

WAITERS, COUNTER = "35-3031.00", "35-3023.00"


def test_a_sure_title_is_used_an_unsure_one_asks_with_at_most_five_candidates():
    sure = choice.choose("Barista", "en")
    assert (sure.state, sure.occupation.code) == (choice.SURE, "35-3023.01")
    unsure = choice.choose("Server", "en")
    assert unsure.state == choice.ASK and unsure.occupation is None  # nothing is written for a guess
    assert unsure.best == unsure.candidates[0] and 1 < len(unsure.candidates) <= 5
    assert {WAITERS, COUNTER} <= {c["code"] for c in unsure.candidates}
    assert choice.choose("", "en").state == choice.choose("Zzzqx", "en").state == choice.NONE


def test_the_pick_wins_and_is_listed_even_when_the_title_does_not_name_it():
    assert choice.choose("Server", "en", WAITERS).occupation.code == WAITERS
    odd = choice.choose("Server", "en", "13-2011.00")  # e.g. from a draft: still the job's occupation
    assert odd.state == choice.PICKED and odd.candidates[0]["code"] == "13-2011.00"
    assert len(odd.candidates) <= 5
    assert choice.choose("Server", "en", "99-9999.99").state == choice.ASK  # an unknown code is no pick


def test_a_pick_is_kept_for_its_title_and_never_carried_to_another():
    picks = choice.remember_pick({}, "Server", WAITERS)
    assert choice.kept_pick(picks, "  server ", "") == WAITERS  # case and spacing make no other title
    assert choice.kept_pick(picks, "Staff Accountant", WAITERS) == ""  # another job: its own suggestion
    assert choice.kept_pick(picks, "Server", "") == WAITERS  # back to the title: the pick returns
    assert choice.kept_pick({}, "Barista", "35-3023.01") == "35-3023.01"  # a draft's occupation stays
    assert choice.remember_pick(picks, "Server", "") == {}


def test_a_suggested_duty_is_added_once_as_a_bullet_and_offered_no_more():
    text = choice.added_duty("- Greet guests", "Take customer orders")
    assert text == "- Greet guests\n- Take customer orders"
    assert choice.added_duty(text, "take customer orders.") == text
    assert choice.added_duty("", "Take customer orders") == "- Take customer orders"
    offered = ["Take customer orders", "Clean service areas", "Serve food"]
    assert choice.not_listed(offered, choice.listed_duties(text), 5) == ["Clean service areas", "Serve food"]
    assert choice.not_listed(offered, [], 2) == offered[:2]


def test_a_suggested_skill_joins_the_list_the_way_it_is_written():
    assert choice.added_skill("", "Microsoft Excel") == "Microsoft Excel"
    assert choice.added_skill("POS, ", "Microsoft Excel") == "POS, Microsoft Excel"
    assert choice.added_skill("POS\nCash handling", "Excel") == "POS\nCash handling\nExcel"
    assert choice.added_skill("POS, excel", "Excel") == "POS, excel"
    assert choice.listed_skills("POS; Excel\nWord") == ["POS", "Excel", "Word"]
