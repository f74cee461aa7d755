#!/usr/bin/env python3
"""Build jd/data/occupations.json.gz from the raw O*NET, ESCO and crosswalk files.

The raw files are not in the repository (see jd/data/SOURCES.md for where each one comes
from); tests/data/occupations_raw/ holds a small fixture in the same layout. Layout of RAW:

    onet/Occupation Data.txt, Task Statements.txt, Alternate Titles.txt,
         Sample of Reported Titles.txt, Technology Skills.txt, Job Zones.txt,
         Job Zone Reference.txt, Related Occupations.txt, Read Me.txt   (O*NET text release)
    crosswalk/esco_onet_crosswalk_Nov2020.csv                           (Nesta ESCO <-> O*NET-SOC 2010)
    crosswalk/2010_to_2019_Crosswalk.csv                                (O*NET-SOC 2010 -> 2019)
    esco/broaderRelationsOccPillar.csv, esco/occupations_{fr,es,nl,pt}.csv   (ESCO CSV exports)
    ch_isco/DV_CH_ISCO_19_TYP.lsl      (Swiss CH-ISCO-19 occupation types, de/fr/it)
    kzis/kwalifikacje.js               (Polish KZiS occupations, 6-digit codes on ISCO-08)

Usage: python scripts/build_occupations.py RAW [--out jd/data/occupations.json.gz]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

ESCO_LANGUAGES = ("fr", "es", "nl", "pt")
MAX_GROUP_CODES = 6  # O*NET codes kept per ISCO unit group for the ISCO-based title lists
csv.field_size_limit(10_000_000)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def onet_release(readme: Path) -> tuple[str, str]:
    """("26.3", "May 2022 Release") from the release's Read Me."""
    lines = [line.strip() for line in readme.read_text(encoding="utf-8").splitlines() if line.strip()]
    match = re.match(r"O\*NET ([\d.]+) Database", lines[0])
    if not match:
        raise SystemExit(f"{readme}: not an O*NET Read Me")
    return match.group(1), lines[1]


def build_onet(onet: Path) -> tuple[list[list], dict[str, int], dict[str, dict]]:
    """Occupations as compact rows, the index of each code, and the job zone texts."""
    occupations = read_tsv(onet / "Occupation Data.txt")
    index = {row["O*NET-SOC Code"]: i for i, row in enumerate(occupations)}
    zones = {row["O*NET-SOC Code"]: int(row["Job Zone"]) for row in read_tsv(onet / "Job Zones.txt")}
    core: dict[str, list[str]] = defaultdict(list)
    supplemental: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv(onet / "Task Statements.txt"):
        (supplemental if row["Task Type"] == "Supplemental" else core)[row["O*NET-SOC Code"]].append(row["Task"])
    hot: dict[str, list[str]] = defaultdict(list)
    other: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv(onet / "Technology Skills.txt"):
        (hot if row["Hot Technology"] == "Y" else other)[row["O*NET-SOC Code"]].append(row["Example"])
    related: dict[str, list[int]] = defaultdict(list)
    for row in read_tsv(onet / "Related Occupations.txt"):
        if row["Related O*NET-SOC Code"] in index:
            related[row["O*NET-SOC Code"]].append(index[row["Related O*NET-SOC Code"]])
    rows = []
    for row in occupations:
        code = row["O*NET-SOC Code"]
        rows.append(
            [
                code,
                row["Title"],
                row["Description"],
                zones.get(code, 0),
                core[code],
                supplemental[code],
                hot[code],
                other[code],
                related[code],
            ]
        )
    job_zones = {
        row["Job Zone"]: {
            "name": row["Name"],
            "experience": row["Experience"],
            "education": row["Education"],
            "training": row["Job Training"],
        }
        for row in read_tsv(onet / "Job Zone Reference.txt")
    }
    return rows, index, job_zones


def english_titles(onet: Path, index: dict[str, int]) -> dict[str, dict[int, float]]:
    """Each English title with the occupations it names (weight 1)."""
    titles: dict[str, dict[int, float]] = defaultdict(dict)
    for row in read_tsv(onet / "Occupation Data.txt"):
        titles[row["Title"]][index[row["O*NET-SOC Code"]]] = 1.0
    for row in read_tsv(onet / "Alternate Titles.txt"):
        code = index.get(row["O*NET-SOC Code"])
        if code is not None:
            titles[row["Alternate Title"]][code] = 1.0
            if row["Short Title"] not in ("", "n/a"):
                titles[row["Short Title"]][code] = 1.0
    for row in read_tsv(onet / "Sample of Reported Titles.txt"):
        code = index.get(row["O*NET-SOC Code"])
        if code is not None:
            titles[row["Reported Job Title"]][code] = 1.0
    return titles


def read_crosswalk(raw: Path, index: dict[str, int]) -> tuple[dict[str, int], dict[str, Counter]]:
    """ESCO occupation URI -> O*NET index, and ISCO unit group -> Counter of O*NET indexes."""
    to_2019: dict[str, list[int]] = defaultdict(list)  # the Nesta crosswalk uses O*NET-SOC 2010 codes
    for row in read_csv(raw / "crosswalk" / "2010_to_2019_Crosswalk.csv"):
        if row["O*NET-SOC 2019 Code"] in index:
            to_2019[row["O*NET-SOC 2010 Code"]].append(index[row["O*NET-SOC 2019 Code"]])
    by_uri: dict[str, int] = {}
    by_group: dict[str, Counter] = defaultdict(Counter)
    for row in read_csv(raw / "crosswalk" / "esco_onet_crosswalk_Nov2020.csv"):
        codes = to_2019.get(row["onet_code"]) or ([index[row["onet_code"]]] if row["onet_code"] in index else [])
        if not codes:
            continue
        by_uri[row["concept_uri"]] = codes[0]
        for code in codes:
            by_group[row["isco_code"].zfill(4)][code] += 1
    return by_uri, by_group


