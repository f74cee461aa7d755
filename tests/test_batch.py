"""Bulk job descriptions from a CSV or .xlsx file (jd/batch.py), and `python -m jd batch` run as a user runs it.

The domain functions run against the fake OpenAI-compatible server in-process; the command line runs
as a real subprocess pointed at the same fake through JD_* variables.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from launch import fake_model_settings

from jd import batch, cli, roles_file, service
from jd.blocking import iterate_blocking
from jd.errors import InvalidInput
from jd.spec import FIELD_LABELS, FIELDS, parse_job

ROOT = Path(__file__).resolve().parents[1]
# Six duties the grounding guard keeps for any role (no pay, places, figures or qualifications).
REPLY = (
    "- Plan and run stock counts with the team.\n"
    "- Keep pick and pack accuracy high.\n"
    "- Train new starters on safe equipment use.\n"
    "- Report faults and near misses to the shift lead.\n"
    "- Keep the work area clean and tidy.\n"
    "- Load and unload deliveries with care.\n"
)
HEADER = ["title", "skills", "location", "salary_min", "salary_max", "currency", "salary_period"]
TITLES = ["Stock Controller", "Warehouse Operative", "Delivery Driver", "Shift Lead", "Forklift Driver"]
# Spreadsheet row number (the header is row 1) -> the field made wrong, its value, and the message's start.
BAD = {
    7: ("salary_min", "abc", "Row 7, salary_min: 'abc' is not a number"),
    20: ("title", "", "Row 20, title: is required"),
    33: ("currency", "XYZ", "Row 33, currency: 'XYZ' is not an ISO 4217 currency code"),
}
ALL_FORMATS = "md,html,docx,json-ld,txt"
EXTENSIONS = {".md", ".html", ".docx", ".jsonld", ".txt"}


def role_rows(count: int, bad=BAD) -> list[list[object]]:
    """`count` roles as spreadsheet rows (numbers 2 to count + 1), the rows in `bad` made wrong."""
    rows = []
    for number in range(2, count + 2):
        values: dict[str, object] = {
            "title": TITLES[(number - 2) % len(TITLES)],
            "skills": "forklift, stock control",
            "location": "Leeds, UK",
            "salary_min": 25000 + number,
            "salary_max": 28000 + number,
            "currency": "GBP",
            "salary_period": "year",
        }
        if number in bad:
            field, value, _ = bad[number]
            values[field] = value
        rows.append([values[name] for name in HEADER])
    return rows


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, header=HEADER, extra_sheet: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Roles"
    sheet.append(header)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    if extra_sheet:
        workbook.create_sheet("Notes").append(["not read"])
    workbook.save(path)
    return path


def settings_for(fake, **changes):
    """One request per role (no top-ups), the composed summary, the fake as the only backend."""
    return fake_model_settings(fake, **{"topup_requests": 0, "model_summary": "off", **changes})


def read_summary(out: Path) -> list[dict[str, str]]:
    with open(out / batch.SUMMARY_NAME, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def files_by_row(out: Path) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for path in out.iterdir():
        match = re.match(r"(\d{3})-", path.name)
        if match:
            found.setdefault(int(match[1]), []).append(path.name)
    return found


def base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("JD_", "HF_TOKEN"))}


def cli_env(fake) -> dict[str, str]:
    env = base_env()
    env.update(
        JD_BASE_URL=fake.base_url,
        JD_API_KEY="k",
        JD_FALLBACK="0",
        JD_RETRIES="0",
        JD_TOPUP_REQUESTS="0",
        JD_MODEL_SUMMARY="off",
        JD_PRELOAD="0",
    )
    return env


def run_cli(args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "jd", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


# --- the whole batch --------------------------------------------------------------------------


def test_cli_50_rows_with_3_bad_gives_47_ads_in_every_format(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    source = write_csv(tmp_path / "roles.csv", role_rows(50))
    out = tmp_path / "out"
    result = run_cli(["batch", str(source), "--out", str(out), "--format", ALL_FORMATS], cli_env(fake_openai))
    assert result.returncode == cli.EXIT_ROWS_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    files = files_by_row(out)
    assert sorted(files) == [n for n in range(2, 52) if n not in BAD]
    for names in files.values():
        assert {Path(name).suffix for name in names} == EXTENSIONS and len(names) == 5, names
    for _, _, message in BAD.values():
        assert message in result.stderr
    assert "3 of 50 roles failed" in result.stderr
    assert "47 of 50 job descriptions are in" in result.stdout
    assert fake_openai.chat_requests == 47  # a bad row never reaches the model
    ad = (out / "002-stock-controller.md").read_text(encoding="utf-8")
    assert ad.startswith("## Stock Controller") and "- Plan and run stock counts with the team\n" in ad
    # "Stock Controller" is surely Stockers and Order Fillers (O*NET): a drafted duty of no task of theirs is left out.
    assert "Train new starters on safe equipment use" not in ad
    assert "GBP 25,002–28,002 per year" in ad
    posting = json.loads((out / "002-stock-controller.jsonld").read_text(encoding="utf-8"))
    assert posting["title"] == "Stock Controller"


def test_xlsx_50_rows_with_3_bad(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    sheet = batch.read_rows(write_xlsx(tmp_path / "roles.xlsx", role_rows(50), extra_sheet=True))
    assert sheet.warnings == ("Only the first sheet, 'Roles', is read; the workbook has 2 sheets.",)
    assert [row.number for row in sheet.rows] == list(range(2, 52))
    assert sheet.rows[0].values["salary_min"] == 25002  # numbers stay numbers
    report = batch.run_batch(sheet.rows, settings_for(fake_openai), tmp_path / "out", "md,docx", concurrency=4)
    assert report.count(batch.DONE) == 47 and report.count(batch.FAILED) == 3
    failures = {result.row: result.errors for result in report.failures}
    assert sorted(failures) == sorted(BAD)
    for number, (_, _, message) in BAD.items():
        assert len(failures[number]) == 1 and failures[number][0].startswith(message)
    files = files_by_row(tmp_path / "out")
    assert len(files) == 47 and all(
        sorted(Path(n).suffix for n in names) == [".docx", ".md"] for names in files.values()
    )


def _done_lines(out: Path) -> int:
    try:
        text = (out / batch.STATE_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0
    return text.count('"status": "done"')


def _start_and_wait(args, env, out: Path, done: int) -> subprocess.Popen:
    """The batch as a subprocess, once `done` roles are recorded (it must still be running then)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jd", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _done_lines(out) < done:
        if process.poll() is not None:
            raise AssertionError(f"the batch ended before it was stopped: {process.communicate()}")
        assert time.monotonic() < deadline, "no role was done within 2 minutes"
        time.sleep(0.02)
    return process


