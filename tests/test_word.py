"""Word export: the ad's headings, lists and emphasis as Word styles, in any output language."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document

from jd.errors import InvalidInput
from jd.profile import load_profile
from jd.render import DEFAULT_TEMPLATES_DIR
from jd.word import DOCX_MEDIA_TYPE, MAX_MARKDOWN_CHARS, docx_bytes, docx_filename, markdown_docx

FULL = {
    "title": "Data Engineer",
    "experience": "5+ years",
    "skills": "Python, SQL",
    "company": "Acme",
    "about_company": "Acme builds tools.",
    "job_type": "Full-time",
    "work_mode": "Hybrid",
    "location": "Berlin, Germany",
    "salary_min": 58000,
    "salary_max": 70000,
    "currency": "EUR",
    "salary_period": "year",
    "benefits": "Jobticket; Kita",
    "apply_at": "jobs@acme.example",
}
DUTIES = ["Build pipelines", "Review code", "Mentor juniors"]


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def outline(document: Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def styled(document: Document, prefix: str) -> list[str]:
    return [text for style, text in outline(document) if style.startswith(prefix)]


def test_english_ad_keeps_its_headings_and_bullets_in_order():
    document = open_docx(docx_bytes(FULL, DUTIES))
    assert styled(document, "Title") == ["Data Engineer"]
    assert styled(document, "Heading 1") == [
        "About Acme",
        "About the role",
        "Key responsibilities",
        "What you'll bring",
        "What we offer",
        "How to apply",
    ]
    bullets = styled(document, "List Bullet")
    assert bullets[:3] == DUTIES
    assert bullets[3:] == [
        "At least 5 years of experience",
        "Skilled in Python and SQL",
        "Pay: EUR 58,000–70,000 per year",
        "Jobticket",
        "Kita",
    ]
    paragraphs = outline(document)
    duties_heading = paragraphs.index(("Heading 1", "Key responsibilities"))
    assert [text for _, text in paragraphs[duties_heading + 1 : duties_heading + 4]] == DUTIES
    # A job in Berlin: the statement follows German law (AGG), in the ad's language.
    assert paragraphs[-1][0] == "Normal" and "regardless of ethnic origin" in paragraphs[-1][1]


def test_german_ad_has_the_translated_headings():
    document = open_docx(docx_bytes(FULL | {"language": "de"}, DUTIES, "Eine eigene Zusammenfassung."))
    assert styled(document, "Title") == ["Data Engineer (m/w/d)"]
    assert styled(document, "Heading 1") == [
        "Über Acme",
        "Über die Stelle",
        "Ihre Aufgaben",
        "Ihr Profil",
        "Wir bieten",
        "So bewerben Sie sich",
    ]
    assert styled(document, "List Bullet")[:3] == DUTIES
    assert ("Normal", "Eine eigene Zusammenfassung.") in outline(document)
    assert document.core_properties.language == "de"


def test_document_properties_name_the_job():
    properties = open_docx(docx_bytes(FULL, DUTIES)).core_properties
    assert properties.title == "Data Engineer"
    assert (properties.author, properties.keywords, properties.language) == ("Acme", "Python, SQL", "en")
    assert properties.subject == "Job description" and properties.last_modified_by == ""


def test_the_file_is_a_word_package():
    data = docx_bytes({"title": "Baker"}, [])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "word/document.xml" in package.namelist()
    assert DOCX_MEDIA_TYPE.endswith("wordprocessingml.document")
    assert docx_filename({"title": "Senior Baker"}) == "senior-baker.docx"


def test_user_text_with_markup_and_control_characters_is_shown_as_typed():
    hostile = {
        "title": "**Boss** <b>Baker</b>",
        "company": "<script>alert(1)</script>",
        "benefits": "# Not a heading\n> not a quote\n[link](https://evil.example)",
    }
    duties = ["<script>alert(1)</script>", "**not bold** _not italic_", "Bell\x07 escape\x1b null\x00 end", "{{ 7*7 }}"]
    summary = "Tab\there, <img src=x onerror=alert(1)> and \x0b vertical tab."
    document = open_docx(docx_bytes(hostile, duties, summary))
    texts = [text for _, text in outline(document)]
    assert texts[0] == "**Boss** <b>Baker</b>" and document.core_properties.title == texts[0]
    assert styled(document, "List Bullet")[:4] == [
        "<script>alert(1)</script>",
        "**not bold** _not italic_",
        "Bell escape null end",
        "{{ 7*7 }}",
    ]
    assert "# Not a heading" in texts and "> not a quote" in texts and "[link](https://evil.example)" in texts
    assert any(text.startswith("Tab here, <img src=x onerror=alert(1)>") for text in texts)
    assert not any(run.bold or run.italic for p in document.paragraphs for run in p.runs)


def test_profile_statement_and_templates_folder_reach_the_word_file(tmp_path: Path):
    folder = tmp_path / "house"
    folder.mkdir()
    source = (DEFAULT_TEMPLATES_DIR / "job_description.md.j2").read_text(encoding="utf-8")
    edited = source.replace('### {{ _("Key responsibilities") }}', "### Your day")
    (folder / "job_description.md.j2").write_text(edited, encoding="utf-8")
    profile = load_profile(
        b'templates_dir = "house"\n[equal_opportunity]\nen = "Everyone is welcome."', base_dir=tmp_path
    )
    document = open_docx(docx_bytes(FULL, DUTIES, profile=profile))
    assert "Your day" in styled(document, "Heading 1")
    assert outline(document)[-1] == ("Normal", "Everyone is welcome.")


# --- Markdown to Word -------------------------------------------------------------------------


def test_heading_levels_count_from_the_title():
    document = open_docx(markdown_docx("# Ad\n\n## Part\n\n### Section\n\n#### Detail\n\n# Second top\n"))
    assert outline(document) == [
        ("Title", "Ad"),
        ("Heading 1", "Part"),
        ("Heading 2", "Section"),
        ("Heading 3", "Detail"),
        ("Heading 1", "Second top"),
    ]


def test_bold_italic_links_and_breaks():
    markdown = "Plain **bold** *italic* ***both*** [our site](https://acme.example) <https://b.example>  \nnext `code`"
    paragraph = open_docx(markdown_docx(markdown)).paragraphs[0]
    runs = [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs]
    assert ("bold", True, False) in runs and ("italic", False, True) in runs and ("both", True, True) in runs
    assert paragraph.text == "Plain bold italic both our site (https://acme.example) https://b.example\nnext code"
    code = next(run for run in paragraph.runs if run.text == "code")
    assert code.font.name == "Courier New"


def test_numbered_lists_each_start_from_their_own_number():
    document = open_docx(markdown_docx("1. one\n2. two\n\nText\n\n3. three\n4. four\n\n- a\n  - nested\n"))
    assert outline(document) == [
        ("List Number", "one"),
        ("List Number", "two"),
        ("Normal", "Text"),
        ("List Number", "three"),
        ("List Number", "four"),
        ("List Bullet", "a"),
        ("List Bullet 2", "nested"),
    ]
    numbering = document.part.numbering_part.element
    first, second = (p._p.pPr.numPr.numId.val for p in (document.paragraphs[0], document.paragraphs[3]))
    assert first != second  # a new list, not a continuation of the first
    starts = [
        numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val") for num_id in (first, second)
    ]
    assert starts == [["1"], ["3"]]


def test_a_list_item_with_two_paragraphs_and_a_quote():
    document = open_docx(markdown_docx("- first\n\n  more of it\n- second\n\n> quoted\n"))
    assert outline(document) == [
        ("List Bullet", "first"),
        ("List Continue", "more of it"),
        ("List Bullet", "second"),
        ("Quote", "quoted"),
    ]


def test_raw_html_stays_text():
    document = open_docx(markdown_docx("<div onclick=x>hi</div>\n\nA <b>tag</b>.\n"))
    assert [p.text for p in document.paragraphs] == ["<div onclick=x>hi</div>", "A <b>tag</b>."]


def test_markdown_input_is_checked():
    with pytest.raises(InvalidInput, match="too long for a Word file"):
        markdown_docx("x" * (MAX_MARKDOWN_CHARS + 1))
    with pytest.raises(InvalidInput, match="must be text"):
        markdown_docx(b"# bytes")  # type: ignore[arg-type]
    assert open_docx(markdown_docx("")).paragraphs == []


def test_characters_xml_forbids_do_not_break_the_file():
    document = open_docx(markdown_docx("a\x00b\x1bc \ud800 \ufffe end\r\n\n- \x08item", title="T\x00itle"))
    # markdown-it turns NUL into U+FFFD (CommonMark); the others become spaces.
    assert [p.text for p in document.paragraphs] == ["a\ufffdb c     end", " item"]
    assert document.core_properties.title == "T itle"
