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

from ..errors import say
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


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold())


def numbers_in(text: str) -> set[float]:
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


def number_words(text: str) -> set[float]:
    words = _NUMBER_WORDS.split("|")
    values = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20)
    lowered = text.lower()
    return {float(v) for w, v in zip(words, values, strict=False) if re.search(rf"\b{w}\b", lowered)}


class Inputs:
    """Everything the person typed, in forms that are quick to check against."""

    def __init__(self, job):
        get = (lambda name: getattr(job, name, None) or "") if job is not None else (lambda name: "")
        skills = ", ".join(job.skills) if job is not None else ""
        self.topic = fold(
            " \n ".join(
                [get("title"), get("experience"), skills, get("company"), get("about_company"), get("location")]
            )
        )
        self.benefits = fold(get("benefits"))
        self.everything = self.topic + " \n " + self.benefits
        pay = [v for v in (getattr(job, "salary_min", None), getattr(job, "salary_max", None)) if v is not None]
        self.pay_numbers = {float(v) for v in pay}
        self.numbers = numbers_in(self.everything) | self.pay_numbers | number_words(self.everything)
        self.experience_numbers = numbers_in(get("experience")) | number_words(get("experience"))
        self.experience = get("experience")
        self.location = get("location")
        self.currency = (getattr(job, "currency", None) or "").upper()
        self.place = parse_place(self.location) if self.location else None

    def mentions(self, text: str, *, benefits_too: bool = True) -> bool:
        needle = fold(text).strip(" .,;:")
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


def _pay_spans(duty: str, inputs: Inputs, spans: _Spans) -> None:
    """Amounts of money and statements about pay."""
    pay_context = bool(_PAY_CONTEXT.search(duty))
    for match in _MONEY.finditer(duty):
        numbers = numbers_in(match.group())
        repeats_pay = bool(numbers) and numbers <= inputs.pay_numbers
        if pay_context or (numbers & inputs.pay_numbers):
            reason = (
                say("Repeats your pay: pay is shown from the pay fields, not in the duties.")
                if repeats_pay
                else say("A pay amount you did not give: pay is shown only from the pay fields.")
            )
            spans.add(match.start(), match.end(), PAY, reason)
        elif numbers <= inputs.numbers:
            spans.covered(match.start(), match.end())
        else:
            spans.add(
                match.start(), match.end(), AMOUNT, say("An amount of money that is not in your inputs: check it.")
            )
    for match in _PAY_PHRASE.finditer(duty):
        spans.add(match.start(), match.end(), PAY, say("A statement about pay: pay is shown only from the pay fields."))


def _benefit_spans(duty: str, inputs: Inputs, spans: _Spans) -> None:
    for match in _BENEFITS.finditer(duty):
        text = match.group()
        if inputs.mentions(text, benefits_too=False):
            spans.covered(match.start(), match.end())  # the job itself is about this (e.g. a benefits administrator)
            continue
        reason = (
            say("Repeats a benefit you listed: benefits are shown from the benefits field, not in the duties.")
            if inputs.mentions(text)
            else say("A benefit you did not list: benefits come only from your inputs.")
        )
        spans.add(match.start(), match.end(), BENEFIT, reason)


def _figure_spans(duty: str, inputs: Inputs, spans: _Spans) -> None:
    """Years of experience, percentages and currency codes."""
    for match in _EXPERIENCE.finditer(duty):
        numbers = numbers_in(match.group()) | number_words(match.group())
        if numbers and numbers <= inputs.experience_numbers:
            spans.covered(match.start(), match.end())
        else:
            given = say("you gave '{given}'", given=inputs.experience) if inputs.experience else say("you gave none")
            reason = say("Years of experience you did not give ({given}).", given=given)
            spans.add(match.start(), match.end(), EXPERIENCE, reason)
    for match in _PERCENTAGE.finditer(duty):
        if numbers_in(match.group()) <= inputs.numbers:
            spans.covered(match.start(), match.end())
        else:
            spans.add(
                match.start(),
                match.end(),
                PERCENTAGE,
                say("A percentage that is not in your inputs: check it or remove it."),
            )
    for match in _CURRENCY_ALONE.finditer(duty):
        code = match.group().upper()
        if code != inputs.currency and not inputs.mentions(code):
            spans.add(match.start(), match.end(), CURRENCY, say("A currency you did not give."))


def _name_spans(duty: str, inputs: Inputs, spans: _Spans) -> None:
    """Places, company names and brands."""
    pattern, where = _places()
    for match in pattern.finditer(duty):
        country, region = where[match.group()]
        if inputs.has_place(match.group(), country, region):
            spans.covered(match.start(), match.end())
        else:
            if inputs.location:
                reason = say("A place that is not in your location (you gave '{given}').", given=inputs.location)
            else:
                reason = say("A place that is not in your location (you gave no location).")
            spans.add(match.start(), match.end(), LOCATION, reason)
    for match in _COMPANY_SUFFIX.finditer(duty):
        end = match.end() - 1 if match.group().endswith(".") and not duty[match.end() :].strip() else match.end()
        if not inputs.mentions(match.group()):
            spans.add(match.start(), end, ORGANISATION, say("A company name that is not in your inputs."))
    for match in _BRANDS.finditer(duty):
        brand = match.group()
        aliases = (brand, *_BRAND_ALIASES.get(brand.casefold(), ()))
        if any(inputs.mentions(a) for a in aliases):
            spans.covered(match.start(), match.end())
        else:
            spans.add(
                match.start(), match.end(), ORGANISATION, say("A company or product name that is not in your inputs.")
            )


def _qualification_and_number_spans(duty: str, inputs: Inputs, spans: _Spans) -> None:
    """Qualifications nobody asked for, then any other number (the weakest detector, so the last)."""
    for match in _QUALIFICATION.finditer(duty):
        if not inputs.mentions(match.group()):
            spans.add(
                match.start(),
                match.end(),
                QUALIFICATION,
                say("A qualification you did not ask for: duties should say what the job does."),
            )
    harmless = [m.span() for m in _HARMLESS_NUMBERS.finditer(duty)]
    for match in _NUMBER.finditer(duty):
        if any(s <= match.start() < e for s, e in harmless):
            continue
        if numbers_in(match.group()) <= inputs.numbers:
            continue
        spans.add(match.start(), match.end(), NUMBER, say("A number that is not in your inputs: check it."))


def findings_for(duty: str, inputs: Inputs) -> list[tuple[int, int, str, str]]:
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
    inputs = Inputs(job)
    kept: list[str] = []
    findings: list[dict] = []
    for index, duty in enumerate(duties):
        spans = findings_for(duty, inputs)
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
