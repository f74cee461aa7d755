"""Remove personal data and company specifics from text before it can become a reviewed example.

`scrub(text, company=..., keep=...)` replaces, in this order:

- e-mail addresses -> "[email]";
- web addresses -> "[website]": with a scheme ("https://..."), starting "www.", or a bare domain
  ("riverside-clinic.co.uk/jobs") whose last label is one of `_TLDS`;
- phone numbers -> "[phone]": international ("+44 20 7946 0958", "0044 ...", "+49 (0)30 1234567"),
  national with a trunk 0 ("020 7946 0958", "06 12 34 56 78"), an area code in brackets
  ("(555) 123-4567"), North American "555-123-4567", and any 6+ digit number right after
  "phone", "tel", "call", "mobile"...; 7 to 15 digits in all (15 is the longest number ITU-T E.164
  allows; 7 the shortest national number in common use), dates such as "01/02/2024" excepted;
- the company's name (from the record's inputs) -> "the company", in any case when the name has two
  or more words, capitalised only when it is one word (so a company called "Next" leaves "the next
  step" alone); also without its legal form ("Acme" for "Acme Ltd") and as "Acme's";
- names of people -> "[name]": one to three capitalised words after a title ("Mr. Brown",
  "Dr Jane Lee") or after a phrase that points at a person ("contact Jane Smith", "ask for Sarah",
  "report to Tom Jones", "speak to", "e-mail", "call", "managed by", "work with", "shadow"...);
  a run starting with a role or team word ("contact HR Manager Jane Smith") is searched past it.

Limits of the name heuristic: it finds names only after a title or one of those phrases, so "Jane will
train you" is kept; a department or role written in capitals after such a phrase ("contact Payroll")
is kept when its words are in `_NOT_NAMES` or in the job's inputs (`keep`), and replaced otherwise;
names written in lower case are not found. Obfuscated addresses ("jane at example dot com") and
domains under other endings are not found either. That is why a person approves every example.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .parsing import LIST_MARKER

EMAIL, WEBSITE, PHONE, COMPANY, NAME = "email", "website", "phone", "company", "name"
REPLACEMENTS = {EMAIL: "[email]", WEBSITE: "[website]", PHONE: "[phone]", COMPANY: "the company", NAME: "[name]"}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Top-level domains recognised without a scheme or "www.". From the IANA root zone database
# (https://www.iana.org/domains/root/db): the original generic domains of RFC 1591 (com, org, net, edu,
# gov, int, mil), widely used newer generic ones (info, biz, io, co, ai, app, dev, jobs), "example" (RFC 2606),
# and the country codes of the countries whose languages the app writes plus other large job markets.
# Left out on purpose: country codes that are everyday words or file endings ("in", "to", "me", "md", "sh").
_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|co|ai|app|dev|jobs|example|eu|uk|ie|us|ca|au|nz|de|at|ch|fr|be|"
    "lu|es|mx|ar|br|pt|nl|it|pl|se|dk|fi|cz|sk|hu|ro|gr|jp|cn|kr|sg|hk|za"
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_URL_TAIL = r"[^\s<>\"'()\[\]{}]*"
_URL = re.compile(
    rf"\b(?:https?|ftp)://{_URL_TAIL}"
    rf"|\bwww\.{_URL_TAIL}"
    rf"|(?<![\w@.-])(?:{_LABEL}\.)+(?-i:{_TLDS})(?![\w-])(?:[/:?#]{_URL_TAIL})?",
    re.IGNORECASE,
)
# Technology names that look like domains.
_NOT_WEBSITES = frozenset({"asp.net", "vb.net", "ado.net", "socket.io"})

_SEP = r"[ \t.\-/]"
# Not right after a digit and a separator: "30 000 - 40 000" is pay, not a number starting "000".
_NOT_AFTER_NUMBER = r"(?<![\w+])(?<!\d[ \t.,/-])"
_PHONE = re.compile(
    rf"{_NOT_AFTER_NUMBER}(?:"
    rf"(?:\+|00)\d{{1,3}}{_SEP}*(?:\(0\){_SEP}*)?(?:\(?\d{{1,5}}\)?{_SEP}*){{1,6}}\d"  # +44 20 ..., 0044 ...
    rf"|\(\d{{2,5}}\){_SEP}*\d(?:{_SEP}?\d){{4,11}}"  # (555) 123-4567, (030) 1234567
    rf"|0\d(?:{_SEP}?\d){{5,13}}"  # 020 7946 0958, 06 12 34 56 78, 0612345678
    rf"|\d{{3}}[ .\-]\d{{3}}[ .\-]\d{{4}}"  # 555-123-4567
    rf")(?![\w])"
)
_PHONE_AFTER_WORD = re.compile(
    rf"(?i:\b(?:phone|telephone|tel|mobile|mob|cell|call|ring|text|whatsapp|fax)\b\.?:?\s*(?:on\s+|at\s+)?)"
    rf"(\d(?:{_SEP}?\d){{5,14}})(?![\w])"
)
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15

_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?"
_NAME_WORD = r"(?:[A-Z]['’][A-Z][a-zà-ÿ]+|[A-Z][a-zà-ÿ]+(?:[-'’]?[A-Z][a-zà-ÿ]+)*|[A-Z]\.)"
_AFTER_HONORIFIC = re.compile(rf"\b{_HONORIFIC}[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}")
_POINTERS = (
    r"contact(?:ing)?|ask(?:ing)?\s+for|ask|report(?:s|ing)?\s+(?:directly\s+)?to|speak(?:ing)?\s+(?:to|with)|"
    r"talk(?:ing)?\s+to|e-?mail(?:ing)?|call(?:ing)?|phon(?:e|ing)|ring(?:ing)?|text(?:ing)?|message|"
    r"write\s+to|reach(?:ing)?\s+out\s+to|(?:get|getting)\s+in\s+touch\s+with|"
    r"(?:managed|supervised|led|mentored|trained|coached|overseen)\s+by|"
    r"work(?:ing)?\s+(?:closely\s+)?(?:with|alongside)|shadow(?:ing)?"
)
_RUN_WORD = rf"(?:{_NAME_WORD}|[A-Z]{{2,6}})(?![\w'’-])"
_AFTER_POINTER = re.compile(rf"(?i:\b(?:{_POINTERS}))[ \t]+(?P<run>{_RUN_WORD}(?:[ \t]+{_RUN_WORD}){{0,4}})")
# Capitalised words that name a role, team or thing rather than a person (ours, written for this heuristic,
# not exhaustive): after "contact", "report to"... they are kept.
_NOT_NAMES = frozenset(
    "the a an our your their its this that these those all any each every new head chief lead leader manager "
    "managers director directors supervisor supervisors team teams department departments office desk support "
    "service services hr human resources reception finance sales marketing operations it customer customers "
    "client clients officer coordinator administrator admin engineer engineering nurse nurses doctor doctors staff "
    "management board committee legal security procurement purchasing payroll accounts logistics warehouse "
    "kitchen store shift duty senior junior line area regional general account project product quality health "
    "safety emergency patients guests suppliers vendors partners stakeholders colleagues other others technical "
    "helpdesk help centre center facilities maintenance people talent recruitment monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august september october "
    "november december".split()
)


_SENTENCE_START = re.compile(rf"(?:^|[.!?:;]\s+|\n\s*|^{LIST_MARKER}\s+)$")
# A name listed right after a replaced one: "contact [name], Tom Jones or Sue Lee".
_NEXT_IN_LIST = re.compile(
    rf"\[name\](?P<sep>,[ \t]*|[ \t]*&[ \t]*|[ \t]+(?:and|or)[ \t]+)(?P<run>{_RUN_WORD}(?:[ \t]+{_RUN_WORD}){{0,2}})"
)


@dataclass(frozen=True)
class Scrubbed:
    """Text with personal data and company specifics replaced; `replaced` lists (kind, original text)."""

    text: str
    replaced: tuple[tuple[str, str], ...]


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


class _Scrubber:
    def __init__(self, company: str | None, keep: Iterable[str]):
        self.keep = {k.casefold() for item in keep for k in _keep_forms(str(item)) if k}
        self.company = _company_pattern(company)
        self.replaced: list[tuple[str, str]] = []

    def _put(self, kind: str, original: str) -> str:
        self.replaced.append((kind, original))
        return REPLACEMENTS[kind]

    def email(self, match: re.Match) -> str:
        return self._put(EMAIL, match.group())

    def url(self, match: re.Match) -> str:
        found = match.group()
        url = found.rstrip(".,;:!?")
        if url.casefold() in _NOT_WEBSITES or url.casefold() in self.keep:
            return found
        return self._put(WEBSITE, url) + found[len(url) :]

    def phone(self, match: re.Match) -> str:
        number = match.group()
        if _DATE.fullmatch(number) or not MIN_PHONE_DIGITS <= _digits(number) <= MAX_PHONE_DIGITS:
            return number
        return self._put(PHONE, number)

    def phone_after_word(self, match: re.Match) -> str:
        number = match.group(1)
        if _DATE.fullmatch(number) or _digits(number) > MAX_PHONE_DIGITS:
            return match.group()
        return match.group()[: match.start(1) - match.start()] + self._put(PHONE, number)

    def company_name(self, match: re.Match) -> str:
        replacement = self._put(COMPANY, match.group())
        if _SENTENCE_START.search(match.string[: match.start()]):
            return replacement[0].upper() + replacement[1:]
        return replacement

    def honorific(self, match: re.Match) -> str:
        return self._put(NAME, match.group())

    def pointer(self, match: re.Match) -> str:
        run = match.group("run")
        words = list(re.finditer(_RUN_WORD, run))
        start = 0
        while start < len(words) and self._not_a_name(words[start].group()):
            start += 1
        end = start
        while end < len(words) and end - start < 3 and not self._not_a_name(words[end].group()):
            end += 1
        if end == start or (end - start == 1 and words[start].group().endswith(".")):
            return match.group()
        offset = match.start("run") - match.start()
        head = match.group()[: offset + words[start].start()]
        name = run[words[start].start() : words[end - 1].end()]
        return head + self._put(NAME, name) + run[words[end - 1].end() :]

    def _not_a_name(self, word: str) -> bool:
        folded = word.casefold().rstrip(".")
        return (word.isalpha() and word.isupper() and len(word) > 1) or folded in _NOT_NAMES or folded in self.keep

    def run(self, text: str) -> str:
        text = _EMAIL.sub(self.email, text)
        text = _URL.sub(self.url, text)
        text = _PHONE_AFTER_WORD.sub(self.phone_after_word, text)
        text = _PHONE.sub(self.phone, text)
        if self.company is not None:
            text = self.company.sub(self.company_name, text)
            text = re.sub(r"\b([Tt]he) the company\b", r"\1 company", text)
        text = _AFTER_HONORIFIC.sub(self.honorific, text)
        text = _AFTER_POINTER.sub(self.pointer, text)
        previous = None
        while previous != text:
            previous = text
            text = _NEXT_IN_LIST.sub(self.pointer, text)
        return text


def _keep_forms(item: str) -> list[str]:
    """An input (a skill, the title) and each of its words: none of them is a name or a website."""
    return [item.strip(), *re.findall(r"[\w.'’-]+", item)]


_LEGAL_FORMS = re.compile(
    r"[\s,]+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|LLP|GmbH|AG|PLC|plc|S\.A\.|SA|SAS|"
    r"SARL|B\.V\.|BV|N\.V\.|NV|S\.p\.A\.|SpA|S\.r\.l\.|Srl|sp\.\s?z\s?o\.o\.|Co\.)$",
    re.IGNORECASE,
)


def _company_pattern(company: str | None) -> re.Pattern | None:
    """The company's name as typed and without its legal form, as a whole-word pattern."""
    name = re.sub(r"\s+", " ", str(company or "")).strip()
    if not name:
        return None
    forms = {name, _LEGAL_FORMS.sub("", name).strip(" ,")}
    forms = {f for f in forms if len(f) >= 2}
    if not forms:
        return None
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(word) for word in form.split(" "))
        if " " in form:
            parts.append(f"(?i:{escaped})")
        else:  # one word: any case except all lower ("Next" the company, "next" the word)
            parts.append(f"(?i:{escaped})(?<![a-z]{{{len(form)}}})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


def scrub(text: str, *, company: str | None = None, keep: Iterable[str] = ()) -> Scrubbed:
    """`text` with e-mail addresses, web addresses, phone numbers, people's names and `company` replaced.

    `keep` lists text from the job's inputs (skills, title) that is never a name or a website.
    """
    scrubber = _Scrubber(company, keep)
    return Scrubbed(scrubber.run(str(text or "")), tuple(scrubber.replaced))
