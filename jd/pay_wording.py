"""What the pay line says, before its words: amount, period, gross or net, payments a year.

The words themselves are the catalog's (templates/pay.txt.j2: "ab 18,50 € brutto pro Stunde",
"35.000–40.000 € lordi annui (RAL) su 14 mensilità", "10 000–12 000 zł brutto miesięcznie"); this
module decides which sentence applies. Amounts are formatted by Babel in the output language (jd.i18n).

Conventions (see README, Languages):
- Gross or net: continental European ads say which ("brutto", "brut", "bruto", "lordo", "ilíquido");
  English ones state only net pay, since a salary in an English ad is read as gross.
- Payments a year (13, 14...) are stated when given, in every language, for monthly or yearly pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import i18n

if TYPE_CHECKING:  # pragma: no cover
    from .spec import Job

# Languages whose ads leave gross pay unsaid (it is the default reading); net pay is always said.
GROSS_UNSAID = frozenset({"en"})


@dataclass(frozen=True)
class PayParts:
    """The pay line's facts for the template: kind is "exact" (one amount or a range), "from" (minimum
    only) or "up_to" (maximum only); basis is "gross", "net" or "" (not stated); payments is None or 12-16."""

    kind: str
    amount: str
    period: str
    basis: str
    payments: int | None


def _amount(job: Job, code: str) -> tuple[str, str] | None:
    low, high, currency = job.salary_min, job.salary_max, job.currency
    if currency is None:
        return None
    if low is not None and high is not None:
        if low == high:
            return "exact", i18n.format_money(low, currency, code)
        return "exact", i18n.format_money_range(low, high, currency, code)
    if low is not None:
        return "from", i18n.format_money(low, currency, code)
    if high is not None:
        return "up_to", i18n.format_money(high, currency, code)
    return None


def pay_parts(job: Job, language: Any = None) -> PayParts | None:
    """The pay line's facts in the job's language (or `language`), or None without pay."""
    if not job.has_pay or job.salary_period is None:
        return None
    code = i18n.language_code(language if language is not None else job.language)
    found = _amount(job, code)
    if found is None:
        return None
    kind, amount = found
    basis = job.pay_basis.value
    if basis == "gross" and code.split("-")[0] in GROSS_UNSAID:
        basis = ""
    return PayParts(kind, amount, job.salary_period.value, basis, job.payments_per_year)
