"""Word (.docx) export of a job description.

The ad is rendered as Markdown by jd.render (so the templates, the output language, the company
profile and any templates folder apply exactly as on screen), parsed with markdown-it-py and
rebuilt with Word's own styles: "#" is the Title (a later "#" Heading 1), "##" Heading 2, "###"
Heading 3; bullet lists "List Bullet", numbered lists "List Number" (each list numbered from its
own start); bold and italic are kept; a link keeps its text and adds its address in brackets.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

import docx
from docx.document import Document
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import i18n
from .draft import job_filename
from .errors import InvalidInput
from .render import render_job_description
from .spec import Job, parse_job

if TYPE_CHECKING:  # pragma: no cover
    from .profile import Profile

MAX_MARKDOWN_CHARS = 200_000
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MONOSPACE = "Courier New"
# Characters XML 1.0 forbids (a .docx with one does not open): C0 controls but tab and line breaks,
# lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(" ", text)


@dataclass
class _List:
    ordered: bool
    start: int
    num_id: int | None = None  # the numbering instance that restarts this list at `start`
    item_started: bool = False  # the current item already has its first paragraph


@dataclass
class _Marks:
    bold: int = 0
    italic: int = 0


class _Writer:
    """Appends markdown-it block tokens to a document as styled paragraphs."""

    def __init__(self, document: Document):
        self.document = document
        self.lists: list[_List] = []
        self.quotes = 0
        self.heading: str | None = None
        self.top_level: int | None = None  # level of the first heading

    def write(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                self.heading = self._heading_style(token.tag)
            elif kind == "heading_close":
                self.heading = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrs.get("start", 1)
                self.lists.append(_List(kind == "ordered_list_open", start if isinstance(start, int) else 1))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1].item_started = False
            elif kind in ("blockquote_open", "blockquote_close"):
                self.quotes += 1 if kind == "blockquote_open" else -1
            elif kind == "inline":
                self._inline(token)
            elif kind in ("fence", "code_block"):
                run = self._paragraph().add_run(_xml_text(token.content.rstrip("\n")))
                run.font.name = _MONOSPACE

    def _heading_style(self, tag: str) -> str:
        """The first heading (the ad's title, "##" in our templates) is the Title; the others count from it."""
        level = int(tag[1:]) if tag[1:].isdigit() else 1
        if self.top_level is None:
            self.top_level = level
            return "Title"
        return f"Heading {min(max(level - self.top_level, 1), 9)}"

    def _paragraph(self) -> Paragraph:
        """A new paragraph in the style of where the parser is: heading, list item, quote or body."""
        if self.heading:
            return self.document.add_paragraph(style=self.heading)
        if not self.lists:
            return self.document.add_paragraph(style="Quote" if self.quotes else None)
        current = self.lists[-1]
        depth = "" if len(self.lists) == 1 else f" {min(len(self.lists), 3)}"
        if current.item_started:  # a second paragraph of the same item: indented, no bullet
            return self.document.add_paragraph(style=f"List Continue{depth}")
        current.item_started = True
        paragraph = self.document.add_paragraph(style=f"List {'Number' if current.ordered else 'Bullet'}{depth}")
        if current.ordered:
            current.num_id = current.num_id or self._restart(paragraph, current.start)
            self._number(paragraph, current.num_id)
        return paragraph

    def _restart(self, paragraph: Paragraph, start: int) -> int:
        """A numbering instance of the style's list that starts at `start`: otherwise Word continues
        the numbers of the previous list in the same style."""
        numbering: Any = self.document.part.numbering_part.element
        style: Any = paragraph.style
        abstract_id = numbering.num_having_numId(style.element.pPr.numPr.numId.val).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(max(0, start))
        return int(num.numId)

    @staticmethod
    def _number(paragraph: Paragraph, num_id: int) -> None:
        numbering: Any = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = num_id

    def _inline(self, token: Token) -> None:
        paragraph = self._paragraph()
        marks = _Marks()
        links: list[tuple[str, str, list[str]]] = []  # (address, markup, text seen so far)

        def add(text: str, monospace: bool = False) -> None:
            if not text:
                return
            run = paragraph.add_run(_xml_text(text))
            run.bold = marks.bold > 0 or None
            run.italic = marks.italic > 0 or None
            if monospace:
                run.font.name = _MONOSPACE
            if links:
                links[-1][2].append(text)

        for child in token.children or []:
            kind = child.type
            if kind in ("text", "html_inline"):
                add(child.content)
            elif kind == "code_inline":
                add(child.content, monospace=True)
            elif kind == "softbreak":
                add(" ")
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind in ("strong_open", "strong_close"):
                marks.bold += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                marks.italic += 1 if kind == "em_open" else -1
            elif kind == "image":
                add(child.content)  # the alt text; images are not fetched
            elif kind == "link_open":
                links.append((str(child.attrs.get("href", "")), child.markup, []))
            elif kind == "link_close" and links:
                address, markup, seen = links.pop()
                if address and markup != "autolink" and "".join(seen) != address:
                    add(f" ({address})")


def _core_properties(document: Document, title: str, language: str, author: str, keywords: str) -> None:
    properties = document.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0)
    properties.title = _xml_text(title)[:255]
    properties.subject = "Job description"
    properties.language = language
    properties.author = _xml_text(author)[:255]
    properties.keywords = _xml_text(keywords)[:255]
    properties.comments = ""
    properties.last_modified_by = ""
    properties.created = properties.modified = now
    properties.revision = 1


def markdown_docx(
    markdown: str, *, title: str = "", language: str = "en", author: str = "", keywords: str = ""
) -> bytes:
    """A .docx file (its bytes) from Markdown text, such as a job description the person edited by hand.

    Raw HTML in the text is kept as text, never interpreted; `title`, `language` (a code such as "de"),
    `author` and `keywords` go to the document's properties.
    """
    if not isinstance(markdown, str):
        raise InvalidInput("The job description must be text.")
    if len(markdown) > MAX_MARKDOWN_CHARS:
        raise InvalidInput(
            f"The job description is too long for a Word file ({len(markdown):,} characters; "
            f"the limit is {MAX_MARKDOWN_CHARS:,})."
        )
    document = docx.Document()
    _core_properties(document, title, i18n.language_code(language), author, keywords)
    tokens = MarkdownIt("commonmark", {"html": False}).parse(markdown)
    _Writer(document).write(tokens)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bytes(
    job: Job | Mapping[str, Any],
    duties: Sequence[str],
    summary: str | None = None,
    *,
    profile: Profile | None = None,
    today: date | None = None,
) -> bytes:
    """The job description as a Word file (its bytes), in the job's language: the same text as the Markdown
    output (`duties` a list, `summary` None or "" to compose it, `profile` as for render_job_description)."""
    parsed = parse_job(job)
    markdown = render_job_description(parsed, duties, "markdown", today=today, summary=summary, profile=profile)
    keywords = ", ".join(parsed.skills)
    return markdown_docx(
        markdown,
        title=parsed.display_title,
        language=parsed.language.value,
        author=parsed.company or "",
        keywords=keywords,
    )


def docx_filename(job: Job | Mapping[str, Any]) -> str:
    """A safe download name: "senior-backend-engineer.docx"."""
    return job_filename(job, ".docx")
