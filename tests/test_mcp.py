"""The MCP tools (jd/mcp.py): as functions, then through the launched app with the official `mcp` client.

The launched app serves its public API as MCP tools on loopback (`launch(mcp_server=True)`); every
tool gives the same result and the same clear error text as gradio_client gets for the same inputs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fake_openai import FakeOpenAI
from gradio.utils import get_function_description, get_function_params
from gradio_client.exceptions import AppError
from launch import fake_backend_settings, free_port, new_client
from samples import REVIEW_KEYS, WAREHOUSE_JOB

from jd import mcp, service
from jd.errors import InvalidInput, InvalidJob, VisitorRateLimited
from jd.limits import RateLimiter
from jd.spec import FIELDS, parse_job

REPLY = (
    "1. Receive, check and store incoming deliveries accurately.\n"
    "2. Pick and pack customer orders to the daily plan.\n"
    "3. Run cycle counts and report stock differences.\n"
    "4. Operate forklifts safely and follow site safety rules.\n"
    "5. Keep aisles, docks and work areas clean and clear.\n"
    "6. Load outgoing trucks in the agreed order.\n"
)
JOB = WAREHOUSE_JOB  # the dict the gradio_client endpoints take
FLAT = dict(JOB)  # the same job as the MCP tools' flat arguments (the fields have the same names)
BAD_JOB = {"title": "", "salary_min": 50, "salary_max": 10}
TOOL_NAMES = [
    "create_job_description",
    "draft_responsibilities",
    "render_job_description",
    "review_job_description",
    "check_job",
    "find_occupation",
]
# The public endpoints that take the job as one object: still there for gradio_client, not MCP tools.
API_ONLY = ("job_details", "review", "responsibilities", "summary", "job_description", "feedback", "occupation")
SIMPLE_TYPES = {"string", "number", "integer", "boolean"}


def no_visitor(request, profile, oauth_token) -> dict[str, Any]:
    return {"oauth_token": None, "on_notice": None, "rate_limit": None}


def tool_fns(settings=None, for_visitor=no_visitor) -> dict[str, Any]:
    return {tool.name: tool.fn for tool in mcp.tools(settings, for_visitor)}


# ---- the functions ------------------------------------------------------------------------------


def test_the_job_parameters_are_the_job_fields():
    assert mcp.JOB_PARAMETERS[0].name == "title"
    assert sorted(p.name for p in mcp.JOB_PARAMETERS) == sorted(FIELDS)
    assert all(p.description.endswith(".") for p in mcp.JOB_PARAMETERS)


def test_flat_arguments_become_the_job_the_page_would_send():
    defaults = {"tone": "professional", "language": "en", "mwd": True, "pay_basis": "gross", "consent_line": True}
    assert mcp.job_from(FLAT) == parse_job({**JOB, **defaults})
    assert mcp.job_from(FLAT) == parse_job(JOB)
    blank = {p.name: p.default for p in mcp.JOB_PARAMETERS}
    assert mcp.job_from({**blank, "title": "Cook"}) == parse_job({"title": "Cook"})
    assert not mcp.job_from({"title": "Cook", "salary_min": 0, "salary_max": 0.0}).has_pay  # 0 is "not given"


def test_each_tool_has_simple_typed_described_parameters():
    for name, fn in tool_fns().items():
        description, parameter_docs, returns = get_function_description(fn)
        assert len(description) > 60 and returns, name
        params = get_function_params(fn)  # what Gradio makes the tool's input schema from
        assert params, name
        for param, has_default, _, hint in params:
            assert hint in (str, float, bool), (name, param, hint)
            assert parameter_docs[param].endswith("."), (name, param)
            assert has_default or param in ("title", "text", "responsibilities"), (name, param)
    job_params = [p.name for p in mcp.JOB_PARAMETERS]
    assert [p[0] for p in get_function_params(mcp.tools(None, no_visitor)[0].fn)] == [*job_params, "format"]


def test_quick_tools_give_what_the_service_gives():
    fns = tool_fns()
    duties = "- Receive and store deliveries.\n- Pick and pack customer orders."
    assert fns["check_job"](**FLAT) == service.job_details(JOB)
    for fmt in ("markdown", "json-ld"):
        assert fns["render_job_description"](duties, **FLAT, format=fmt) == service.job_description(JOB, duties, fmt)
    text = service.job_description(JOB, duties)
    assert json.loads(fns["review_job_description"](text, **FLAT)) == service.review_job_description(JOB, text)
    assert json.loads(fns["review_job_description"](text)) == service.review_job_description(None, text)


def test_quick_tools_refuse_with_the_service_messages():
    fns = tool_fns()
    with pytest.raises(InvalidJob) as caught:
        fns["check_job"](**BAD_JOB)
    with pytest.raises(InvalidJob) as expected:
        service.job_details(BAD_JOB)
    assert str(caught.value) == str(expected.value)
    with pytest.raises(InvalidInput, match=r"^format must be one of markdown, html, text, json-ld, not 'pdf'\.$"):
        fns["render_job_description"]("- Pick orders.", **FLAT, format="pdf")
    with pytest.raises(InvalidJob, match="Job title: is required"):
        fns["review_job_description"]("Some ad.", language="de")  # a job without its title is not ignored


@pytest.fixture
def fake_settings(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    return fake_backend_settings(fake_openai, tmp_path / "data")


def test_create_job_description_takes_one_request_from_the_quota(fake_openai, fake_settings):
    limiter = RateLimiter(1)

    def visitor(request, profile, oauth_token) -> dict[str, Any]:
        return {"oauth_token": None, "on_notice": None, "rate_limit": lambda: limiter.check("someone")}

    create = tool_fns(fake_settings, visitor)["create_job_description"]
    result = json.loads(asyncio.run(create(**FLAT)))
    assert result["responsibilities"].count("- ") == 6
    assert len(fake_openai.chat_log) == 1
    with pytest.raises(VisitorRateLimited, match="Try again in"):
        asyncio.run(create(**FLAT))
    assert len(fake_openai.chat_log) == 1  # refused before the model


def test_a_bad_format_or_job_never_reaches_the_model(fake_openai, fake_settings):
    fns = tool_fns(fake_settings)
    with pytest.raises(InvalidInput, match="format must be one of"):
        asyncio.run(fns["create_job_description"](**FLAT, format="pdf"))
    with pytest.raises(InvalidJob, match="Job title: is required"):
        asyncio.run(fns["draft_responsibilities"](title=" "))
    assert fake_openai.chat_log == []


def test_notices_come_back_in_the_result(fake_openai, fake_settings):
    fake_openai.configure(reply="- Pick and pack customer orders.\n- Run cycle counts.\n")
    result = json.loads(asyncio.run(tool_fns(fake_settings)["draft_responsibilities"](**FLAT)))
    assert result["responsibilities"].count("- ") == 2
    assert any("only 2 responsibilities" in notice for notice in result["notices"]), result["notices"]


# ---- through the launched app -------------------------------------------------------------------


@dataclass
class McpApp:
    url: str
    client: Any  # gradio_client.Client
    fake: FakeOpenAI

    @property
    def mcp_url(self) -> str:
        return self.url + "gradio_api/mcp/"

    def session(self, action) -> Any:
        """Run `await action(session)` in a fresh MCP session with the app."""
        from mcp import ClientSession
        from mcp.client.streamable_http import streamable_http_client

        async def run() -> Any:
            async with streamable_http_client(self.mcp_url) as (read, write, _), ClientSession(read, write) as session:
                await session.initialize()
                return await action(session)

        return asyncio.run(run())

    def call(self, name: str, arguments: dict) -> Any:
        """The tool's result: its one text, or McpToolError with the text of an error result."""
        result = self.session(lambda session: session.call_tool(name, arguments))
        [content] = result.content
        if result.isError:
            raise McpToolError(content.text)
        return content.text


