"""Review a job description: inclusive wording, readability, pay transparency,
Google for Jobs completeness, and facts the model invented. All offline.

`review(job, text, duties=(), *, today=None, language=None)` returns a
JSON-serialisable dict with these stable keys (new keys may be added; these
will not change meaning):

    score               int 0-100 (weights in jd/review/score.py)
    breakdown           {part: {points, max, notes: [str]}} for the parts that apply:
                        inclusive_language (English only), readability (languages with a formula),
                        length_and_structure, pay_transparency and completeness (need a job),
                        grounding (needs duties)
    fix_first           [str], most important first
    language            the language reviewed: ISO 639-1 code ("en", "de", "fr", "es", "nl", "it", "pt", "pl")
    checks_skipped      [str]: checks not run for this language, e.g.
                        "gender-coded wording: not checked for German" (empty for English)
    gender_coding       {verdict, checked: bool, note, masculine: [word], feminine: [word],
                         masculine_count, feminine_count, matches: [{word, stem, coding, start, end}]}
                        verdict: "strongly masculine-coded" | "masculine-coded" | "neutral" |
                        "feminine-coded" | "strongly feminine-coded" | "empty" | "not checked"
                        (English word lists: never applied to other languages)
    exclusionary        [{term, category, suggestion, start, end, why, fix}]; category is one of
                        jargon, age, language, culture, ability, gender, professionalism (profanity,
                        misspelt or spelled-out technology names); `why` is the category's description
                        from jd.review.inclusive.category_descriptions() ([] when not English);
                        `fix`: what the one-click fix puts in ("" removes it), None when there is none
    suggestions         [{id, start, end, term, replacement, category, source}]: one-click fixes for
                        exclusionary findings that have a clean drop-in replacement ("" removes);
                        apply with jd.review.fixes.apply_suggestions(text, suggestions)
    readability         {language, formula, rated: bool, note, reading_ease, flesch_reading_ease,
                         grade_level, ease_label, ease_scale: {full_at, zero_at}, words, sentences,
                         syllables, length_verdict ("too short"|"good"|"too long"), good_words,
                         bullets, bullets_verdict ("too few"|"good"|"too many"), good_bullets}
                        reading_ease: the language's formula (see readability.py); None when
                        not rated ("not rated for Polish"). flesch_reading_ease: Flesch's
                        formula or its adaptation, None for Gulpease. grade_level: English only.
    pay_transparency    [{id, jurisdiction, law, citation, short_citation, status_note,
                          basis ("location"|"remote"),
                          status ("likely required"|"upcoming"|"expected"), effective, enforced_from,
                          applies_to, employer_threshold, remote_counts,
                          requirements: [{key, text, met: bool|None}], missing: [str],
                          to_confirm: [str], compliant: bool, notes, source}]
                        status "likely required": in force (status_note gives a later enforcement
                        date, e.g. "enforced from 2027-01-01"); "upcoming": in force from a later
                        date; "expected": an EU member state with no confirmed national law
                        (status_note: "the Directive's deadline for national law (2026-06-07) has
                        passed; national law is expected"). Only "likely required" rules count in
                        the score. citation: the rule applied with its status ("Cleveland Ord.
                        104-2025, 15+ employees (likely required)"); short_citation without it.
                        (outside English, requirements read from the wording - gender-neutral
                        wording, no pay-history or Canadian-experience questions - are to_confirm)
                        Each finding also has single_figure ("yes"|"hourly"|"no"|"minimum": whether one
                        fixed pay figure is enough there), single_figure_text and checked (the date the
                        rule was last checked); statuses are worked out from the dates on `today`.
    law_data            {checked, stale, note} (None without a job): when the law data was last checked;
                        stale after six months, and note then says "Law data last checked on
                        2026-12-07: check for newer rules before relying on it."
    completeness        {missing_required: [{field, message}], missing_recommended: [{field, message}],
                         remote: bool, checked: bool}
    grounding           [{duty_index, duty, text, start, end, kind, reason, removed}];
                        kind: pay, amount, currency, percentage, experience, benefit, location,
                        organisation, qualification, number
    kept_duties         [str]: the duties minus those removed for invented pay/benefits
    consistency         [{kind, part, text, expected, reason}]: parts of the ad that belong to another job;
                        kind "company" (another company's name), "title" (another job title) or "language"
                        (a part in another language); part "summary" or "responsibilities". Any finding caps
                        the score (jd/review/score.py MIXED_AD_CAP) and comes first in fix_first.
    relevance           [{duty, on_role, closest_task, score, fits, message}]: each duty compared with the
                        tasks of the job's occupation (its `occupation`, else its title's match when
                        the match is sure; [] when neither); see jd/review/relevance.py

Offsets (`start`, `end`) in gender_coding.matches, exclusionary and suggestions index into
`text`; in grounding they index into that finding's `duty`.
`highlight_html(text, result, translate=str)` marks the text's findings for display (titles through `translate`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from ..errors import Text, say
from ..spec import Job, Language
from .completeness import completeness
from .consistency import consistency
from .fixes import apply_suggestions, build_suggestions, replace_term
from .gender import gender_coding
from .grounding import check_grounding
from .inclusive import category_descriptions, find_exclusionary
from .pay_rules import law_data_status
from .pay_transparency import pay_transparency
from .readability import LANGUAGE_NAMES, readability
from .relevance import relevance_findings
from .score import WEIGHTS, breakdown, capped, fix_first, total
from .words import data_text

__all__ = [
    "WEIGHTS",
    "apply_suggestions",
    "check_grounding",
    "completeness",
    "find_exclusionary",
    "gender_coding",
    "highlight_html",
    "pay_transparency",
    "readability",
    "replace_term",
    "resolve_language",
    "review",
]

# Checks built on English word lists or English wording: run for English text only.
ENGLISH_ONLY_CHECKS = {
    "gender_coding": say("gender-coded wording"),
    "exclusionary": say("exclusionary and jargon terms"),
}
_CHECKS = list(ENGLISH_ONLY_CHECKS.values())


def _wording_not_checked(name: str) -> Text:
    return say(
        "pay-transparency wording checks (gender-neutral wording, no pay-history questions): "
        "not checked for {language}, listed to confirm",
        language=name,
    )


# Pay-transparency requirements judged from the wording with English patterns.
_WORDING_REQUIREMENTS = frozenset({"gender_neutral", "no_pay_history", "no_canadian_experience"})


def resolve_language(language=None, job=None) -> str:
    """The ISO 639-1 code to review in: `language` (a code, "de-DE", a Language), else the job's, else "en".

    Raises ValueError for a language the app does not write in.
    """
    value = language if language is not None else getattr(job, "language", None)
    if value is None or (isinstance(value, str) and not value.strip()):
        return "en"
    code = getattr(value, "value", value)
    if isinstance(code, str):
        key = code.strip().lower().replace("_", "-")
        if key[:2] in LANGUAGE_NAMES and (len(key) == 2 or key[2:3] == "-"):
            return key[:2]
        for lang in Language:
            if key in (lang.english_name.lower(), lang.native_name.lower()):
                return lang.value
    names = ", ".join(LANGUAGE_NAMES.values())
    raise ValueError(f"{str(value)[:40]!r} is not a language the review knows; use one of: {names}.")


def _not_checked_gender(name: str) -> dict:
    return {
        "verdict": "not checked",
        "checked": False,
        "note": say("not checked for {language}", language=name),
        "masculine": [],
        "feminine": [],
        "masculine_count": 0,
        "feminine_count": 0,
        "matches": [],
    }


def _gate_pay_rules(findings: list[dict]) -> list[dict]:
    """Outside English, requirements read from the wording cannot be judged: mark them to confirm."""
    gated = []
    for rule in findings:
        requirements = [{**r, "met": None} if r["key"] in _WORDING_REQUIREMENTS else r for r in rule["requirements"]]
        gated.append(
            {
                **rule,
                "requirements": requirements,
                "missing": [r["text"] for r in requirements if r["met"] is False],
                "to_confirm": [r["text"] for r in requirements if r["met"] is None],
                "compliant": all(r["met"] is not False for r in requirements),
            }
        )
    return gated


def _with_fixes(text: str, exclusionary: list[dict]) -> tuple[list[dict], list[dict]]:
    """The one-click fixes, and each finding with why its category matters ("Unprofessional wording: ...")
    and the word its fix puts in ("rockstar" -> "skilled professional"), so that advice and button agree."""
    if exclusionary:
        categories = category_descriptions()
        exclusionary = [{**f, "why": data_text(categories.get(f["category"], ""))} for f in exclusionary]
    suggestions = build_suggestions(text, exclusionary)
    fixes = {s["id"]: s["replacement"] for s in suggestions}
    return [{**f, "fix": fixes.get(f"x{index}")} for index, f in enumerate(exclusionary)], suggestions


def review(
    job: Job | None = None, text: str = "", duties: Sequence[str] = (), *, today: date | None = None, language=None
) -> dict:
    """Review `text` (the rendered description) for `job` (a parsed jd.spec.Job, or None) and its `duties`.

    `language` (a code such as "de" or a jd.spec.Language) is the text's language; by default
    the job's, else English. English word lists and English readability are never applied to
    other languages: those checks say "not checked for German" and drop out of the score.

    Raises ValueError for an unknown `language`.
    """
    code = resolve_language(language, job)
    name = LANGUAGE_NAMES[code]
    english = code == "en"
    text = text or ""
    duties = [d for d in duties if isinstance(d, str) and d.strip()]
    kept, grounding = check_grounding(job, duties) if duties else ([], [])
    exclusionary, suggestions = _with_fixes(text, find_exclusionary(text) if english else [])
    gender = {**gender_coding(text), "checked": True, "note": ""} if english else _not_checked_gender(name)
    skipped = [] if english else [say("{check}: not checked for {language}", check=c, language=name) for c in _CHECKS]
    posting = None
    if job is not None:
        from ..render import build_job_posting  # the JSON-LD the app publishes

        posting = build_job_posting(job, kept, today=today)
    read = readability(text, kept, language=code)
    if not read["rated"]:
        skipped.append(say("readability: {note}", note=read["note"]))
    pay = pay_transparency(job, text, gendered_terms=sum(f["category"] == "gender" for f in exclusionary), today=today)
    if not english and pay:
        pay = _gate_pay_rules(pay)
        skipped.append(_wording_not_checked(name))
    mixed = consistency(job, text, duties, code)
    sections = {
        "gender_coding": gender,
        "exclusionary": exclusionary,
        "readability": read,
        "pay_transparency": pay,
        "completeness": completeness(posting),
        "grounding": grounding,
        "consistency": mixed,
        "relevance": relevance_findings(job, duties),
    }
    parts = breakdown(sections, job, checked_duties=bool(duties))
    return {
        "score": capped(total(parts), mixed),
        "breakdown": parts,
        "fix_first": fix_first(sections, parts),
        "language": code,
        "checks_skipped": skipped,
        **sections,
        "suggestions": suggestions,
        "kept_duties": kept,
        "law_data": law_data_status(today) if job is not None else None,
    }


def _spans(findings, translate: Callable[[object], str] = str) -> list[tuple[int, int, str, str]]:
    """(start, end, title, css class) from a review() result or a list of {start, end, ...} dicts; each title
    through `translate` (the page shows it in its language)."""
    spans = []
    if isinstance(findings, Mapping):
        categories = category_descriptions()
        fixes = {s.get("id"): s for s in findings.get("suggestions", ()) if isinstance(s, Mapping)}
        for index, f in enumerate(findings.get("exclusionary", ())):
            fix = fixes.get(f"x{index}")
            why = data_text(categories[f["category"]]) if f["category"] in categories else f["category"]
            title = translate(say("{why} Try: {suggestion}", why=why, suggestion=f["suggestion"]))
            css = f"jd-flag jd-{f['category']}"
            if fix is not None:
                replacement = fix.get("replacement")
                title += translate(
                    say(" One-click fix: {fix}.", fix=repr(replacement))
                    if replacement
                    else say(" One-click fix: remove it.")
                )
                css += " jd-fixable"
            spans.append((f["start"], f["end"], title, css))
        for m in findings.get("gender_coding", {}).get("matches", ()):
            spans.append(
                (
                    m["start"],
                    m["end"],
                    translate(_CODED_WORD.get(m["coding"], m["coding"])),
                    f"jd-flag jd-{m['coding']}",
                )
            )
        return spans
    for f in findings or ():
        title = f.get("title") or f.get("reason") or f.get("suggestion") or f.get("category") or ""
        spans.append((f["start"], f["end"], translate(title), "jd-flag"))
    return spans


_CODED_WORD = {
    "masculine": say("Masculine-coded word (Gaucher, Friesen & Kay 2011)"),
    "feminine": say("Feminine-coded word (Gaucher, Friesen & Kay 2011)"),
}


def highlight_html(text: str, findings: Mapping | Iterable[Mapping], translate: Callable[[object], str] = str) -> str:
    """Escaped HTML of `text` with findings wrapped in <mark title="...">; line breaks become <br>.

    Everything from `text` and the findings is escaped; the only tags added are
    <mark> and <br>. Overlapping findings: the earlier (then longer) one wins.
    """
    text = text or ""
    # Offsets that are not whole numbers cannot be placed (and would break the sort): skip them.
    placeable = [s for s in _spans(findings, translate) if isinstance(s[0], int) and isinstance(s[1], int)]

    # A boundary inside a "\r\n" pair would split the line break in two: move it past the pair.
    def snap(offset: int) -> int:
        inside_crlf = 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"
        return offset + 1 if inside_crlf else offset

    spans = sorted(
        ((snap(a), snap(b), title, css) for a, b, title, css in placeable), key=lambda s: (s[0], s[0] - s[1])
    )
    pieces: list[str] = []
    position = 0
    for start, end, title, css in spans:
        if start < position or end <= start or end > len(text):
            continue
        pieces.append(html.escape(text[position:start]))
        pieces.append(
            f'<mark class="{html.escape(css)}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>'
        )
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\r\n", "\n").replace("\n", "<br>\n")
