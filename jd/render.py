"""Render a job (and its duties) as Markdown, HTML, plain text or schema.org JSON-LD.

Wording and layout live in Jinja templates (templates/*.j2, or the folder in
JD_TEMPLATES_DIR) so they can be edited without touching Python. User and model
text only ever reaches Jinja as variables, never as template source, so
"{{ 7*7 }}" in a field is printed as typed. HTML templates are autoescaped;
Markdown templates escape user text with the `md` filter (`markdown_escape`).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .errors import InvalidInput
from .spec import Job, WorkMode, format_pay, parse_job

FORMATS = ("markdown", "html", "text", "json-ld")
_TEMPLATE_FOR = {
    "markdown": "job_description.md.j2",
    "html": "job_description.html.j2",
    "text": "job_description.txt.j2",
}
DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# ---------------------------------------------------------------------------
# Filters


# Characters that can start links, images, inline HTML, code or emphasis.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Block syntax at the start of a line: headings, quotes, list items, setext underlines.
_MD_BLOCK_START = re.compile(r"^([ \t]*)(#|>|[-+](?=[ \t]|$)|[=-]+[ \t]*$)", re.MULTILINE)
_MD_ORDERED_ITEM = re.compile(r"^([ \t]*\d+)([.)])(?=[ \t]|$)", re.MULTILINE)
# "Ops #" at the end of a heading line is an optional closing sequence that Markdown drops.
_MD_CLOSING_HASHES = re.compile(r"(?<=[ \t])#(?=#*[ \t]*$)", re.MULTILINE)
# GFM renderers (Gradio's preview, GitHub) turn bare URLs and e-mail addresses into links, and the link
# then swallows our escapes ("https://x.example/a\_b"). "https\://", "www\." and "\@" show as typed
# but are no longer recognised as links.
_MD_AUTOLINK = re.compile(r"\b(https?|ftp|mailto|xmpp|www)([:.])|(@)", re.IGNORECASE)


def markdown_escape(value: Any) -> str:
    """Escape text so Markdown shows it literally: no links (not even bare URLs), images, HTML, code or emphasis."""
    text = _MD_INLINE.sub(r"\\\1", str(value))
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_BLOCK_START.sub(r"\1\\\2", text)
    text = _MD_CLOSING_HASHES.sub(r"\\#", text)
    text = _MD_AUTOLINK.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else "\\@", text)
    return _MD_ORDERED_ITEM.sub(r"\1\\\2", text)


def _paragraphs(value: str | None) -> list[str]:
    """Split multi-line text on blank lines; single line breaks stay inside the paragraph."""
    if not value:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]


_BULLET = re.compile(r"^(?:[-*+\u2022\u00b7]\s+|\d+[.)]\s+)")


def _lines(value: str | None) -> list[str]:
    """Non-empty lines with any list bullet the person typed removed (the template adds its own)."""
    if not value:
        return []
    lines = (_BULLET.sub("", line.strip()).strip() for line in value.splitlines())
    return [line for line in lines if line]


def _article(phrase: str) -> str:
    """'a' or 'an' for the fixed adjectives used in the role sentence (not for arbitrary user text)."""
    return "an" if phrase[:1].lower() in "aeio" else "a"


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html", "htm", "xml", "html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=markdown_escape, paragraphs=_paragraphs, lines=_lines, article=_article)
    return env


def get_environment() -> Environment:
    """The Jinja environment over JD_TEMPLATES_DIR (if set) or the repository's templates/ folder."""
    folder = os.environ.get("JD_TEMPLATES_DIR", "").strip() or str(DEFAULT_TEMPLATES_DIR)
    return _environment(str(Path(folder).resolve()))


# ---------------------------------------------------------------------------
# Location


