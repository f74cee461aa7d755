"""`python -m jd laws [--place "Richmond, VA"] [--json] [--on DATE]`: the pay-transparency law table.

Hooked into jd/cli.py; the rows come from jd.laws.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from .laws import law_report

_EPILOG = """\
Without --place, every rule (EU member states included); with it, the rules that likely apply to
that location, as the review finds them. Status is worked out from the dates on the day given by
--on (default: today): "in force", "upcoming" (with its date) or "expected" (an EU member state
whose national law is not confirmed). Not legal advice.
"""
_COLUMNS = ("Jurisdiction", "Status", "Effective", "Employers", "Must show", "One pay figure", "Source", "Checked")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def add_laws_parser(commands) -> None:
    parser = commands.add_parser(
        "laws",
        help="the pay-transparency rules the review knows, or those for one place",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--place", metavar="LOCATION", help='a job location, e.g. "Richmond, VA" or "Remote"')
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a Markdown table")
    parser.add_argument("--on", type=_day, metavar="DATE", help="status on this date (YYYY-MM-DD; default: today)")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _status(row: dict) -> str:
    return f"{row['status']} ({row['status_note']})" if row["status_note"] else row["status"]


def format_markdown(report: dict) -> str:
    """The report as a Markdown table, with the data's date (and the warning when it is old)."""
    title = "Pay-transparency rules"
    if report["place"] is not None:
        title += f" for {report['place']!r}"
    lines = [f"# {title} on {report['today']}", "", report["law_data"]["note"], ""]
    if not report["rules"]:
        lines.append("No rule in the law data matches this place.")
        return "\n".join(lines) + "\n"
    lines += ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    for row in report["rules"]:
        cells = (
            f"{row['jurisdiction']} ({row['citation']})",
            _status(row),
            row["effective"],
            row["applies_to"],
            "; ".join(row["must_show"]),
            row["single_figure_text"],
            row["source"],
            row["checked"],
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "Not legal advice: check each law before relying on it."]
    return "\n".join(lines) + "\n"


def laws_command(args: argparse.Namespace, out, err) -> int:
    report = law_report(args.place, args.on)
    out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n" if args.json else format_markdown(report))
    return 0
