#!/usr/bin/env python3
"""Build jd/data/occupations.json.gz from the raw O*NET, ESCO and crosswalk files.

The raw files are not in the repository (see jd/data/SOURCES.md for where each one comes
from); tests/data/occupations_raw/ holds a small fixture in the same layout. Layout of RAW:

    onet/Occupation Data.txt, Task Statements.txt, Alternate Titles.txt,
         Sample of Reported Titles.txt, Technology Skills.txt, Tools Used.txt, Job Zones.txt,
         Job Zone Reference.txt, Related Occupations.txt, Tasks to DWAs.txt, DWA Reference.txt,
         Read Me.txt                                                    (O*NET text release)
    crosswalk/esco_onet_crosswalk_Nov2020.csv                           (Nesta ESCO <-> O*NET-SOC 2010)
    crosswalk/2010_to_2019_Crosswalk.csv                                (O*NET-SOC 2010 -> 2019)
    esco/broaderRelationsOccPillar.csv, esco/occupations_{fr,es,nl,pt}.csv   (ESCO CSV exports)
    esco_isco/isco_groups.jsonl        (ISCO-08 unit groups with ESCO's labels in each language)
    ch_isco/DV_CH_ISCO_19_TYP.lsl      (Swiss CH-ISCO-19 occupation types, de/fr/it)
    pathfinder/title-overrides-de.mjs, findings-2026-04-25.json, kldb-occupation-mapping.json,
               ausbildung-occupation-mapping.tsv (transcribed from the JSON; see SOURCES.md)
                                       (German titles and KldB classes per O*NET code)
    ojalab/kzis-official-2023.csv, kzis_esco_crosswalk.csv, gus-thesaurus.csv, esco-kzis-selected.csv
                                       (Polish KZiS 2023, its ESCO crosswalk, synonyms, ESCO's Polish labels)

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

import occupation_sources as sources  # scripts/occupation_sources.py

ESCO_LANGUAGES = ("fr", "es", "nl", "pt")  # languages with whole ESCO occupation exports
OTHER_LANGUAGES = ("de", "fr", "es", "nl", "it", "pt", "pl")
# How strongly each kind of English title names its occupation: O*NET's own title and the titles
# workers report are the names in use; alternate titles include rarer and older ones.
TITLE_WEIGHTS = {"title": 1.0, "reported": 1.0, "alternate": 0.95, "short": 0.9}
csv.field_size_limit(10_000_000)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def onet_release(readme: Path) -> tuple[str, str]:
    """("26.3", "May 2022 Release") from the release's Read Me."""
    lines = [line.strip() for line in readme.read_text(encoding="utf-8").splitlines() if line.strip()]
    match = re.match(r"O\*NET ([\d.]+) Database", lines[0])
    if not match:
        raise SystemExit(f"{readme}: not an O*NET Read Me")
    return match.group(1), lines[1]


