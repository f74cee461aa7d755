"""Role summaries checked against the inputs: what a summary states that they do not support.

A model-drafted role summary is 2-3 sentences built from the card (title, seniority,
skills, job type, work mode) and the duties. `check_summary` flags what such a summary
states that the inputs do not support; the service drops flagged sentences. It catches:
  - everything `check_grounding` catches in a duty (pay, amounts, currencies, percentages,
    benefits, years of experience, places, company suffixes and known brands, qualifications,
    numbers not in the inputs);
  - people: gendered pronouns (he, she, him, his, her, hers, himself, herself, s/he) and
    descriptions of a person ("a seasoned nurse", "the ideal candidate", "a motivated individual");
  - years and dates ("since 2012", "in March"), and number words ("two", "dozens", "hundreds");
  - a job type or work mode that is not the one given ("full-time" for a part-time job);
  - names: runs of capitalised words (or acronyms) that are not in the inputs or duties,
    except the first word of a sentence when it stands alone;
  - claims about the employer or its services that the inputs do not make ("meal delivery",
    "e-commerce", "start-up", "award-winning", "leading provider", "family-owned", "founded in")
    and workplace types ("hospital", "restaurant", "warehouse"...) the inputs never name.
It misses what needs understanding: a duty the card does not imply written in plain words
("you will also manage the budget"), wrong seniority ("lead the team" for a junior), or
vague praise. bench/bench_summary.py measures it with a manual read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .grounding import NUMBER, Inputs, findings_for, fold, number_words, numbers_in

# add(start, end, kind, reason): a finding's span in the sentence, unless it overlaps one already found.
_Add = Callable[[int, int, str, str], None]

PERSON, YEAR, NAME, EMPLOYER_CLAIM, WORKPLACE = "person", "year", "name", "employer claim", "workplace"
ARRANGEMENT = "arrangement"

_GENDERED = re.compile(r"\b(?:s/he|he/she|she/he|he|she|him|his|her|hers|himself|herself)\b", re.I)
_PERSON_WORDS = (
    "seasoned|veteran|experienced|talented|passionate|dedicated|motivated|skilled|qualified|ideal|successful|"
    "dynamic|driven|enthusiastic|energetic|young|mature|proven|accomplished|expert|competent|hardworking|"
    "hard-working|reliable|confident|detail-oriented|self-motivated|results-driven"
)
_PERSON_NOUNS = (
    "candidate|candidates|applicant|applicants|person|individual|professional|expert|specialist|worker|"
    "employee|hire|self-starter|team player|man|woman|gentleman|lady|guy|girl|boy"
)
_SENTENCE_STARTERS = frozenset(
    "a an the this that these those our your their its as in on at with for from by to join you we they it "
    "if when while working each every all some most after before during and but or so".split()
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
_YEAR = re.compile(rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b")
_SUMMARY_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|dozen|dozens|billion|billions)\b",
    re.I,
)
_EMPLOYER_CLAIMS = re.compile(
    r"\b(?:(?:meal|food|grocery|parcel|package|same-day)\s+deliver(?:y|ies)|ride[\s-](?:sharing|hailing)|"
    r"e-?commerce|online\s+(?:marketplace|store|retailer|shop|platform)|start-?ups?|non-?profits?|charity|charities|"
    r"family[\s-](?:owned|run)|award[\s-]winning|fast[\s-]growing|rapidly\s+growing|world[\s-]class|"
    r"(?:industry|market)[\s-]leading|(?:global|industry|market|world)\s+leaders?|"
    r"leading\s+(?:company|companies|provider|firm|brand|retailer|organi[sz]ation|supplier|manufacturer|employer|"
    r"agency|hospital|clinic|restaurant|hotel|bank)|multinational|franchise|saas|fintech|healthtech|edtech|biotech|"
    r"michelin(?:[\s-]starred)?|boutique|luxury|five[\s-]star|(?:headquartered|founded|established)\s+in|"
    r"customers?\s+(?:across|around)\s+the\s+world|worldwide|nationwide)\b",
    re.I,
)
_WORKPLACES = re.compile(
    r"\b(?:hospitals?|clinics?|care\s+homes?|nursing\s+homes?|restaurants?|hotels?|banks?|schools?|universit(?:y|ies)|"
    r"factor(?:y|ies)|warehouses?|agenc(?:y|ies)|law\s+firms?|studios?|shops?|stores?|supermarkets?|baker(?:y|ies)|"
    r"caf[eé]s?|garages?|salons?|gyms?|laborator(?:y|ies)|labs?|pharmac(?:y|ies)|airports?|airlines?|"
    r"call\s+cent(?:er|re)s?|data\s+cent(?:er|re)s?|construction\s+sites?|farms?|kitchens?|offices?)\b",
    re.I,
)
# Job types and work modes; the ambiguous words ("remote", "contract", "temporary", "hybrid"...)
# only where a following word says they describe the job ("a temporary role", not "a temporary fix").
_ARRANGEMENTS = re.compile(
    r"\b(?:full[\s-]?time|part[\s-]?time|on[\s-]?site|in[\s-]person|internship|remotely|from\s+home|"
    r"(?:remote|contract|temporary|permanent|freelance|fixed[\s-]term|hybrid)(?=[\s,-]+(?:[\w-]+[\s,-]+){0,3}?"
    r"(?:role|position|job|post|basis|opportunity|work|working|team|contract)\b))\b",
    re.I,
)
_SAME_ARRANGEMENT = {"inperson": "onsite", "remotely": "remote", "fromhome": "remote", "internship": "internship"}


def _arrangement_key(text: str) -> str:
    key = re.sub(r"[\s-]+", "", text.casefold())
    return _SAME_ARRANGEMENT.get(key, key)


_CAPITALISED = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’&.-]*[\w]|[A-Z])(?![\w'’-])")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def summary_sentences(text: str) -> list[str]:
    """The summary's sentences, in order (a plain split at . ! ? before a capital letter or digit)."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()] if text else []


