"""Every text the page shows a person: labels, help, buttons, notices and status lines, in one place.

`TEXT` is the English source, by key. The translations are gettext catalogs a translator edits without
Python: jd/locales/<code>/LC_MESSAGES/page.po, one entry per key (its `msgctxt`) with the English as `msgid`;
`scripts/page_catalog.py` refreshes them after an English text changes (and collects the domain's messages
made with jd.errors.say, which `localized` shows in the page's language).

The page declares its texts with `shown(key)`: Gradio's `gr.I18n` (`i18n()`, passed to launch) shows them in
the browser's language and follows the language switch. Handlers write with `t(key, **values)`, in the
language of the visitor whose event runs (jd/ui_language.py).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

import gradio as gr

from . import localize
from .batch import DONE, FAILED, TO_DO
from .feedback import RATINGS
from .localize import page_catalog
from .spec import JOB_TYPES, LANGUAGE_CHOICES, SALARY_PERIODS, TONES, WORK_MODES
from .ui_language import ENGLISH, PAGE_LANGUAGES, current_language, output_language
from .workspace import FIELD_NAMES

BULK_COLUMNS = ("row", "title", "status", "score", "error")  # the bulk summary's columns on the page and in /bulk
BULK_STATUSES = (DONE, FAILED, TO_DO)

TEXT: dict[str, str] = {
    # ---- the page ---------------------------------------------------------------------------------
    "app_title": "JD Generator",
    "header": (
        "# JD Generator\nType the role's facts, let the model draft the key responsibilities, edit them, and "
        "get a complete, fair job description. Pay and benefits come only from what you type."
    ),
    "page_language": "Language of this page",
    "skip_links": "Skip links",
    "skip_to_form": "Skip to the job form",
    "skip_to_ad": "Skip to the job description",
    "sign_in": "Sign in with Hugging Face to use your own inference quota",
    "page_write": "Write a job description",
    "page_bulk": "Bulk",
    "page_owner": "Feedback report",
    # ---- actions ----------------------------------------------------------------------------------
    "write": "Write responsibilities",
    "stop": "Stop",
    "regenerate": "Write them again",
    "generate": "Generate job description",
    "new_job": "New job",
    "save_draft": "Save draft",
    "open_draft": "Open draft",
    "examples": "Or start from an example:",
    "example_button": "Example: {title}",
    # ---- switching jobs ---------------------------------------------------------------------------
    "switch_ask": (
        "**You have work on “{current}” that is not saved.** Replace it with {target}? "
        "Save a draft first to keep it; after replacing, **Undo** brings it back."
    ),
    "switch_replace": "Replace my job",
    "switch_keep": "Keep my job",
    "switch_kept": "Nothing changed: your job is still here.",
    "switched": "Now showing {target}. The duties, summary and job description of the previous job were cleared.",
    "undo": "Undo",
    "undone": "Your previous job is back.",
    "target_example": "the example “{title}”",
    "target_draft": "the draft “{title}”",
    "target_new": "a new, empty job",
    "untitled": "an untitled job",
    # ---- the form ---------------------------------------------------------------------------------
    "tab_role": "Role",
    "tab_company": "Company",
    "tab_pay": "Pay & benefits",
    "tab_apply": "How to apply",
    "tab_options": "Options",
    "title": "Job title (required)",
    "title_info": "Up to 120 characters. Press Enter to write the responsibilities.",
    "title_placeholder": "e.g. Senior Backend Engineer",
    "experience": "Experience",
    "experience_placeholder": "e.g. 5+ years",
    "skills": "Skills (must-have)",
    "skills_info": "Separate with commas or new lines.",
    "skills_placeholder": "e.g. Python, PostgreSQL, AWS",
    "nice_to_have": "Nice to have",
    "nice_to_have_placeholder": "e.g. Kubernetes, Spanish",
    "job_type": "Job type",
    "work_mode": "Work mode",
    "location": "Location",
    "location_placeholder": "e.g. Denver, CO, USA or Berlin, Germany",
    "schedule": "Working hours",
    "schedule_placeholder": "e.g. Monday to Friday, 9:00-17:30",
    "company": "Company name",
    "company_placeholder": "e.g. Acme Robotics",
    "about_company": "About the company",
    "about_company_placeholder": "Two or three sentences candidates should know.",
    "salary_min": "Pay from",
    "salary_max": "Pay up to",
    "currency": "Currency",
    "currency_info": "ISO 4217 code, e.g. USD, EUR, GBP, INR.",
    "currency_placeholder": "e.g. USD",
    "salary_period": "Per",
    "benefits": "Benefits",
    "benefits_info": "One per line or separated by semicolons.",
    "benefits_placeholder": "Only what you actually offer, e.g. 25 days paid leave",
    "pay_note": "Many places require a pay range in job posts. Nothing here is ever invented.",
    "apply_at": "Apply at",
    "apply_at_placeholder": "https://example.com/careers/123 or jobs@example.com",
    "valid_through": "Apply by",
    "valid_through_help": "The last day to apply (optional).",
    "tone": "Tone",
    "language": "Output language",
    "mwd": "Add the gender marker to the title",
    "mwd_info": "As the ad's language writes it: (m/w/d) in German, (H/F) in French, (m/v/x) in Dutch… never twice.",
    "model_in_use": "**Model in use:** {model}",
    "profile_upload": "Upload company profile (TOML or JSON) for this session",
    "profile_applied": "Company profile applied.",
    # ---- the occupation (O*NET): under the title, and its suggestions under the skills ----------------
    "occupation_name": "{title} ({code})",
    "occupation_sure": "**Occupation:** {name}",
    "occupation_picked": "**Occupation:** {name}, as you chose",
    "occupation_unsure": (
        "**Occupation:** not sure yet. Is it {name}? Pick the job below, so that the responsibilities are "
        "written from its tasks."
    ),
    "occupation_picker": "Which job is this?",
    "occupation_picker_info": "Occupations from O*NET whose titles match; your choice is kept for this title.",
    "suggested_duties": (
        "**Suggested duties** from O*NET's tasks for {title}: each button adds one to the responsibilities."
    ),
    "suggested_skills": (
        "**Suggested skills** (technologies used by {title}, in-demand ones first): each adds one to the skills."
    ),
    "add_duty": "Add duty: {duty}",
    "add_skill": "Add skill: {skill}",
    "duty_added": "Added to the responsibilities: “{duty}”.",
    "skill_added": "Added to the skills: “{skill}”.",
    "job_zone_hint": (
        "**Typical preparation** ({name}; a hint only, never written into the ad): {education} {experience}"
    ),
    "occupation_attribution": "**Occupational data:** {attribution}",
    # ---- details, duties, summary -----------------------------------------------------------------
    "details_heading": "Job details",
    "details_empty": "Type a job title to begin.",
    "duties_heading": "Responsibilities and summary",
    "live": "Model output (live)",
    "duties": "Key responsibilities: edit freely, one per line",
    "duties_outdated": (
        "These responsibilities were written before you changed the {fields}. "
        "Click **Write them again**, or edit them to fit."
    ),
    "summary": "About the role: edit freely",
    "summary_info": "Composed from your inputs and the responsibilities; it follows them until you edit it.",
    "compose": "Compose the summary again from the inputs",
    # ---- while the model works --------------------------------------------------------------------
    "loading_model": "Loading the model… (the first start takes a few seconds)",
    "writing_start": "Writing responsibilities…",
    "writing_count": "Writing responsibility {done} of {goal}…",
    "writing_more": "Writing responsibility {done} (up to {most})…",
    "writing_summary": "Writing the summary…",
    "waiting": "Waiting for the model: you are {place} in line…",
    "written": (
        "Done. {count} responsibility written: edit it and the summary if you like, then generate the job description."
    ),
    "could_not_finish": "**Could not finish:** {message}",
    "partial_kept": "The partial text is kept in the model output box.",
    "stopped": "Stopped. The text so far is kept; click Write responsibilities to start again.",
    "fix_problems": "Please fix the job details:",
    # ---- the job description ----------------------------------------------------------------------
    "ad_heading": "Job description",
    "ad_empty": "Your job description appears here after **Generate job description**.",
    "ad_outdated": (
        "**Out of date:** you changed the job after this was generated. "
        "Click **Generate job description** to update it; the downloads come back then."
    ),
    "ad_ready": "Job description ready. Review score: {score} / 100.",
    "tab_preview": "Preview",
    "tab_markdown": "Markdown",
    "tab_html": "HTML",
    "tab_text": "Text",
    "tab_jsonld": "JSON-LD",
    "tab_word": "Word",
    "remove_fix": "(remove)",
    "download": "Download {name}",
    "word_note": "The same job description as a Word (.docx) file.",
    # ---- review -----------------------------------------------------------------------------------
    "review_heading": "Review",
    "review_empty": "Generate the job description to see its review.",
    "fixes": "Suggested fixes",
    "apply_fixes": "Apply selected fixes",
    "apply_all": "Apply all fixes",
    "marked": "Show where the findings are in the text",
    # ---- feedback ---------------------------------------------------------------------------------
    "feedback_heading": "Was this helpful?",
    "rating": "Rating",
    "reason": "Why? (optional)",
    "consent": "You may use my edited duties, with personal details removed, as an example for similar roles",
    "send_feedback": "Send feedback",
    "feedback_saved": "Thank you: your feedback was saved.",
    "feedback_not_saved": "**Feedback not saved:** {message}",
    # ---- drafts -----------------------------------------------------------------------------------
    "draft_saved": "Draft saved as {name}. Open it again with **Open draft**.",
    "draft_opened": "Draft opened.",
    "kept_in_browser": "Your work is kept in this browser: it comes back after a reload.",
    # ---- bulk -------------------------------------------------------------------------------------
    "bulk_intro": (
        "### One job description per spreadsheet row\nUpload a CSV or Excel (.xlsx) file: a header row with the "
        "job fields (as in the form), then one role per row. You get a zip with each role's files and "
        "`summary.csv`."
    ),
    "bulk_file": "Roles (CSV or XLSX)",
    "bulk_formats": "Formats",
    "bulk_run": "Generate all",
    "bulk_zip": "Job descriptions (zip)",
    "bulk_table": "Summary",
    "bulk_no_file": "Upload a CSV or Excel file first.",
    "bulk_progress": "{done} of {total} done",
    "bulk_done": "{done} of {total} done, {failed} failed.",
    # ---- the owner's report -----------------------------------------------------------------------
    "owner_intro": "For the Space's owner only. {how}",
    "owner_token": "Admin token",
    "owner_since": "Since (YYYY-MM-DD, optional)",
    "owner_show": "Show the feedback report",
    "owner_json": "The report as JSON",
}


# Texts for counts other than one (gettext's plural forms), by key.
PLURAL: dict[str, str] = {
    "written": (
        "Done. {count} responsibilities written: edit them and the summary if you like, "
        "then generate the job description."
    ),
}

# The choices' labels (the values stay English: they are what the job takes).
TEXT.update({f"job_type={value}": value for value in JOB_TYPES})
TEXT.update({f"work_mode={value}": value for value in WORK_MODES})
TEXT.update({f"salary_period={value}": value for value in SALARY_PERIODS})
TEXT.update({f"tone={value}": value for value in TONES})
TEXT.update({f"language={code}": str(label) for label, code in LANGUAGE_CHOICES})
TEXT.update({f"rating={value}": value for value in RATINGS})
TEXT.update({f"bulk_column={value}": value for value in BULK_COLUMNS})
TEXT.update({f"bulk_status={value}": value for value in BULK_STATUSES})
TEXT.update({f"fact={key}": name for key, name in FIELD_NAMES.items()})  # what the duties were written for


# ---- in the language of the visitor -------------------------------------------------------------------


def _catalog(language: str) -> Any:
    return page_catalog(output_language(language))


def text_in(language: str, key: str, count: int | None = None) -> str:
    """The page's text for `key` in a page language (jd.ui_language.PAGE_LANGUAGES), its fields unfilled."""
    if key in PLURAL and count is not None:
        return str(_catalog(language).npgettext(key, TEXT[key], PLURAL[key], count))
    return str(_catalog(language).pgettext(key, TEXT[key]))