def esco_parents(raw: Path) -> dict[str, str]:
    return {
        row["conceptUri"]: row["broaderUri"]
        for row in read_csv(raw / "esco" / "broaderRelationsOccPillar.csv")
        if row["conceptType"] == "Occupation" and "/occupation/" in row["broaderUri"]
    }


def esco_onet(uri: str, by_uri: dict[str, int], parents: dict[str, str]) -> int | None:
    """The O*NET occupation of an ESCO occupation, inherited from the nearest crosswalked parent."""
    for _ in range(8):
        if uri in by_uri:
            return by_uri[uri]
        if uri not in parents:
            return None
        uri = parents[uri]
    return None


def split_label(label: str) -> list[str]:
    """ "director técnico/directora técnica" -> both forms; blank parts dropped."""
    parts = [label.strip()]
    if "/" in label and " / " not in label and label.count("/") == 1:
        parts += [p.strip() for p in label.split("/")]
    parts = [p.strip(" /") for p in parts]
    return [p for p in dict.fromkeys(parts) if p]


def esco_titles(
    raw: Path, language: str, by_uri: dict[str, int], parents: dict[str, str]
) -> tuple[dict[str, dict[int, float]], list[dict[str, str]]]:
    """ESCO labels of one language mapped to O*NET; also the rows (for matching CH-ISCO labels)."""
    titles: dict[str, dict[int, float]] = defaultdict(dict)
    rows = read_csv(raw / "esco" / f"occupations_{language}.csv")
    for row in rows:
        code = esco_onet(row["conceptUri"], by_uri, parents)
        if code is None:
            continue
        labels = [row["preferredLabel"], *row.get("altLabels", "").split("\n")]
        for label in labels:
            for form in split_label(label):
                titles[form][code] = 1.0
    return titles, rows


def group_weights(group: Counter) -> dict[int, float]:
    """O*NET codes of an ISCO group weighted by how many ESCO occupations of the group map to them."""
    top = group.most_common(MAX_GROUP_CODES)
    best = top[0][1] if top else 1
    return {code: round(0.5 + 0.4 * count / best, 3) for code, count in top}


_NEC = re.compile(r",?\s*\b(onA|s\.a\.i\.|sip|anderweitig nicht genannt|non classificati altrove)\b.*$", re.I)


def ch_isco_titles(
    raw: Path, by_group: dict[str, Counter], by_uri: dict[str, int], parents: dict[str, str], esco_fr: list[dict]
) -> dict[str, dict[str, dict[int, float]]]:
    """German and Italian CH-ISCO-19 occupation types, mapped to O*NET through their ISCO-08 unit group.

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
        code = esco_onet(row["conceptUri"], by_uri, parents)
        if code is not None:
            for label in [row["preferredLabel"], *row.get("altLabels", "").split("\n")]:
                fr_by_group[row["iscoGroup"].zfill(4)].append((label, code))
    out: dict[str, dict[str, dict[int, float]]] = {"de": defaultdict(dict), "it": defaultdict(dict)}
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
                out[language][name].update(weights)
    return out


def kzis_titles(raw: Path, by_group: dict[str, Counter]) -> dict[str, dict[int, float]]:
    """Polish KZiS occupations (6-digit codes whose first four digits are the ISCO-08 unit group)."""
    text = (raw / "kzis" / "kwalifikacje.js").read_text(encoding="utf-8")
    titles: dict[str, dict[int, float]] = defaultdict(dict)
    for code, name in re.findall(r'"(\d{6})":\s*\{\s*"name":\s*"([^"]+)"', text):
        if code[:4] in by_group and not name.startswith("Pozostali"):
            titles[name.strip()].update(group_weights(by_group[code[:4]]))
    return titles


def compact(titles: dict[str, dict[int, float]]) -> list[list]:
    return [[title, sorted(codes.items())] for title, codes in sorted(titles.items()) if title.strip()]


def build(raw: Path) -> dict:
    release, released = onet_release(raw / "onet" / "Read Me.txt")
    occupations, index, job_zones = build_onet(raw / "onet")
    by_uri, by_group = read_crosswalk(raw, index)
    parents = esco_parents(raw)
    titles = {"en": compact(english_titles(raw / "onet", index))}
    esco_fr: list[dict] = []
    for language in ESCO_LANGUAGES:
        labels, rows = esco_titles(raw, language, by_uri, parents)
        titles[language] = compact(labels)
        if language == "fr":
            esco_fr = rows
    for language, labels in ch_isco_titles(raw, by_group, by_uri, parents, esco_fr).items():
        titles[language] = compact(labels)
    titles["pl"] = compact(kzis_titles(raw, by_group))
    return {
        "format": 1,
        "onet_release": release,
        "onet_released": released,
        "occupations": occupations,
        "job_zones": job_zones,
        "titles": titles,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path, help="folder with the raw files (layout above)")
    parser.add_argument("--out", type=Path, default=Path("jd/data/occupations.json.gz"), help="data file to write")
    args = parser.parse_args(argv)
    data = build(args.raw)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as handle:  # same input, same bytes
        handle.write(payload)
    counts = ", ".join(f"{lang} {len(rows)}" for lang, rows in data["titles"].items())
    print(f"O*NET {data['onet_release']}: {len(data['occupations'])} occupations; titles: {counts}")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
