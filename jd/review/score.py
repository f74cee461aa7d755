"""The overall score (0-100), its breakdown, and what to fix first.

Weights (points out of 100; a part that cannot be checked is left out and the
rest are scaled up to 100: no job -> no pay_transparency or completeness; no
duties -> no grounding; a language other than English -> no
inclusive_language, since its word lists are English (review()["checks_skipped"]
says so); a language with no confirmed readability formula (Polish) -> no
readability. Leaving a part out never loosens a rule or threshold of the parts
that remain):

    inclusive_language    25  gender coding 10 (neutral/feminine 10, strongly feminine 8,
                              masculine 6, strongly masculine 2) + exclusionary terms 15
                              (-5 per term); English only
    readability           15  full at reading ease >= 50, zero at <= 10, linear between, on
                              the language's own formula: Flesch (en) and its adaptations
                              (de Amstad, fr Kandel & Moles, es Fernandez Huerta, nl Douma,
                              pt Martins et al.), all calibrated to Flesch's scale; Gulpease (it)
                              full at >= 60, zero at <= 40 (its published bands; stricter)
    length_and_structure  15  words 10 (full in 300-700, scaled down outside) + bullets 5
                              (6-10 full, 4-5/11-12 three, 1-3/13-15 one)
    pay_transparency      20  pay range or one fixed figure 12 ('from'/'up to' 6) + compliance 8 (share of
                              in-force rules this posting meets; full when none apply)
    completeness          15  Google for Jobs required fields 10 (-4 each) + recommended 5 (-1 each)
    grounding             10  -3 per duty removed for invented pay/benefits, -2 per other flag
    relevance             10  share of duties that match a task of the job's occupation (needs duties and an
                              occupation: the job's, or its title's sure match); when present the other
                              parts give up points in proportion, since the total is scaled to 100

Pay-transparency rules count only when "likely required" (in force); "upcoming"
and "expected" ones (an EU member state without a confirmed national law) are
shown and listed to fix, but are not scored as in force.

An ad whose parts belong to different jobs (jd/review/consistency.py: another company's name, another
title, another language) scores at most MIXED_AD_CAP, and those findings come first in the fix-first list.

Fix-first order: legal exposure (pay transparency in force, then upcoming or expected), then invented facts,
then what stops Google for Jobs listing the job, then excluding language,
then length, readability and nice-to-have fields; ties by points lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import Text, say
from ..spec import MAX_DUTIES, MIN_DUTIES
from .words import CATEGORY_WORDS, KIND_WORDS, STATUS_WORDS, VERDICT_WORDS

WEIGHTS = {
    "inclusive_language": 25,
    "readability": 15,
    "length_and_structure": 15,
    "pay_transparency": 20,
    "completeness": 15,
    "grounding": 10,
}
# Relevance (jd/review/relevance.py) counts on top when it applies; the total is scaled back to 100, so the
# other parts give up points in proportion (a full ad with relevance: 110 points scaled to 100).
RELEVANCE_WEIGHT = 10

_GENDER_POINTS = {
    "empty": 10,
    "neutral": 10,
    "feminine-coded": 10,
    "strongly feminine-coded": 8,
    "masculine-coded": 6,
    "strongly masculine-coded": 2,
}


def _clamp(value: float, top: float) -> float:
    return max(0.0, min(top, value))


def _part(points: float, top: int, notes: Sequence[str]) -> dict:
    return {"points": round(_clamp(points, top), 1), "max": top, "notes": list(notes)}


def _inclusive(gender: dict, exclusionary: list[dict]) -> dict:
    gender_points = _GENDER_POINTS[gender["verdict"]]
    terms = _clamp(15 - 5 * len(exclusionary), 15)
    notes = [
        say(
            "gender coding: {verdict} ({masculine} masculine, {feminine} feminine words)",
            verdict=VERDICT_WORDS.get(gender["verdict"], gender["verdict"]),
            masculine=gender["masculine_count"],
            feminine=gender["feminine_count"],
        )
    ]
    if exclusionary:
        notes.append(say("{count} exclusionary or jargon term(s)", count=len(exclusionary)))
    return _part(gender_points + terms, WEIGHTS["inclusive_language"], notes)


def _readability(read: dict) -> dict:
    ease = read["reading_ease"]
    scale = read["ease_scale"]
    points = 15 * _clamp((ease - scale["zero_at"]) / (scale["full_at"] - scale["zero_at"]), 1)
    label = read["ease_label"]
    if read.get("grade_level") is not None:
        note = say(
            "{formula} {ease} ({label}), grade {grade}",
            formula=read["formula"],
            ease=ease,
            label=label,
            grade=read["grade_level"],
        )
    else:
        note = say("{formula} {ease} ({label})", formula=read["formula"], ease=ease, label=label)
    return _part(points, WEIGHTS["readability"], [note])


def _word_points(words: int) -> float:
    low, high = 300, 700
    if words < low:
        return 10 * words / low
    if words > high:
        return 10 * _clamp(1 - (words - high) / high, 1)
    return 10


def _bullet_points(bullets: int) -> float:
    if MIN_DUTIES <= bullets <= MAX_DUTIES:
        return 5
    if MIN_DUTIES - 2 <= bullets <= MAX_DUTIES + 2:
        return 3
    if 1 <= bullets <= MAX_DUTIES + 5:
        return 1
    return 0


def _length(read: dict) -> dict:
    notes = [
        say("{words} words ({verdict})", words=read["words"], verdict=read["length_verdict"]),
        say("{bullets} responsibilities ({verdict})", bullets=read["bullets"], verdict=read["bullets_verdict"]),
    ]
    return _part(_word_points(read["words"]) + _bullet_points(read["bullets"]), WEIGHTS["length_and_structure"], notes)


def _pay(job, rules: list[dict]) -> dict:
    if job.salary_min is not None and job.salary_max is not None:  # a range, or one fixed figure (min == max)
        pay, notes = (
            12,
            [say("pay range given") if job.salary_min != job.salary_max else say("one fixed pay figure given")],
        )
    elif job.has_pay:
        pay, notes = 6, [say("an open-ended pay figure ('from' or 'up to'), not a range")]
    else:
        pay, notes = 0, [say("no pay given")]
    in_force = [r for r in rules if r["status"] == "likely required"]
    if in_force:
        met = sum(r["compliant"] for r in in_force)
        compliance = 8 * met / len(in_force)
        notes.append(
            say("meets {met} of {count} pay-transparency rule(s) likely in force", met=met, count=len(in_force))
        )
    else:
        compliance = 8
    pending = len(rules) - len(in_force)
    if pending:  # upcoming or expected: shown, never scored as in force
        notes.append(say("{count} upcoming or expected rule(s) not counted", count=pending))
    return _part(pay + compliance, WEIGHTS["pay_transparency"], notes)


def _completeness(result: dict) -> dict:
    required, recommended = result["missing_required"], result["missing_recommended"]
    points = _clamp(10 - 4 * len(required), 10) + _clamp(5 - len(recommended), 5)
    notes = [
        say(
            "{required} required and {recommended} recommended Google for Jobs field(s) missing",
            required=len(required),
            recommended=len(recommended),
        )
    ]
    return _part(points, WEIGHTS["completeness"], notes)


def _grounding(findings: list[dict]) -> dict:
    removed = {f["duty_index"] for f in findings if f["removed"]}
    flagged = [f for f in findings if not f["removed"]]
    points = 10 - 3 * len(removed) - 2 * len(flagged)
    notes = [
        say(
            "{removed} duty(ies) removed for invented pay/benefits, {flagged} other detail(s) to check",
            removed=len(removed),
            flagged=len(flagged),
        )
    ]
    return _part(points, WEIGHTS["grounding"], notes)


def _relevance(findings: list[dict]) -> dict:
    off = sum(not f["on_role"] for f in findings)
    points = 10 * (1 - off / len(findings)) if findings else 10
    notes = [say("{off} of {count} duty(ies) match no task of the job's occupation", off=off, count=len(findings))]
    return _part(points, RELEVANCE_WEIGHT, notes)


def breakdown(sections: dict, job, checked_duties: bool) -> dict:
    """Points per part; parts that do not apply are absent."""
    parts = {}
    if sections["gender_coding"].get("checked", True):  # English word lists: English text only
        parts["inclusive_language"] = _inclusive(sections["gender_coding"], sections["exclusionary"])
    if sections["readability"].get("rated", True):
        parts["readability"] = _readability(sections["readability"])
    parts["length_and_structure"] = _length(sections["readability"])
    if job is not None:
        parts["pay_transparency"] = _pay(job, sections["pay_transparency"])
        parts["completeness"] = _completeness(sections["completeness"])
    if checked_duties:
        parts["grounding"] = _grounding(sections["grounding"])
    if sections.get("relevance"):
        parts["relevance"] = _relevance(sections["relevance"])
    return parts


def total(parts: dict) -> int:
    top = sum(p["max"] for p in parts.values())
    return round(100 * sum(p["points"] for p in parts.values()) / top) if top else 0


# An ad whose parts belong to different jobs (another company's name, another title, another language:
# jd/review/consistency.py) is not ready to publish however well the rest reads: its score stops here.
MIXED_AD_CAP = 50


def capped(score: int, consistency: list[dict]) -> int:
    """The score, at most MIXED_AD_CAP when the ad's parts disagree."""
    return min(score, MIXED_AD_CAP) if consistency else score


