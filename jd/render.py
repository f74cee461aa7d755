"""Render a job (and its duties) as Markdown, HTML, plain text or schema.org JSON-LD.

Wording and layout live in Jinja templates (templates/*.j2) so they can be edited without touching
Python; a templates folder (the company profile's `templates_dir`, else `Settings.templates_dir`, set by
JD_TEMPLATES_DIR) overrides any built-in template of the same name, the others still come from templates/.
User and model text only ever reaches Jinja as variables, never as template source, so
"{{ 7*7 }}" in a field is printed as typed. HTML templates are autoescaped;
Markdown templates escape user text with the `md` filter (`markdown_escape`).

Output languages: every fixed text is a gettext message in the templates, translated by the
catalogs in jd/locales (see jd/i18n.py); there is one Jinja environment per (override folder,
language). Numbers, money, dates and lists are formatted by Babel in the output language.
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
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import i18n, localize, location
from .equal_treatment import wording_for
from .errors import InvalidInput
from .experience import months_of_experience
from .occupations import Occupation, occupation_of, purpose
from .parsing import strip_list_marker
from .pay_wording import pay_parts
from .settings import Settings
from .spec import Job, WorkMode

if TYPE_CHECKING:  # pragma: no cover
    from .profile import Profile

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


def _lines(value: str | None) -> list[str]:
    """Non-empty lines with any list bullet the person typed removed (the template adds its own)."""
    if not value:
        return []
    lines = (strip_list_marker(line) for line in value.splitlines())
    return [line for line in lines if line]


def _article(phrase: str) -> str:
    """'a' or 'an' for the fixed adjectives used in the role sentence (not for arbitrary user text)."""
    return "an" if phrase[:1].lower() in "aeio" else "a"


def _trim_end(value: str) -> str:
    """A duty inside a sentence: without its own closing punctuation."""
    return str(value).rstrip(" .;:,")


@lru_cache(maxsize=64)
def _environment(override: str, code: str) -> Environment:
    return _new_environment(override, code, i18n.get_translations(code))


@lru_cache(maxsize=32)
def _review_environment(override: str, code: str) -> Environment:
    """The Review panel's: its fixed texts and the review's messages (`say` filter) from the page's catalog."""
    env = _new_environment(override, code, localize.page_catalog(code))
    env.filters["say"] = lambda message: localize.localized(message, code)
    return env


