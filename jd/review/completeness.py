"""Google for Jobs completeness of a schema.org JobPosting, in plain words.

Google's job-posting structured-data guide lists required properties (title,
description, datePosted, hiringOrganization, jobLocation - or, for a fully
remote job, jobLocationType TELECOMMUTE with applicantLocationRequirements)
and recommended ones (validThrough, employmentType, baseSalary...):
https://developers.google.com/search/docs/appearance/structured-data/job-posting
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import say


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _address(posting: Mapping) -> Mapping:
    location = posting.get("jobLocation")
    if isinstance(location, list):
        location = location[0] if location else None
    if not isinstance(location, Mapping):
        return {}
    address = location.get("address")
    return address if isinstance(address, Mapping) else {}


def completeness(posting: Mapping | None) -> dict:
    """{missing_required: [{field, message}], missing_recommended: [{field, message}], remote: bool}."""
    if posting is None:
        return {"missing_required": [], "missing_recommended": [], "remote": False, "checked": False}
    required: list[dict] = []
    recommended: list[dict] = []

    def need(bucket: list, field: str, message: str) -> None:
        bucket.append({"field": field, "message": message})

    if not _text(posting.get("title")):
        need(required, "title", say("add the job title"))
    if not _text(posting.get("description")):
        need(required, "description", say("add a description of the job"))
    if not _text(posting.get("datePosted")):
        need(required, "datePosted", say("add the date the job is posted"))
    organisation = posting.get("hiringOrganization")
    if not (isinstance(organisation, Mapping) and _text(organisation.get("name"))):
        need(required, "hiringOrganization", say("add the company name"))

    remote = posting.get("jobLocationType") == "TELECOMMUTE"
    address = _address(posting)
    if remote:
        if not posting.get("applicantLocationRequirements"):
            need(
                required,
                "applicantLocationRequirements",
                say("say which country remote applicants must live in (for example 'Remote, US')"),
            )
        if address and not _text(address.get("addressCountry")):
            need(required, "jobLocation.address.addressCountry", say("add a country to the location"))
    elif not address:
        need(required, "jobLocation", say("add a location: city, region and country (or mark the job as remote)"))
    else:
        if not _text(address.get("addressCountry")):
            need(required, "jobLocation.address.addressCountry", say("add a country to the location"))
        if not _text(address.get("addressLocality")):
            need(recommended, "jobLocation.address.addressLocality", say("add the city to the location"))
        if not _text(address.get("addressRegion")):
            need(recommended, "jobLocation.address.addressRegion", say("add the state or region to the location"))

    if not posting.get("baseSalary"):
        need(recommended, "baseSalary", say("add the pay: a range, currency and period"))
    if not posting.get("employmentType"):
        need(recommended, "employmentType", say("choose a job type (full-time, part-time, contract...)"))
    if not posting.get("validThrough"):
        need(recommended, "validThrough", say("add an apply-by date"))
    if not posting.get("experienceRequirements"):
        need(recommended, "experienceRequirements", say("say how much experience the job needs"))
    return {"missing_required": required, "missing_recommended": recommended, "remote": remote, "checked": True}
