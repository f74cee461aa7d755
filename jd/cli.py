"""Command line: `python -m jd generate --job job.json [--format markdown|html|text|json-ld]`.

The responsibilities stream to stderr as the model writes them; the final job
description goes to stdout, so `> jd.md` captures only the result.

`python -m jd batch roles.csv --out DIR --format md,docx` writes one job description per row
of a CSV or .xlsx file (jd/batch.py); run it again to resume an interrupted batch.

`python -m jd feedback report|examples|approve|reject` reads the feedback store: the report
(jd/feedback_report.py) and the review of example candidates (jd/examples.py).

`python -m jd laws [--place "Richmond, VA"] [--json]` prints the pay-transparency rules (jd/laws_cli.py).

`python -m jd occupation "Barista" [--language de]` lists the occupations a title names (O*NET-SOC codes);
`generate --occupation CODE` (or the job file's `occupation`) says which one the job is.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm  # type: ignore[import-untyped]

from . import batch, service
from .errors import BackendError, JDError
from .laws_cli import add_laws_parser, laws_command
from .occupations import occupation_of
from .render import FORMATS
from .settings import Settings
from .spec import FIELDS, Job, parse_job
from .writing import Writing

EXIT_BAD_INPUT = 2
EXIT_BACKEND_FAILED = 3
EXIT_ROWS_FAILED = 1  # batch: some rows failed, the others are written
EXIT_STOPPED = 130


def _read_text(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise JDError(f"Cannot read the {what} file {path!r}: {error}.") from None


def _load_job(path: str, occupation: str | None = None) -> Job:
    """The job file, parsed: the command line's edge, where the job is checked once. `occupation` (the
    --occupation option) replaces the file's."""
    text = _read_text(path, "job")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JDError(f"The job file {path!r} is not valid JSON: {error}.") from None
    if occupation is not None and isinstance(data, dict):
        data = {**data, "occupation": occupation}
    return parse_job(data)


def _notice(err):
    def show(message: str) -> None:
        print(f"\nNote: {message}", file=err, flush=True)

    return show


def _stream_duties(job: Job, settings: Settings, err) -> str:
    """The same path as the app (`jd.writing.Writing`): stream (with top-up), then clean and ground the list."""
    writing = Writing(job, settings, on_notice=_notice(err))
    shown = ""
    try:
        for text in writing:
            err.write(text[len(shown) :] if text.startswith(shown) else "\n" + text)
            err.flush()
            shown = text
    except BackendError:
        if shown:
            print("\n\nPartial text received before the failure is shown above.", file=err)
        raise
    err.write("\n")
    for notice in writing.result.notices:
        _notice(err)(notice)
    return writing.result.text


def generate(args: argparse.Namespace, out, err) -> int:
    settings = Settings.from_env()
    job = _load_job(args.job, args.occupation)
    if args.responsibilities:
        responsibilities = _read_text(args.responsibilities, "responsibilities")
    else:
        responsibilities = _stream_duties(job, settings, err)
    if not service.duties_from_text(responsibilities):
        print("Note: there are no responsibilities; the section is left out.", file=err)
    if not args.responsibilities and occupation_of(job) is None:
        print(
            "Note: the title does not say for sure which occupation the job is, so the duties were not written "
            f"from its tasks: run `python -m jd occupation {json.dumps(job.title)}` and pass --occupation CODE.",
            file=err,
        )
    out.write(service.render_text(job, responsibilities, args.format, profile=service.company_profile(settings)) + "\n")
    return 0


def occupation_command(args: argparse.Namespace, out, err) -> int:
    """The occupations a title names, best first: code, score and O*NET's title, one a line (or JSON)."""
    found = service.occupation_candidates(args.title, args.language or "")
    if args.json:
        out.write(json.dumps(found, indent=2) + "\n")
        return 0
    if not found:
        print("No occupation fits this title; try another wording.", file=err)
    for candidate in found:
        out.write(f"{candidate['code']}  {candidate['score']:.2f}  {candidate['title']}\n")
    return 0


