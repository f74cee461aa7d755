"""Refresh the page's gettext catalogs after an English text changed.

    .venv/bin/python scripts/page_catalog.py            # jd/locales/page.pot and every page.po
    .venv/bin/python scripts/page_catalog.py --check    # exit 1 when they are not up to date

The template (jd/locales/page.pot) holds every text the page shows: jd/ui_text.py's TEXT, one entry per key
(the key is the entry's msgctxt, the English its msgid), and every message the domain makes with
`jd.errors.say(...)` / `say_plural(...)` (the English template is the msgid), and the Review panel's fixed
texts (`_()` in templates/review.md.j2). Each language's
jd/locales/<code>/LC_MESSAGES/page.po is then updated: a new text arrives untranslated and a changed one
"fuzzy" (both show in English until a translator fills them in); tests/test_page_language.py fails until then.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "jd" / "locales"
TEMPLATE = LOCALES / "page.pot"
DOMAIN = "page"
KEYWORDS = {"say": None, "say_plural": (1, 2)}
# Sentences of data files the Review panel shows (jd.review.words.data_text): file -> the object holding them.
DATA_TEXTS = {"jd/data/pay_transparency.json": "requirement_texts", "jd/data/exclusionary_terms.json": "categories"}
REVIEW_TEMPLATE = "review.md.j2"  # the Review panel: its fixed texts are the page's
WIDTH = 116
HEADER = (
    "# The texts of JD Generator's page, and the messages it shows, for translators.\n"
    "# Fill in each msgstr; keep {fields}, Markdown (**, #) and names as they are. See README.md, Languages."
)


def _flags(text: str | tuple[str, str]) -> list[str]:
    return ["python-brace-format"] if "{" in "".join(text if isinstance(text, tuple) else (text,)) else []


def template() -> Catalog:
    """The page's texts and the domain's messages, as a gettext template."""
    sys.path.insert(0, str(ROOT))
    from jd.ui_text import PLURAL, TEXT

    catalog = Catalog(project="JD Generator", domain=DOMAIN, fuzzy=False, charset="utf-8", header_comment=HEADER)
    for key, text in TEXT.items():
        msgid = (text, PLURAL[key]) if key in PLURAL else text
        catalog.add(msgid, context=key, flags=_flags(msgid), locations=[("jd/ui_text.py", None)])
    found = extract_from_dir(
        str(ROOT / "jd"), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",)
    )
    panel = extract_from_dir(
        str(ROOT / "templates"),
        method_map=[(REVIEW_TEMPLATE, "jinja2"), ("**", "ignore")],
        options_map={REVIEW_TEMPLATE: {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        comment_tags=("Translators:",),
    )
    found = [("jd/" + name, *rest) for name, *rest in found] + [("templates/" + name, *rest) for name, *rest in panel]
    for path, key in DATA_TEXTS.items():
        texts = json.loads((ROOT / path).read_text(encoding="utf-8"))[key]
        found += [(path, 0, text, [], None) for text in texts.values()]
    for filename, _, message, comments, _ in found:
        where = (filename.replace("\\", "/"), None)
        known = catalog.get(message if isinstance(message, str) else message[0])
        if known is not None:
            known.locations.append(where)
            continue
        catalog.add(message, flags=_flags(message), locations=[where], auto_comments=comments)
    return catalog


def folders() -> list[Path]:
    """The languages' catalog folders (the same as the ads': every jd/locales/<code>/LC_MESSAGES)."""
    return sorted(path.parent for path in LOCALES.glob("*/LC_MESSAGES/messages.po"))


def _text(catalog: Catalog) -> str:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, omit_header=False, include_lineno=False, ignore_obsolete=True)
    lines = out.getvalue().decode("utf-8").splitlines()
    # Dates in the header change on every run: left out, so that an unchanged catalog is an unchanged file.
    return "\n".join(line for line in lines if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date'))) + "\n"


def updated(folder: Path, source: Catalog) -> Catalog:
    path = folder / f"{DOMAIN}.po"
    locale = folder.parent.name
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, domain=DOMAIN)
    else:
        catalog = Catalog(
            locale=locale, domain=DOMAIN, project="JD Generator", fuzzy=False, charset="utf-8", header_comment=HEADER
        )
    catalog.update(source, no_fuzzy_matching=False, update_header_comment=False)
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the catalogs are up to date")
    args = parser.parse_args(argv)
    source = template()
    wanted = {TEMPLATE: _text(source)}
    for folder in folders():
        wanted[folder / f"{DOMAIN}.po"] = _text(updated(folder, source))
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            print(f"not up to date: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