def _new_environment(override: str, code: str, translations: Any) -> Environment:
    builtin = str(DEFAULT_TEMPLATES_DIR)
    env = Environment(
        # Searched in order: a file in the override folder wins over the built-in one of the same name.
        loader=FileSystemLoader([override, builtin] if override and override != builtin else [builtin]),
        autoescape=select_autoescape(["html", "htm", "xml", "html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        md=markdown_escape,
        paragraphs=_paragraphs,
        lines=_lines,
        article=_article,
        trim_end=_trim_end,
        and_list=lambda items: i18n.format_list(items, code),
        vowel=i18n.starts_with_vowel,
        clauses=lambda items: i18n.join_clauses(items, code),
    )
    return env


def get_environment(language: Any = None, templates_dir: str | os.PathLike[str] | None = None) -> Environment:
    """The Jinja environment over the repository's templates/ folder, with the gettext catalog of `language`
    (a jd.spec.Language or its code; English by default). A template found in `templates_dir` (else in
    the server's `Settings.templates_dir`, JD_TEMPLATES_DIR, if set) is used instead of the built-in one of the
    same name."""
    return _environment(_override(templates_dir), i18n.language_code(language))


def _override(templates_dir: str | os.PathLike[str] | None) -> str:
    """The folder whose templates win over the built-in ones (`templates_dir`, else JD_TEMPLATES_DIR), or ""."""
    folder = str(templates_dir or "").strip() or str(Settings.from_env().templates_dir or "")
    override = str(Path(folder).expanduser().resolve()) if folder else ""
    return override


def _job_environment(job: Job, profile: Profile | None) -> Environment:
    return get_environment(job.language, profile.templates_dir if profile else None)


def _format_pay(job: Job, env: Environment, code: str) -> str | None:
    """The pay line through `env`'s pay.txt.j2 (an overriding one is used too), in language `code`; None without
    pay."""
    parts = pay_parts(job, code)
    if parts is None:
        return None
    macro = env.get_template("pay.txt.j2").module.pay  # type: ignore[attr-defined]
    return str(macro(parts.kind, parts.amount, parts.period, parts.basis, parts.payments)).strip()


# ---------------------------------------------------------------------------
# Location


def parse_location(text: str | None) -> dict[str, str | None]:
    """Locality, region and ISO 3166 alpha-2 country of a free-text location (each None if unknown).

    A thin wrapper over jd.location.parse_location, the one parser the review uses too:
    "Denver, CO, USA" and "Denver, CO" -> Denver / CO / US; "Berlin, DE" -> Berlin / None / DE
    (the gazetteer has no Berlin in Delaware); "Toronto, ON, CA" -> Toronto / ON / CA;
    "Atlanta, Georgia" -> Atlanta / Georgia / US; "Remote" -> all None; "Remote (US)" -> country US.
    An ambiguous location ("Georgia", "Springfield") keeps only what the text says for certain.
    """
    place = location.parse_location(text)
    return {"locality": place.city, "region": place.region, "country": place.country}


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


def _one_paragraph(text: str) -> str:
    """Control characters and runs of white space become single spaces (no-break spaces stay: "100 %")."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return re.sub(r"[^\S\u00a0\u202f]+", " ", text).strip()


def _compose_summary(job: Job, duties: list[str], env: Environment) -> str:
    template = env.get_template("role_summary.txt.j2")
    code = i18n.language_code(job.language)
    keep = [*job.skills, job.company or ""]
    in_sentence = [i18n.inside_sentence(duty, code, keep) for duty in duties]
    # O*NET describes occupations in English only: other languages get no purpose sentence, never English.
    role_purpose = purpose(occupation_of(job)) if code == i18n.SOURCE_LANGUAGE else None
    text = template.render(
        job=job,
        duties=in_sentence,
        purpose=role_purpose,
        remote=_is_remote(job),
        years=i18n.parse_years(job.experience),
    )
    return _one_paragraph(text)


def compose_summary(job: Job, duties: Sequence[str], *, profile: Profile | None = None) -> str:
    """ "About the role" from the inputs and the job's occupation, in the job's language
    (templates/role_summary.txt.j2): who is hiring for what; job type, work mode, place and hours; in English,
    what the role is for in the words of O*NET's description of the occupation (the job's `occupation`, else
    its title's sure match). The duties are not repeated: they are listed below it.
    `profile` (jd.profile.Profile) may supply a templates folder."""
    return _compose_summary(job, _clean_duties(duties), _job_environment(job, profile))


def _summary(job: Job, duties: list[str], summary: str | None, env: Environment) -> str:
    if summary is not None and not isinstance(summary, str):
        raise InvalidInput("The role summary must be text.")
    given = _one_paragraph(summary) if summary else ""
    return given or _compose_summary(job, duties, env)


def _phrases(
    job: Job, env: Environment, pay: str | None, apply_by: str | None, years: Any, profile: Profile | None
) -> dict[str, Any]:
    """The sentences of templates/phrases.txt.j2 as plain text (None when the input is missing).

    The macros are called from Python, so they return plain str whatever the format; the format
    templates then escape them (`md`, autoescape). Called from an autoescaping template, a macro's
    text would instead come back as safe Markup, unescaped.
    """
    macros = env.get_template("phrases.txt.j2").module
    wording = wording_for(job, i18n.language_code(job.language))
    # The owner's own statement for this language, when the company profile has one (it replaces the
    # statement only: the lines the country's law or custom asks for stay).
    statement = profile.equal_opportunity_for(job.language) if profile else None

    def text(name: str, *args: Any) -> str:
        return str(getattr(macros, name)(*args)).strip()

    return {
        "about_heading": text("about_heading", job),
        "experience": text("experience_line", job, years) if job.experience else None,
        "skills": text("skills_line", job.skills) if job.skills else None,
        "pay": text("pay_line", pay) if pay else None,
        # Kept for templates folders written before the work mode left "What we offer" (issue 24).
        "work_mode": text("work_mode_line", job, _is_remote(job)) or None,
        "schedule": text("schedule_line", job.schedule) if job.schedule else None,
        "apply": text("apply_text", job, apply_by) if job.apply_at or apply_by else None,
        "equal_opportunity": statement or text("equal_treatment", wording.statement, job),
        "extra_lines": [text("extra_line", name) for name in wording.extras],
    }


def _context(
    job: Job, duties: list[str], env: Environment, summary: str | None, profile: Profile | None, **extra: Any
) -> dict[str, Any]:
    code = i18n.language_code(job.language)
    pay = _format_pay(job, env, code)
    apply_by = i18n.format_date(job.valid_through, code) if job.valid_through else None
    years = i18n.parse_years(job.experience)
    return {
        "job": job,
        "duties": duties,
        "pay": pay,
        "benefits": i18n.split_items(job.benefits),
        "apply_by": apply_by,
        "years": years,
        "remote": _is_remote(job),
        "summary": _summary(job, duties, summary, env),
        "phrases": _phrases(job, env, pay, apply_by, years, profile),
        **extra,
    }


def _tidy(text: str, fmt: str) -> str:
    if fmt == "html":
        text = "\n".join(line for line in text.splitlines() if line.strip())
    else:
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render_job_details(job: Job, *, profile: Profile | None = None) -> str:
    """Markdown summary of the inputs alone (nothing generated): title, company, place, type, pay...
    `profile` (jd.profile.Profile) may supply a templates folder."""
    english = i18n.SOURCE_LANGUAGE
    env = get_environment(english, profile.templates_dir if profile else None)
    context = {
        "job": job,
        "duties": [],
        "pay": _format_pay(job, env, english),
        "benefits": i18n.split_items(job.benefits),
        "apply_by": i18n.format_date(job.valid_through, english) if job.valid_through else None,
        "remote": _is_remote(job),
        "place_readings": list(location.parse_location(job.location).alternatives) if job.location else [],
    }
    text = env.get_template("details.md.j2").render(context)
    return _tidy(text, "markdown")


def render_job_description(
    job: Job,
    duties: Sequence[str],
    fmt: str = "markdown",
    today: date | None = None,
    summary: str | None = None,
    *,
    profile: Profile | None = None,
) -> str:
    """The full description in one of FORMATS, in the job's language; `today` is the posting date when the
    job has none (JSON-LD); `summary` (edited by the person or drafted by a model) replaces the composed
    "About the role" text. `profile` (jd.profile.Profile) may supply the equal-opportunity statement for
    the job's language and a templates folder; its job fields are applied before (Profile.apply)."""
    key = fmt.strip().lower() if isinstance(fmt, str) else fmt
    if key not in FORMATS:
        raise InvalidInput(f"Unknown output format {str(fmt)[:20]!r}; choose one of: {', '.join(FORMATS)}.")
    if key == "json-ld":
        posting = build_job_posting(job, duties, today=today, summary=summary, profile=profile)
        text = json.dumps(posting, indent=2, ensure_ascii=False)
        # Safe inside <script type="application/ld+json">: no "</script>" or "<!--" can appear.
        return text.replace("</", "<\\/").replace("<!--", "\\u003c!--") + "\n"
    env = _job_environment(job, profile)
    context = _context(job, _clean_duties(duties), env, summary, profile, plain=False)
    return _tidy(env.get_template(_TEMPLATE_FOR[key]).render(context), key)


def build_job_posting(
    job: Job,
    duties: Sequence[str],
    today: date | None = None,
    summary: str | None = None,
    *,
    profile: Profile | None = None,
) -> dict[str, Any]:
    """schema.org JobPosting (Google's structured data) from the job's facts and the duties;
    the description is the HTML template with plain=True (p/ul/li only), in the job's language.
    `profile` as for render_job_description."""
    env = _job_environment(job, profile)
    template = env.get_template(_TEMPLATE_FOR["html"])
    context = _context(job, _clean_duties(duties), env, summary, profile, plain=True)
    description = _tidy(template.render(context), "html").strip()
    posted = job.date_posted or today or date.today()
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.display_title,
        "description": description,
        "datePosted": posted.isoformat(),
    }
    if job.valid_through:
        posting["validThrough"] = job.valid_through.isoformat()
    if job.job_type:
        posting["employmentType"] = job.job_type.google
    if job.company:
        posting["hiringOrganization"] = {"@type": "Organization", "name": job.company}
    posting.update(_job_location(job))
    if job.has_pay and job.currency and job.salary_period:
        posting["baseSalary"] = _base_salary(job)
    if job.experience:
        posting["experienceRequirements"] = _experience_requirements(job.experience)
    if job.skills:
        posting["skills"] = ", ".join(job.skills)
    if job.schedule:
        posting["workHours"] = job.schedule
    occupation = occupation_of(job)
    if occupation is not None:
        posting["occupationalCategory"] = occupational_category(occupation, i18n.language_code(job.language))
    if job.apply_at:
        # schema.org: applicationContact is a ContactPoint ("contact details for further information").
        # directApply is left out: it says whether the posting's own URL lets people apply, which we cannot know.
        # inLanguage is left out too: schema.org defines it for CreativeWork, Event..., not for JobPosting.
        contact = {"email": job.apply_at} if job.apply_is_email else {"url": job.apply_at}
        posting["applicationContact"] = {"@type": "ContactPoint", **contact}
    return {key: value if key == "description" else _markup_free(value) for key, value in posting.items()}


ONET_SOC = {"@type": "CategoryCodeSet", "name": "O*NET-SOC 2019", "url": "https://www.onetcenter.org/taxonomy.html"}


def occupational_category(occupation: Occupation, language: str) -> dict[str, Any]:
    """schema.org's occupationalCategory as a CategoryCode: the O*NET-SOC code, its code set, and (in an
    English ad) O*NET's title. A translated ad leaves the English title out: its JSON-LD has no English."""
    category: dict[str, Any] = {"@type": "CategoryCode", "codeValue": occupation.code, "inCodeSet": ONET_SOC}
    if language == i18n.SOURCE_LANGUAGE:
        category["name"] = occupation.title
    return category


def _job_location(job: Job) -> dict[str, Any]:
    """JobPosting's jobLocation, and for a remote job its jobLocationType and applicantLocationRequirements."""
    # The same reading as the review's (jd.location); an ambiguous location keeps only what is certain.
    place = location.parse_location(job.location)
    address = {
        key: value
        for key, value in (
            ("addressLocality", place.city),
            ("addressRegion", place.region),
            ("addressCountry", place.country),
        )
        if value
    }
    remote = _is_remote(job)
    posting: dict[str, Any] = {}
    # A fully remote job only names a place when the text gives a city or region, not just a country.
    if address and (not remote or place.city or place.region):
        posting["jobLocation"] = {"@type": "Place", "address": {"@type": "PostalAddress", **address}}
    if remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        if place.country:
            name = i18n.country_name(place.country, i18n.language_code(job.language))
            posting["applicantLocationRequirements"] = {"@type": "Country", "name": name}
    return posting


def _base_salary(job: Job) -> dict[str, Any]:
    """JobPosting's baseSalary: a MonetaryAmount for a job with pay, a currency and a period."""
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if job.salary_min is not None:
        value["minValue"] = job.salary_min
    if job.salary_max is not None:
        value["maxValue"] = job.salary_max
    value["unitText"] = job.salary_period.unit_text if job.salary_period else None
    return {"@type": "MonetaryAmount", "currency": job.currency, "value": value}


def _experience_requirements(text: str) -> dict[str, Any] | str:
    """schema.org OccupationalExperienceRequirements when the years are read, else the text as typed."""
    years = i18n.parse_years(text)
    if years is None:
        return text
    return {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": months_of_experience(years)}


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


def render_review(review: dict, language: Any = None, templates_dir: str | os.PathLike[str] | None = None) -> str:
    """The Review panel's Markdown, from templates/review.md.j2 (the review dict is built by jd.review), in the
    page's `language` (an output-language code; English by default): its fixed texts and messages come from the
    page's catalog (jd/locales/<code>/LC_MESSAGES/page.po); quoted ad text, citations and names stay as they are."""
    env = _review_environment(_override(templates_dir), i18n.language_code(language))
    return _tidy(env.get_template("review.md.j2").render(review=review), "markdown")
