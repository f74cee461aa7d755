"""Grounding guard: find facts in generated duties that the person never gave.

Small models invent pay ("$120,000"), benefits ("401(k)"), years of
experience ("5+ years"), places ("in London" for a Denver job), company names
and other figures. `check_grounding` flags each with a reason. Duties that
state pay or benefits are removed outright: pay and benefits are shown only
from the job's own fields. Facts that appear in the inputs (title, skills,
company, location, experience...) are not flagged. Detection is deliberately
conservative for names: only known brands and names ending in Inc/Ltd/GmbH...
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pycountry

from ._data import load
from .pay_transparency import parse_place

PAY, CURRENCY, AMOUNT, PERCENTAGE, EXPERIENCE, BENEFIT = (
    "pay",
    "currency",
    "amount",
    "percentage",
    "experience",
    "benefit",
)
LOCATION, ORGANISATION, QUALIFICATION, NUMBER = "location", "organisation", "qualification", "number"
REMOVED_KINDS = frozenset({PAY, BENEFIT})

_CURRENCY_CODES = r"USD|EUR|GBP|CAD|AUD|NZD|JPY|INR|CHF|CNY|SGD|SEK|NOK|DKK|PLN|BRL|MXN|ZAR|HKD"
_SCALE = r"(?:\s?(?:k|K|m|M|mn|bn|million|thousand|billion)\b)?"
_NUMBER_TEXT = r"\d[\d,]*(?:\.\d+)?"
_MONEY = re.compile(
    rf"(?:(?:US|C|A|NZ|HK|S)?[$\u20ac\u00a3\u00a5\u20b9]|\b(?:{_CURRENCY_CODES})\s?)\s?{_NUMBER_TEXT}{_SCALE}"
    rf"(?:\s?(?:-|\u2013|to)\s?(?:[$\u20ac\u00a3\u00a5\u20b9])?\s?{_NUMBER_TEXT}{_SCALE})?"
    rf"|\b{_NUMBER_TEXT}{_SCALE}\s?(?:{_CURRENCY_CODES}|dollars|euros|pounds)\b"
)
_PAY_PHRASE = re.compile(
    r"\b(?:competitive|attractive|generous|excellent|market[\s-]rate|above[\s-]market)\s+(?:base\s+)?"
    r"(?:salary|salaries|pay|compensation|wages?)\b",
    re.I,
)
_CURRENCY_ALONE = re.compile(rf"\b(?:{_CURRENCY_CODES})\b|[$\u20ac\u00a3\u00a5\u20b9]")
_PAY_CONTEXT = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|wages?|earn\w*|income|ote|bonus\w*|commissions?|stipend|"
    r"per\s+(?:hour|year|annum|month|week)|annual(?:ly)?|a\s+year|an\s+hour|hourly)\b|/\s?(?:hr|hour|yr|year)\b",
    re.I,
)
_PERCENTAGE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)")
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
_EXPERIENCE = re.compile(
    rf"\b(?:\d+|{_NUMBER_WORDS})\s*\+?\s*(?:(?:-|\u2013|to)\s*(?:\d+|{_NUMBER_WORDS})\s*\+?\s*)?"
    rf"(?:years?|yrs?)\b(?:\s+of\b)?(?:\s+(?:\w+\s+){{0,2}}?experience\b)?",
    re.I,
)
_BENEFITS = re.compile(
    r"\b(?:PTO|paid\s+time\s+off|paid\s+(?:holidays?|leave|vacation)|vacation\s+days|unlimited\s+(?:vacation|pto)|"
    r"401\s?\(?k\)?|403\s?\(?b\)?|pension(?:\s+plan)?|retirement\s+(?:plan|savings|contributions?|benefits?)|"
    r"(?:health|medical|dental|vision|life|disability)\s+(?:insurance|coverage|benefits|plans?)|"
    r"health\s*care\s+(?:benefits|coverage)|benefits\s+package|"
    r"(?:signing|sign-on|annual|performance|year-end|quarterly)\s+bonus(?:es)?|bonus(?:es)?|"
    r"equity\s+(?:grants?|packages?|compensation|stakes?|awards?)|stock\s+options?|RSUs?|ESPP|profit[\s-]sharing|"
    r"(?:parental|maternity|paternity|sick|family)\s+leave|gym\s+(?:membership|stipend)|wellness\s+stipend|"
    r"tuition\s+(?:reimbursement|assistance)|commuter\s+benefits|relocation\s+(?:assistance|package|support)|"
    r"free\s+(?:lunch|lunches|meals|snacks)|catered\s+(?:lunch|lunches|meals)|"
    r"competitive\s+benefits|remote\s+stipend|home\s+office\s+stipend)",
    re.I,
)
_COMPANY_SUFFIX = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){1,4}(?:Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|LLP|GmbH|PLC|plc|AG|S\.A\.|Co\.)(?=\W|$)"
)
# Well-known employers and vendor products a model tends to drop in; matched case-sensitively.
KNOWN_BRANDS = (
    "Google",
    "Alphabet",
    "Microsoft",
    "Amazon",
    "AWS",
    "Amazon Web Services",
    "Azure",
    "GCP",
    "Google Cloud",
    "Apple",
    "Meta",
    "Facebook",
    "Instagram",
    "WhatsApp",
    "Netflix",
    "IBM",
    "Oracle",
    "Salesforce",
    "SAP",
    "Adobe",
    "Uber",
    "Lyft",
    "Airbnb",
    "Tesla",
    "SpaceX",
    "Stripe",
    "Shopify",
    "Spotify",
    "Twitter",
    "LinkedIn",
    "OpenAI",
    "Anthropic",
    "Nvidia",
    "NVIDIA",
    "Intel",
    "Samsung",
    "Sony",
    "Siemens",
    "Bosch",
    "Deloitte",
    "Accenture",
    "McKinsey",
    "PwC",
    "KPMG",
    "EY",
    "Goldman Sachs",
    "JPMorgan",
    "J.P. Morgan",
    "Morgan Stanley",
    "Walmart",
    "Costco",
    "Nike",
    "Coca-Cola",
    "PepsiCo",
    "Unilever",
    "Nestle",
    "Nestlé",
    "Workday",
    "HubSpot",
    "Zendesk",
    "Tableau",
    "Snowflake",
    "Databricks",
    "Atlassian",
    "Slack",
    "Zoom",
    "Dropbox",
    "Pfizer",
)
_BRANDS = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(b) for b in sorted(KNOWN_BRANDS, key=len, reverse=True)) + r")(?![\w-])"
)
_BRAND_ALIASES = {
    "aws": ("amazon web services", "amazon"),
    "gcp": ("google cloud",),
    "google cloud": ("gcp",),
    "amazon web services": ("aws",),
    "nvidia": ("nvidia",),
}
_QUALIFICATION = re.compile(
    r"\b(?:(?:bachelor|master)'?s(?:\s+degree)?(?:\s+in)?|ph\.?d\.?|doctorate|mba|(?:university|college)\s+degree|degree\s+in|"
    r"diploma|certification|certified|licensed)\b",
    re.I,
)
_NUMBER = re.compile(r"(?<![\w.,/$\u20ac\u00a3])\d+(?:[.,]\d+)*(?![\w%/])")
_HARMLESS_NUMBERS = re.compile(r"\b24\s?/\s?7\b|\b1\s?:\s?1\b|\b360\b")
# Place names that are also ordinary words or first names in English text.
_AMBIGUOUS_PLACES = frozenset(
    {
        "Nice",
        "Sofia",
        "Victoria",
        "Phoenix",
        "Charlotte",
        "Jordan",
        "Chad",
        "Jersey",
        "Guernsey",
        "Columbus",
        "Mobile",
        "Reading",
        "Bath",
        "Man",
        "Guinea",
        "Turkey",
        "Cork",
        "Regina",
        "Georgia",
        "Madison",
        "Austin",
    }
)


@cache
def _places() -> tuple[re.Pattern, dict[str, tuple[str, str | None]]]:
    """A regex of place names, and each name's (country, region code or None)."""
    where: dict[str, tuple[str, str | None]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                where[name] = (country.alpha_2, None)
    for alpha_2, aliases in load("pay_transparency")["country_aliases"].items():
        for alias in aliases:
            if len(alias) > 3 and alias[0].isupper() and "." not in alias:
                where.setdefault(alias, (alpha_2, None))
    for code in ("US", "CA"):
        for sub in pycountry.subdivisions.get(country_code=code):
            where.setdefault(sub.name, (code, sub.code.split("-")[1]))
    data = load("pay_transparency")
    for alpha_2, names in data["cities"].items():
        if not alpha_2.startswith("_"):
            for name in names:
                where.setdefault(name, (alpha_2, None))
    for rule in data["rules"]:
        if rule["country"] in ("US", "CA"):
            for name in rule.get("cities", ()):
                if len(name) > 3 and not name.isupper():
                    where.setdefault(name, (rule["country"], None))
    for name in _AMBIGUOUS_PLACES:
        where.pop(name, None)
    alternatives = "|".join(re.escape(n) for n in sorted(where, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), where


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold())


def _numbers_in(text: str) -> set[float]:
    found = set()
    for match in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s?([kKmM])?\b", text):
        value = float(match.group(1).replace(",", ""))
        found.add(value)
        scale = (match.group(2) or "").lower()
        if scale == "k":
            found.add(value * 1_000)
        elif scale == "m":
            found.add(value * 1_000_000)
    return found


def _number_words(text: str) -> set[float]:
    words = _NUMBER_WORDS.split("|")
    values = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20)
    lowered = text.lower()
    return {float(v) for w, v in zip(words, values, strict=False) if re.search(rf"\b{w}\b", lowered)}