def _consistency_actions(findings: list[dict]) -> list[_Action]:
    """Parts of another job come before everything else: publishing them publishes another job."""
    actions: list[_Action] = []
    for finding in findings:
        if finding["kind"] == "language":
            advice = say(
                "Write it in {language}, or with a model that writes {language}.", language=finding["expected"]
            )
        else:
            advice = say("Replace it with this job's own text (or compose the summary again).")
        actions.append((0, 100, joined([finding["reason"], advice], " ")))
    return actions


def joined(items: list, separator: str = "; ") -> Text:
    """Items joined by `separator`, each shown in the page's language (the joining template is in no catalog:
    it is kept as it is)."""
    template = separator.join(f"{{item{n}}}" for n in range(len(items)))
    return Text(template, {f"item{n}": item for n, item in enumerate(items)})


def _join(items: list, limit: int = 4) -> Text:
    shown = joined(items[:limit], ", ")
    more = len(items) - limit
    return say("{items} and {more} more", items=shown, more=more) if more > 0 else shown


# One "fix first" action: (tier, points at stake, message); lower tiers come first.
_Action = tuple[float, float, str]
_PAY_TIERS = {"likely required": (1, 8), "upcoming": (1.5, 4), "expected": (1.5, 2)}  # (tier, points per place)