def _add_occupation_parser(commands) -> None:
    parser = commands.add_parser(
        "occupation", help="list the occupations (O*NET-SOC codes) a job title names, for --occupation"
    )
    parser.add_argument("title", help='a job title as you would type it, e.g. "Sr. Barista (part-time)"')
    parser.add_argument("--language", help="the title's language (code or name), e.g. de; default: any")
    parser.add_argument("--json", action="store_true", help='print [{"code", "title", "score"}] as JSON')


# --- batch ----------------------------------------------------------------------------------


class _BatchProgress:
    """The batch's lines on stderr: how many roles are left to do, and a progress bar on a terminal."""

    def __init__(self, err, quiet: bool) -> None:
        self.err = err
        self.quiet = quiet
        self.failed = 0
        self.bar: tqdm | None = None

    def start(self, done_before: int, to_do: int) -> None:
        if not self.quiet:
            line = f"{done_before} done before, {to_do} to do." if done_before else f"{to_do} roles to do."
            print(line, file=self.err, flush=True)
        terminal = callable(getattr(self.err, "isatty", None)) and self.err.isatty()
        self.bar = tqdm(total=to_do, file=self.err, unit="role", disable=self.quiet or not terminal, dynamic_ncols=True)

    def update(self, result: batch.RowResult) -> None:
        if result.status == batch.FAILED:
            self.failed += 1
        if self.bar is not None:
            if self.failed:
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def _ctrl_c_stops(stop: threading.Event, err) -> Iterator[None]:
    """The first Ctrl-C sets `stop` (the roles being written are left for the next run); a second quits."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def first_ctrl_c(signum, frame) -> None:
        signal.signal(signal.SIGINT, previous if callable(previous) else signal.default_int_handler)
        stop.set()
        print(
            "\nStopping: roles not finished are left for the next run. Ctrl-C again quits at once.",
            file=err,
            flush=True,
        )

    signal.signal(signal.SIGINT, first_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _batch_outcome(report: batch.BatchReport, out, err) -> int:
    for result in report.failures:
        for line in result.errors:
            print(line, file=err)
    total = len(report.results)
    before = f" ({report.done_before} done before)" if report.done_before else ""
    print(f"{report.count(batch.DONE)} of {total} job descriptions are in {report.out_dir}{before}.", file=out)
    print(f"Summary: {report.summary_path}", file=out)
    if report.stopped:
        to_do = report.count(batch.TO_DO)
        print(f"Stopped with {to_do} of {total} roles to do: run the same command again to continue.", file=err)
        return EXIT_STOPPED
    if report.failures:
        print(
            f"Error: {len(report.failures)} of {total} roles failed. Fix the rows named above and run the same "
            "command again: the roles already written are skipped.",
            file=err,
        )
        return EXIT_ROWS_FAILED
    return 0


def batch_command(args: argparse.Namespace, out, err) -> int:
    settings = Settings.from_env()
    formats = batch.parse_formats(args.format)
    sheet = batch.read_rows(Path(args.file))
    for warning in sheet.warnings:
        print(f"Warning: {warning}", file=err)
    progress = _BatchProgress(err, args.quiet)
    stop = threading.Event()
    try:
        with _ctrl_c_stops(stop, err):
            report = batch.run_batch(
                sheet.rows,
                settings,
                Path(args.out),
                formats,
                concurrency=args.concurrency,
                on_start=progress.start,
                on_progress=progress.update,
                stop=stop,
            )
    finally:
        progress.close()
    return _batch_outcome(report, out, err)


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= batch.MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {batch.MAX_CONCURRENCY}, not {text!r}")
    return value


_BATCH_EPILOG = f"""\
The file: row 1 names the columns, one role per row below it. Columns are job fields
(only title is required):
{textwrap.fill(", ".join(FIELDS), width=92, initial_indent="  ", subsequent_indent="  ")}
Headings may use any case, spaces or hyphens ("Salary Min") or the form's labels ("Job title",
"Minimum pay"); other columns are ignored with a warning. At most {batch.MAX_ROWS} roles and
{batch.MAX_FILE_BYTES // 1024 // 1024} MB per file; CSV may be separated by commas, semicolons or tabs.

DIR gets one file per role and format ("007-warehouse-operative.md"), summary.csv (each row's
status, files, review score, what to fix first and any error) and {batch.STATE_NAME}, which lets
a second run with the same arguments skip the roles already written. Exit status: 0 all written,
{EXIT_ROWS_FAILED} some rows failed, {EXIT_BAD_INPUT} the file or an option cannot be used, {EXIT_STOPPED} stopped.
"""


def _add_batch_parser(commands) -> None:
    parser = commands.add_parser(
        "batch",
        help="write one job description per row of a CSV or Excel (.xlsx) file",
        epilog=_BATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="roles.csv or roles.xlsx: one role per row, the job fields as columns")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the job descriptions (made if missing)")
    parser.add_argument(
        "--format",
        default="md",
        help=f"comma-separated output formats: {', '.join(batch.OUTPUT_FORMATS)} (default: md)",
    )
    parser.add_argument(
        "--concurrency",
        type=_concurrency,
        default=batch.DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"roles written at the same time (default: {batch.DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


# --- feedback ---------------------------------------------------------------------------


def _feedback_store(args: argparse.Namespace):
    from .feedback import FeedbackStore

    data_dir = Path(args.data_dir) if args.data_dir else Settings.from_env().data_dir
    store = FeedbackStore(data_dir)
    if not store.path.is_file():
        raise JDError(
            f"There is no feedback store at {store.path}: set JD_DATA_DIR or --data-dir to the app's data folder."
        )
    return store


def feedback_command(args: argparse.Namespace, out, err) -> int:
    """`python -m jd feedback report|examples|approve|reject`: the feedback report and the reviewed examples."""
    from . import example_review as examples
    from .feedback_report import feedback_report, report_markdown

    store = _feedback_store(args)
    if args.action == "report":
        report = feedback_report(store, since=args.since)
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n" if args.json else report_markdown(report))
        return 0
    if args.action == "examples":
        shown = [c for c in examples.candidates(store) if args.status == "all" or c.status == args.status]
        for candidate in shown:
            print(examples.describe_candidate(candidate) + "\n", file=out)
        print(f"{len(shown)} candidate(s). Approve with: python -m jd feedback approve ID...", file=err)
        return 0
    decide = examples.approve if args.action == "approve" else examples.reject
    decisions = decide(store, args.ids)
    for decision in decisions:
        print(decision.message, file=err if decision.outcome == "refused" else out)
    return EXIT_BAD_INPUT if any(d.outcome == "refused" for d in decisions) else 0


def _add_feedback_parser(commands) -> None:
    parser = commands.add_parser("feedback", help="the feedback report, and reviewing examples from helpful feedback")
    actions = parser.add_subparsers(dest="action", required=True)
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", metavar="DIR", help="the app's data folder (default: JD_DATA_DIR or ./data)")
    report = actions.add_parser("report", parents=[data_dir], help="counts and helpful rates, reasons, weekly trend")
    report.add_argument("--json", action="store_true", help="print the figures as JSON instead of Markdown")
    report.add_argument("--since", metavar="DATE", help="only feedback from this date on (YYYY-MM-DD, UTC)")
    listing = actions.add_parser(
        "examples", parents=[data_dir], help="list example candidates (helpful, with consent), scrubbed"
    )
    listing.add_argument(
        "--status", choices=("pending", "approved", "rejected", "all"), default="all", help="which to list"
    )
    for action, help_text in (
        ("approve", "approve candidates by id: they may be shown to the model for similar roles"),
        ("reject", "reject candidates by id (an approved one is withdrawn)"),
    ):
        decide = actions.add_parser(action, parents=[data_dir], help=help_text)
        decide.add_argument("ids", nargs="+", metavar="ID", help="a candidate's id, or its first 6 or more characters")


# --- model ------------------------------------------------------------------------------


def model_command(args: argparse.Namespace, out, err) -> int:
    """`python -m jd model pull [REPO [FILE]]` and `python -m jd model list` (jd/models.py)."""
    from . import models
    from .errors import HubUnreachable

    settings = Settings.from_env()
    if args.action == "list":
        out.write(models.format_listing(models.list_models(settings)) + "\n")
        return 0
    repo = args.repo or models.DEFAULT_REPO
    file = args.file if args.repo else models.DEFAULT_FILE
    terminal = callable(getattr(err, "isatty", None)) and err.isatty()
    if not args.quiet:
        print(f"Pulling {repo} {file or '(the best GGUF file in it)'} into {models.hub_cache_dir()}", file=err)
    bar = models.progress_bar_class(err, show=args.progress or (terminal and not args.quiet))
    try:
        model = models.pull_model(settings, repo, file, tqdm_class=bar)
    except HubUnreachable as error:
        print(f"Error: {error}", file=err)
        return EXIT_BACKEND_FAILED
    print(models.pull_summary(model, settings), file=out)
    return 0


_MODEL_EPILOG = """\
pull downloads into the Hugging Face cache (HF_HUB_CACHE, else HF_HOME/hub) and honours HF_ENDPOINT,
HF_TOKEN and HF_HUB_OFFLINE. Without REPO it pulls Qwen/Qwen2.5-0.5B-Instruct-GGUF
(qwen2.5-0.5b-instruct-q4_k_m.gguf); with REPO alone it picks the repo's Q4_K_M GGUF.
The app uses JD_LOCAL_MODEL if set, else the most recently pulled instruct GGUF, else the bundled
SmolLM2-135M-Instruct. Exit status: 0 done, 2 unusable repo or file, 3 no connection to the Hub.
"""


def _add_model_parser(commands) -> None:
    parser = commands.add_parser(
        "model",
        help="download a local model from the Hugging Face Hub, or list the local models",
        epilog=_MODEL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True)
    pull = actions.add_parser("pull", help="download an instruct GGUF model (default: Qwen2.5-0.5B-Instruct)")
    pull.add_argument("repo", nargs="?", metavar="REPO", help="a Hub model repo, e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF")
    pull.add_argument("file", nargs="?", metavar="FILE", help="a .gguf file in REPO (default: its Q4_K_M one)")
    shown = pull.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", help="draw the progress bar even when not on a terminal")
    shown.add_argument("--quiet", action="store_true", help="no progress bar and no notes on stderr")
    actions.add_parser("list", help="the bundled model and the GGUFs in the Hugging Face cache; * marks the one in use")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m jd", description="Write a fair, grounded job description.")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write a job description from a job JSON file")
    gen.add_argument("--job", required=True, help="job JSON file ('-' for standard input)")
    gen.add_argument("--format", choices=FORMATS, default="markdown", help="output format (default: markdown)")
    gen.add_argument(
        "--responsibilities",
        help="use these responsibilities (one per line) instead of asking the model",
    )
    gen.add_argument(
        "--occupation",
        metavar="CODE",
        help="the job's occupation, an O*NET-SOC code such as 35-3023.01 (see `occupation`); default: the job "
        "file's, else the title's sure match",
    )
    _add_occupation_parser(commands)
    _add_batch_parser(commands)
    _add_feedback_parser(commands)
    _add_model_parser(commands)
    add_laws_parser(commands)
    return parser


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if args.command == "batch":
            return batch_command(args, out, err)
        if args.command == "feedback":
            return feedback_command(args, out, err)
        if args.command == "model":
            return model_command(args, out, err)
        if args.command == "laws":
            return laws_command(args, out, err)
        if args.command == "occupation":
            return occupation_command(args, out, err)
        return generate(args, out, err)
    except BackendError as error:
        print(f"Error: {error}", file=err)
        return EXIT_BACKEND_FAILED
    except JDError as error:
        print(f"Error: {error}", file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Stopped.", file=err)
        return 130
