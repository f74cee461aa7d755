"""Review a job description: inclusive wording, readability, pay transparency,
Google for Jobs completeness, and facts the model invented. All offline.

`review(job, text, duties=())` returns a JSON-serialisable dict with these
stable keys (new keys may be added; these will not change meaning):

    score               int 0-100 (weights in jd/review/score.py)
    breakdown           {part: {points, max, notes: [str]}} for the parts that apply:
                        inclusive_language, readability, length_and_structure,
                        pay_transparency and completeness (need a job), grounding (needs duties)
    fix_first           [str], most important first
    gender_coding       {verdict, masculine: [word], feminine: [word], masculine_count,
                         feminine_count, matches: [{word, stem, coding, start, end}]}
                        verdict: "strongly masculine-coded" | "masculine-coded" | "neutral" |
                        "feminine-coded" | "strongly feminine-coded" | "empty"
    exclusionary        [{term, category, suggestion, start, end}]; category is one of
                        jargon, age, language, culture, ability, gender
    readability         {flesch_reading_ease, grade_level, ease_label, words, sentences, syllables,
                         length_verdict ("too short"|"good"|"too long"), good_words,
                         bullets, bullets_verdict ("too few"|"good"|"too many"), good_bullets}
    pay_transparency    [{id, jurisdiction, law, basis ("location"|"remote"),
                          status ("likely required"|"upcoming"), effective, applies_to,
                          employer_threshold, remote_counts,
                          requirements: [{key, text, met: bool|None}], missing: [str],
                          to_confirm: [str], compliant: bool, notes, source}]
    completeness        {missing_required: [{field, message}], missing_recommended: [{field, message}],
                         remote: bool, checked: bool}
    grounding           [{duty_index, duty, text, start, end, kind, reason, removed}];
                        kind: pay, amount, currency, percentage, experience, benefit, location,
                        organisation, qualification, number
    kept_duties         [str]: the duties minus those removed for invented pay/benefits

Offsets (`start`, `end`) in gender_coding.matches and exclusionary index into
`text`; in grounding they index into that finding's `duty`.
`highlight_html(text, result)` marks the text's findings for display.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..spec import parse_job
from .completeness import completeness
from .gender import gender_coding
from .grounding import check_grounding
from .inclusive import category_descriptions, find_exclusionary
from .pay_transparency import pay_transparency
from .readability import readability
from .score import WEIGHTS, breakdown, fix_first, total

__all__ = [
    "WEIGHTS",
    "check_grounding",
    "completeness",
    "find_exclusionary",
    "gender_coding",
    "highlight_html",
    "pay_transparency",
    "readability",
    "review",
]


def review(job=None, text: str = "", duties: Sequence[str] = (), *, today: date | None = None) -> dict:
    """Review `text` (the rendered description) for `job` (a jd.spec.Job, a job dict, or None) and its `duties`.

    Raises jd.errors.InvalidJob if `job` is a dict that is not a valid job.
    """
    job = parse_job(job) if job is not None else None
    text = text or ""
    duties = [d for d in duties if isinstance(d, str) and d.strip()]
    kept, grounding = check_grounding(job, duties) if duties else ([], [])
    exclusionary = find_exclusionary(text)
    posting = None
    if job is not None:
        from ..render import build_job_posting  # the JSON-LD the app publishes

        posting = build_job_posting(job, kept, today=today)
    sections = {
        "gender_coding": gender_coding(text),
        "exclusionary": exclusionary,
        "readability": readability(text, kept),
        "pay_transparency": pay_transparency(
            job, text, gendered_terms=sum(f["category"] == "gender" for f in exclusionary), today=today
        ),
        "completeness": completeness(posting),
        "grounding": grounding,
    }
    parts = breakdown(sections, job, checked_duties=bool(duties))
    return {
        "score": total(parts),
        "breakdown": parts,
        "fix_first": fix_first(sections, parts),
        **sections,
        "kept_duties": kept,
    }


def _spans(findings) -> list[tuple[int, int, str, str]]:
    """(start, end, title, css class) from a review() result or a list of {start, end, ...} dicts."""
    spans = []
    if isinstance(findings, Mapping):
        categories = category_descriptions()
        for f in findings.get("exclusionary", ()):
            title = f"{categories.get(f['category'], f['category'])} Try: {f['suggestion']}"
            spans.append((f["start"], f["end"], title, f"jd-flag jd-{f['category']}"))
        for m in findings.get("gender_coding", {}).get("matches", ()):
            title = f"{m['coding'].capitalize()}-coded word (Gaucher, Friesen & Kay 2011)"
            spans.append((m["start"], m["end"], title, f"jd-flag jd-{m['coding']}"))
        return spans
    for f in findings or ():
        title = f.get("title") or f.get("reason") or f.get("suggestion") or f.get("category") or ""
        spans.append((f["start"], f["end"], str(title), "jd-flag"))
    return spans


def highlight_html(text: str, findings: Mapping | Iterable[Mapping]) -> str:
    """Escaped HTML of `text` with findings wrapped in <mark title="...">; line breaks become <br>.

    Everything from `text` and the findings is escaped; the only tags added are
    <mark> and <br>. Overlapping findings: the earlier (then longer) one wins.
    """
    text = text or ""
    # Offsets that are not whole numbers cannot be placed (and would break the sort): skip them.
    placeable = [s for s in _spans(findings) if isinstance(s[0], int) and isinstance(s[1], int)]
    # A boundary inside a "\r\n" pair would split the line break in two: move it past the pair.
    def snap(offset: int) -> int:
        inside_crlf = 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"
        return offset + 1 if inside_crlf else offset

    spans = sorted(((snap(a), snap(b), title, css) for a, b, title, css in placeable), key=lambda s: (s[0], s[0] - s[1]))
    pieces: list[str] = []
    position = 0
    for start, end, title, css in spans:
        if start < position or end <= start or end > len(text):
            continue
        pieces.append(html.escape(text[position:start]))
        pieces.append(f'<mark class="{html.escape(css)}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>')
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\r\n", "\n").replace("\n", "<br>\n")
