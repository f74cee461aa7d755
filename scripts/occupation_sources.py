"""Titles in other languages for scripts/build_occupations.py, each mapped to O*NET occupations.

Every function returns {title: {occupation index: weight}}. Weight 1 means the title names that
occupation (an ESCO occupation crosswalked to O*NET, a curated German title); lower weights mean
the title names a wider group (an ISCO-08 unit group, a German KldB class) and the occupation is
one of those the group holds, the group's most frequent first. The sources are listed in
jd/data/SOURCES.md; the raw layout is in build_occupations.py's docstring.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

Titles = dict[str, dict[int, float]]
MAX_GROUP_CODES = 6  # O*NET codes kept per ISCO unit group for titles that name only the group
KLDB_WEIGHT = 0.8  # a KldB class names several O*NET occupations
AUSBILDUNG_WEIGHT = 0.9  # so does an apprenticeship (Kaufmann/Kauffrau für Büromanagement: four)
csv.field_size_limit(10_000_000)


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


_FEMININE_SUFFIX = re.compile(r"/-\w+")  # "Bankkaufmann/-kauffrau", "Maurer/-in", "Technische/-r"


def split_label(label: str) -> list[str]:
    """The label and each form it joins with a slash: "director técnico/directora técnica", "Kaufmann/Kauffrau
    für Büromanagement" (-> "Kaufmann für Büromanagement"), "kasjer walutowy / kasjerka walutowa"."""
    label = _FEMININE_SUFFIX.sub("", label.strip())
    parts = [label]
    if label.count("/") == 1 and "(" not in label:
        left, right = (side.split() for side in label.split("/"))
        if left and right:
            if len(left) == 1 and len(right) > 1:
                left = left + right[1:]
            elif len(right) == 1 and len(left) > 1:
                right = left[:-1] + right
            parts = [" ".join(left), " ".join(right)]
    return [p for p in dict.fromkeys(p.strip(" /;,") for p in parts) if len(p) >= 2]


def add(titles: Titles, label: str, weights: dict[int, float]) -> None:
    for form in split_label(label):
        entry = titles.setdefault(form, {})
        for code, weight in weights.items():
            entry[code] = max(weight, entry.get(code, 0.0))


def group_weights(group: Counter) -> dict[int, float]:
    """O*NET codes of an ISCO group weighted by how many ESCO occupations of the group map to them."""
    top = group.most_common(MAX_GROUP_CODES)
    best = top[0][1] if top else 1
    return {code: round(0.5 + 0.4 * count / best, 3) for code, count in top}


def esco_codes(raw: Path) -> dict[str, str]:
    """ESCO occupation code ("5131.2") -> concept URI, from the exports that carry the code column."""
    codes: dict[str, str] = {}
    for language in ("pt", "nl"):
        for row in read_csv(raw / "esco" / f"occupations_{language}.csv"):
            if row.get("code"):
                codes.setdefault(row["code"].strip(), row["conceptUri"])
    return codes


# --- Polish: KZiS 2023 with its ESCO crosswalk, ESCO's Polish labels and the GUS thesaurus (OJALAB) ---


def kzis_weights(raw: Path, to_onet, by_group: dict[str, Counter]) -> dict[str, dict[int, float]]:
    """KZiS code -> O*NET weights: through the ESCO crosswalk when listed, else the ISCO unit group."""
    codes = esco_codes(raw)
    found: dict[str, Counter] = defaultdict(Counter)
    for row in read_csv(raw / "ojalab" / "kzis_esco_crosswalk.csv", delimiter=";"):
        uri = codes.get(row["esco code"].strip())
        code = to_onet(uri) if uri else None
        if code is not None:
            found[row["kzis code"].strip().zfill(6)][code] += 1
    weights: dict[str, dict[int, float]] = {}
    for row in read_csv(raw / "ojalab" / "kzis-official-2023.csv"):
        kzis = row["code"].strip().zfill(6)
        if found.get(kzis):
            top = found[kzis].most_common()
            weights[kzis] = {code: 1.0 if i == 0 else 0.9 for i, (code, _) in enumerate(top)}
        elif kzis[:4] in by_group:
            weights[kzis] = group_weights(by_group[kzis[:4]])
    return weights


def polish_titles(raw: Path, to_onet, by_group: dict[str, Counter]) -> Titles:
    weights = kzis_weights(raw, to_onet, by_group)
    codes = esco_codes(raw)
    titles: Titles = {}
    for row in read_csv(raw / "ojalab" / "kzis_esco_crosswalk.csv", delimiter=";"):
        uri = codes.get(row["esco code"].strip())
        code = to_onet(uri) if uri else None
        if code is not None:
            add(titles, row["esco name"], {code: 1.0})
    for row in read_csv(raw / "ojalab" / "kzis-official-2023.csv"):
        kzis = row["code"].strip().zfill(6)
        if kzis in weights and not row["name"].startswith("Pozostali"):
            add(titles, row["name"], weights[kzis])
    for row in read_csv(raw / "ojalab" / "gus-thesaurus.csv"):
        kzis = row["code"].strip().zfill(6)
        for name in row["desc"].split(","):
            if kzis in weights and name.strip():
                add(titles, name.strip().capitalize() if name.isupper() else name.strip(), weights[kzis])
    for row in read_csv(raw / "ojalab" / "esco-kzis-selected.csv"):
        kzis = row["code"].strip().zfill(6)
        if kzis in weights and row["var"] in ("occupation_name", "occupation_alternative_names"):
            for name in row["desc"].split(";"):
                add(titles, name, weights[kzis])
    return titles