class _Inputs:
    """Everything the person typed, in forms that are quick to check against."""

    def __init__(self, job):
        get = (lambda name: getattr(job, name, None) or "") if job is not None else (lambda name: "")
        skills = ", ".join(job.skills) if job is not None else ""
        self.topic = _fold(
            " \n ".join(
                [get("title"), get("experience"), skills, get("company"), get("about_company"), get("location")]
            )
        )
        self.benefits = _fold(get("benefits"))
        self.everything = self.topic + " \n " + self.benefits
        pay = [v for v in (getattr(job, "salary_min", None), getattr(job, "salary_max", None)) if v is not None]
        self.pay_numbers = {float(v) for v in pay}
        self.numbers = _numbers_in(self.everything) | self.pay_numbers | _number_words(self.everything)
        self.experience_numbers = _numbers_in(get("experience")) | _number_words(get("experience"))
        self.experience = get("experience")
        self.location = get("location")
        self.currency = (getattr(job, "currency", None) or "").upper()
        self.place = parse_place(self.location) if self.location else None

    def mentions(self, text: str, *, benefits_too: bool = True) -> bool:
        needle = _fold(text).strip(" .,;:")
        return bool(needle) and needle in (self.everything if benefits_too else self.topic)

    def has_place(self, name: str, country: str, region: str | None) -> bool:
        if self.mentions(name):
            return True
        if self.place is None:
            return False
        if region is not None:
            return (country, region) in self.place.regions
        # A country name is grounded when the job's location is in that country.
        return name in pycountry_names(country) and country in self.place.countries