def _mentioned(word: str, known: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(fold(word))}(?![\w-])", known))


def _person_spans(sentence: str, title_noun: str, add: _Add) -> None:
    for match in _GENDERED.finditer(sentence):
        add(match.start(), match.end(), PERSON, "A gendered pronoun: describe the role, not a person (use you).")
    nouns = _PERSON_NOUNS + (f"|{re.escape(title_noun)}s?" if len(title_noun) > 2 else "")
    person = re.compile(
        rf"\b(?:a|an|the|our)\s+(?:(?:highly|very|truly|an?)\s+)?(?:{_PERSON_WORDS})\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b",
        re.I,
    )
    for match in person.finditer(sentence):
        add(
            match.start(),
            match.end(),
            PERSON,
            "Describes a person rather than the role: the inputs say nothing about them.",
        )


def _claim_spans(sentence: str, known: str, arrangements: tuple, add: _Add) -> None:
    """Job types and work modes not given, number words, claims about the employer, kinds of workplace."""
    given = {_arrangement_key(str(getattr(v, "value", v))) for v in arrangements if v}
    for match in _ARRANGEMENTS.finditer(sentence):
        if _arrangement_key(match.group()) not in given:
            what = ", ".join(sorted(str(getattr(v, "value", v)) for v in arrangements if v)) or "none"
            add(
                match.start(),
                match.end(),
                ARRANGEMENT,
                f"A job type or work mode that is not the one you gave (you gave: {what}).",
            )
    for match in _SUMMARY_NUMBER_WORDS.finditer(sentence):
        if not _mentioned(match.group(), known):
            add(match.start(), match.end(), NUMBER, "A number that is not in your inputs.")
    for match in _EMPLOYER_CLAIMS.finditer(sentence):
        if not _mentioned(match.group(), known):
            add(
                match.start(),
                match.end(),
                EMPLOYER_CLAIM,
                "A claim about the employer or its services that your inputs do not make.",
            )
    for match in _WORKPLACES.finditer(sentence):
        word = match.group()
        singular = re.sub(r"(?:ies)$", "y", word) if word.lower().endswith("ies") else word.rstrip("s")
        if not (_mentioned(word, known) or _mentioned(singular, known)):
            add(match.start(), match.end(), WORKPLACE, "A kind of workplace your inputs do not name.")