def _place(rule: dict) -> str:
    """ "Columbus, Ohio (Columbus Ord. 2898-2025, 15+ employees, enforced from 2027-01-01)"."""
    cited = rule.get("short_citation") or rule.get("citation") or rule.get("law", "")
    note = rule.get("status_note", "")
    if note and rule["status"] != "expected":  # an expected rule's reason is said once for its group
        cited = joined([cited, note], ", ")
    if not cited:
        return rule["jurisdiction"]
    name = re.sub(r"\s*\(.*\)$", "", rule["jurisdiction"])  # "Germany (European Union (...))": the citation says it
    return say("{name} ({citation})", name=name, citation=cited)


def _pay_actions(rules: list[dict]) -> list[_Action]:
    groups: dict[tuple[str, str, tuple[str, ...]], list[dict]] = {}
    for rule in rules:
        if rule["missing"]:
            note = rule.get("status_note", "") if rule["status"] == "expected" else ""
            groups.setdefault((rule["status"], note, tuple(rule["missing"])), []).append(rule)
    actions: list[_Action] = []
    for (status, note, items), group in groups.items():
        tier, points = _PAY_TIERS.get(status, (1.5, 2))
        remote = (
            say(" (this remote role may be open to people there)") if all(r["basis"] == "remote" for r in group) else ""
        )
        values = {"items": joined(list(items)), "status": STATUS_WORDS.get(status, status), "remote": remote}
        places = _join([_place(r) for r in group])
        if note:
            action = say("Add {items}: {status} in {places}{remote}: {reason}.", places=places, reason=note, **values)
        else:
            action = say("Add {items}: {status} in {places}{remote}.", places=places, **values)
        actions.append((tier, points * len(group), action))
    return actions


def _replace_action(finding: dict) -> str:
    fix = finding.get("fix")
    term, category = finding["term"], CATEGORY_WORDS.get(finding["category"], finding["category"])
    if fix:  # the word the fix button puts in, so that the advice and the button agree
        return say("Replace '{term}' ({category}) with '{fix}'.", term=term, category=category, fix=fix)
    suggestion = (finding.get("suggestion") or "").strip()
    if fix == "" or suggestion.lower() in ("", "remove", "remove it", "delete"):
        return say("Remove '{term}' ({category}).", term=term, category=category)
    return say(
        "Replace '{term}' ({category}): try '{suggestion}'.", term=term, category=category, suggestion=suggestion
    )