def grouped(rows: list[dict[str, str]], key: str, value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row[value] not in out[row[key]]:
            out[row[key]].append(row[value])
    return out


def activities(onet: Path) -> tuple[list[str], dict[str, list[int]], dict[str, list[int]]]:
    """Detailed Work Activities: their titles, each occupation's (through its tasks, in task order), and
    each task's (by Task ID)."""
    reference = read_tsv(onet / "DWA Reference.txt")
    position = {row["DWA ID"]: i for i, row in enumerate(reference)}
    per_code: dict[str, list[int]] = defaultdict(list)
    per_task: dict[str, list[int]] = defaultdict(list)
    for row in read_tsv(onet / "Tasks to DWAs.txt"):
        i = position.get(row["DWA ID"])
        if i is None:
            continue
        if i not in per_code[row["O*NET-SOC Code"]]:
            per_code[row["O*NET-SOC Code"]].append(i)
        per_task[row["Task ID"]].append(i)
    return [row["DWA Title"] for row in reference], per_code, per_task


def tools(onet: Path) -> tuple[list[str], dict[str, list[int]]]:
    """Tools Used examples: one list of names, and each occupation's as positions in it."""
    names: dict[str, int] = {}
    per_code: dict[str, list[int]] = defaultdict(list)
    for row in read_tsv(onet / "Tools Used.txt"):
        i = names.setdefault(row["Example"], len(names))
        per_code[row["O*NET-SOC Code"]].append(i)
    return list(names), per_code


def build_onet(onet: Path) -> tuple[list[list], dict[str, int], dict[str, dict], list[str], list[str]]:
    """Occupations as compact rows, the index of each code, the job zone texts, DWA titles and tool names."""
    occupations = read_tsv(onet / "Occupation Data.txt")
    index = {row["O*NET-SOC Code"]: i for i, row in enumerate(occupations)}
    zones = {row["O*NET-SOC Code"]: int(row["Job Zone"]) for row in read_tsv(onet / "Job Zones.txt")}
    statements = read_tsv(onet / "Task Statements.txt")
    core = grouped([r for r in statements if r["Task Type"] != "Supplemental"], "O*NET-SOC Code", "Task")
    supplemental = grouped([r for r in statements if r["Task Type"] == "Supplemental"], "O*NET-SOC Code", "Task")
    dwa_titles, dwas, task_dwas = activities(onet)
    task_ids = {(r["O*NET-SOC Code"], r["Task"]): r["Task ID"] for r in statements}
    skills = read_tsv(onet / "Technology Skills.txt")
    hot = grouped([r for r in skills if r["Hot Technology"] == "Y"], "O*NET-SOC Code", "Example")
    other = grouped([r for r in skills if r["Hot Technology"] != "Y"], "O*NET-SOC Code", "Example")
    related: dict[str, list[int]] = defaultdict(list)
    for row in read_tsv(onet / "Related Occupations.txt"):
        if row["Related O*NET-SOC Code"] in index:
            related[row["O*NET-SOC Code"]].append(index[row["Related O*NET-SOC Code"]])
    tool_names, used = tools(onet)
    rows = [
        [
            code := row["O*NET-SOC Code"],
            row["Title"],
            row["Description"],
            zones.get(code, 0),
            core[code],
            supplemental[code],
            hot[code],
            other[code],
            related[code],
            dwas[code],
            used[code],
            [task_dwas.get(task_ids[code, task], []) for task in core[code] + supplemental[code]],
        ]
        for row in occupations
    ]
    job_zones = {
        row["Job Zone"]: {
            "name": row["Name"],
            "experience": row["Experience"],
            "education": row["Education"],
            "training": row["Job Training"],
        }
        for row in read_tsv(onet / "Job Zone Reference.txt")
    }
    return rows, index, job_zones, dwa_titles, tool_names


def english_titles(onet: Path, index: dict[str, int]) -> sources.Titles:
    """Each English title with the occupations it names, weighted by the kind of title (TITLE_WEIGHTS)."""
    titles: sources.Titles = {}
    for row in read_tsv(onet / "Occupation Data.txt"):
        sources.add(titles, row["Title"], {index[row["O*NET-SOC Code"]]: TITLE_WEIGHTS["title"]})
    for row in read_tsv(onet / "Alternate Titles.txt"):
        code = index.get(row["O*NET-SOC Code"])
        if code is not None:
            sources.add(titles, row["Alternate Title"], {code: TITLE_WEIGHTS["alternate"]})
            if row["Short Title"] not in ("", "n/a"):
                sources.add(titles, row["Short Title"], {code: TITLE_WEIGHTS["short"]})
    for row in read_tsv(onet / "Sample of Reported Titles.txt"):
        code = index.get(row["O*NET-SOC Code"])
        if code is not None:
            sources.add(titles, row["Reported Job Title"], {code: TITLE_WEIGHTS["reported"]})
    return titles


class Crosswalk:
    """ESCO occupation URI -> O*NET index (a crosswalked parent's when the occupation has none), and
    ISCO unit group -> Counter of the O*NET indexes its ESCO occupations map to."""

    def __init__(self, raw: Path, index: dict[str, int]) -> None:
        to_2019: dict[str, list[int]] = defaultdict(list)  # the Nesta crosswalk uses O*NET-SOC 2010 codes
        for row in sources.read_csv(raw / "crosswalk" / "2010_to_2019_Crosswalk.csv"):
            if row["O*NET-SOC 2019 Code"] in index:
                to_2019[row["O*NET-SOC 2010 Code"]].append(index[row["O*NET-SOC 2019 Code"]])
        self.by_uri: dict[str, int] = {}
        self.by_group: dict[str, Counter] = defaultdict(Counter)
        for row in sources.read_csv(raw / "crosswalk" / "esco_onet_crosswalk_Nov2020.csv"):
            onet = row["onet_code"]
            codes = to_2019.get(onet) or ([index[onet]] if onet in index else [])
            if codes:
                self.by_uri[row["concept_uri"]] = codes[0]
                for code in codes:
                    self.by_group[row["isco_code"].zfill(4)][code] += 1
        self.parents = {
            row["conceptUri"]: row["broaderUri"]
            for row in sources.read_csv(raw / "esco" / "broaderRelationsOccPillar.csv")
            if row["conceptType"] == "Occupation" and "/occupation/" in row["broaderUri"]
        }

    def to_onet(self, uri: str) -> int | None:
        for _ in range(8):
            if uri in self.by_uri:
                return self.by_uri[uri]
            if uri not in self.parents:
                return None
            uri = self.parents[uri]
        return None


def esco_titles(raw: Path, language: str, crosswalk: Crosswalk) -> tuple[sources.Titles, list[dict[str, str]]]:
    """ESCO labels of one language mapped to O*NET; also the rows (for matching CH-ISCO labels)."""
    titles: sources.Titles = {}
    rows = sources.read_csv(raw / "esco" / f"occupations_{language}.csv")
    for row in rows:
        code = crosswalk.to_onet(row["conceptUri"])
        if code is not None:
            for label in [row["preferredLabel"], *row.get("altLabels", "").split("\n")]:
                sources.add(titles, label, {code: 1.0})
    return titles, rows


def compact(titles: sources.Titles) -> list[list]:
    return [[title, sorted(codes.items())] for title, codes in sorted(titles.items()) if title.strip()]


def build(raw: Path) -> dict:
    release, released = onet_release(raw / "onet" / "Read Me.txt")
    occupations, index, job_zones, dwa_titles, tool_names = build_onet(raw / "onet")
    crosswalk = Crosswalk(raw, index)
    titles: dict[str, sources.Titles] = {"en": english_titles(raw / "onet", index)}
    esco_fr: list[dict] = []
    for language in ESCO_LANGUAGES:
        titles[language], rows = esco_titles(raw, language, crosswalk)
        esco_fr = rows if language == "fr" else esco_fr
    swiss = sources.ch_isco_titles(raw, crosswalk.by_group, crosswalk.to_onet, esco_fr)
    groups = sources.isco_group_titles(raw, crosswalk.by_group, OTHER_LANGUAGES)
    titles["de"] = sources.merge(sources.german_titles(raw, index), swiss["de"])
    titles["it"] = swiss["it"]
    titles["pl"] = sources.polish_titles(raw, crosswalk.to_onet, crosswalk.by_group)
    for language in OTHER_LANGUAGES:
        titles[language] = sources.merge(groups[language], titles[language])
    return {
        "format": 2,
        "onet_release": release,
        "onet_released": released,
        "occupations": occupations,
        "activities": dwa_titles,
        "tools": tool_names,
        "job_zones": job_zones,
        "titles": {language: compact(titles[language]) for language in ("en", *OTHER_LANGUAGES)},
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
