"""How the page looks and behaves in the browser: a WCAG 2.1 AA theme, the layout's CSS, and a small script.

Colours (checked by tests/test_accessibility_browser.py with axe-core and by measuring the controls):
text 4.5:1 or more on its background, input borders, radio and checkbox outlines and the focus ring 3:1 or
more. The script adds what Gradio 6.31's components lack for keyboard and screen-reader users:

- radio groups are one Tab stop, named groups that move with the arrow keys (Gradio gives each radio its own
  `name`, so browsers treat each as a group of one);
- the status line and the ad's status are polite live regions; the model's live text box is read-only, not
  disabled, so it can be reached and read;
- the job title is marked `aria-required`; the skip links move focus to the form or the job description;
- inside an iframe, the page tells its parent its height (message `{type: "jd-generator:height", height}`),
  so docs/embed.html sizes the frame to fit;
- `jdDownload(name, text)` saves a draft in one click.

`dressed(demo)` makes every `demo.launch()` use them (Gradio 6 takes theme, CSS and head at launch).
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import gradio as gr

BLUE = "#1d4ed8"  # 6.7:1 on white: primary buttons, links, the selected tab, the focus ring
BLUE_DARK = "#1e3a8a"
INK = "#111827"
SUBDUED = "#4b5563"  # 7.6:1 on white: help text, footers
BORDER = "#6b7280"  # 4.8:1 on white: input borders and radio outlines (3:1 needed)
LIGHT = "#93c5fd"  # the dark theme's accent: 9:1 on the dark background

THEME = gr.themes.Default(primary_hue="blue", neutral_hue="gray").set(
    body_text_color=INK,
    body_text_color_subdued=SUBDUED,
    block_info_text_color=SUBDUED,
    block_label_text_color=INK,
    block_title_text_color=INK,
    input_placeholder_color=BORDER,
    input_border_color=BORDER,
    input_border_color_hover=INK,
    input_border_color_focus=BLUE,
    input_shadow_focus=f"0 0 0 2px {BLUE}",
    checkbox_border_color=BORDER,
    checkbox_border_color_focus=BLUE,
    checkbox_label_border_color=BORDER,
    checkbox_label_text_color=INK,
    color_accent=BLUE,
    color_accent_soft="#dbeafe",
    border_color_accent=BLUE,
    link_text_color=BLUE,
    link_text_color_hover=BLUE_DARK,
    link_text_color_visited="#6d28d9",
    loader_color=BLUE,
    slider_color=BLUE,
    button_primary_background_fill=BLUE,
    button_primary_background_fill_hover=BLUE_DARK,
    button_primary_border_color=BLUE,
    button_primary_text_color="#ffffff",
    button_primary_text_color_hover="#ffffff",
    button_secondary_background_fill="#f3f4f6",
    button_secondary_background_fill_hover="#e5e7eb",
    button_secondary_border_color=BORDER,
    button_secondary_text_color=INK,
    button_secondary_text_color_hover=INK,
    button_cancel_background_fill="#f3f4f6",
    button_cancel_border_color=BORDER,
    button_cancel_text_color=INK,
    error_text_color="#b91c1c",
    # Dark mode (a visitor's system setting): light text and a light accent on dark backgrounds.
    body_text_color_dark="#f9fafb",
    body_text_color_subdued_dark="#d1d5db",
    block_info_text_color_dark="#d1d5db",
    input_placeholder_color_dark="#9ca3af",
    input_border_color_dark="#9ca3af",
    checkbox_border_color_dark="#9ca3af",
    link_text_color_dark=LIGHT,
    button_primary_background_fill_dark=LIGHT,
    button_primary_background_fill_hover_dark="#bfdbfe",
    button_primary_text_color_dark="#0b1220",
    button_primary_text_color_hover_dark="#0b1220",
    button_secondary_text_color_dark="#f9fafb",
    button_secondary_border_color_dark="#9ca3af",
    button_cancel_text_color_dark="#f9fafb",
    button_cancel_border_color_dark="#9ca3af",
)

CSS = f"""
.jd-skip a {{ position: absolute; left: -10000px; top: 0; }}
.jd-skip a:focus {{ left: 0.5rem; top: 0.5rem; z-index: 1000; background: {BLUE}; color: #fff;
  padding: 0.5rem 1rem; border-radius: 0.25rem; text-decoration: underline; }}
*:focus-visible {{ outline: 3px solid {BLUE} !important; outline-offset: 2px; }}
.dark *:focus-visible {{ outline-color: {LIGHT} !important; }}
/* The actions stay in view on a wide screen; on a phone they scroll with the page. */
#actions {{ position: sticky; top: 0; z-index: 30; background: var(--body-background-fill);
  padding: 0.25rem 0; border-bottom: 1px solid var(--border-color-primary); }}
