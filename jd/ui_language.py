"""The page's own language: which languages the page speaks, which one each visitor reads, and the switch.

Gradio's `gr.I18n` (built in jd/ui_text.py) translates what the page declares (labels, help, buttons, tabs,
choices) in the browser, in the locale Gradio picks from `navigator.language`. The switch at the top of the
page (a native `<select>`, each language named in its own words) picks the visitor's language among the
browser's preferred ones on load, or the one they chose before (kept in localStorage), and tells Gradio's
front end (its `changeLocale`) and the server. The server keeps each session's language (`remember`) so that
what handlers write (status lines, notices, errors) is in that language too (`current_language`), and the
output language follows the page's until the recruiter picks another (`output_default`).

API and MCP calls have no page language: their messages stay English.
"""

from __future__ import annotations

import html
import json
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

ENGLISH = "en"
# Gradio's locale codes for the page's languages (its front end knows each), with the name each gives itself.
PAGE_LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "nl": "Nederlands",
    "it": "Italiano",
    "pt": "Português (Portugal)",
    "pt-BR": "Português (Brasil)",
    "pl": "Polski",
}
# The language each page language writes ads in by default ("pt" is Gradio's code for European Portuguese).
_OUTPUT = {"pt": "pt-PT"}
MAX_SESSIONS = 10_000  # sessions whose language is kept; the oldest are forgotten first (they fall back)

_sessions: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def page_language(code: object) -> str:
    """One of PAGE_LANGUAGES for a code a browser or a person gives ("de-AT" -> "de", "pt-PT" -> "pt"), else English."""
    text = str(code or "").strip().replace("_", "-")
    by_lower = {known.lower(): known for known in PAGE_LANGUAGES}
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    return by_lower.get(text.split("-")[0].lower(), ENGLISH)


def output_language(code: str) -> str:
    """The output language an ad defaults to on a page in `code` ("pt" -> "pt-PT")."""
    language = page_language(code)
    return _OUTPUT.get(language, language)


def output_default(new: str, before: str | None, chosen: str | None) -> str | None:
    """The output language to show after the page's language became `new`: the page's, unless the recruiter
    picked another than the default of the page's language `before`. None: leave the choice as it is."""
    follows = not chosen or chosen == output_language(before or ENGLISH)
    wanted = output_language(new)
    return wanted if follows and wanted != chosen else None


def remember(session: str | None, code: object) -> str:
    """Keep the page language a session reads; returns it as one of PAGE_LANGUAGES."""
    language = page_language(code)
    if session:
        with _lock:
            _sessions[session] = language
            _sessions.move_to_end(session)
            while len(_sessions) > MAX_SESSIONS:
                _sessions.popitem(last=False)
    return language


def _accepted(header: str | None) -> str | None:
    """The first language of an Accept-Language header the page speaks, else None."""
    ranked = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag and tag != "*":
            ranked.append((-weight, index, tag))
    for _, _, tag in sorted(ranked):
        language = page_language(tag)
        if language != ENGLISH or tag.lower().startswith("en"):
            return language
    return None


def current_language() -> str:
    """The page language of the visitor whose event runs now: the switch's, else their browser's
    Accept-Language; English outside a page event (API, MCP, CLI, tests without a request)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    if request is None:
        return ENGLISH
    session = getattr(request, "session_hash", None)
    with _lock:
        known = _sessions.get(session) if session else None
    if known:
        return known
    headers = getattr(request, "headers", None) or {}
    return _accepted(headers.get("accept-language")) or ENGLISH


# ---- the switch in the browser -------------------------------------------------------------------


@lru_cache(maxsize=1)
def locale_module() -> str:
    """The file of Gradio's front end that exports `changeLocale` (its name carries a build hash), under
    `assets/`; "" when this Gradio has none (the switch then changes only what the server writes)."""
    import gradio

    assets = Path(gradio.__file__).resolve().parent / "templates" / "frontend" / "assets"
    for path in sorted(assets.glob("core-*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "changeLocale" in text and "export{" in text:
            return f"assets/{path.name}"
    return ""


SWITCH_TEMPLATE = (
    '<div class="jd-language" data-core="{core}" data-jd-tabs="{tabs}">'
    '<label for="page_language_select" data-jd-texts="{labels}">{label}</label> '
    '<select id="page_language_select" autocomplete="off">{options}</select></div>'
)


def switch_html(labels: dict[str, str], tabs: dict[str, dict[str, str]] | None = None) -> str:
    """The switch's HTML: its label in every page language (shown in the current one), each language named in
    its own words and marked with its `lang`; `tabs` (a tab's elem_id -> its name in every page language) for
    the page's script, which names the tabs in the page's language (Gradio 6.31 renames only the selected tab
    of each group when the language changes)."""
    options = "".join(
        f'<option value="{code}" lang="{output_language(code)}">{html.escape(name)}</option>'
        for code, name in PAGE_LANGUAGES.items()
    )
    return SWITCH_TEMPLATE.format(
        core=html.escape(locale_module()),
        tabs=html.escape(json.dumps(tabs or {}, ensure_ascii=False)),
        labels=html.escape(json.dumps(labels, ensure_ascii=False)),
        label=html.escape(labels[ENGLISH]),
        options=options,
    )


# Runs once in the browser when the switch appears (gr.HTML's js_on_load: element, props, trigger).
SWITCH_SCRIPT = """
const box = element.querySelector('.jd-language');
const select = element.querySelector('select');
const known = [...select.options].map((option) => option.value);
const STORAGE = 'jd-page-language';
const chosen = () => { try { return localStorage.getItem(STORAGE); } catch (error) { return null; } };
const preferred = () => {
  const saved = chosen();
  if (known.includes(saved)) return saved;
  const tags = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en'];
  for (const tag of tags) {
    const exact = known.find((code) => code.toLowerCase() === String(tag).toLowerCase());
    if (exact) return exact;
    const base = String(tag).split('-')[0].toLowerCase();
    if (known.includes(base)) return base;
  }
  return 'en';
};
const gradioLocale = async (code) => {
  const file = box.dataset.core;
  if (!file) return;
  const name = file.split('/').pop();
  const loaded = performance.getEntriesByType('resource').map((entry) => entry.name)
    .find((url) => url.split('?')[0].endsWith('/' + name));
  try {
    const core = await import(loaded || new URL(file, document.baseURI).href);
    await core.changeLocale(code);
  } catch (error) {
    console.warn('JD Generator: Gradio could not switch its language', error);
  }
};
const show = async (code, save) => {
  select.value = code;
  window.jdPageLanguage = code;
  // The document's language follows, so screen readers speak it and axe's html-lang rules hold.
  document.documentElement.lang = select.selectedOptions[0]?.lang || code;
  await gradioLocale(code);
  if (window.jdShowTexts) window.jdShowTexts();
  if (save) { try { localStorage.setItem(STORAGE, code); } catch (error) { /* private mode */ } }
  if (props.value !== code) { props.value = code; trigger('change'); }
};
select.addEventListener('change', () => show(select.value, true));
show(preferred(), false);
"""