@cache
def pycountry_names(alpha_2: str) -> frozenset[str]:
    country = pycountry.countries.get(alpha_2=alpha_2)
    names = {getattr(country, a, None) for a in ("name", "common_name", "official_name")} if country else set()
    names |= set(load("pay_transparency")["country_aliases"].get(alpha_2, ()))
    return frozenset(n for n in names if n)


class _Spans:
    """(start, end, kind, reason) spans found in one text; the first to claim a piece of text keeps it."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str, str]] = []

    def add(self, start: int, end: int, kind: str, reason: str) -> None:
        if all(end <= s or start >= e for s, e, _, _ in self.items):
            self.items.append((start, end, kind, reason))

    def covered(self, start: int, end: int) -> None:
        self.items.append((start, end, "", ""))  # grounded: blocks weaker detectors on the same text

    def findings(self) -> list[tuple[int, int, str, str]]:
        """The findings (not the grounded spans), in text order."""
        return sorted((s for s in self.items if s[2]), key=lambda s: s[0])


def _pay_spans(duty: str, inputs: _Inputs, spans: _Spans) -> None:
    """Amounts of money and statements about pay."""
    pay_context = bool(_PAY_CONTEXT.search(duty))
    for match in _MONEY.finditer(duty):
        numbers = _numbers_in(match.group())
        repeats_pay = bool(numbers) and numbers <= inputs.pay_numbers
        if pay_context or (numbers & inputs.pay_numbers):
            reason = (
                "Repeats your pay: pay is shown from the pay fields, not in the duties."
                if repeats_pay
                else "A pay amount you did not give: pay is shown only from the pay fields."
            )
            spans.add(match.start(), match.end(), PAY, reason)
        elif numbers <= inputs.numbers:
            spans.covered(match.start(), match.end())
        else:
            spans.add(match.start(), match.end(), AMOUNT, "An amount of money that is not in your inputs: check it.")
    for match in _PAY_PHRASE.finditer(duty):
        spans.add(match.start(), match.end(), PAY, "A statement about pay: pay is shown only from the pay fields.")


def _benefit_spans(duty: str, inputs: _Inputs, spans: _Spans) -> None:
    for match in _BENEFITS.finditer(duty):
        text = match.group()
        if inputs.mentions(text, benefits_too=False):
            spans.covered(match.start(), match.end())  # the job itself is about this (e.g. a benefits administrator)
            continue
        reason = (
            "Repeats a benefit you listed: benefits are shown from the benefits field, not in the duties."
            if inputs.mentions(text)
            else "A benefit you did not list: benefits come only from your inputs."
        )
        spans.add(match.start(), match.end(), BENEFIT, reason)


def _figure_spans(duty: str, inputs: _Inputs, spans: _Spans) -> None:
    """Years of experience, percentages and currency codes."""
    for match in _EXPERIENCE.finditer(duty):
        numbers = _numbers_in(match.group()) | _number_words(match.group())
        if numbers and numbers <= inputs.experience_numbers:
            spans.covered(match.start(), match.end())
        else:
            given = f"you gave '{inputs.experience}'" if inputs.experience else "you gave none"
            spans.add(match.start(), match.end(), EXPERIENCE, f"Years of experience you did not give ({given}).")
    for match in _PERCENTAGE.finditer(duty):
        if _numbers_in(match.group()) <= inputs.numbers:
            spans.covered(match.start(), match.end())
        else:
            spans.add(
                match.start(),
                match.end(),
                PERCENTAGE,
                "A percentage that is not in your inputs: check it or remove it.",
            )
    for match in _CURRENCY_ALONE.finditer(duty):
        code = match.group().upper()
        if code != inputs.currency and not inputs.mentions(code):
            spans.add(match.start(), match.end(), CURRENCY, "A currency you did not give.")


def _name_spans(duty: str, inputs: _Inputs, spans: _Spans) -> None:
    """Places, company names and brands."""
    pattern, where = _places()
    for match in pattern.finditer(duty):
        country, region = where[match.group()]
        if inputs.has_place(match.group(), country, region):
            spans.covered(match.start(), match.end())
        else:
            given = f"'{inputs.location}'" if inputs.location else "no location"
            spans.add(match.start(), match.end(), LOCATION, f"A place that is not in your location (you gave {given}).")
    for match in _COMPANY_SUFFIX.finditer(duty):
        end = match.end() - 1 if match.group().endswith(".") and not duty[match.end() :].strip() else match.end()
        if not inputs.mentions(match.group()):
            spans.add(match.start(), end, ORGANISATION, "A company name that is not in your inputs.")
    for match in _BRANDS.finditer(duty):
        brand = match.group()
        aliases = (brand, *_BRAND_ALIASES.get(brand.casefold(), ()))
        if any(inputs.mentions(a) for a in aliases):
            spans.covered(match.start(), match.end())
        else:
            spans.add(match.start(), match.end(), ORGANISATION, "A company or product name that is not in your inputs.")


def _qualification_and_number_spans(duty: str, inputs: _Inputs, spans: _Spans) -> None:
    """Qualifications nobody asked for, then any other number (the weakest detector, so the last)."""
    for match in _QUALIFICATION.finditer(duty):
        if not inputs.mentions(match.group()):
            spans.add(
                match.start(),
                match.end(),
                QUALIFICATION,
                "A qualification you did not ask for: duties should say what the job does.",
            )
    harmless = [m.span() for m in _HARMLESS_NUMBERS.finditer(duty)]
    for match in _NUMBER.finditer(duty):
        if any(s <= match.start() < e for s, e in harmless):
            continue
        if _numbers_in(match.group()) <= inputs.numbers:
            continue
        spans.add(match.start(), match.end(), NUMBER, "A number that is not in your inputs: check it.")


def _findings_for(duty: str, inputs: _Inputs) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, reason) for one duty, without overlaps (earlier detectors win)."""
    spans = _Spans()
    _pay_spans(duty, inputs, spans)
    _benefit_spans(duty, inputs, spans)
    _figure_spans(duty, inputs, spans)
    _name_spans(duty, inputs, spans)
    _qualification_and_number_spans(duty, inputs, spans)
    return spans.findings()


