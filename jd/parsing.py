"""Turn a model's free text into clean duty bullets, and the user's edits back into duties.

Small models wrap their lists in preambles, headings, numbering and markdown,
repeat themselves, list skills instead of duties and get cut off at the token
limit. `parse_duties` keeps only lines that read as duties. It never raises, so
it can run on every streamed chunk; `parse_partial_duties` also holds back the
line still being written.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

MAX_DUTY_CHARS = 200
MAX_EDIT_DUTIES = 20
MAX_EDIT_CHARS = 300
_MAX_INPUT_CHARS = 40_000  # a 300-token answer is ~1,500 chars; more is noise
_NEAR_DUPLICATE_SCORE = 85  # rapidfuzz token_set_ratio, 0-100 (see _is_near_duplicate)

# --- markup -------------------------------------------------------------------

_HIDDEN_HTML = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_BLOCK_HTML = re.compile(r"<\s*(?:br|/?p|/?li|/?ul|/?ol|/?div|/?h[1-6]|/?tr)\b[^>]*>", re.IGNORECASE)
_ANY_HTML = re.compile(r"</?[A-Za-z!][^<>]*>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = (
    re.compile(r"\*\*(.+?)\*\*"),
    re.compile(r"(?<!\w)__(.+?)__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"),
    re.compile(r"`+([^`]*)`+"),
)
_STRUCK = re.compile(r"~~.+?~~")  # struck-out text was withdrawn by its writer

# --- list items: the one rule for what opens a list item ---------------------------
# Wherever a list is read: the model's answer, the person's edited duties, benefits and skills
# typed one per line, the rendered ad whose duties the review counts. A bullet is one of BULLETS;
# "–" and "—" are bullets (French, German and Polish lists are often typed with them); "*" only
# before a space ("*Educate* patients" is emphasis). A list number is 1-3 digits and "." or ")".
# Typed text needs a space after the marker ("-5% staff discount" is no list item); the model's
# answer is read more loosely (`_PREFIX`: "-Plan shifts", "> Plan shifts", "a)", "iv.", "Step 2:").
BULLETS = "-+•–—·▪◦●○■□‣⁃➤➢►▶→✓✔☐☑"
_BULLET = rf"(?:[{re.escape(BULLETS)}]|\*(?=\s))"
LIST_MARKER = rf"(?:{_BULLET}|\d{{1,3}}[.)])"  # a pattern, for rules that look for one inside their own
_LIST_MARKER = re.compile(rf"^\s*{LIST_MARKER}\s+(?=\S)")
_NUMBER = r"(?:\(?\d{1,3}\s?[.):]|\(?[a-zA-Z][.)](?=\s)|[ivx]{1,4}[.)](?=\s)|step\s*\d{1,3}\s*[:.)-]?|#\d{1,3}[.:)]?)"
# A model also quotes its lines ("> Plan shifts"); a person's "> " stays as typed.
_PREFIX = re.compile(rf"^\s*(?:{_BULLET}|>|{_NUMBER})\s*", re.IGNORECASE)


def list_item(line: str) -> str | None:
    """The item of a list line ("- Plan shifts", "– Plan shifts", "2. Plan shifts"), else None."""
    match = _LIST_MARKER.match(line)
    return line[match.end() :].strip() if match else None


def strip_list_marker(line: str) -> str:
    """The line without the list markers it starts with ("• • Python" -> "Python"); as it is without one."""
    while (item := list_item(line)) is not None:
        line = item
    return line.strip()


def duties_in_text(text: str, headings: Iterable[str] = ("responsibilit",)) -> list[str]:
    """The list items under the responsibilities heading (a line containing one of `headings`, case-folded),
    or every list item if the text has no such heading."""
    lines = text.splitlines()
    headings = tuple(heading.casefold() for heading in headings)
    start = next(
        (i for i, line in enumerate(lines) if any(h in line.casefold() for h in headings) and list_item(line) is None),
        None,
    )
    if start is None:
        return [item for item in map(list_item, lines) if item]
    duties: list[str] = []
    for line in lines[start + 1 :]:
        item = list_item(line)
        if item:
            duties.append(item)
        elif line.strip() and duties:
            break  # the next section
    return duties


# "1. Do this 2. Do that" on one line: split before each later number.
_INLINE_NUMBER = re.compile(r"\s+(?=\(?\d{1,2}[.)]\s+[A-Za-z])")
# "...tasks- Organize files": the model forgot a line break before the next bullet.
_GLUED_BULLET = re.compile(r"(?<=[a-z.)])-\s+(?=[A-Z][a-z])")
_INLINE_BULLET = re.compile(r"\s+[•▪●■]\s+|\s+-\s+(?=[A-Z][a-z])")
_LABEL = re.compile(r"^([^:.!?]{2,40}?)\s*(:\s|\s[-–—]\s)\s*(?=\S)(.+)$")

# --- lines that are not duties ---------------------------------------------------

_HEADING = re.compile(r"^\s*(?:#{1,6}\s|={3,}|-{3,}$|\*{3,}$|_{3,}$)")
_PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|absolutely|okay|ok|great question|here(?:'s| is| are)|below (?:is|are)|"
    r"the following (?:is|are)|following are|as requested|as an ai|i'm sorry|i am sorry|i cannot|i can't|"
    r"i hope|hope this|let me know|feel free|note:|please note|nb:|disclaimer|in summary|to summari[sz]e|"
    r"these (?:are|duties|responsibilities|tasks)|this (?:role|position|job) (?:is|will|offers|requires)|"
    r"thank you|thanks|good luck|best regards|(?:key |main |core )?(?:responsibilities|duties)\s*(?:include|are)\b)",
    re.IGNORECASE,
)
# Card fields the prompt sends: an echoed card line is never a duty.
_ECHO = re.compile(
    r"^(?:title|seniority|skills?|job type|work mode|tone|language|company|location|salary|pay|experience)\s*:",
    re.IGNORECASE,
)
_NOT_A_DUTY = re.compile(
    r"https?://|\bwww\.|\b[\w.+-]+@[\w-]+\.\w"  # links and e-mail addresses
    r"|\b(?:ignore|disregard|forget)\b.{0,40}\b(?:above|previous|prior|earlier|instructions?|prompt)\b"
    r"|\b(?:poem|as an ai|language model|system prompt)\b"
    r"|\bkey responsibilities\b|\brole card\b|</?job>"
    # pay, perks and requirements belong to the job's own fields, not to duties
    r"|[$€£¥₹]\s?\d[\d,.]*k?\s*(?:/|per|an|a)\s*(?:hour|hr|day|week|month|year|yr|annum)\b"
    r"|\b(?:we offer|you will receive|competitive (?:salary|pay|compensation)|paid time off|benefits package|"
    r"401\(?k\)?|stock options)\b"
    r"|\b(?:19|20)\d\d\b"  # small models invent dates ("taxes paid in 2018")
    r"|\b\d+\+?\s*(?:years?|yrs)\b.{0,20}\bexperience\b|\b(?:bachelor'?s?|master'?s degree|degree in|diploma in)\b",
    re.IGNORECASE,
)
# Requirements phrased as noun phrases ("Strong communication skills").
_REQUIREMENT = re.compile(
    r"^(?:(?:proven|strong|excellent|good|solid|basic|deep|working|hands-on|demonstrated)\s+)?"
    r"(?:experience|knowledge|proficiency|familiarity|understanding|ability|skills?|expertise|"
    r"communication skills|attention to detail|fluency)\b(?:\s+(?:in|with|of|to|and)\b|$)",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to at by for with from into onto as than that which who whose "
    "their our your its his her such including via per".split()
)
_TRAILING_NOISE = " \t.,;:!?…-–—*_~`'\"’”)(/\\|"

# Common verbs of duty statements; used only to tell a very short duty
# ("Greet every guest warmly") from a skill name ("Guest service skills").
_VERBS = frozenset(
    """
    accept access accompany achieve act adapt add address adjust administer advise advocate align
    analyse analyze answer anticipate apply approve arrange assemble assess assign assist attend audit
    automate bake balance bathe bill book brew brief bring brush budget build buy calculate calibrate
    call care carry catalog catalogue cater champion change charge check chop clean clear close coach
    code collaborate collect communicate compile complete comply compose conduct configure confirm
    connect consult contact contribute control convert cook coordinate correct counsel count create
    cultivate cut debug decide define deliver demonstrate deploy design detect determine develop
    diagnose direct discuss dispatch dispense distribute document draft draw dress drill drive dry dust
    edit educate email empower enable encourage engage ensure enter escort establish estimate evaluate
    examine execute expand explain explore facilitate feed file fill find fix fold follow forecast
    foster fry fulfil fulfill gather generate get give go greet grill grow guide handle help hire host
    identify implement improve inform initiate inspect install instruct integrate interpret interview
    investigate invoice iron issue keep label launch lay lead learn let liaise lift list load log
    maintain make manage map market measure meet mentor merge migrate minimise minimize mix model
    moderate monitor mop motivate move negotiate notify observe obtain onboard operate optimise optimize
    orchestrate order organise organize oversee own pack paint participate partner perform phone pick
    place plan plate play polish post pour practice practise prep prepare present prevent print
    prioritise prioritize process procure produce program programme promote proofread propose protect
    provide publish purchase pursue put raise reach read receive recommend reconcile record recruit
    reduce refactor refill refine register reinforce release remove repair replace replenish reply
    report represent request research resolve respond restock review revise ring roll rotate run
    safeguard sample sand scale scan schedule screen season seat secure see select sell serve service
    set setup shadow share ship show slice sort source specify stack staff stage standardise standardize
    stock store streamline structure submit suggest summarise summarize supervise supply support survey
    sustain sweep take teach tell test track train transcribe transfer translate transport treat triage
    troubleshoot tune type uncover unload unpack update upgrade uphold use validate verify visit walk
    wash watch welcome weld wipe work wrap write
    """.split()
)


def _clean_text(text: object) -> str:
    """Plain text with one item per line: no markup, control characters or invisible formatting."""
    if text is None:
        return ""
    text = str(text)[:_MAX_INPUT_CHARS]
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _HIDDEN_HTML.sub(" ", text)
    text = _BLOCK_HTML.sub("\n", text)
    text = _ANY_HTML.sub(" ", text)
    text = html.unescape(text)
    text = _MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    return (
        "".join(
            ch if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") else " " for ch in text
        )
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


def _strip_prefix(line: str) -> str:
    previous = None
    while previous != line:  # "1. - **Do**" has several prefixes
        previous = line
        line = _PREFIX.sub("", line, count=1)
    return line


def _strip_emphasis(line: str) -> str:
    line = _STRUCK.sub(" ", line)
    for pattern in _EMPHASIS:
        line = pattern.sub(r"\1", line)
    return line.replace("**", "").replace("__", "")


def _split_runs(line: str) -> list[str]:
    """Split lines that hold several items: inline numbering, inline bullets, clear "a; b; c" lists."""
    line = _GLUED_BULLET.sub("\n", line)
    if "\n" in line:
        return [part for glued in line.split("\n") for part in _split_runs(glued)]
    parts = [p for p in _INLINE_NUMBER.split(line) if p.strip()]
    if len(parts) > 1:
        return parts
    parts = [p for p in _INLINE_BULLET.split(line) if p.strip()]
    if len(parts) > 2:
        return parts
    parts = [p.strip() for p in line.split(";")]
    # Only a list when the parts are short clauses and most of them start with a verb.
    if (
        len(parts) >= 3
        and all(2 <= len(p.split()) <= 25 for p in parts)
        and sum(_is_verb(_first_word(p)) for p in parts) >= 2 * len(parts) / 3
    ):
        return parts
    return [line]


def _first_word(text: str) -> str:
    match = re.match(r"\W*([^\W\d_]+)", text)
    return match.group(1).lower() if match else ""


def _is_verb(word: str) -> bool:
    w = word.lower().strip(".,;:!?()'\"")
    forms = {w}
    if w.endswith("s"):
        forms |= {w[:-1], w[:-2]}  # manages, watches
    if w.endswith(("ing", "ed")):
        stem = w[:-3] if w.endswith("ing") else w[:-2]
        forms |= {stem, stem + "e", stem[:-1]}  # ensuring, planned
    return bool(forms & _VERBS)


def _drop_label(line: str) -> str:
    """ "Patient care: Monitor vital signs" -> "Monitor vital signs"; "Plan shifts - weekly" stays."""
    match = _LABEL.match(line)
    if not match:
        return line
    label, separator, rest = match.groups()
    if len(label.split()) > 5 or len(rest.split()) < 3:
        return line
    rest_is_a_duty = rest[:1].isupper() and _is_verb(_first_word(rest))
    if separator.startswith(":") or rest_is_a_duty or not _is_verb(label.split()[0]):
        return rest
    return line


def _is_decoration(ch: str) -> bool:
    return ch in _TRAILING_NOISE or unicodedata.category(ch) in ("So", "Sk", "Sm", "Po", "Pd", "Zs")


def _strip_symbols(line: str) -> str:
    """Drop emoji, arrows and punctuation noise at either end ("✅ Follow rules 📦!!")."""
    start, end = 0, len(line)
    while start < end and _is_decoration(line[start]) and line[start] not in "'\"(":
        start += 1
    while end > start and (_is_decoration(line[end - 1]) or line[end - 1] in _TRAILING_NOISE):
        end -= 1
    return line[start:end].strip()


def _tidy(line: str) -> str:
    """The line as a bare duty sentence, or "" when it is a heading, preamble or closer."""
    line = _strip_emphasis(_strip_prefix(line))
    line = re.sub(r"\s+", " ", _strip_prefix(line)).strip()
    if line.rstrip("*_ ").endswith(":") or _PREAMBLE.match(line) or _ECHO.match(line):
        return ""  # "Key Responsibilities:", "Here are the duties:", "Note: ..."
    line = _drop_label(line)
    line = _strip_symbols(line.strip(" \"'“”‘’«»"))
    if len(line) > MAX_DUTY_CHARS:
        line = _strip_symbols(line[:MAX_DUTY_CHARS].rsplit(" ", 1)[0])
        # A cut must not leave "... and the"
        words = line.split()
        while words and words[-1].lower() in _FUNCTION_WORDS:
            words.pop()
        line = _strip_symbols(" ".join(words))
    if line and line[0].islower():
        line = line[0].upper() + line[1:]
    return line


def _skill_keys(skills: Iterable[str]) -> set[str]:
    keys = set()
    for skill in skills or ():
        key = _key(str(skill))
        if key:
            keys.add(key)
    return keys


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_duty(line: str, skill_keys: set[str]) -> bool:
    words = line.split()
    if len(words) < 3 or not re.search(r"[^\W\d_]", line):
        return False
    if _HEADING.match(line) or _PREAMBLE.match(line) or _ECHO.match(line):
        return False
    if _NOT_A_DUTY.search(line) or _REQUIREMENT.match(line):
        return False
    if words[-1].lower().strip(".,;:!?") in _FUNCTION_WORDS or line.endswith(("-", ",")):
        return False  # cut off mid-sentence
    key = _key(line)
    if key in skill_keys:
        return False
    if len(words) <= 4 and not _is_verb(words[0]):
        return False  # a short noun phrase ("Cloud infrastructure design"): a skill or heading, not a duty
    items = [i for i in re.split(r",|/|\band\b", line) if i.strip()]
    # False for a list of short items without a verb: "Python, SQL, Docker and AWS"
    return not (len(items) >= 3 and all(len(i.split()) <= 3 for i in items) and not _is_verb(words[0]))


def _is_near_duplicate(key: str, kept_keys: list[str]) -> bool:
    """The same duty reworded: rapidfuzz's token-set ratio against every kept duty.

    Threshold 85, measured on tests/data/model_outputs and on SmolLM2's top-up answers
    (bench notes in tests/test_parsing.py): rewordings of one duty score 85-99 ("emails"
    vs "e-mails", "promptly" vs "quickly", the same task with another object), distinct
    duties of the same role at most 66 in the corpus; between 73 and 84 the pairs are mixed,
    so they are kept.
    """
    if key in kept_keys:
        return True
    return (
        process.extractOne(key, kept_keys, scorer=fuzz.token_set_ratio, score_cutoff=_NEAR_DUPLICATE_SCORE) is not None
    )


def _candidate_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.split("\n"):
        raw = raw.strip()
        if not raw or _HEADING.match(raw):
            continue
        for part in _split_runs(_strip_prefix(raw)):
            lines.append(part)
    return lines


def _parse(text: object, skills: Iterable[str], limit: int, last_line_may_be_cut: bool) -> list[str]:
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 10
    if limit <= 0:
        return []
    cleaned = _clean_text(text)
    raw_lines = _candidate_lines(cleaned)
    tidy = [_tidy(line) for line in raw_lines]
    skill_keys = _skill_keys(skills)
    if last_line_may_be_cut and tidy and not cleaned.endswith("\n"):
        # Cut at the token limit: the last line lacks the full stop the other duties have.
        ends = [
            raw.rstrip().endswith(".")
            for raw, line in zip(raw_lines[:-1], tidy, strict=False)
            if line and _is_duty(line, skill_keys)
        ]
        if len(ends) >= 3 and sum(ends) >= 0.8 * len(ends) and not raw_lines[-1].rstrip().endswith((".", "!", ")")):
            tidy = tidy[:-1]
    duties: list[str] = []
    kept_keys: list[str] = []
    for line in tidy:
        if not line or not _is_duty(line, skill_keys):
            continue
        key = _key(line)
        if _is_near_duplicate(key, kept_keys):
            continue
        duties.append(line)
        kept_keys.append(key)
        if len(duties) >= limit:
            break
    return duties


def parse_duties(text: object, skills: Iterable[str] = (), limit: int = 10) -> list[str]:
    """Clean duty bullets from a model's (possibly messy or cut-off) answer; never raises."""
    try:
        return _parse(text, skills, limit, last_line_may_be_cut=True)
    except Exception:
        return []


