"""Gender markers in job titles: "(m/w/d)" in German ads, "(H/F)" in French ones, and so on.

Job ads in most of continental Europe name every gender after the title, because a title such as
"Verkäufer" or "Vendeur" reads as masculine; the EU Pay Transparency Directive (2023/970, recital 33
and art. 5) asks for gender-neutral vacancy notices and job titles. English titles are mostly neutral
already, and Brazilian ads write the feminine ending into the title ("Vendedor(a)") instead of a
marker, so those two get none. The marker is added unless the job turns it off (`mwd`) or the title
already carries any way of naming all genders that people type: "(m/w/d)", "m/f/d", "(gn*)",
"Entwickler*in", "Entwickler:innen", "(H/F)", "F/H", "Ingénieur(e)", "Développeur·se",
"Camarero/a", "Vendedor(a)", "(all genders)"... so it is never doubled.
"""

from __future__ import annotations

import re

# The marker each output language adds; None: the language's ads add none.
MARKERS: dict[str, str | None] = {
    "en": None,
    "de": "(m/w/d)",
    "fr": "(H/F)",
    "es": "(h/m)",
    "nl": "(m/v/x)",
    "it": "(M/F)",
    "pl": "(k/m)",
    "pt-PT": "(m/f)",
    "pt-BR": None,
}

# One gender letter or abbreviation: m(ale), w(eiblich), d(ivers), f(emale/femme), h(omme/hombre),
# v(rouw), x, k(obieta), i(nter), a (Spanish/Portuguese "o/a"), div(ers), gn (genderneutral).
_LETTER = r"(?:div\.?|gn\*?|[mwdfhvxkia])"
_ALL_GENDERS = (
    r"all\s+genders?|alle\s+geschlechter|tous\s+genres|todos\s+los\s+g[ée]neros|alle\s+genders|"
    r"tutti\s+i\s+generi|todos\s+os\s+g[ée]neros|wszystkie\s+p[łl]cie|genderneutral"
)
_MARKS = re.compile(
    "|".join(
        (
            rf"\(\s*{_LETTER}(?:\s*[/|,]\s*{_LETTER})*\s*\)",  # (m/w/d), (H/F), (gn), (M|F)
            rf"(?<![\w/]){_LETTER}(?:\s*/\s*{_LETTER}){{1,3}}(?![\w/])",  # m/w/d, H/F without brackets
            rf"\(\s*(?:{_ALL_GENDERS})\s*\)",
            r"\w(?:\*|:|_|/-?)in(?:nen)?\b(?!-)",  # Entwickler*in, Lehrer:innen, Leiter/-in
            r"[a-zäöüß]Innen\b",  # MitarbeiterInnen
            r"\w\((?:in|innen|e|es|a|as|o/a)\)",  # Verkäufer(in), Ingénieur(e), Vendedor(a)
            r"\w[·•.](?:e|se|euse|rice|ice|ne|ère|ve)\b",  # Développeur·se, Agent·e, Technicien.ne
            r"\w/(?:a|as|e|-\w+)\b(?!-)",  # Camarero/a, Técnico/a, Kaufmann/-frau
            r"\w/[A-ZÄÖÜ]\w*in\b(?!-)",  # Koch/Köchin, Arzt/Ärztin
        )
    ),
    re.IGNORECASE,
)


def has_marker(title: str) -> bool:
    """Whether the title already names all genders in one of the ways people type it."""
    return bool(_MARKS.search(title))


def marker_for(language: str) -> str | None:
    """The marker ads in `language` (a code such as "de" or "pt-PT") add to the title; None if none."""
    return MARKERS.get(language) or MARKERS.get(language.split("-")[0])


def marked_title(title: str, language: str, enabled: bool = True) -> str:
    """The title as published: with the language's marker when enabled, unless it already has one."""
    marker = marker_for(language) if enabled else None
    if marker is None or has_marker(title):
        return title
    return f"{title.rstrip()} {marker}"