def _grounding_actions(grounding: list[dict]) -> list[_Action]:
    """Invented facts in the duties: lines left out, then details to check."""
    actions: list[_Action] = []
    removed = sorted({f["duty_index"] for f in grounding if f["removed"]})
    if removed:
        actions.append(
            (
                2,
                3 * len(removed),
                say(
                    "{count} responsibility line(s) stated pay or benefits and were left out: pay and benefits come "
                    "only from your inputs.",
                    count=len(removed),
                ),
            )
        )
    flagged = [f for f in grounding if not f["removed"]]
    if flagged:
        details = _join(
            [say("'{text}' ({kind})", text=f["text"], kind=KIND_WORDS.get(f["kind"], f["kind"])) for f in flagged]
        )
        actions.append(
            (3, 2 * len(flagged), say("Check details the model added that you never gave: {details}.", details=details))
        )
    return actions


def _wording_actions(exclusionary: list[dict], gender: dict) -> list[_Action]:
    """Excluding terms (the first three by name), then masculine-coded wording."""
    actions: list[_Action] = [(5, 5, _replace_action(finding)) for finding in exclusionary[:3]]
    extra = len(exclusionary) - 3
    if extra > 0:
        actions.append((5, 0, say("Replace {count} more flagged term(s) highlighted in the text.", count=extra)))
    if gender.get("checked", True) and "masculine" in gender["verdict"]:
        actions.append(
            (
                6,
                10 - _GENDER_POINTS[gender["verdict"]],
                say(
                    "The wording is {verdict} ({masculine} masculine vs {feminine} feminine words): rephrase some of "
                    "{words}.",
                    verdict=VERDICT_WORDS.get(gender["verdict"], gender["verdict"]),
                    masculine=gender["masculine_count"],
                    feminine=gender["feminine_count"],
                    words=_join(gender["masculine"]),
                ),
            )
        )
    return actions


def _readability_actions(read: dict, parts: dict) -> list[_Action]:
    """Length, bullet count and reading ease."""
    actions: list[_Action] = []
    if read["length_verdict"] != "good":
        low, high = read["good_words"]
        actions.append(
            (
                7,
                10 - _word_points(read["words"]),
                say(
                    "The description is {verdict} ({words} words): aim for {low}-{high}.",
                    verdict=read["length_verdict"],
                    words=read["words"],
                    low=low,
                    high=high,
                ),
            )
        )
    if read["bullets_verdict"] != "good":
        low, high = read["good_bullets"]
        actions.append(
            (
                7,
                5 - _bullet_points(read["bullets"]),
                say("List {low}-{high} responsibilities (now {bullets}).", low=low, high=high, bullets=read["bullets"]),
            )
        )
    if "readability" in parts and parts["readability"]["points"] < parts["readability"]["max"]:
        grade = say(", grade {grade}", grade=read["grade_level"]) if read.get("grade_level") is not None else ""
        advice = say(
            "Make it easier to read ({formula} {ease}{grade}): use shorter sentences and plainer words.",
            formula=read["formula"],
            ease=read["reading_ease"],
            grade=grade,
        )
        actions.append((7, parts["readability"]["max"] - parts["readability"]["points"], advice))
    return actions


def fix_first(sections: dict, parts: dict) -> list[str]:
    """Plain-language actions, most important first."""
    # 1. Pay transparency: one action per status and group of places that lack the same items, each place
    #    with the rule it applies. In-force rules first; upcoming and expected ones after them (never
    #    worded as "likely required"), an expected one with the reason it is only expected.
    actions = _consistency_actions(sections.get("consistency", []))
    actions += _pay_actions(sections["pay_transparency"])

    # 2. Invented facts in the duties.
    actions += _grounding_actions(sections["grounding"])

    # 2b. Duties of another job.
    off_role = [f for f in sections.get("relevance", ()) if not f["on_role"]]
    if off_role:
        actions.append(
            (
                3.5,
                10 * len(off_role) / len(sections["relevance"]),
                say(
                    "Rewrite or remove duties of another job: {duties}",
                    duties=joined([say("{message}.", message=f["message"]) for f in off_role[:3]], " "),
                ),
            )
        )

    # 3. Google for Jobs required fields.
    required = sections["completeness"]["missing_required"]
    if required:
        actions.append(
            (
                4,
                4 * len(required),
                say("For Google for Jobs, {fields}.", fields=joined([m["message"] for m in required])),
            )
        )

    # 4. Excluding language.
    actions += _wording_actions(sections["exclusionary"], sections["gender_coding"])

    # 5. Length, bullets, readability, recommended fields.
    actions += _readability_actions(sections["readability"], parts)
    recommended = sections["completeness"]["missing_recommended"]
    if recommended:
        actions.append(
            (
                8,
                len(recommended),
                say("Google for Jobs also recommends: {fields}.", fields=joined([m["message"] for m in recommended])),
            )
        )
    actions.sort(key=lambda a: (a[0], -a[1]))
    return [message for _, _, message in actions]
