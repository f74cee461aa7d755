"""A corpus of hostile inputs: XSS, markup injection, template injection and unicode tricks.

Every payload has a numeric id. An *active* payload, if it ever runs in a browser, sets
`window.__xss = <id>` or calls `alert(<id>)`, so a failing test names the payload that ran.
Inert payloads (template syntax, encoded text, unicode look-alikes) check that text stays text:
`{{ 7*7 }}` must never become "49".

Used by tests/test_xss.py (renderers, no browser), tests/test_xss_browser.py (real Chromium)
and tests/test_prompt_injection.py.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from html_check import parse_html

# Characters that are hard to see in source code, spelled out.
RLO = "\u202e"  # right-to-left override
ZWJ = "\u200d"  # zero-width joiner
ZWSP = "\u200b"  # zero-width space
BOM = "\ufeff"
CYRILLIC_A = "\u0430"  # looks like Latin "a"
LONG_S = "\u017f"  # "ſ".upper() == "S": defeats filters that upper-case before comparing
DOTLESS_I = "\u0131"  # "ı".upper() == "I"


@dataclass(frozen=True)
class Payload:
    id: int
    category: str
    text: str
    active: bool = True  # runs code (sets window.__xss or alerts) if it is ever interpreted

    def single_line(self) -> str:
        """The payload as typed into a one-line field (a browser drops line breaks there; we use spaces)."""
        return self.text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _data_html(js: str) -> str:
    return base64.b64encode(f"<script>{js}</script>".encode()).decode()


_RAW: list[tuple[str, str, bool]] = []


def _add(category: str, text: str, active: bool = True) -> None:
    _RAW.append((category, text, active))


# Payload ids are the position in this list (1-based); "{id}" is replaced by it below (other braces stay).
# --- script tags -----------------------------------------------------------------------------------
_add("script", "<script>window.__xss={id}</script>")
_add("script", "<ScRiPt>alert({id})</sCrIpT>")
_add("script", "<scr<script>ipt>alert({id})</scr</script>ipt>")  # split: survives a one-pass filter
_add("script", "<<script>alert({id});//<</script>")
_add("script", "<script src=data:,alert({id})></script>")
_add("script", "</textarea><script>alert({id})</script>")  # break out of a textarea
_add("script", "</title><script>alert({id})</script>")
_add("script", "</script><script>alert({id})</script>")  # break out of the JSON-LD <script> block
_add("script", "<!--<script>alert({id})</script>-->")
_add("script", "<script\ntype=text/javascript>alert({id})</script>")
_add("script", '"><script>alert({id})</script>')
_add("script", "';alert({id});'")  # break out of a JavaScript string
_add("script", "<script>/*</script><script>*/alert({id})</script>")
# --- event-handler attributes ----------------------------------------------------------------------
_add("event", "<img src=x onerror=alert({id})>")
_add("event", '<img src="x" onerror="window.__xss={id}">')
_add("event", "<svg onload=alert({id})>")
_add("event", "<body onload=alert({id})>")
_add("event", '<div onmouseover="alert({id})" style="position:fixed;inset:0">x</div>')
_add("event", "<input autofocus onfocus=alert({id})>")
_add("event", '" onmouseover="alert({id})" x="')  # break out of a double-quoted attribute
_add("event", "' autofocus onfocus='alert({id})' x='")  # ... and a single-quoted one
_add("event", "<details open ontoggle=alert({id})>")
_add("event", "<video><source onerror=alert({id})></video>")
_add("event", "<audio src=x onerror=alert({id})>")
_add("event", "<IMG SRC=x OnErRoR=alert({id})>")
_add("event", "<img src=x onerror=&#97;lert({id})>")  # entity-encoded handler body
_add("event", "<img/src=x/onerror=alert({id})>")  # slashes instead of spaces
_add("event", "<marquee onstart=alert({id})>x</marquee>")
# --- javascript: and data: URLs ----------------------------------------------------------------------
_add("url", '<a href="javascript:alert({id})">click</a>')
_add("url", '<a href="JaVaScRiPt:alert({id})">x</a>')
_add("url", '<a href="&#106;avascript:alert({id})">x</a>')  # entity-encoded "j"
_add("url", '<a href="java&#x09;script:alert({id})">x</a>')  # tab entity inside the scheme
_add("url", '<a href=" &#14; javascript:alert({id})">x</a>')  # leading whitespace and control entity
_add("url", '<a href="java\tscript:alert({id})">x</a>')  # a real tab: browsers drop it from URLs
_add("url", '<a href="data:text/html;base64,{b64}">x</a>')
_add("url", "<iframe src=javascript:alert({id})>")
_add("url", "javascript:alert({id})")  # bare, for auto-linkers
_add("url", '<a href="vbscript:alert({id})">x</a>')
_add("url", "<object data=javascript:alert({id})>")
_add("url", "<embed src=javascript:alert({id})>")
# --- SVG and MathML ------------------------------------------------------------------------------
_add("svg", "<svg><script>alert({id})</script></svg>")
_add("svg", "<svg><animate onbegin=alert({id}) attributeName=x dur=1s>")
_add("svg", '<svg><a xlink:href="javascript:alert({id})"><text y=20>x</text></a></svg>')
_add("svg", "<math><mtext><table><mglyph><style><img src=x onerror=alert({id})>")  # mutation XSS
_add("svg", '<math><maction actiontype=statusline xlink:href="javascript:alert({id})">x</maction></math>')
_add("svg", '<noscript><p title="</noscript><img src=x onerror=alert({id})>">')  # mutation XSS
_add("svg", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert({id})>")
_add("svg", "<svg><style><img src=x onerror=alert({id})></style></svg>")
# --- iframe, object, embed, base, meta refresh, form --------------------------------------------------
_add("frame", '<iframe srcdoc="<script>parent.alert({id})</script>">')
_add("frame", '<base href="javascript:alert({id});//">')
_add("frame", '<base href="http://evil.example/">', active=False)  # would re-point relative URLs
_add("frame", '<meta http-equiv="refresh" content="0;url=javascript:alert({id})">')
_add("frame", '<meta http-equiv=refresh content="0;url=http://evil.example/">', active=False)
_add("frame", '<form action="javascript:alert({id})"><button>go</button></form>')
_add("frame", '<button form=f formaction="javascript:alert({id})">go</button>')
_add("frame", '<object data="data:text/html;base64,{b64}"></object>')
_add("frame", '<embed src="data:text/html;base64,{b64}">')
# --- CSS ---------------------------------------------------------------------------------------------
_add("css", '<div style="width:expression(alert({id}))">x</div>')
_add("css", "<style>@import 'javascript:alert({id})';</style>")
_add("css", '<style>*{background:url("javascript:alert({id})")}</style>')
_add("css", "<link rel=stylesheet href=javascript:alert({id})>")
_add("css", '<p style="background:url(javascript:alert({id}))">x</p>')
# --- Markdown -------------------------------------------------------------------------------------
_add("markdown", "[click](javascript:alert({id}))")
_add("markdown", '![x](x" onerror="alert({id}))')
_add("markdown", "[x][r]\n\n[r]: javascript:alert({id})")  # reference link
_add("markdown", "<javascript:alert({id})>")  # autolink
_add("markdown", "[x](data:text/html;base64,{b64})")
_add("markdown", "[x](<javascript:alert({id})>)")
_add("markdown", "[x](&#106;avascript:alert({id}))")
_add("markdown", "![x](javascript:alert({id}))")
_add("markdown", '[x](https://ok.example "title" onclick="alert({id})")')
_add("markdown", "**<img src=x onerror=alert({id})>**")
_add("markdown", "`<img src=x onerror=alert({id})>`")
_add("markdown", "# <img src=x onerror=alert({id})>")
# --- template syntax (inert: must render literally) --------------------------------------------------
_add("template", "{{ 7*7 }}", active=False)
_add("template", "{% raw %}{{ 7*7 }}{% endraw %}", active=False)
_add("template", "{{ config }}{{ config.items() }}", active=False)
_add("template", "${7*7}", active=False)
_add("template", "<%= 7*7 %>", active=False)
_add("template", "#{7*7}", active=False)
_add("template", "{{ ''.__class__.__mro__[1].__subclasses__() }}", active=False)
_add("template", "{% for x in range(7) %}7{% endfor %}{{ lipsum.__globals__ }}", active=False)
# --- HTML entities and other encodings -----------------------------------------------------------------
_add("entity", "&lt;script&gt;alert({id})&lt;/script&gt;")
_add("entity", "&#60;script&#62;alert({id})&#60;/script&#62;")
_add("entity", "&#x3C;img src=x onerror=alert({id})&#x3E;")
_add("entity", "\\u003cscript\\u003ealert({id})\\u003c/script\\u003e")  # literal backslash-u
_add("entity", "%3Cscript%3Ealert({id})%3C/script%3E")
_add("entity", "&lt;img src=x onerror=alert({id})&gt;")
# --- unicode tricks ------------------------------------------------------------------------------
_add("unicode", "\uff1cscript\uff1ealert({id})\uff1c/script\uff1e")  # fullwidth < >
_add("unicode", RLO + "<img src=x onerror=alert({id})>")  # bidi override (spec fields refuse it)
_add("unicode", f'<a href="java{ZWJ}script:alert({{id}})">x</a>')
_add("unicode", f'<a href="j{CYRILLIC_A}vascript:alert({{id}})">x</a>')  # homoglyph
_add("unicode", f"<{LONG_S}cript>alert({{id}})</{LONG_S}cript>")
_add("unicode", BOM + "<script>alert({id})</script>")
_add("unicode", f"<scr{DOTLESS_I}pt>alert({{id}})</scr{DOTLESS_I}pt>")
_add("unicode", f"<scr{ZWSP}ipt>alert({{id}})</script>")
_add("unicode", "<scr\x00ipt>alert({id})</script>")  # NUL (control characters are refused)
# --- polyglots ----------------------------------------------------------------------------------
_add(
    "polyglot",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert({id}) )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert({id})//>\\x3e",
)
_add("polyglot", "'\"><img src=x onerror=alert({id})>{{7*7}}${7*7}")
_add("polyglot", '-->\'"/></sCript><svG x=">" onload=alert({id})>')
_add("polyglot", "\"'`><\\x3Cscript>alert({id})</script><!--")
# --- very long inputs -----------------------------------------------------------------------------
_add("long", "A" * 5000 + "<script>alert({id})</script>")
_add("long", "<img src=x onerror=alert({id})>" * 150)
_add("long", "[" * 3000 + "](javascript:alert({id}))")  # deep bracket nesting for Markdown parsers
_add("long", "*_" * 3000 + "<svg onload=alert({id})>")  # pathological emphasis
_add("long", "<" * 2000 + "script>alert({id})</script>" + ">" * 2000)


def _build() -> tuple[Payload, ...]:
    payloads = []
    for number, (category, template, active) in enumerate(_RAW, start=1):
        text = template.replace("{b64}", _data_html(f"alert({number})"))
        text = text.replace("{id}", str(number))
        payloads.append(Payload(number, category, text, active))
    return tuple(payloads)


PAYLOADS: tuple[Payload, ...] = _build()
ACTIVE = tuple(p for p in PAYLOADS if p.active)
TEMPLATE = tuple(p for p in PAYLOADS if p.category == "template")
BY_ID = {p.id: p for p in PAYLOADS}


# --- inspecting markup ----------------------------------------------------------------------------

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster")


@dataclass
class Markup:
    """What an HTML parser sees in a string: every tag, attribute, comment and declaration."""

    tags: list[str]
    attributes: list[tuple[str, str, str | None]]  # (tag, name, value)
    comments: list[str]
    declarations: list[str]
    text: str

    def only(self, allowed_tags: set[str], allowed_attributes: set[tuple[str, str]] = frozenset()) -> list[str]:
        """Problems: tags outside `allowed_tags`, attributes outside `allowed_attributes`, comments, declarations."""
        problems = [f"tag <{tag}>" for tag in self.tags if tag not in allowed_tags]
        problems += [
            f"attribute {tag}.{name}={value!r}"
            for tag, name, value in self.attributes
            if (tag, name) not in allowed_attributes
        ]
        problems += [f"comment <!--{c}-->" for c in self.comments]
        problems += [f"declaration <!{d}>" for d in self.declarations]
        return problems

    def dangerous(self) -> list[str]:
        """Script elements, on* handlers and script/data URLs, whatever the allow-list."""
        found = [
            f"tag <{tag}>"
            for tag in self.tags
            if tag
            in ("script", "iframe", "frame", "object", "embed", "base", "meta", "form", "svg", "math", "style", "link")
        ]
        for tag, name, value in self.attributes:
            squashed = "".join(ch for ch in (value or "") if ch.isprintable() and not ch.isspace()).lower()
            if (
                name.startswith("on")
                or name == "style"
                or (name in URL_ATTRIBUTES and squashed.startswith(SCRIPT_SCHEMES))
            ):
                found.append(f"attribute {tag}.{name}={value!r}")
        return found


def inspect_markup(source: str) -> Markup:
    parsed = parse_html(source)
    return Markup(parsed.tags, parsed.attrs, parsed.comments, parsed.declarations, "".join(parsed.text))