def t(key: str, **values: Any) -> str:
    """The page's text for `key` in the language of the visitor whose event runs, `{name}` fields filled in."""
    text = text_in(current_language(), key, values.get("count"))
    return text.format(**values) if values else text


def localized(message: object, language: str | None = None) -> str:
    """A message for the visitor in their language: a jd.errors.Text (made with `say`) from the page's catalog,
    anything else as it is (a name, a text the person typed, a message no catalog has)."""
    return localize.localized(message, page_code(language))


def page_code(language: str | None = None) -> str:
    """The output-language code of a page language (the visitor's by default): the catalog its texts come from."""
    return output_language(language or current_language())


def listed(items: list[str]) -> str:
    """Items joined as the visitor's language lists them ("title and skills", "Titel und Fähigkeiten")."""
    return localize.listed(items, page_code())


# ---- declared on the page: shown by Gradio in the browser's language ----------------------------------

_I18N = gr.I18n()
_made: dict[str, tuple[str, tuple[tuple[str, Any], ...]]] = {}  # a key made for filled-in values -> (key, values)


def shown(key: str, **values: Any) -> Any:
    """A text the page declares (label, button, tab, Markdown): the browser shows it in the page's language and
    changes it with the switch. With `values`, a key of its own is made for these values."""
    if not values:
        TEXT[key]
        return _I18N(key)
    digest = hashlib.sha1(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:12]
    made = f"{key}:{digest}"  # no dots or braces: the browser's i18n reads those as paths and fields
    _made[made] = (key, tuple(sorted(values.items())))
    return _I18N(made)


