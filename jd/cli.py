"""Command line: `python -m jd generate --job job.json [--format markdown|html|text|json-ld]`.

The responsibilities stream to stderr as the model writes them; the final job
description goes to stdout, so `> jd.md` captures only the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import service
from .errors import BackendError, JDError
from .render import FORMATS
from .settings import Settings

EXIT_BAD_INPUT = 2
EXIT_BACKEND_FAILED = 3


def _read_text(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise JDError(f"Cannot read the {what} file {path!r}: {error}.") from None


def _load_job(path: str):
    text = _read_text(path, "job")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JDError(f"The job file {path!r} is not valid JSON: {error}.") from None
    return service.parse_job(data)


def _notice(err):
    def show(message: str) -> None:
        print(f"\nNote: {message}", file=err, flush=True)

    return show


def _stream_duties(job, settings: Settings, err) -> str:
    """The same path as the app (`service.Writing`): stream (with top-up), then clean and ground the list."""
    writing = service.Writing(job, settings, on_notice=_notice(err))
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
    job = _load_job(args.job)
    if args.responsibilities:
        responsibilities = _read_text(args.responsibilities, "responsibilities")
    else:
        responsibilities = _stream_duties(job, settings, err)
    if not service.duties_from_text(responsibilities):
        print("Note: there are no responsibilities; the section is left out.", file=err)
    out.write(service.job_description(job, responsibilities, args.format) + "\n")
    return 0


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
    return parser


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
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
