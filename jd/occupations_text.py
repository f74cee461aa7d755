"""Words of job titles and duties, as the occupation matcher and the relevance review compare them.

`fold` lowers case and drops accents; `stem` cuts a word to a crude stem shared by the eight
languages (plural "s", a final vowel, German "-in"/"-innen"), so that "cameriere", "cameriera" and
"camerieri" meet. `title_terms` splits a typed title into the words that decide the occupation
and the qualifiers around them ("Barista - Downtown (Part-Time)": "barista" decides; "downtown"
qualifies), after removing gender markers ("(m/w/d)", "(H/F)", "*in", "camarero/a"), pay
("$19/hr"), abbreviations expanded (`ABBREVIATIONS`) and words that never decide (`IGNORED`:
seniority, shift, contract, place and hiring words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Abbreviations recruiters type, expanded before matching (whole words, after folding).
# Credentials written inside O*NET's own titles ("Registered Dental Hygienist (RDH)") need no entry.
ABBREVIATIONS = {
    "sr": "",
    "jr": "",
    "snr": "",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "lvn": "licensed vocational nurse",
    "cna": "nursing assistant",
    "np": "nurse practitioner",
    "crna": "nurse anesthetist",
    "med surg": "medical surgical",
    "icu": "intensive care",
    "er": "emergency",
    "cdl a": "tractor trailer truck",
    "cdl b": "truck",
    "cdl": "truck",
    "otr": "long haul",
    "tech": "technician",
    "techs": "technician",
    "mgr": "manager",
    "asst": "assistant",
    "admin": "administrative",
    "exec": "executive",
    "acct": "accountant",
    "cpa": "accountant",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "swe": "software engineer",
    "sde": "software developer",
    "qa": "quality assurance",
    "hr": "human resources",
    "pm": "project manager",
    "csr": "customer service representative",
    "dba": "database administrator",
    "ux": "user experience designer",
    "ui": "user interface designer",
    "hvac": "heating air conditioning",
    "ma": "medical assistant",
    "cma": "medical assistant",
    "pharm": "pharmacy",
    "rep": "representative",
    "reps": "representative",
    "coord": "coordinator",
    "spec": "specialist",
    "ops": "operations",
    "dir": "director",
    "vp": "vice president",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "ceo": "chief executive",
    "it": "information technology",
    "emt": "emergency medical technician",
    "slp": "speech language pathologist",
    "ot": "occupational therapist",
    "dpt": "physical therapist",
    "bdr": "business development representative",
    "sdr": "sales development representative",
    "fe": "front end",
    "be": "back end",
}

# Words that do not decide the occupation: seniority, shift, contract, place and hiring words. "Office" and
# "home" are not among them: they name the work in O*NET's own titles (Office Clerks, Home Health Aides).
IGNORED = frozenset(
    """senior junior lead principal staff associate entry level mid i ii iii iv v 1 2 3 4 5 1st 2nd 3rd
    night nights day days evening evenings weekend weekends overnight overnights shift shifts swing rotating
    full part time ft pt prn per diem temp temporary contract contractor seasonal permanent fixed term
    remote hybrid onsite site based travel traveling travelling local
    urgent urgently hiring immediate immediately start now needed wanted new bonus sign on signon pay
    hour hourly week weekly year yearly k usd eur
    the a an of and or for to in at with on by from
    der die das und fur im in mit von zum zur bei
    le la les de du des et en au aux pour avec
    el los las del y con para por
    het een en van voor met bij
    il lo gli di della delle dei e con per
    o os as do da dos das e com para em
    i w z na do dla oraz
    teilzeit vollzeit befristet unbefristet nachtschicht
    cdi cdd temps partiel plein nuit jour
    jornada completa parcial tiempo indefinido noche
    deeltijd voltijd nacht
    tempo pieno parziale determinato indeterminato notte
    integral noturno
    etat pelny czas nocna""".split()
)

_GENDER_MARKERS = re.compile(
    r"\(\s*[a-z]{1,3}(?:\s*[/|,]\s*[a-z]{1,3}){1,3}\s*\)"  # (m/w/d) (H/F) (f/m/x) (k/m) (m/f)
    r"|\b[mwfhd]\s*/\s*[mwfhd](?:\s*/\s*[mwfhdx])?\b"  # H/F or m/w/d without brackets
    r"|\((?:all genders|alle geschlechter|gn\*?|w/m/d|m/w/x)\)"
    r"|\*in(?:nen)?\b|:in(?:nen)?\b|_in(?:nen)?\b|/-?in(?:nen)?\b|\(in\)|/-?frau\b"
    r"|\(e\)|\(a\)|\(ka\)"  # aide-soignant(e)
    r"|/\s*(?:a|o|e|ka|x)\b"  # Spanish/Portuguese/Italian/Polish slash endings: camarero/a
)
_PAY = re.compile(r"[$€£]\s*[\d.,]+\w*(?:\s*/\s*\w+)?|\b\d+(?:hr|hrs|h|k|am|pm)\b|\b\d+\s*-\s*\d+\s*(?:uur|h)\b")
_WORD = re.compile(r"[a-z0-9+#]+")
_QUALIFIER = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|\s[-–—|:,]\s.*|,.*|\s[-–—]\s*$")


def fold(text: str) -> str:
    """Lower case without accents; "ß" -> "ss", "ł" -> "l"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def stem(word: str) -> str:
    """A crude stem shared by the eight languages: plural "s" and a final vowel go, German "-in"/"-innen" too."""
    if len(word) > 6 and word.endswith("innen"):
        word = word[:-5]
    elif len(word) > 5 and word.endswith(("erin", "eurin", "istin", "antin", "entin")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word[-1] in "aeio":
        word = word[:-1]
        if len(word) > 4 and word[-1] == "i":  # "segretaria", "segretari", "operaio" meet
            word = word[:-1]
    return word


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = " ".join(tokens[i : i + 2])
        if pair in ABBREVIATIONS and i + 1 < len(tokens):
            out.extend(ABBREVIATIONS[pair].split())
            i += 2
            continue
        out.extend(ABBREVIATIONS.get(tokens[i], tokens[i]).split())
        i += 1
    return out


def _clean(text: str) -> str:
    return _PAY.sub(" ", _GENDER_MARKERS.sub(" ", fold(text)))


def words(text: str, *, expand: bool = True) -> list[str]:
    """The stems of a title or a duty that can decide its occupation, in order."""
    tokens = _WORD.findall(_clean(text).replace("&", " and "))
    if expand:
        tokens = _expand(tokens)
    return [stem(t) for t in tokens if t not in IGNORED and not t.isdigit()]


@dataclass(frozen=True)
class TitleTerms:
    """A typed title's stems: `head` decides the occupation, `qualifiers` only refine it;
    `alternatives` are the head's parts around a slash ("Server / Waitstaff")."""

    head: tuple[str, ...]
    qualifiers: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]


def title_terms(title: str) -> TitleTerms:
    cleaned = _clean(title[:200])
    match = _QUALIFIER.search(cleaned)
    head_text, tail = (cleaned[: match.start()], cleaned[match.start() :]) if match else (cleaned, "")
    head = words(head_text)
    if not head:  # "(Part-Time) Barista" or "Nights - Barista": the first part said nothing
        head, tail = words(cleaned), ""
    qualifiers = [w for w in words(tail) if w not in head]
    alternatives: list[tuple[str, ...]] = []
    if "/" in head_text:
        parts = [tuple(words(part)) for part in head_text.split("/")]
        alternatives = [part for part in parts if part and len(parts) > 1]
    return TitleTerms(tuple(head), tuple(qualifiers), tuple(alternatives))