def test_killed_batch_resumes_and_writes_every_role_once(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY, delay=0.02)  # about a second per role: the kill lands mid-run
    source = write_csv(tmp_path / "roles.csv", role_rows(16, bad={}))
    out = tmp_path / "out"
    args = ["batch", str(source), "--out", str(out), "--format", "md,docx", "--concurrency", "2"]
    process = _start_and_wait(args, cli_env(fake_openai), out, done=3)
    process.kill()  # SIGKILL: no clean-up at all
    process.communicate()
    done_at_kill = _done_lines(out)
    assert 3 <= done_at_kill < 16
    fake_openai.configure(delay=0.0)
    requests_before = fake_openai.chat_requests

    result = run_cli(args, cli_env(fake_openai))
    assert result.returncode == 0, result.stderr
    said = re.search(r"(\d+) done before, (\d+) to do\.", result.stderr)
    assert said, result.stderr
    before, to_do = int(said[1]), int(said[2])
    assert before >= done_at_kill and before + to_do == 16
    assert fake_openai.chat_requests - requests_before == to_do  # the roles done before are not asked again
    files = files_by_row(out)
    assert sorted(files) == list(range(2, 18))
    assert all(sorted(Path(n).suffix for n in names) == [".docx", ".md"] for names in files.values())
    assert sorted(p.name for p in out.iterdir() if not re.match(r"\d{3}-", p.name)) == sorted(
        [batch.STATE_NAME, batch.SUMMARY_NAME]
    )  # no temporary file left behind
    summary = read_summary(out)
    assert [int(line["row"]) for line in summary] == list(range(2, 18))
    assert {line["status"] for line in summary} == {"done"}
    state = (out / batch.STATE_NAME).read_text(encoding="utf-8").splitlines()
    assert len(state) == 16  # compacted: one line per row


