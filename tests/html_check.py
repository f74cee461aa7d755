"""What an HTML parser sees in a string: shared by the render, fuzz, XSS and prompt-injection tests."""

from __future__ import annotations

from html.parser import HTMLParser


class TagCollector(HTMLParser):
    """Every tag, attribute and piece of markup the document contains, and its text.

    `tags` and `attrs` ((tag, name, value)) in document order; `comments` and `declarations`
    (`<!...>`, `<?...>` as "?...", and unknown declarations); `unbalanced` end tags; `open` the
    elements never closed; `by_tag` the text directly inside each element, per tag name.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.unbalanced: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.by_tag: dict[str, list[str]] = {}

    @property
    def other(self) -> list[str]:
        """Everything that is markup but not a tag: unbalanced end tags, comments and declarations."""
        return [
            *(f"unbalanced </{tag}>" for tag in self.unbalanced),
            *(f"comment {data!r}" for data in self.comments),
            *(f"decl {decl!r}" for decl in self.declarations),
        ]

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)
        if tag != "br":
            self.open.append(tag)
            self.by_tag.setdefault(tag, []).append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.unbalanced.append(tag)

    def handle_data(self, data):
        self.text.append(data)
        if self.open:
            self.by_tag[self.open[-1]][-1] += data

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def handle_pi(self, data):
        self.declarations.append("?" + data)

    def unknown_decl(self, data):
        self.declarations.append(data)


def parse_html(document: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(document)
    collector.close()
    return collector


def assert_html_allowed(document: str, allowed: set[str]) -> TagCollector:
    """Only `allowed` tags, no attributes, no other markup, every element closed; returns the parse."""
    parsed = parse_html(document)
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    assert parsed.attrs == [], parsed.attrs
    assert parsed.other == [], parsed.other
    assert parsed.open == [], parsed.open
    return parsed