def check_grounding(job, duties: Sequence[str]) -> tuple[list[str], list[dict]]:
    """(kept duties, findings). Each finding: {duty_index, duty, text, start, end, kind, reason, removed}.

    `start`/`end` are offsets inside that duty. Duties with a pay or benefit
    finding are dropped from the kept list (`removed` is True on their findings).
    """
    inputs = _Inputs(job)
    kept: list[str] = []
    findings: list[dict] = []
    for index, duty in enumerate(duties):
        spans = _findings_for(duty, inputs)
        removed = any(kind in REMOVED_KINDS for _, _, kind, _ in spans)
        if not removed:
            kept.append(duty)
        findings.extend(
            {
                "duty_index": index,
                "duty": duty,
                "text": duty[start:end],
                "start": start,
                "end": end,
                "kind": kind,
                "reason": reason,
                "removed": removed,
            }
            for start, end, kind, reason in spans
        )
    return kept, findings


# --- role summaries -----------------------------------------------------------------
#
# A model-drafted role summary is 2-3 sentences built from the card (title, seniority,
# skills, job type, work mode) and the duties. `check_summary` flags what such a summary
# states that the inputs do not support; the service drops flagged sentences. It catches:
#   - everything `check_grounding` catches in a duty (pay, amounts, currencies, percentages,
#     benefits, years of experience, places, company suffixes and known brands, qualifications,
#     numbers not in the inputs);
#   - people: gendered pronouns (he, she, him, his, her, hers, himself, herself, s/he) and
#     descriptions of a person ("a seasoned nurse", "the ideal candidate", "a motivated individual");
#   - years and dates ("since 2012", "in March"), and number words ("two", "dozens", "hundreds");
#   - a job type or work mode that is not the one given ("full-time" for a part-time job);
#   - names: runs of capitalised words (or acronyms) that are not in the inputs or duties,
#     except the first word of a sentence when it stands alone;
#   - claims about the employer or its services that the inputs do not make ("meal delivery",
#     "e-commerce", "start-up", "award-winning", "leading provider", "family-owned", "founded in")
#     and workplace types ("hospital", "restaurant", "warehouse"...) the inputs never name.
# It misses what needs understanding: a duty the card does not imply written in plain words
# ("you will also manage the budget"), wrong seniority ("lead the team" for a junior), or
# vague praise. bench/bench_summary.py measures it with a manual read.

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
    return bool(re.search(rf"(?<![\w-]){re.escape(_fold(word))}(?![\w-])", known))


