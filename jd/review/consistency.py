"""Does every part of the ad belong to the same job? Another company's name, another title, another language.

An ad is put together from parts made at different times: the facts (from the form), the "About the role"
summary and the responsibilities (written or edited earlier). When a summary or a list written for one job
ends up in another job's ad, the ad publishes another company's job. This check reads the ad's text against
the job:

- **the hiring sentence**: the app's own summary starts with "<company> is hiring for the position of
  <title>." in the ad's language (the catalogs in jd/locales). That sentence in *any* of the app's languages
  is found; a company or a title in it that is not this job's is flagged, and so is a sentence in another
  language.
- **the language of the free text**: the summary and the responsibilities are identified with py3langid
  (restricted to the app's languages; only confident answers on texts long enough to tell) and compared with
  the ad's language.

Findings: `[{kind, part, text, expected, reason}]` with kind "company", "title" or "language" and part
"summary" or "responsibilities". An empty list: the parts agree as far as these checks can tell. They do
not judge whether the duties fit the title (another duty list in the same language with no names in it
passes): the page keeps each job's parts together so that this does not happen.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..errors import say
from ..i18n import available_languages, get_translations, language_code
from .readability import LANGUAGE_NAMES

COMPANY, TITLE, LANGUAGE = "company", "title", "language"
SUMMARY, RESPONSIBILITIES = "summary", "responsibilities"

# The summary's first sentence in templates/role_summary.txt.j2, with and without a company.
_HIRING_WITH_COMPANY = "%(company)s is hiring for the position of %(title)s."
_HIRING_WITHOUT_COMPANY = "We are hiring for the position of %(title)s."
_BEFORE_A_VOWEL = "before a vowel"
_SUMMARY_HEADING = "About the role"
_PLACEHOLDER = re.compile(r"%\((company|title)\)s")
# Gender markers after a title ("(m/w/d)", "(f/m/d)", "(all genders)"...) are not part of the title.
_TITLE_MARK = re.compile(r"\s*\((?:[a-z]\s*/\s*){1,3}[a-z]\)\s*$|\s*\(all genders\)\s*$", re.IGNORECASE)
# Language identification needs some text: below these, short lists of tool names decide nothing.
MIN_LETTERS = 40
MIN_WORDS = 6
MIN_CONFIDENCE = 0.9


def _base(code: str) -> str:
    """The language without its region ("pt-BR" -> "pt"): what the review and py3langid name."""
    return str(code).split("-")[0].lower()


def _fold(text: str) -> str:
    return " ".join(str(text or "").casefold().split()).strip(" .")


def _bare_title(title: str) -> str:
    return _fold(_TITLE_MARK.sub("", str(title or "")))


@cache
def _hiring_patterns() -> tuple[tuple[str, re.Pattern, tuple[str, ...]], ...]:
    """(language code, pattern, its fixed words) for the hiring sentence in each language the app writes.

    A catalog without a translation gives the English sentence back: that sentence counts as English only.
    """
    patterns = []
    for catalog in available_languages():  # "en", "de", ..., "pt-BR", "pt-PT"
        code = _base(catalog)
        translations = get_translations(catalog)
        templates: set[str] = {
            str(translation)
            for msgid in (_HIRING_WITH_COMPANY, _HIRING_WITHOUT_COMPANY)
            # The templates use a second wording before a vowel in some languages (French "poste d'…").
            for translation in (translations.gettext(msgid), translations.pgettext(_BEFORE_A_VOWEL, msgid))
            if code == "en" or translation != msgid
        }
        for template in sorted(templates):
            regex = ""
            words = tuple(word for part in _PLACEHOLDER.split(template)[::2] for word in part.split() if len(word) > 2)
            for index, part in enumerate(_PLACEHOLDER.split(template)):
                if index % 2:
                    # A name starts and ends with a non-space: with the possessive spaces below, a long run of
                    # spaces is crossed once per start, not once per length (fuzzed text took minutes).
                    regex += rf"(?P<{part}>[^\n.!?\s](?:[^\n.!?]{{0,158}}?[^\n.!?\s])?)"
                else:
                    # Possessive: a run of spaces is taken whole (the next literal word never starts with one).
                    regex += re.escape(part).replace(r"\ ", r"\s++")
            patterns.append((code, re.compile(regex), words))
    return tuple(patterns)


def _same(found: str, given: str) -> bool:
    """One name holds the other ("Acme" and "Acme Robotics GmbH"; "Sr" cut short at its dot)."""
    return bool(found) and bool(given) and (found in given or given in found)


def _hiring_findings(job: Any, text: str, code: str) -> list[dict]:
    findings: list[dict] = []
    company = getattr(job, "company", None) or ""
    titles = [_bare_title(job.title), _bare_title(job.display_title)]
    seen: set[tuple[str, str]] = set()

    def add(key: tuple[str, str], finding: dict) -> None:
        if key not in seen:
            seen.add(key)
            findings.append(finding)

    for language, pattern, words in _hiring_patterns():
        if not all(word in text for word in words):
            continue  # a text without the sentence's fixed words is not searched (the search is the slow part)
        for match in pattern.finditer(text):
            sentence, named = match.group(0), match.groupdict()
            other = (named.get("company") or "").strip()
            if other and not _same(_fold(other), _fold(company)):
                if company:
                    reason = say(
                        "The summary names '{other}', but this job's company is '{company}'.",
                        other=other,
                        company=company,
                    )
                else:
                    reason = say("The summary names '{other}', but this job gives no company.", other=other)
                add((COMPANY, _fold(other)), _finding(COMPANY, SUMMARY, sentence, company, reason))
            title = (named.get("title") or "").strip()
            if title and not any(_same(_bare_title(title), given) for given in titles):
                reason = say("The summary is for '{title}', but this job is '{job}'.", title=title, job=job.title)
                add((TITLE, _bare_title(title)), _finding(TITLE, SUMMARY, sentence, job.title, reason))
            if language != code:
                add((LANGUAGE, sentence), _language_finding(SUMMARY, sentence, language, code))
    return findings


def _finding(kind: str, part: str, text: str, expected: str, reason: str) -> dict:
    return {"kind": kind, "part": part, "text": text, "expected": expected, "reason": reason}


def _language_finding(part: str, text: str, found: str, expected: str) -> dict:
    names = {"found": LANGUAGE_NAMES[found], "expected": LANGUAGE_NAMES[expected]}
    if part == SUMMARY:
        reason = say("The summary is in {found}; the ad is in {expected}.", **names)
    else:
        reason = say("The responsibilities are in {found}; the ad is in {expected}.", **names)
    return _finding(LANGUAGE, part, text, LANGUAGE_NAMES[expected], reason)


_identifier_lock = threading.Lock()


@cache
def _identifier() -> Any:
    """py3langid's model, restricted to the app's languages (loaded once: about 1.5 s and 75 MB)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGE_NAMES))
    return identifier