def test_ctrl_c_stops_cleanly_and_the_summary_lists_what_is_left(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY, delay=0.02)
    source = write_csv(tmp_path / "roles.csv", role_rows(10, bad={}))
    out = tmp_path / "out"
    process = _start_and_wait(
        ["batch", str(source), "--out", str(out), "--concurrency", "2"], cli_env(fake_openai), out, done=2
    )
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == cli.EXIT_STOPPED, stderr
    assert "Traceback" not in stderr
    summary = read_summary(out)
    statuses = [line["status"] for line in summary]
    assert len(summary) == 10 and "to do" in statuses and statuses.count("done") >= 2
    assert f"Stopped with {statuses.count('to do')} of 10 roles to do" in stderr
    assert len(files_by_row(out)) == statuses.count("done")


# --- what each role gets --------------------------------------------------------------------------


def test_docx_has_the_ads_headings_and_bullets_in_order(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    sheet = batch.read_rows(write_csv(tmp_path / "roles.csv", role_rows(1, bad={})))
    batch.run_batch(sheet.rows, settings_for(fake_openai), tmp_path / "out", "md,docx")
    markdown = (tmp_path / "out" / "002-stock-controller.md").read_text(encoding="utf-8")
    expected = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            expected.append(("heading", line.lstrip("#").strip()))
        elif line.startswith("- "):
            expected.append(("bullet", line[2:].strip()))
    document = docx.Document(str(tmp_path / "out" / "002-stock-controller.docx"))
    found = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Title" or style.startswith("Heading"):
            found.append(("heading", paragraph.text.strip()))
        elif style == "List Bullet":
            found.append(("bullet", paragraph.text.strip()))
    assert found == expected
    assert ("bullet", "Report faults and near misses to the shift lead") in found
    assert found[0] == ("heading", "Stock Controller")


def test_summary_csv_has_scores_fix_first_and_failures(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    rows = role_rows(3, bad={3: ("salary_min", "lots", "")})
    rows.append(['=HYPERLINK("http://x.example")', "", "", "", "", "", ""])  # row 5: a formula-like title
    sheet = batch.read_rows(write_csv(tmp_path / "roles.csv", rows))
    out = tmp_path / "out"
    report = batch.run_batch(sheet.rows, settings_for(fake_openai), out, "md")
    summary = read_summary(out)
    assert list(summary[0]) == list(batch.SUMMARY_COLUMNS)
    assert [line["row"] for line in summary] == ["2", "3", "4", "5"]
    assert [line["status"] for line in summary] == ["done", "failed", "done", "done"]
    for line, values in ((summary[0], sheet.rows[0].values), (summary[2], sheet.rows[2].values)):
        markdown = (out / line["files"]).read_text(encoding="utf-8")
        review = service.review_job_description(parse_job(values), markdown)
        assert line["score"] == str(review["score"]) and 0 < review["score"] <= 100
        assert line["fix_first"] == " | ".join(review["fix_first"]) and line["fix_first"]
        assert line["error"] == ""
    failed = summary[1]
    assert failed["title"] == "Warehouse Operative" and failed["files"] == "" and failed["score"] == ""
    assert failed["error"] == "Row 3, salary_min: 'lots' is not a number; write it like 90000 or 90,000."
    assert failed["error"] == report.failures[0].error
    assert summary[3]["title"].startswith("'=HYPERLINK")  # shown as text, never run as a formula


def test_an_edited_row_is_redone_and_its_old_files_go(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    rows = role_rows(3, bad={})
    source = write_csv(tmp_path / "roles.csv", rows)
    out = tmp_path / "out"
    settings = settings_for(fake_openai)
    batch.run_batch(batch.read_rows(source).rows, settings, out, "md,txt")
    assert sorted(files_by_row(out)[4]) == ["004-delivery-driver.md", "004-delivery-driver.txt"]
    rows[2][0] = "Night Delivery Driver"
    write_csv(source, rows)
    started = []
    report = batch.run_batch(
        batch.read_rows(source).rows, settings, out, "md,txt", on_start=lambda *n: started.append(n)
    )
    assert started == [(2, 1)]
    assert report.done_before == 2 and report.count(batch.DONE) == 3
    assert sorted(files_by_row(out)[4]) == ["004-night-delivery-driver.md", "004-night-delivery-driver.txt"]
    assert fake_openai.chat_requests == 4
    assert "Night Delivery Driver" in json.dumps(fake_openai.chat_log[-1].body)
    titles = [line["title"] for line in read_summary(out)]
    assert titles == ["Stock Controller", "Warehouse Operative", "Night Delivery Driver"]
    # Other formats are another job: every row is written again, and the old formats' files go.
    batch.run_batch(batch.read_rows(source).rows, settings, out, "md")
    assert all(len(names) == 1 and names[0].endswith(".md") for names in files_by_row(out).values())


def test_a_torn_state_line_and_temporary_files_from_a_killed_run_are_harmless(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    rows = batch.read_rows(write_csv(tmp_path / "roles.csv", role_rows(2, bad={}))).rows
    out = tmp_path / "out"
    batch.run_batch(rows, settings_for(fake_openai), out, "md")
    with open(out / batch.STATE_NAME, "a", encoding="utf-8") as state:
        state.write('{"row": 3, "key": "ab')  # the process died mid-line
    (out / ".003-warehouse-operative.md.123.456.part").write_text("half an ad")
    started = []
    batch.run_batch(rows, settings_for(fake_openai), out, "md", on_start=lambda *n: started.append(n))
    assert started == [(2, 0)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["002-stock-controller.md", "003-warehouse-operative.md", batch.STATE_NAME, batch.SUMMARY_NAME]
    )


def test_a_backend_failure_is_that_rows_error(make_fake_openai, tmp_path):
    fake = make_fake_openai(reply=REPLY, faults=(None, "401"))  # the 2nd request is refused
    sheet = batch.read_rows(write_csv(tmp_path / "roles.csv", role_rows(4, bad={})))
    seen = []
    report = batch.run_batch(
        sheet.rows, settings_for(fake), tmp_path / "out", "md", concurrency=1, on_progress=seen.append
    )
    assert [r.status for r in report.results] == ["done", "failed", "done", "done"]
    (error,) = report.results[1].errors
    assert error.startswith("Row 3: ") and len(error) > len("Row 3: ") + 10
    assert sorted(r.row for r in seen) == [2, 3, 4, 5]


def test_company_profile_fills_blanks_and_sets_fixed_fields(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    header = ["title", "company"]
    sheet = batch.read_rows(write_csv(tmp_path / "roles.csv", [["Picker", ""], ["Packer", "Other Co"]], header))
    settings = settings_for(fake_openai, company_profile=ROOT / "examples" / "company_profile.toml")
    report = batch.run_batch(sheet.rows, settings, tmp_path / "out", "md")
    assert report.count(batch.DONE) == 2
    for name in ("002-picker.md", "003-packer.md"):
        ad = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "Acme Robotics" in ad and "We hire for skill and character" in ad
        assert "Other Co" not in ad
    assert "The company profile sets Company name" in " ".join(report.results[1].notices)


def test_zip_outputs_packs_the_ads_and_the_summary(fake_openai, tmp_path):
    fake_openai.configure(reply=REPLY)
    sheet = batch.read_rows(write_csv(tmp_path / "roles.csv", role_rows(2, bad={})))
    batch.run_batch(sheet.rows, settings_for(fake_openai), tmp_path / "out", "md,docx")
    path = batch.zip_outputs(tmp_path / "out")
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        assert archive.read("002-stock-controller.md") == (tmp_path / "out" / "002-stock-controller.md").read_bytes()
    ads = [f"{base}.{ext}" for base in ("002-stock-controller", "003-warehouse-operative") for ext in ("md", "docx")]
    assert names == sorted([*ads, batch.SUMMARY_NAME])


# --- reading the file ---------------------------------------------------------------------------


def test_csv_with_bom_semicolons_and_forgiving_headings():
    text = (
        "\ufeffJob Title;Skills; SALARY MIN ;salary-max;Currency;Pay period;Department\r\n"
        'Data Analyst;"SQL, Python";58000;70000;EUR;year;Finance\r\n'
        ";;;;;;\r\n"
        "Shift Lead;Rota planning;;;;;Operations\r\n"
    )
    sheet = batch.read_rows(text.encode("utf-8"), "roles.csv")
    assert [row.number for row in sheet.rows] == [2, 4]  # as the spreadsheet numbers them; blank rows skipped
    assert dict(sheet.rows[0].values) == {
        "title": "Data Analyst",
        "skills": "SQL, Python",
        "salary_min": "58000",
        "salary_max": "70000",
        "currency": "EUR",
        "salary_period": "year",
    }
    assert sheet.rows[1].values == {"title": "Shift Lead", "skills": "Rota planning"}
    (warning,) = sheet.warnings  # once, however many rows fill the column
    assert warning == f"Column 'Department' is not a job field and is ignored; the job fields are: {', '.join(FIELDS)}."


def test_every_field_and_label_names_its_column():
    for headings in (list(FIELDS), [FIELD_LABELS[name].upper() for name in FIELDS]):
        text = ",".join(f'"{heading}"' for heading in headings) + "\n" + ",".join(["x"] * len(headings)) + "\n"
        (row,) = batch.read_rows(text.encode("utf-8"), "roles.csv").rows
        assert list(row.values) == list(FIELDS)


@pytest.mark.parametrize(
    "data",
    [
        "title,skills\nCafé Manager,coffee\n".encode("cp1252"),  # Excel's plain CSV on Windows
        "title\tskills\nCafé Manager\tcoffee\n".encode("utf-16"),  # Excel's "Unicode text"
    ],
)
def test_other_encodings_excel_writes(data):
    (row,) = batch.read_rows(data, "roles.csv").rows
    assert row.values == {"title": "Café Manager", "skills": "coffee"}


def test_a_cell_over_several_lines_keeps_the_row_numbers_right():
    text = 'title,benefits\nCook,"Meals\nUniform"\nWaiter,Tips\n'
    rows = batch.read_rows(text.encode(), "roles.csv").rows
    assert [(row.number, row.title) for row in rows] == [(2, "Cook"), (3, "Waiter")]
    assert rows[0].values["benefits"] == "Meals\nUniform"


def test_xlsx_dates_numbers_and_a_blank_first_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])  # row 1 left empty: the header is row 2
    sheet.append(["Title", "Date posted", "Salary min", "Location", "", "Notes"])
    sheet.append(["Baker", datetime(2026, 3, 1), 31000.0, 10115, None, None])
    sheet.append(["Cook", None, None, None, "stray", None])
    workbook.save(tmp_path / "roles.xlsx")
    read = batch.read_rows(tmp_path / "roles.xlsx")
    assert [row.number for row in read.rows] == [3, 4]
    assert read.rows[0].values == {
        "title": "Baker",
        "date_posted": datetime(2026, 3, 1),
        "salary_min": 31000.0,
        "location": "10115",  # a number in a text column is text
    }
    job = parse_job({**read.rows[0].values, "currency": "EUR", "salary_period": "year"})
    assert job.date_posted is not None and job.date_posted.isoformat() == "2026-03-01" and job.salary_min == 31000
    assert read.warnings == (
        f"Column 'Notes' is not a job field and is ignored; the job fields are: {', '.join(FIELDS)}.",
        "Row 4 (and maybe others) has values in columns without a heading; they are ignored.",
    )


def test_the_examples_hold_the_same_roles():
    from_csv = batch.read_rows(ROOT / "examples" / "roles.csv")
    from_xlsx = batch.read_rows(ROOT / "examples" / "roles.xlsx")
    assert from_csv.warnings == from_xlsx.warnings == ()
    assert [r.number for r in from_csv.rows] == [r.number for r in from_xlsx.rows] == list(range(2, 7))
    for a, b in zip(from_csv.rows, from_xlsx.rows, strict=True):
        assert parse_job(a.values) == parse_job(b.values)


BIG = b"title\n" + b"x" * batch.MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "roles.csv", "The file 'roles.csv' is empty: put a header row and one row per role in it."),
        (b"\n\n \n", "roles.csv", "The file 'roles.csv' is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "roles.csv", "is not a CSV or Excel file: it holds binary"),
        (bytes(range(256)) * 8, "roles.csv", "is not a CSV or Excel file: it holds binary data"),
        (b"title\n" + b"Cook\n" * 501, "roles.csv", "has more than 500 roles; split it into files of 500"),
        (b"title\n" + b"\n" * 20_001, "roles.csv", "has more than 20,000 rows"),
        (BIG, "roles.csv", "is too large (5.0 MB; the limit is 5 MB)"),
        (b"title,skills\n", "roles.csv", "has no roles: add one row per role under the header row."),
        ((ROOT / "examples" / "job.json").read_bytes(), "job.json", "has no title column"),
        (b"name,skills\nBob,x\n", "roles.csv", "has no title column: its first row must name the columns"),
        (b"title,Job title\nCook,Chef\n", "roles.csv", "has two title columns (A and B); keep one."),
        (b"title\nCook\n", "roles.xlsx", "'roles.xlsx' is not an Excel .xlsx file"),
        (b"PK\x03\x04 damaged", "roles.xlsx", "is not a readable Excel .xlsx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "roles.xls", "is in the old Excel format (.xls)"),
    ],
)
def test_bad_files_get_clear_messages(data, name, message):
    with pytest.raises(batch.InvalidSpreadsheet) as caught:
        batch.read_rows(data, name)
    assert message in str(caught.value)


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(roles_file, "MAX_XLSX_UNPACKED_BYTES", 1000)
    data = (ROOT / "examples" / "roles.xlsx").read_bytes()
    with pytest.raises(batch.InvalidSpreadsheet, match="too large once unpacked"):
        batch.read_rows(data, "roles.xlsx")


def test_missing_file(tmp_path):
    with pytest.raises(batch.InvalidSpreadsheet, match=r"Cannot read the file 'nope.csv' \(No such file"):
        batch.read_rows(tmp_path / "nope.csv")


def test_formats():
    assert batch.parse_formats("md, DOCX,markdown,json-ld,txt") == ("md", "docx", "json-ld", "txt")
    assert batch.parse_formats(["html", "text", "word"]) == ("html", "txt", "docx")
    with pytest.raises(InvalidInput, match=r"Unknown output format 'pdf'; choose from: md, html, txt, json-ld, docx"):
        batch.parse_formats("md,pdf")
    with pytest.raises(InvalidInput, match="at least one"):
        batch.parse_formats(" , ")


# --- the command line ---------------------------------------------------------------------------


def test_cli_bad_file_exits_2(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run_cli(["batch", str(empty), "--out", str(tmp_path / "out")], base_env())
    assert result.returncode == cli.EXIT_BAD_INPUT
    assert result.stderr.startswith("Error: The file 'empty.csv' is empty") and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_bad_options_exit_2(tmp_path, capsys):
    roles = write_csv(tmp_path / "roles.csv", role_rows(1, bad={}))
    err = io.StringIO()
    assert (
        cli.main(["batch", str(roles), "--out", str(tmp_path / "out"), "--format", "md,pdf"], io.StringIO(), err) == 2
    )
    assert err.getvalue().startswith("Error: Unknown output format 'pdf'")
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch", str(roles), "--out", str(tmp_path / "out"), "--concurrency", "0"])
    assert exited.value.code == 2 and "must be a whole number from 1 to 16, not '0'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def fake_env(fake_openai, monkeypatch):
    for name in [name for name in os.environ if name.startswith("JD_")]:
        monkeypatch.delenv(name)
    for name, value in cli_env(fake_openai).items():
        if name.startswith("JD_"):
            monkeypatch.setenv(name, value)
    fake_openai.configure(reply=REPLY)
    return fake_openai


def test_progress_bar_on_a_terminal_only(fake_env, tmp_path):
    roles = write_csv(tmp_path / "roles.csv", role_rows(3, bad={}))
    ctrl_c = signal.getsignal(signal.SIGINT)
    err, out = _Terminal(), io.StringIO()
    assert cli.main(["batch", str(roles), "--out", str(tmp_path / "a")], out, err) == 0
    assert err.getvalue().startswith("3 roles to do.\n")
    assert "3/3" in err.getvalue() and "role" in err.getvalue()  # tqdm's bar
    assert "3 of 3 job descriptions are in" in out.getvalue()

    err = _Terminal()
    assert cli.main(["batch", str(roles), "--out", str(tmp_path / "b"), "--quiet"], io.StringIO(), err) == 0
    assert err.getvalue() == ""

    err = io.StringIO()  # not a terminal: the counts, no bar
    assert cli.main(["batch", str(roles), "--out", str(tmp_path / "b")], io.StringIO(), err) == 0
    assert err.getvalue() == "3 done before, 0 to do.\n"
    assert signal.getsignal(signal.SIGINT) is ctrl_c  # Ctrl-C handling is put back


def test_streams_are_read_to_the_end_or_stopped_when_told():
    """The batch reads the async core through the one bridge (jd.blocking), and closes a stream it stops."""
    closed = []

    async def texts():
        try:
            for text in ("a", "ab", "abc"):
                yield text
        finally:
            closed.append(True)

    assert batch._last(iter(["a", "ab"]), lambda: False) == "ab"
    assert batch._last(iterate_blocking(texts()), lambda: False) == "abc" and closed == [True]
    with pytest.raises(batch._Stopped):
        batch._last(iterate_blocking(texts()), lambda: True)
    assert closed == [True, True]