def _summary_spans(
    sentence: str, inputs: _Inputs, known: str, title_noun: str, arrangements: tuple
) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []

    def add(start: int, end: int, kind: str, reason: str) -> None:
        if all(end <= s or start >= e for s, e, _, _ in spans):
            spans.append((start, end, kind, reason))

    for match in _YEAR.finditer(sentence):  # before the duty checks, which would call a year a number
        if not _mentioned(match.group(), known):
            add(match.start(), match.end(), YEAR, "A year or date that is not in your inputs.")
    for span in _findings_for(sentence, inputs):
        add(*span)
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
    # Runs of capitalised words: names of people, companies, products or places.
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
    return sorted((s for s in spans if s[2]), key=lambda s: s[0])


def check_summary(job, text: str, duties: Sequence[str] = ()) -> list[dict]:
    """Findings for what a role summary states that the inputs (and the duties) do not support.

    Each finding: {sentence_index, sentence, text, start, end, kind, reason}; `start`/`end`
    index into that sentence. An empty list means nothing unsupported was found.
    """
    inputs = _Inputs(job)
    extra = [str(d) for d in duties or ()]
    if job is not None:
        extra += [
            str(getattr(getattr(job, name, None), "value", getattr(job, name, None)) or "")
            for name in ("job_type", "work_mode", "schedule")
        ]
        extra += list(getattr(job, "nice_to_have", ()) or ())
    known = inputs.everything + " \n " + _fold(" \n ".join(extra))
    if extra:
        inputs.topic += " \n " + _fold(" \n ".join(extra))
        inputs.everything = known
        inputs.numbers |= _numbers_in(known) | _number_words(known)
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