def _name_spans(sentence: str, known: str, add: _Add) -> None:
    """Runs of capitalised words: names of people, companies, products or places."""
    words = list(_CAPITALISED.finditer(sentence))
    runs: list[list[re.Match]] = []
    for match in words:
        if runs and sentence[runs[-1][-1].end() : match.start()].strip() == "":
            runs[-1].append(match)
        else:
            runs.append([match])
    lead = len(sentence) - len(sentence.lstrip('"“‘('))  # opening quotes and brackets
    for run in runs:
        if run[0].start() <= lead:
            first = run[0].group()
            if len(run) == 1 or first.lower() in _SENTENCE_STARTERS:
                run = run[1:]  # a sentence's first word is capitalised anyway
        run = [m for m in run if m.group() != "I"]
        if not run:
            continue
        start, end = run[0].start(), run[-1].end()
        name = sentence[start:end].rstrip(".")
        if _mentioned(name, known) or all(_mentioned(m.group().rstrip("."), known) for m in run):
            continue
        add(start, start + len(name), NAME, "A name that is not in your inputs (a person, company, product or place?).")


def _summary_spans(
    sentence: str, inputs: Inputs, known: str, title_noun: str, arrangements: tuple
) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []

    def add(start: int, end: int, kind: str, reason: str) -> None:
        if all(end <= s or start >= e for s, e, _, _ in spans):
            spans.append((start, end, kind, reason))

    for match in _YEAR.finditer(sentence):  # before the duty checks, which would call a year a number
        if not _mentioned(match.group(), known):
            add(match.start(), match.end(), YEAR, "A year or date that is not in your inputs.")
    for span in findings_for(sentence, inputs):
        add(*span)
    _person_spans(sentence, title_noun, add)
    _claim_spans(sentence, known, arrangements, add)
    _name_spans(sentence, known, add)
    return sorted((s for s in spans if s[2]), key=lambda s: s[0])


def check_summary(job, text: str, duties: Sequence[str] = ()) -> list[dict]:
    """Findings for what a role summary states that the inputs (and the duties) do not support.

    Each finding: {sentence_index, sentence, text, start, end, kind, reason}; `start`/`end`
    index into that sentence. An empty list means nothing unsupported was found.
    """
    inputs = Inputs(job)
    extra = [str(d) for d in duties or ()]
    if job is not None:
        extra += [
            str(getattr(getattr(job, name, None), "value", getattr(job, name, None)) or "")
            for name in ("job_type", "work_mode", "schedule")
        ]
        extra += list(getattr(job, "nice_to_have", ()) or ())
    known = inputs.everything + " \n " + fold(" \n ".join(extra))
    if extra:
        inputs.topic += " \n " + fold(" \n ".join(extra))
        inputs.everything = known
        inputs.numbers |= numbers_in(known) | number_words(known)
    title_words = re.findall(r"[^\W\d_]+", str(getattr(job, "title", "") or ""))
    title_noun = title_words[-1].lower() if title_words else ""
    arrangements = (getattr(job, "job_type", None), getattr(job, "work_mode", None)) if job is not None else ()
    findings: list[dict] = []
    for index, sentence in enumerate(summary_sentences(text)):
        for start, end, kind, reason in _summary_spans(sentence, inputs, known, title_noun, arrangements):
            findings.append(
                {
                    "sentence_index": index,
                    "sentence": sentence,
                    "text": sentence[start:end],
                    "start": start,
                    "end": end,
                    "kind": kind,
                    "reason": reason,
                }
            )
    return findings