class McpToolError(Exception):
    pass


@contextmanager
def launched_with_mcp(settings, fake: FakeOpenAI) -> Iterator[McpApp]:
    from jd.ui import build_app

    demo = build_app(settings)
    assert settings.mcp_server  # JD_MCP is on by default; app.py launches with mcp_server=settings.mcp_server
    _, url, _ = demo.launch(
        prevent_thread_lock=True,
        server_name="127.0.0.1",
        server_port=free_port(),
        quiet=True,
        mcp_server=settings.mcp_server,
    )
    assert demo.mcp_error is None, demo.mcp_error
    client = new_client(url)
    try:
        yield McpApp(url, client, fake)
    finally:
        try:
            demo.close()
        finally:
            client.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[McpApp]:
    pytest.importorskip("mcp", reason="the mcp package (gradio[mcp]) is not installed")
    data = tmp_path_factory.mktemp("mcp") / "data"
    with FakeOpenAI() as fake, launched_with_mcp(fake_backend_settings(fake, data), fake) as app:
        yield app


@pytest.fixture
def app(served) -> McpApp:
    served.fake.reset()
    served.fake.configure(reply=REPLY)
    return served


def app_error(app: McpApp, *args, api_name: str) -> str:
    with pytest.raises(AppError) as caught:
        app.client.predict(*args, api_name=api_name)
    return str(caught.value)