@media (max-width: 1023px) {{ #actions {{ position: static; }} }}
#header h1 {{ font-size: 1.6rem; margin: 0 0 0.25rem; }}
#header p {{ margin: 0; }}
#action_notes {{ min-height: 1.5rem; }}
#action_notes .prose p {{ margin: 0; }}
#examples {{ align-items: center; }}
/* Suggested duties are sentences: they wrap and read from the left (jd/ui_occupation.py). */
.jd-suggestion {{ white-space: normal !important; text-align: left !important; justify-content: flex-start; }}
#suggested_skills .jd-suggestion {{ flex: 0 1 auto !important; }}
#examples_label {{ flex: 0 0 auto; min-width: 0 !important; }}
#switch_confirm {{ border: 2px solid {BLUE}; border-radius: 0.5rem; padding: 0.5rem; }}
#ad_stale {{ border-left: 4px solid #b45309; padding-left: 0.5rem; }}
#ad_stale:empty, #ad_stale .prose:empty {{ border: 0; }}
.jd-outdated #preview {{ opacity: 0.55; }}
.jd-date label {{ display: block; color: var(--block-label-text-color); font-size: var(--block-label-text-size);
  margin-bottom: 0.4rem; }}
.jd-date input {{ border: 1px solid var(--input-border-color); border-radius: var(--input-radius);
  padding: var(--input-padding); background: var(--input-background-fill); color: var(--body-text-color);
  font-size: var(--input-text-size); }}
.jd-date .jd-help {{ color: var(--block-info-text-color); font-size: var(--block-info-text-size); }}
footer, footer a, footer button {{ color: {SUBDUED} !important; }}
.dark footer, .dark footer a, .dark footer button {{ color: #d1d5db !important; }}
mark.jd-flag {{ background: #fef08a; color: {INK}; }}
#top {{ align-items: flex-start; }}
#page_language {{ flex: 0 1 auto !important; min-width: 0 !important; }}
.jd-language {{ display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 0.5rem; }}
.jd-language label {{ color: var(--body-text-color); font-size: var(--block-label-text-size); }}
.jd-language select {{ border: 1px solid var(--input-border-color); border-radius: var(--input-radius);
  padding: 0.35rem 0.5rem; background: var(--input-background-fill); color: var(--body-text-color);
  font-size: var(--input-text-size); max-width: 100%; }}
@media (max-width: 640px) {{ .jd-language {{ justify-content: flex-start; }} }}
"""

SCRIPT = """
<script>
(() => {
  const radios = () => {
    for (const wrap of document.querySelectorAll('gradio-app .block .wrap')) {
      const items = [...wrap.querySelectorAll(':scope > label > input[type=radio]')];
      if (!items.length) continue;
      const label = wrap.closest('.block')?.querySelector('[data-testid="block-info"]');
      if (label && !wrap.hasAttribute('role')) {
        label.id = label.id || ('jd-group-' + Math.random().toString(36).slice(2));
        wrap.setAttribute('role', 'radiogroup');
        wrap.setAttribute('aria-labelledby', label.id);
      }
      const current = items.find((item) => item.checked) || items[0];
      for (const item of items) item.tabIndex = item === current ? 0 : -1;
    }
  };
  const regions = () => {
    // The question before a switch is read with its answer button, which gets the focus.
    document.getElementById('switch_replace')?.setAttribute('aria-describedby', 'switch_text');
    for (const id of ['status', 'ad_status', 'draft_status', 'occupation_note']) {
      const el = document.getElementById(id);
      if (el && !el.hasAttribute('aria-live')) {
        el.setAttribute('role', 'status');
        el.setAttribute('aria-live', 'polite');
      }
    }
    const live = document.querySelector('#live textarea');
    if (live && live.disabled) { live.disabled = false; live.readOnly = true; }
    const title = document.querySelector('#title input, #title textarea');
    if (title) title.setAttribute('aria-required', 'true');
    // Upload areas: their name starts with the text they show, then says which field they fill.
    for (const area of document.querySelectorAll('button.upload-container')) {
      const shown = area.innerText.replace(/\\s+/g, ' ').trim();
      const field = area.closest('.block')?.querySelector('[data-testid="block-label"]')?.innerText.trim();
      const name = field ? `${shown}: ${field}` : shown;
      if (shown && area.getAttribute('aria-label') !== name) area.setAttribute('aria-label', name);
    }
    // An empty file box is a picture that says so: aria-label needs a role.
    for (const empty of document.querySelectorAll('div.empty[aria-label]:not([role])')) {
      empty.setAttribute('role', 'img');
    }
  };
  // Page parts Gradio does not translate carry their text in every language (jd/ui_look.py `_texts`).
  const parsed = new WeakMap();
  const inLanguage = (el, attribute) => {
    if (!parsed.has(el)) parsed.set(el, JSON.parse(el.getAttribute(attribute)));
    const texts = parsed.get(el);
    return texts[window.jdPageLanguage || 'en'] || texts.en;
  };
  const showTexts = () => {
    for (const el of document.querySelectorAll('[data-jd-texts]')) {
      const text = inLanguage(el, 'data-jd-texts');
      if (el.textContent !== text) el.textContent = text;
    }
    for (const el of document.querySelectorAll('[data-jd-label]')) {
      const text = inLanguage(el, 'data-jd-label');
      if (el.getAttribute('aria-label') !== text) el.setAttribute('aria-label', text);
    }
    // Tab names (jd/ui_language.py `switch_html`): the text node Gradio made is changed, never replaced.
    for (const holder of document.querySelectorAll('[data-jd-tabs]')) {
      if (!parsed.has(holder)) parsed.set(holder, JSON.parse(holder.getAttribute('data-jd-tabs')));
      for (const [id, texts] of Object.entries(parsed.get(holder))) {
        const text = texts[window.jdPageLanguage || 'en'] || texts.en;
        for (const button of document.querySelectorAll(`button[role=tab][aria-controls="${id}"]`)) {
          const node = [...button.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.data.trim());
          if (node && node.data.trim() !== text) node.data = text;
        }
      }
    }
  };
  window.jdShowTexts = showTexts;
  let pending = false;
  const enhance = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; radios(); regions(); showTexts(); report(); });
  };
  document.addEventListener('keydown', (event) => {
    const item = event.target;
    if (!(item instanceof HTMLInputElement) || item.type !== 'radio') return;
    const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
    if (!step) return;
    const items = [...item.closest('.wrap').querySelectorAll(':scope > label > input[type=radio]')];
    const next = items[(items.indexOf(item) + step + items.length) % items.length];
    event.preventDefault();
    next.click();
    next.focus();
  }, true);
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('.jd-skip a');
    if (!link) return;
    event.preventDefault();
    const target = document.querySelector(link.dataset.target);
    if (!target) return;
    if (!target.matches('input, textarea, button, select, [tabindex]')) target.tabIndex = -1;
    target.scrollIntoView({block: 'start'});
    target.focus();
  });
  let lastHeight = 0;
  const report = () => {
    if (window.parent === window) return;
    const app = document.querySelector('gradio-app');
    const height = Math.ceil((app || document.body).getBoundingClientRect().height);
    if (height && height !== lastHeight) {
      lastHeight = height;
      window.parent.postMessage({type: 'jd-generator:height', height: height}, '*');
    }
  };
  window.jdDownload = (name, text) => {
    if (!text) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  };
  new MutationObserver(enhance).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['class', 'style', 'disabled', 'checked']});
  window.addEventListener('resize', enhance);
  enhance();
})();
</script>
"""


# A native date input (Gradio 6.31 has none): its value is "" or an ISO date; it is set through `.value`,
# never through the HTML template, so nothing a draft or the browser's storage holds can become markup.
DATE_TEMPLATE = (
    '<div class="jd-date"><label for="valid_through_input" {label}</label>'
    '<input type="date" id="valid_through_input" aria-describedby="valid_through_help">'
    '<div class="jd-help" id="valid_through_help" {help}</div></div>'
)


def template_safe(markup: str) -> str:
    """Our own HTML, made inert for Gradio's template syntax (JS template strings, Handlebars): the characters
    those read are written as character references, which the browser reads back as the same text."""
    return markup.replace("$", "&#36;").replace("`", "&#96;").replace("{", "&#123;").replace("}", "&#125;")


def _texts(texts: dict[str, str]) -> str:
    """An element's text in every page language: `data-jd-texts="{...}">English` (the tag's end and its text),
    shown in the page's language by the page's script (`jdShowTexts`); Gradio does not translate HTML."""
    return f'data-jd-texts="{html.escape(json.dumps(texts, ensure_ascii=False))}">{html.escape(texts["en"])}'


DATE_SCRIPT = """
const input = element.querySelector('input');
const show = () => { const value = props.value || ''; if (input.value !== value) input.value = value; };
show();
input.addEventListener('change', () => { props.value = input.value; trigger('change'); });
watch('value', show);
"""


def date_template(label: dict[str, str], help_text: dict[str, str]) -> str:
    """The date input's HTML with our own label and help text in it (each in every page language)."""
    return template_safe(DATE_TEMPLATE.format(label=_texts(label), help=_texts(help_text)))


def skip_links(name: dict[str, str], form_text: dict[str, str], ad_text: dict[str, str]) -> str:
    """The page's first focusable elements (shown when focused): to the form's title and to the ad."""
    names = html.escape(json.dumps(name, ensure_ascii=False))
    return template_safe(
        f'<nav class="jd-skip" aria-label="{html.escape(name["en"])}" data-jd-label="{names}">'
        f'<a href="#title" data-target="#title input" {_texts(form_text)}</a> '
        f'<a href="#ad_column" data-target="#ad_heading" {_texts(ad_text)}</a></nav>'
    )


def dressed(demo: gr.Blocks, i18n: gr.I18n | None = None) -> gr.Blocks:
    """Make every `demo.launch()` use the theme, the CSS, the script and the page's translations (unless the
    caller passes its own)."""
    launch = demo.launch

    @functools.wraps(launch)
    def launch_dressed(*args: Any, **kwargs: Any):
        kwargs.setdefault("theme", THEME)
        kwargs.setdefault("css", CSS)
        kwargs.setdefault("head", SCRIPT)
        if i18n is not None:
            kwargs.setdefault("i18n", i18n)
        return launch(*args, **kwargs)

    demo.launch = launch_dressed  # type: ignore[method-assign]
    return demo