def parse_partial_duties(text: object, skills: Iterable[str] = (), limit: int = 10) -> list[str]:
    """Like `parse_duties` while streaming: the unfinished last line (no newline yet) is ignored."""
    if text is None:
        return []
    text = str(text)
    finished = text[: text.rfind("\n") + 1] if "\n" in text else ""
    try:
        return _parse(finished, skills, limit, last_line_may_be_cut=False)
    except Exception:
        return []


def duties_from_edit(text: object) -> list[str]:
    """The user's edited duties, one per line: only bullets, numbering and blank lines go away."""
    if text is None:
        return []
    text = unicodedata.normalize("NFKC", str(text)[: MAX_EDIT_DUTIES * MAX_EDIT_CHARS * 4])
    duties: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in raw)
        line = re.sub(r"\s+", " ", _strip_prefix(line)).strip()
        if len(line) > MAX_EDIT_CHARS:
            line = line[:MAX_EDIT_CHARS].rsplit(" ", 1)[0].strip() or line[:MAX_EDIT_CHARS]
        if line and line not in duties:
            duties.append(line)
        if len(duties) >= MAX_EDIT_DUTIES:
            break
    return duties


def format_duties(duties: Iterable[str]) -> str:
    """ "- a\\n- b": the text shown in (and read back from) the editable box."""
    lines = (re.sub(r"\s+", " ", str(d)).strip() for d in duties or ())
    return "\n".join(f"- {line}" for line in lines if line)