def test_the_tools_are_listed_with_descriptions_and_simple_types(app):
    tools = app.session(lambda session: session.list_tools()).tools
    assert [tool.name for tool in tools] == TOOL_NAMES
    for tool in tools:
        assert len(tool.description) > 60 and "Returns:" in tool.description, tool.name
        properties = tool.inputSchema["properties"]
        for name, schema in properties.items():
            assert schema["type"] in SIMPLE_TYPES and schema["description"], (tool.name, name, schema)
        assert set(tool.inputSchema.get("required", [])) <= {"title", "text", "responsibilities"}
    create = next(tool for tool in tools if tool.name == "create_job_description")
    assert create.inputSchema["required"] == ["title"]
    assert create.inputSchema["properties"]["salary_min"]["type"] == "number"
    assert create.inputSchema["properties"]["mwd"] == {
        "type": "boolean",
        "description": next(p.description for p in mcp.JOB_PARAMETERS if p.name == "mwd"),
        "default": True,
    }


def test_the_job_object_endpoints_stay_for_gradio_client(app):
    names = set(app.client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {f"/{name}" for name in (*API_ONLY, *TOOL_NAMES)} <= names
    assert "Warehouse Associate" in app.client.predict(JOB, api_name="/job_details")
    schema = httpx.get(app.mcp_url + "schema", timeout=10).json()  # what hosted MCP directories read
    kinds = {entry["name"]: entry["meta"]["mcp_type"] for entry in schema}
    assert [name for name, kind in kinds.items() if kind == "tool"] == TOOL_NAMES


def test_find_occupation_names_the_code_the_job_tools_take(app):
    found = json.loads(app.call("find_occupation", {"title": "Barista"}))
    assert found[0]["code"] == "35-3023.01" and found[0]["title"] == "Baristas" and found[0]["duties"]
    posting = json.loads(
        app.call(
            "render_job_description",
            {**FLAT, "occupation": found[0]["code"], "responsibilities": "- Pull espresso shots", "format": "json-ld"},
        )
    )
    assert posting["occupationalCategory"]["codeValue"] == "35-3023.01"


def test_check_job_gives_what_gradio_client_gets(app):
    details = app.call("check_job", FLAT)
    assert details == app.client.predict(JOB, api_name="/job_details")
    assert details == app.client.predict(**FLAT, api_name="/check_job")
    assert "Warehouse Associate" in details and "40,000" in details


def test_render_gives_what_gradio_client_gets(app):
    duties = "- Receive and store deliveries.\n- Pick and pack customer orders."
    for fmt in ("markdown", "html", "json-ld"):
        text = app.call("render_job_description", {**FLAT, "responsibilities": duties, "format": fmt})
        assert text == app.client.predict(JOB, duties, fmt, api_name="/job_description")
    posting = json.loads(text)
    assert posting["@type"] == "JobPosting" and posting["baseSalary"]["value"]["minValue"] == 40000


def test_review_gives_what_gradio_client_gets(app):
    text = "We want a rockstar ninja to run our Denver warehouse."
    review = json.loads(app.call("review_job_description", {**FLAT, "text": text}))
    assert review == app.client.predict(JOB, text, api_name="/review")
    assert set(review) >= REVIEW_KEYS
    assert {s["term"].lower() for s in review["suggestions"]} >= {"rockstar", "ninja"}


def test_draft_responsibilities_gives_the_cleaned_list(app):
    result = json.loads(app.call("draft_responsibilities", FLAT))
    assert result["responsibilities"] == app.client.predict(JOB, api_name="/responsibilities")
    assert result["responsibilities"].count("- ") == 6 and "1." not in result["responsibilities"]
    assert result["notices"] == [] and result["model"]


def test_create_job_description_in_one_call(app):
    """One tool call gives what four gradio_client calls give: duties, summary, the ad and its review."""
    result = json.loads(app.call("create_job_description", FLAT))
    duties = app.client.predict(JOB, api_name="/responsibilities")
    summary = app.client.predict(JOB, duties, api_name="/summary")
    markdown = app.client.predict(JOB, duties, "markdown", summary, api_name="/job_description")
    assert result["responsibilities"] == duties
    assert result["summary"] == summary
    assert result["job_description"] == markdown
    assert result["review"] == app.client.predict(JOB, markdown, api_name="/review")
    assert result["format"] == "markdown" and result["notices"] == []
    assert "Pick and pack customer orders to the daily plan" in markdown and "USD 40,000" in markdown
    assert json.loads(app.client.predict(**FLAT, api_name="/create_job_description")) == result


def test_create_job_description_reports_progress_and_formats(app):
    progress: list[Any] = []

    async def call(session) -> Any:
        async def on_progress(done, total, message) -> None:
            progress.append(message)

        arguments = {**FLAT, "format": "html"}
        return await session.call_tool("create_job_description", arguments, progress_callback=on_progress)

    result = app.session(call)
    assert not result.isError
    ad = json.loads(result.content[0].text)
    assert ad["format"] == "html"
    assert "<li>Pick and pack customer orders to the daily plan" in ad["job_description"]
    assert progress, "a client that asks for progress gets progress notifications"


def test_a_bad_job_gets_the_same_message_as_gradio_client(app):
    message = app_error(app, BAD_JOB, api_name="/job_details")
    assert "Job title" in message
    for tool in ("check_job", "create_job_description", "draft_responsibilities"):
        with pytest.raises(McpToolError) as caught:
            app.call(tool, BAD_JOB)
        assert str(caught.value) == message, tool
    assert app.fake.chat_log == []


def test_a_bad_format_gets_a_clear_message(app):
    with pytest.raises(McpToolError, match=r"^format must be one of markdown, html, text, json-ld, not 'pdf'"):
        app.call("create_job_description", {**FLAT, "format": "pdf"})
    assert app.fake.chat_log == []


def test_a_failing_model_gets_the_same_message_as_gradio_client(app):
    app.fake.configure(fault="401")
    message = app_error(app, JOB, api_name="/responsibilities")
    with pytest.raises(McpToolError) as caught:
        app.call("create_job_description", FLAT)
    assert str(caught.value) == message
    app.fake.configure(fault=None)
    assert json.loads(app.call("create_job_description", FLAT))["responsibilities"].count("- ") == 6


def test_arguments_of_the_wrong_type_are_refused_by_the_schema(app):
    with pytest.raises(McpToolError, match="Input validation error"):
        app.call("check_job", {**FLAT, "salary_min": "lots"})
    with pytest.raises(McpToolError, match="Input validation error"):
        app.call("check_job", {"company": "Acme"})  # no title