def warm_up() -> None:
    """Load the language model now (the page calls this in the background), not at the first review."""
    with _identifier_lock:
        _identifier()


def identify(text: str) -> str | None:
    """The language code of `text` when it is long enough and the model is confident, else None."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS or len(text.split()) < MIN_WORDS:
        return None
    with _identifier_lock:
        found, confidence = _identifier().classify(text)
    return str(found) if confidence >= MIN_CONFIDENCE else None


def summary_of(text: str, code: str) -> str:
    """The "About the role" paragraph of a rendered ad (its heading in the ad's language), or ""."""
    heading = get_translations(code).gettext(_SUMMARY_HEADING).casefold()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip("#* ").rstrip(" *:").casefold() == heading:
            paragraph: list[str] = []
            for following in lines[index + 1 :]:
                if following.strip().startswith("#") or (not following.strip() and paragraph):
                    break
                if following.strip():
                    paragraph.append(following.strip())
            return " ".join(paragraph)
    return ""


def consistency(job: Any, text: str, duties: Sequence[str] = (), language: str | None = None) -> list[dict]:
    """Where the ad's parts disagree with the job or with each other (see the module docstring).

    `job` is a jd.spec.Job (None: nothing to compare, no findings); `text` the rendered ad; `duties` its
    responsibilities; `language` the ad's language code (default: the job's).
    """
    if job is None or not text:
        return []
    catalog = language_code(language or job.language)
    code = _base(catalog)
    findings = _hiring_findings(job, text, code)
    summary = summary_of(text, catalog)
    if summary and not any(f["kind"] == LANGUAGE and f["part"] == SUMMARY for f in findings):
        found = identify(summary)
        if found is not None and found != code:
            findings.append(_language_finding(SUMMARY, summary, found, code))
    listed = "\n".join(str(d) for d in duties if str(d).strip())
    found = identify(listed) if listed else None
    if found is not None and found != code:
        findings.append(_language_finding(RESPONSIBILITIES, listed, found, code))
    return findings