_COUNTRY_ALIASES = {
    "uk": "GB", "greatbritain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northernireland": "GB", "us": "US", "usa": "US", "unitedstates": "US", "unitedstatesofamerica": "US",
    "america": "US", "uae": "AE", "russia": "RU", "turkey": "TR", "holland": "NL", "thenetherlands": "NL",
    "korea": "KR", "ivorycoast": "CI", "czechrepublic": "CZ", "deutschland": "DE",
}  # fmt: skip
_US_STATES = {s.code[3:]: s.name for s in pycountry.subdivisions.get(country_code="US")}
_US_STATE_NAMES = {name.casefold() for name in _US_STATES.values()}
# Words that are not a place we can put in an address: work modes, macro-regions, postcodes.
_NOT_A_PLACE = re.compile(
    r"\b(fully remote|remote|hybrid|on-?site|in office|anywhere|worldwide|global|eu|europe|emea|apac|latam|americas"
    r"|north america|asia|africa|oceania|timezones?|time zones?|[A-Z]{2,4}[+-]\d{1,2}|\d[\d-]{2,})\b",
    re.IGNORECASE,
)


def _is_us_state(part: str) -> bool:
    return part.upper() in _US_STATES if len(part) == 2 else part.casefold() in _US_STATE_NAMES


def _country_code(part: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name, alias or code; None when it is not a country."""
    key = re.sub(r"[\s.]", "", part).casefold()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    if not key.isalpha():
        return None
    if len(key) == 2:
        country = pycountry.countries.get(alpha_2=key.upper())
    elif len(key) == 3:
        country = pycountry.countries.get(alpha_3=key.upper())
    else:
        try:
            country = pycountry.countries.lookup(re.sub(r"^the\s+", "", part.strip(), flags=re.IGNORECASE))
        except LookupError:
            country = None
    return country.alpha_2 if country else None


def parse_location(text: str | None) -> dict[str, str | None]:
    """Split free-text location into locality, region and ISO 3166 alpha-2 country (each None if unknown).

    "Denver, CO, USA" and "Denver, CO" -> Denver / CO / US (a two-letter US state code after a
    city means the US, even where it is also a country code: "Berlin, DE" reads as Delaware);
    "Berlin, Germany" -> Berlin / None / DE; "London, UK" -> London / None / GB;
    "Remote" -> all None; "Remote (US)" -> country US.
    """
    result: dict[str, str | None] = {"locality": None, "region": None, "country": None}
    if not text:
        return result
    stripped = _NOT_A_PLACE.sub(",", text)
    parts = [p.strip(" \t-\u2013\u2014") for p in re.split(r"[,;/|()\[\]]|\s[-\u2013\u2014]\s", stripped)]
    parts = [p for p in parts if p]
    if not parts:
        return result
    country = None
    if len(parts) >= 2 and len(parts[-1]) == 2 and _is_us_state(parts[-1]):
        country = "US"  # "Denver, CO": the state stays as the region
    else:
        country = _country_code(parts[-1])
        if country:
            parts.pop()
    if len(parts) >= 2:
        result["locality"], result["region"] = parts[-2], parts[-1]
    elif parts:
        result["locality"] = parts[0]
    region = result["region"]
    if region and country in (None, "US") and _is_us_state(region):
        country = "US"
        if len(region) == 2:
            result["region"] = region.upper()
    result["country"] = country
    return result


def _is_remote(job: Job) -> bool:
    """Fully remote: work mode Remote, or no work mode and a location that says remote."""
    if job.work_mode is not None:
        return job.work_mode is WorkMode.REMOTE
    return bool(job.location and re.search(r"\bremote\b", job.location, re.IGNORECASE))


# ---------------------------------------------------------------------------
# Rendering


def _clean_duties(duties: Sequence[str]) -> list[str]:
    if isinstance(duties, (str, bytes)) or not isinstance(duties, Sequence):
        raise InvalidInput("The responsibilities must be a list of short sentences.")
    clean = []
    for duty in duties:
        if not isinstance(duty, str):
            raise InvalidInput("Each responsibility must be text.")
        # Model output may carry stray control characters or line breaks: one duty is one line.
        text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in duty)
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            clean.append(text)
    return clean


def _context(job: Job, duties: list[str], **extra: Any) -> dict[str, Any]:
    env = get_environment()
    remote = _is_remote(job)
    role_summary = env.get_template("role_summary.txt.j2").render(job=job, remote=remote).strip()
    return {
        "job": job,
        "duties": duties,
        "pay": format_pay(job),
        "remote": remote,
        "role_summary": re.sub(r"\s+", " ", role_summary),
        **extra,
    }


def _tidy(text: str, fmt: str) -> str:
    if fmt == "html":
        text = "\n".join(line for line in text.splitlines() if line.strip())
    else:
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render_job_details(job: Job) -> str:
    """Markdown summary of the inputs alone (nothing generated): title, company, place, type, pay..."""
    job = parse_job(job)
    text = get_environment().get_template("details.md.j2").render(_context(job, []))
    return _tidy(text, "markdown")


def render_job_description(job: Job, duties: Sequence[str], fmt: str = "markdown", today: date | None = None) -> str:
    """The full description in one of FORMATS; `today` is the posting date when the job has none (JSON-LD)."""
    key = fmt.strip().lower() if isinstance(fmt, str) else fmt
    if key not in FORMATS:
        raise InvalidInput(f"Unknown output format {str(fmt)[:20]!r}; choose one of: {', '.join(FORMATS)}.")
    job = parse_job(job)
    if key == "json-ld":
        posting = build_job_posting(job, duties, today=today)
        text = json.dumps(posting, indent=2, ensure_ascii=False)
        # Safe inside <script type="application/ld+json">: no "</script>" or "<!--" can appear.
        return text.replace("</", "<\\/").replace("<!--", "\\u003c!--") + "\n"
    template = get_environment().get_template(_TEMPLATE_FOR[key])
    return _tidy(template.render(_context(job, _clean_duties(duties), plain=False)), key)


def build_job_posting(job: Job, duties: Sequence[str], today: date | None = None) -> dict[str, Any]:
    """schema.org JobPosting (Google's structured data) from the job's facts and the duties."""
    job = parse_job(job)
    template = get_environment().get_template(_TEMPLATE_FOR["html"])
    description = _tidy(template.render(_context(job, _clean_duties(duties), plain=True)), "html").strip()
    posted = job.date_posted or today or date.today()
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": description,
        "datePosted": posted.isoformat(),
    }
    if job.valid_through:
        posting["validThrough"] = job.valid_through.isoformat()
    if job.job_type:
        posting["employmentType"] = job.job_type.google
    if job.company:
        posting["hiringOrganization"] = {"@type": "Organization", "name": job.company}
    place = parse_location(job.location)
    address = {
        key: value
        for key, value in (
            ("addressLocality", place["locality"]),
            ("addressRegion", place["region"]),
            ("addressCountry", place["country"]),
        )
        if value
    }
    remote = _is_remote(job)
    # A fully remote job only names a place when the text gives a city or region, not just a country.
    if address and (not remote or place["locality"] or place["region"]):
        posting["jobLocation"] = {"@type": "Place", "address": {"@type": "PostalAddress", **address}}
    if remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        if place["country"]:
            country = pycountry.countries.get(alpha_2=place["country"])
            name = country.name if country else place["country"]
            posting["applicantLocationRequirements"] = {"@type": "Country", "name": name}
    if job.has_pay and job.currency and job.salary_period:
        value: dict[str, Any] = {"@type": "QuantitativeValue"}
        if job.salary_min is not None:
            value["minValue"] = job.salary_min
        if job.salary_max is not None:
            value["maxValue"] = job.salary_max
        value["unitText"] = job.salary_period.unit_text
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.currency, "value": value}
    if job.experience:
        posting["experienceRequirements"] = job.experience
    if job.skills:
        posting["skills"] = ", ".join(job.skills)
    return {key: value if key == "description" else _markup_free(value) for key, value in posting.items()}


# "<" opens a tag, comment or declaration in any HTML parser when a letter, "/", "!" or "?" follows.
_MARKUP_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def _markup_free(value: Any) -> Any:
    """JSON-LD's text fields are plain text, but job boards paste them into pages, often unescaped.

    Every "<" that would open markup becomes "‹" (U+2039, which no Unicode normalisation maps back
    to "<"); "a < b" and "<3" stay as typed. The description is HTML and is escaped by its template.
    """
    if isinstance(value, str):
        return _MARKUP_OPEN.sub("\u2039", value)
    if isinstance(value, dict):
        return {key: _markup_free(item) for key, item in value.items()}
    return value


def render_review(review: dict) -> str:
    """The Review panel's Markdown, from templates/review.md.j2 (the review dict is built by jd.review)."""
    return _tidy(get_environment().get_template("review.md.j2").render(review=review), "markdown")
