"""The Node example (docs/js-client/stream_and_fetch.mjs) against the launched app, through @gradio/client.

Installs the example's locked dependencies once (`npm ci`, skipped when node_modules already matches
package-lock.json), then runs it as a user would. Node must not reach anything but the app: a preload
rejects every fetch to a host other than loopback (the client asks huggingface.co only for "owner/space").
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jd import service
from jd.errors import InvalidJob

pytestmark = pytest.mark.node

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "js-client"
SCRIPT = "stream_and_fetch.mjs"
TITLE = "Line Cook"  # the job in the script
BAD_JOB = {"title": "", "salary_min": 50, "salary_max": 10}  # the bad job in the script
DUTIES = [
    "Prepare and cook menu items on the grill to the recipe.",
    "Set up and stock the line station before each service.",
    "Keep the station clean and follow food safety rules.",
    "Check food temperatures and label stored items.",
    "Work with the team to send out orders on time.",
    "Rotate stock and report low supplies to the chef.",
]
REPLY = "".join(f"- {duty}\n" for duty in DUTIES)

# Loaded before the script: every fetch must go to loopback (the app), never to the Hub or anywhere else.
LOOPBACK_ONLY = """
const real = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    process.stderr.write(`BLOCKED non-loopback fetch: ${url}\\n`);
    return Promise.reject(new Error(`blocked: ${url}`));
  }
  return real(input, init);
};
"""


def _node_version(node: str) -> tuple[int, ...]:
    out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60).stdout
    return tuple(int(part) for part in re.findall(r"\d+", out)[:3])


def _installed(example: Path) -> bool:
    """node_modules holds exactly what package-lock.json pins (npm's own record of the last install)."""
    try:
        locked = json.loads((example / "package-lock.json").read_text())["packages"]
        hidden = json.loads((example / "node_modules" / ".package-lock.json").read_text())["packages"]
    except (OSError, ValueError, KeyError):
        return False
    return {path: entry for path, entry in locked.items() if path} == hidden


@pytest.fixture(scope="module")
def node_example() -> tuple[str, Path]:
    """`node` and the example folder, its dependencies installed with `npm ci` (once, in place)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed (apt-get install nodejs npm)")
    if _node_version(node) < (18,):
        pytest.skip(f"@gradio/client needs Node 18 or newer, not {_node_version(node)}")
    if not _installed(EXAMPLE):
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=EXAMPLE,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    return node, EXAMPLE


def _run(node_example, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    node, example = node_example
    guard = tmp_path / "loopback_only.cjs"
    guard.write_text(LOOPBACK_ONLY)
    done = subprocess.run(
        [node, "--require", str(guard), SCRIPT, *args],
        cwd=example,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "BLOCKED" not in done.stderr, done.stderr
    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done.stdout


def _sections(stdout: str) -> dict[str, str]:
    """The script's output split at its "== Heading ==" lines (the part before the first: "stream")."""
    parts = re.split(r"^== (.+) ==$", stdout, flags=re.M)
    return {"stream": parts[0], **{parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts), 2)}}


def test_node_example_streams_duties_fetches_the_ad_and_shows_a_clear_error(app, node_example, tmp_path):
    app.fake.configure(reply=REPLY, delay=0.02)
    stdout = _run(node_example, tmp_path, app.url)
    sections = _sections(stdout)

    # The responsibilities arrived piece by piece, the raw text growing, and ended with the cleaned list.
    partials = [json.loads(line.split(": ", 1)[1]) for line in re.findall(r"^partial \d+: .*$", stdout, flags=re.M)]
    final = sections["Responsibilities"]
    assert len(partials) > 1, stdout
    assert partials[-1] == final
    raw = [partial for partial in partials if partial != final]
    assert len(raw) > 1, partials
    for shorter, longer in itertools.pairwise(raw):
        assert longer.startswith(shorter), (shorter, longer)
    assert len(raw[0]) < len(final) <= len(raw[-1])
    assert final.splitlines() == [f"- {duty.rstrip('.')}" for duty in DUTIES]

    # The finished ad in Markdown: the job's title and every duty the (fake) model wrote.
    markdown = sections["Job description (Markdown)"]
    assert markdown.startswith(f"## {TITLE}")
    for duty in DUTIES:
        assert f"- {duty.rstrip('.')}" in markdown

    # The bad job: the app's own message, as plain text (no HTML line breaks or entities, no traceback).
    with pytest.raises(InvalidJob) as expected:
        service.job_description(BAD_JOB, final, "markdown", "")
    refused = sections["A bad job gets a clear error"]
    assert refused == f"The app refused it:\n{expected.value}"
    assert "Job title" in refused and "Traceback" not in refused and "<br>" not in refused


def test_node_example_reads_the_url_from_jd_url(app, node_example, tmp_path):
    stdout = _run(node_example, tmp_path, env={"JD_URL": app.url})
    assert f"from {app.url}" in stdout
    assert f"## {TITLE}" in stdout
