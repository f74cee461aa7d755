"""Every hostile payload in every field, the duties and the model's output, through every renderer (no browser).

Exports must stay text: the HTML export and the JSON-LD description use only h2/h3/p/ul/li/strong/em
with no attributes; JSON-LD is valid JSON that cannot close its <script> block and whose every string
is markup-free; Markdown rendered by a careless consumer (markdown-it with raw HTML on) makes no
tag, link or image from user text; template syntax prints as typed. The app's own panels (job
details, review summary, highlighted review text) are checked the same way.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import markupsafe
import pytest
from markdown_it import MarkdownIt
from xss_payloads import PAYLOADS, TEMPLATE, inspect_markup

from jd import service
from jd.errors import InvalidJob
from jd.parsing import duties_from_edit
from jd.render import build_job_posting, render_job_description, render_job_details, render_review
from jd.review import highlight_html
from jd.spec import TEXT_LIMITS, parse_job
from jd.writing import responsibilities_result

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 2)

HTML_TAGS = {"h2", "h3", "p", "ul", "li", "strong", "em"}
MARKDOWN_EXPORT_TAGS = {"h2", "h3", "p", "ul", "li"}  # what the Markdown template itself makes
DETAILS_TAGS = {"ul", "li", "strong", "p"}
REVIEW_TAGS = {"h3", "p", "strong", "ol", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "br"}
HIGHLIGHT_TAGS = {"mark", "br"}

CARELESS_MARKDOWN = MarkdownIt("commonmark", {"html": True})  # raw HTML on, as a careless consumer would

# A job with every section present, so every template branch renders the payload.
BASE_JOB = {
    "title": "Warehouse Supervisor",
    "experience": "3 years",
    "skills": "Forklift, stock control",
    "company": "Northgate Logistics",
    "about_company": "Northgate runs three regional warehouses.",
    "location": "Leeds, UK",
    "benefits": "25 days paid leave",
    "schedule": "Monday to Friday, 8:00-16:30",
}
JOB_FIELDS = tuple(BASE_JOB)
SINGLE_LINE = {"title", "experience", "company", "location", "schedule"}
BASE_DUTIES = ["Plan each shift's picking work for the team", "Run weekly cycle counts with purchasing"]
FIELD_KINDS = (*JOB_FIELDS, "duties", "model_output")


def typed(payload, field: str) -> str:
    """The payload as it arrives from the form: one-line fields cannot hold line breaks."""
    return payload.single_line() if field in SINGLE_LINE else payload.text


def job_with(field: str, value: str):
    """The base job with one field replaced, or None when the spec refuses the value (too long, control chars)."""
    try:
        return parse_job({**BASE_JOB, field: value})
    except InvalidJob as error:
        assert value not in str(error)  # error messages never echo the hostile text
        return None


def model_reply(payload) -> str:
    """A model answer that tries to smuggle the payload in, inside a duty and on a line of its own."""
    return (
        f"- Review the {payload.text} report with the team every week.\n"
        f"{payload.text}\n"
        "- Plan each shift's picking, packing and dispatch work for the associates.\n"
    )


def check_exports(job, duties: list[str]) -> dict[str, str]:
    """Render every format and check each one; returns them for further checks."""
    out = {
        fmt: render_job_description(job, duties, fmt, today=TODAY) for fmt in ("markdown", "html", "text", "json-ld")
    }

    markup = inspect_markup(out["html"])
    assert markup.only(HTML_TAGS) == [], out["html"]

    raw = out["json-ld"]
    assert "</script" not in raw.lower() and "<!--" not in raw
    posting = json.loads(raw)
    assert posting == build_job_posting(job, duties, today=TODAY)
    assert inspect_markup(posting["description"]).only({"p", "ul", "li"}) == []
    for path, value in _strings(posting):
        assert inspect_markup(value).only(HTML_TAGS) == [], f"JSON-LD {path}: {value!r}"

    rendered = CARELESS_MARKDOWN.render(out["markdown"])
    markdown_markup = inspect_markup(rendered)
    assert markdown_markup.dangerous() == [], rendered
    assert markdown_markup.only(MARKDOWN_EXPORT_TAGS) == [], rendered  # no a, img, code or raw HTML
    assert "javascript:" not in "".join(v or "" for _, _, v in markdown_markup.attributes).lower()
    return out


def _strings(value, path="$"):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


@pytest.mark.parametrize("field", FIELD_KINDS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: f"p{p.id}-{p.category}")
def test_payload_stays_text_in_every_export(payload, field):
    if field == "duties":
        job, duties = parse_job(BASE_JOB), BASE_DUTIES + duties_from_edit(payload.text)
    elif field == "model_output":
        job = parse_job(BASE_JOB)
        duties = duties_from_edit(responsibilities_result(job, model_reply(payload)).text)
    else:
        job, duties = job_with(field, typed(payload, field)), BASE_DUTIES
        if job is None:
            return  # refused by the spec: the app shows a plain-text problem instead (checked in job_with)
    out = check_exports(job, duties)
    if field == "title":  # text stays text, character for character
        assert job.title in out["text"]
        assert str(markupsafe.escape(job.title)) in out["html"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: f"p{p.id}-{p.category}")
def test_payload_in_all_fields_at_once_is_inert_in_the_apps_panels(payload):
    """Job details, review summary and the highlighted review text (a gr.HTML, which Gradio does not sanitise)."""
    values = {field: typed(payload, field) for field in JOB_FIELDS}
    accepted = {field: value for field, value in values.items() if job_with(field, value) is not None}
    job = parse_job({**BASE_JOB, **accepted})
    duties_text = "\n".join(BASE_DUTIES) + "\n" + payload.text
    markdown = service.job_description(job, duties_text, "markdown")

    details = CARELESS_MARKDOWN.render(render_job_details(job))
    assert inspect_markup(details).only(DETAILS_TAGS) == [], details

    result = service.review_job_description(job, markdown)
    panel = inspect_markup(CARELESS_MARKDOWN.render(render_review(result)))
    links = {(tag, name) for tag, name, _ in panel.attributes if tag == "a" and name == "href"}
    assert panel.only(REVIEW_TAGS, links) == []
    for _tag, _name, value in panel.attributes:  # only the review's own source links
        assert value.startswith("https://") and str(payload.id) not in value, value

    marked = highlight_html(markdown, result)
    highlight = inspect_markup(marked)
    assert highlight.only(HIGHLIGHT_TAGS, {("mark", "class"), ("mark", "title")}) == [], marked
    assert highlight.text == markdown  # the reviewed text, shown exactly, only wrapped in <mark>


@pytest.mark.parametrize("field", JOB_FIELDS)
@pytest.mark.parametrize("payload", TEMPLATE, ids=lambda p: f"p{p.id}")
def test_template_syntax_prints_as_typed(payload, field):
    job = job_with(field, typed(payload, field))
    if job is None:
        assert len(payload.text) > TEXT_LIMITS[field]  # the only reason to refuse it
        return
    outputs = [
        render_job_description(job, [*BASE_DUTIES, payload.text], fmt, today=TODAY)
        for fmt in ("markdown", "html", "text", "json-ld")
    ]
    outputs.append(render_job_details(job))
    for text in outputs:
        assert "49" not in text and "7777777" not in text
        for leak in ("<class", "jinja2", "Undefined", "__globals__': {", "environ"):
            assert leak not in text
    text_export = outputs[2]
    assert text_export.count(payload.text) >= (
        2 if field in ("title", "experience", "company", "about_company", "benefits", "skills") else 1
    )  # field and duty


# --- Jinja only ever renders files from templates/ ----------------------------------------------


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            yield name, node


def test_jinja_renders_only_template_files_never_user_text():
    sources = {path: ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "jd").rglob("*.py")}
    environments = []
    for path, tree in sources.items():
        for name, call in _calls(tree):
            assert name not in ("from_string", "Template", "compile_expression", "Markup"), (
                f"{path.name}:{call.lineno} builds a template from a string"
            )
            if name == "Environment":
                environments.append((path, call))
            if name == "get_template":
                (argument,) = call.args
                # a literal file name, or a lookup in render.py's table of literal file names
                assert isinstance(argument, ast.Constant) or (
                    isinstance(argument, ast.Subscript) and getattr(argument.value, "id", "") == "_TEMPLATE_FOR"
                ), f"{path.name}:{call.lineno}: get_template({ast.unparse(argument)})"
    assert len(environments) == 1, "one Jinja environment, in jd/render.py"
    path, call = environments[0]
    loader = {keyword.arg: keyword.value for keyword in call.keywords}.get("loader")
    assert isinstance(loader, ast.Call) and getattr(loader.func, "id", "") == "FileSystemLoader", path
    importers = {
        path.name
        for path, tree in sources.items()
        for node in ast.walk(tree)
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jinja2"))
        or (isinstance(node, ast.Import) and any(a.name.startswith("jinja2") for a in node.names))
    }
    assert importers == {"render.py"}
