"""The worked example roles every duties prompt shows (jd/prompts.py), and the `Example` they are made of.

Two example turns (a role's card -> its duties) fix the small model's output structure (see jd/prompts.py).
When the job's occupation is known, the cards also list tasks of the example's occupation ("Task:"
lines) and the duties adapt those tasks, in the same order, so that the model learns to write the
target's duties from its own occupation's tasks. The built-in examples' tasks are O*NET 26.3 task
statements, copied word for word (tests/test_prompts.py checks each against jd/data/occupations.json.gz).
"""

from __future__ import annotations

from dataclasses import dataclass

from .job_card import DEFAULT_TONE


@dataclass(frozen=True)
class Example:
    """One worked example role: its card (title, seniority, skills, job type, work mode), duties and summary.

    The built-in examples have no `id`; a reviewed example (jd.examples) has its feedback record's id.
    `tasks` are the example occupation's O*NET tasks its duties adapt (shown when the job's occupation is
    known); `occupation` is its O*NET-SOC code. Every field is cleaned like user text when it goes into a prompt.
    """

    title: str
    duties: tuple[str, ...]
    seniority: str = ""
    skills: tuple[str, ...] = ()
    job_type: str = ""
    work_mode: str = ""
    tone: str = DEFAULT_TONE
    language: str = "en"  # ISO 639-1 code, as jd.spec.Language's value
    summary: str = ""
    id: str = ""
    tasks: tuple[str, ...] = ()
    occupation: str = ""


# Examples are deliberately unlike the usual targets (nurse, engineer, chef...)
# so their wording is not copied into real answers; one is junior on purpose.
# Example tones differ so the model sees that tone never changes the list's shape.
# The duties adapt the tasks in their order (the archive's third task gives two duties, its last duty is a
# junior's learning).
BUILTIN_EXAMPLES = (
    Example(
        title="Archive Assistant",
        seniority="junior",
        skills=("cataloguing", "data entry", "document handling"),
        job_type="Part-time",
        work_mode="Hybrid",
        tone="friendly",
        occupation="25-4011.00",  # Archivists
        tasks=(
            "Organize archival records and develop classification systems to facilitate access to archival materials.",
            "Create and maintain accessible, retrievable computer archives and databases, incorporating current "
            "advances in electronic information storage technology.",
            "Preserve records, documents, and objects, copying records to film, videotape, audiotape, disk, or "
            "computer formats as necessary.",
            "Provide reference services and assistance for users needing archival materials.",
            "Prepare archival records, such as document descriptions, to allow easy access to information.",
            "Research and record the origins and historical significance of archival materials.",
        ),
        duties=(
            "Sort and catalogue donated letters, maps and photographs under the archivist's guidance",
            "Enter catalogue records into the collection database and check them for errors",
            "Handle fragile documents with gloves and store them in acid-free boxes",
            "Scan selected items and name the digital files following the archive's guidelines",
            "Answer simple questions from researchers and pass harder ones to the archivist",
            "Write short descriptions of new items and label their boxes so they can be found quickly",
            "Help the archivist research where new items come from and record what is found",
            "Learn preservation methods by shadowing colleagues and attending training sessions",
        ),
        summary=(
            "This part-time, hybrid role helps an archive look after its collections. You will sort, catalogue and "
            "scan documents under an archivist's guidance and answer simple questions from researchers. "
            "It suits someone who wants to learn how documents are preserved."
        ),
    ),
    Example(
        title="Wind Turbine Technician",
        seniority="mid-level",
        skills=("electrical fault finding", "hydraulics", "working at height"),
        job_type="Full-time",
        work_mode="On-site",
        tone="concise",
        occupation="49-9081.00",  # Wind Turbine Service Technicians
        tasks=(
            "Perform routine maintenance on wind turbine equipment, underground transmission systems, wind fields "
            "substations, or fiber optic sensing and control systems.",
            "Diagnose problems involving wind turbine generators or control systems.",
            "Troubleshoot or repair mechanical, hydraulic, or electrical malfunctions related to variable pitch "
            "systems, variable speed control systems, converter systems, or related components.",
            "Climb wind turbine towers to inspect, maintain, or repair equipment.",
            "Start or restart wind turbine generator systems to ensure proper operations.",
            "Maintain tool and spare parts inventories required for repair, installation, or replacement services.",
            "Test structures, controls, or mechanical, hydraulic, or electrical systems, according to test plans or "
            "in coordination with engineers.",
            "Collect turbine data for testing or research and analysis.",
        ),
        duties=(
            "Inspect turbine blades, gearboxes and towers on a planned maintenance schedule",
            "Diagnose electrical faults in generators and control cabinets and replace failed parts",
            "Service hydraulic pitch and brake systems and record every repair in the maintenance log",
            "Climb towers safely with harnesses and rescue equipment, following site safety rules",
            "Work with the control room to plan shutdowns and restart turbines after repairs",
            "Order spare parts and keep the van stocked with tools and consumables",
            "Test safety systems and emergency stops after each service and sign off the checks",
            "Collect turbine data after each service and report recurring defects to engineers",
        ),
        summary=(
            "This full-time, on-site role keeps wind turbines running safely. You will inspect and service turbines, "
            "find and fix electrical and hydraulic faults and work at height under strict safety rules, "
            "working with the control room and engineers to plan repairs."
        ),
    ),
)