def choices(field: str, values: Any) -> list[tuple[Any, str]]:
    """A radio's or checkbox group's choices with labels in the page's language (the values stay as they are)."""
    return [(shown(f"{field}={value}"), value) for value in values]


@lru_cache(maxsize=len(PAGE_LANGUAGES))
def _texts(language: str) -> dict[str, str]:
    return {key: text_in(language, key) for key in TEXT}


def texts(language: str) -> dict[str, str]:
    """Every text the page can declare, in one page language, made keys included (texts with fields left to fill
    are the server's: the browser would read their braces as its own fields)."""
    found = {key: text for key, text in _texts(language).items() if "{" not in TEXT[key]}
    for made, (key, values) in list(_made.items()):
        found[made] = _texts(language)[key].format(**dict(values))
    return found


def i18n() -> gr.I18n:
    """Gradio's translations of the page, for `demo.launch(i18n=...)`."""
    return gr.I18n(**{language: texts(language) for language in PAGE_LANGUAGES})


def everywhere(key: str) -> dict[str, str]:
    """One text in every page language: for page parts Gradio does not translate (they follow the switch through
    the page's script, jd/ui_look.py `jdShowTexts`)."""
    return {language: _texts(language)[key] for language in PAGE_LANGUAGES}


def in_english(key: str, **values: Any) -> str:
    """The English text (for the first paint of parts the browser's script translates)."""
    text = TEXT[key]
    return text.format(**values) if values else text


__all__ = ["ENGLISH", "RATINGS", "TEXT", "choices", "everywhere", "i18n", "listed", "localized", "shown", "t", "texts"]
