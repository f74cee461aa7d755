"""Which equal-treatment wording an ad carries: the job's country decides, else its language.

Each country's statement is written to that country's law and practice (sources in
jd/data/SOURCES.md; the texts are gettext messages in templates/phrases.txt.j2):

    US  the equal-opportunity-employer statement (English ads with no country: the app's default)
    DE  AGG § 1 grounds              FR  Code du travail L1132-1, plus the disability line
    ES  Ley 15/2022 art. 2 grounds   NL  Algemene wet gelijke behandeling
    IT  the D.Lgs. 198/2006 line     PL  Kodeks pracy art. 18³a § 1 grounds
    PT  Código do Trabalho art. 24   BR  Lei 9.029/1995 art. 1

A country's statement is used in that country's language, and in English (each message's English
source text is itself a statement to that law). An ad for another country, or in a language the
country does not write in (a French ad for Belgium), gets a general statement that names no grounds,
rather than another country's list.

Lines that a country's law or custom asks for besides the statement are kept even when a company
profile brings its own statement (which replaces only the statement, in the languages it is given in):
the French disability line and, where customary and switched on (`consent_line`), the request to
consent to the processing of personal data (Italy, Poland: GDPR/RODO).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import location

if TYPE_CHECKING:  # pragma: no cover
    from .spec import Job

GENERAL = "general"
# The country each output language's statement is written for when the job names no country.
HOME_COUNTRY = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "nl": "NL", "it": "IT", "pl": "PL", "pt-PT": "PT", "pt-BR": "BR",
}  # fmt: skip
# The languages each country's statement is translated into (English: its source text).
STATEMENT_LANGUAGES = {
    "US": {"en"}, "DE": {"en", "de"}, "FR": {"en", "fr"}, "ES": {"en", "es"}, "NL": {"en", "nl"},
    "IT": {"en", "it"}, "PL": {"en", "pl"}, "PT": {"en", "pt-PT"}, "BR": {"en", "pt-BR"},
}  # fmt: skip
# Lines kept besides the statement, by country: "disability" (France), "consent" (personal data).
EXTRA_LINES = {"FR": ("disability",), "IT": ("consent",), "PL": ("consent",)}
_SWITCHABLE = {"consent"}


@dataclass(frozen=True)
class Wording:
    """statement: a country code of STATEMENT_LANGUAGES or GENERAL; extras: the extra lines' names."""

    statement: str
    extras: tuple[str, ...]


def job_country(job: Job) -> str | None:
    """The ISO 3166 country of the job's location, when the location names one for certain."""
    return location.parse_location(job.location).country if job.location else None


def wording_for(job: Job, code: str) -> Wording:
    """The statement and extra lines of an ad in language `code` ("de", "pt-BR") for `job`."""
    country = job_country(job) or HOME_COUNTRY.get(code)
    if country not in STATEMENT_LANGUAGES or code not in STATEMENT_LANGUAGES[country]:
        return Wording(GENERAL, ())
    extras = tuple(
        line for line in EXTRA_LINES.get(country, ()) if line not in _SWITCHABLE or getattr(job, f"{line}_line")
    )
    return Wording(country, extras)