# --- German: curated titles and KldB classes per O*NET code (mo-sp/pathfinder) ---

_OVERRIDE = re.compile(r"'(\d{2}-\d{4}\.\d{2})':\s*'((?:[^'\\]|\\.)*)'")
_KLDB_LEVEL = re.compile(
    r"\s+-\s+(Helfer-/Anlerntätigkeiten|fachlich ausgerichtete Tätigkeiten|"
    r"komplexe Spezialistentätigkeiten|hoch komplexe Tätigkeiten)$"
)


def german_titles(raw: Path, index: dict[str, int]) -> Titles:
    titles: Titles = {}
    audit = json.loads((raw / "pathfinder" / "findings-2026-04-25.json").read_text(encoding="utf-8"))
    for entry in audit:  # the ESCO German label each audited code had before curation
        if entry.get("onetCode") in index and entry.get("titleDe"):
            add(titles, entry["titleDe"], {index[entry["onetCode"]]: 1.0})
    text = (raw / "pathfinder" / "title-overrides-de.mjs").read_text(encoding="utf-8")
    for code, title in _OVERRIDE.findall(text):
        if code in index:
            add(titles, title.replace("\\'", "'"), {index[code]: 1.0})
    for row in read_csv(raw / "pathfinder" / "ausbildung-occupation-mapping.tsv", delimiter="\t"):
        if row["onetCode"] in index:  # a recognised German apprenticeship (BIBB) the occupation trains in
            add(titles, row["ausbildungsberuf"].replace(" FR ", " "), {index[row["onetCode"]]: AUSBILDUNG_WEIGHT})
    mapping = json.loads((raw / "pathfinder" / "kldb-occupation-mapping.json").read_text(encoding="utf-8"))
    for code, entry in mapping["mappings"].items():
        name = _KLDB_LEVEL.sub("", entry.get("kldbName") or "").replace("(ohne Spezialisierung)", "")
        name = name.replace("(sonstige spezifische Tätigkeitsangabe)", "").strip()
        if code in index and name:
            add(titles, name, {index[code]: KLDB_WEIGHT})
    return titles


# --- ISCO-08 unit groups as ESCO names them in each language (alexandrucruceanu/EU-jobs raw_data) ---


def isco_group_titles(raw: Path, by_group: dict[str, Counter], languages: tuple[str, ...]) -> dict[str, Titles]:
    out: dict[str, Titles] = {language: {} for language in languages}
    with (raw / "esco_isco" / "isco_groups.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            group = json.loads(line)
            code = str(group["code"]).zfill(4)
            if code not in by_group:
                continue
            for language in languages:
                label = group["preferredLabel"].get(language, "")
                if label:
                    add(out[language], label, group_weights(by_group[code]))
    return out


# --- German and Italian: Swiss CH-ISCO-19 occupation types (I14Y-ch/iSurvey) ---

_NEC = re.compile(r",?\s*\b(onA|s\.a\.i\.|sip|anderweitig nicht genannt|non classificati altrove)\b.*$", re.I)


def ch_isco_titles(raw: Path, by_group: dict[str, Counter], to_onet, esco_fr: list[dict]) -> dict[str, Titles]:
    """CH-ISCO-19 types mapped through their ISCO-08 unit group.

    The type's French label is matched against the French ESCO labels of the same unit group: the
    best match's O*NET occupation comes first (weight 1), the group's others follow.
    """
    text = (raw / "ch_isco" / "DV_CH_ISCO_19_TYP.lsl").read_text(encoding="utf-8")
    codes = dict(re.findall(r"<id><!\[CDATA\[(\d+)\]\]></id>\s*<lid>.*?<code><!\[CDATA\[(\d+)\]\]></code>", text, re.S))
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    pattern = (
        r"<label_id><!\[CDATA\[(\d+)\]\]></label_id>\s*"
        r"<title><!\[CDATA\[(.*?)\]\]></title>\s*<language><!\[CDATA\[(\w+)\]\]>"
    )
    for label_id, title, language in re.findall(pattern, text, re.S):
        labels[label_id][language] = title
    fr_by_group: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in esco_fr:
        code = to_onet(row["conceptUri"])
        if code is not None:
            for label in [row["preferredLabel"], *row.get("altLabels", "").split("\n")]:
                fr_by_group[row["iscoGroup"].zfill(4)].append((label, code))
    out: dict[str, Titles] = {"de": {}, "it": {}}
    for label_id, names in labels.items():
        group = codes.get(label_id, "")[:4]
        if group not in by_group:
            continue
        weights = dict(group_weights(by_group[group]))
        candidates = fr_by_group.get(group)
        if candidates and names.get("fr"):
            best = process.extractOne(names["fr"], [c[0] for c in candidates], scorer=fuzz.token_set_ratio)
            if best and best[1] >= 60:
                weights[candidates[best[2]][1]] = 1.0
        for language in ("de", "it"):
            name = _NEC.sub("", names.get(language, "")).strip(" ,")
            if name:
                add(out[language], name, weights)
    return out


def merge(*parts: Titles) -> Titles:
    merged: Titles = {}
    for part in parts:
        for title, weights in part.items():
            entry = merged.setdefault(title, {})
            for code, weight in weights.items():
                entry[code] = max(weight, entry.get(code, 0.0))
    return merged
