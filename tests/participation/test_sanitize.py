"""Tests for participation.sanitize: XSS filter-evasion vectors and behaviour."""

from __future__ import annotations

import ast
import dataclasses
import html
import random
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.sanitize import (
    LINK_REL,
    RICH_TAGS,
    Sanitized,
    clean_html,
    sanitize,
    to_html,
    to_text,
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4"}
ALLOWED_ATTRS = {"href", "title", "rel"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
REL = "nofollow ugc noopener"

_JUNK = re.compile("[\\s\x00-\x20\x7f-\xa0\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


class Collector(HTMLParser):
    """Records every tag, attribute, comment and declaration of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment:{data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"decl:{decl}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"pi:{data}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown_decl:{data}")


def scheme_of(href: str) -> str | None:
    normalized = _JUNK.sub("", html.unescape(href)).lower()
    match = _SCHEME.match(normalized)
    return match.group(1) if match else None


def assert_safe(output: str, allowed_tags: set[str] = ALLOWED_TAGS) -> None:
    assert "<script" not in output.lower()
    collector = Collector()
    collector.feed(output)
    collector.close()
    assert collector.other == [], output
    for tag, attrs in collector.tags:
        assert tag in allowed_tags, (tag, output)
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), (attrs, output)
        for name, value in attrs:
            assert name in ALLOWED_ATTRS, (tag, name, output)
            if name != "title":
                assert tag == "a", (tag, name, output)
            if name == "href":
                assert value is not None
                assert scheme_of(value) in ALLOWED_SCHEMES, (value, output)
        if tag == "a":
            assert dict(attrs).get("rel") == REL, (attrs, output)
            assert dict(attrs).get("href"), (attrs, output)
    for tag in collector.end_tags:
        assert tag in allowed_tags, (tag, output)


POLYGLOT = (
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e"
)

JS_DEC = "".join(f"&#{ord(c)};" for c in "javascript:")
JS_DEC_PADDED = "".join(f"&#{ord(c):07d}" for c in "javascript:")
JS_HEX = "".join(f"&#x{ord(c):X};" for c in "javascript:")
JS_HEX_NOSEMI = "".join(f"&#x{ord(c):X}" for c in "javascript:")
JS_HEX_PADDED = "".join(f"&#x{ord(c):08x}" for c in "javascript:")
JS_PERCENT = "".join(f"%{ord(c):02X}" for c in "javascript:")

VECTORS: list[str] = [
    # <script> in every case, split and broken tags
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="https://evil.example/xss.js"></script>',
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<script>alert(1)",
    '<script\ttype="text/javascript">javascript:alert(1);</script>',
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "</title><script>alert(1)</script>",
    "<scri\x00pt>alert(1)</scri\x00pt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # event handlers in img / svg / body / iframe / others
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039">',
    "'><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><script xlink:href="data:text/javascript,alert(1)"></script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<body onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<iframe src=https://evil.example onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<video><source onerror="alert(1)"></video>',
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<p onclick="alert(1)" onmouseover=alert(1)>text</p>',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover=alert(1)>ok</a>',
    # object / embed / math / meta / base / form / link / table
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="http://xss.rocks/scriptlet.html"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" type="image/svg+xml">',
    '<EMBED SRC="http://ha.ckers.org/xss.swf" AllowScriptAccess="always"></EMBED>',
    '<math href="javascript:alert(1)">CLICK</math>',
    '<math><mi xlink:href="data:x,<script>alert(4)</script>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<base href="https://evil.example/">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)",
    "<template><script>alert(1)</script></template>",
    # style attributes and <style>
    "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<p style=\"xss:expr/*XSS*/ession(alert('XSS'))\">x</p>",
    '<XSS STYLE="behavior: url(xss.htc);">',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>',
    "<style><img src=x onerror=alert(1)></style>",
    # javascript:/vbscript:/data: hrefs in every encoding
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="jav&#9;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav\nascript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    '<a href="&#14;  javascript:alert(1)">x</a>',
    '<a href="java&Tab;script:alert(1)">x</a>',
    '<a href="java&NewLine;script:alert(1)">x</a>',
    '<a href="jav\u200bascript:alert(1)">x</a>',
    f'<a href="{JS_DEC}alert(1)">x</a>',
    f'<a href="{JS_DEC_PADDED}alert(1)">x</a>',
    f'<a href="{JS_HEX}alert(1)">x</a>',
    f'<a href="{JS_HEX_NOSEMI}alert(1)">x</a>',
    f'<a href="{JS_HEX_PADDED}alert(1)">x</a>',
    f"<a href={JS_DEC_PADDED}alert(1)>x</a>",
    f'<a href="{JS_PERCENT}alert(1)">x</a>',
    '<a href="javascript%3Aalert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="javascript&#0058alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="&#x26;#x6A;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBSCRIPT:msgbox(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="//evil.example/">protocol-relative</a>',
    "<a href='javascript:alert(1)' title='\" onmouseover=\"alert(1)'>x</a>",
    '<a href="https://ok.example" rel="opener" target="_blank">ok</a>',
    '<a href="https://ok.example"><script>alert(1)</script></a>',
    '<a href="https://ok.example" href="javascript:alert(1)">dup</a>',
    '<a/href="javascript:alert(1)">x</a>',
    # comments, CDATA, conditional comments
    "<!--<script>alert(1)</script>-->",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<!-- --!><script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<svg><![CDATA[><image xlink:href="]]><img src=x onerror=alert(2)//"></svg>',
    '<?xml version="1.0"?><script>alert(1)</script>',
    # polyglots
    POLYGLOT,
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "'\"--></style></script><script>alert(1)</script>",
    # Markdown link tricks
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](javas\tcript:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](javascript:alert%281%29)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '[x]\n\n[x]: JaVaScRiPt:alert(1) "title"',
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![img](x onerror=alert(1))",
    "![img](javascript:alert(1))",
    '![img](https://ok.example/a.png "onerror=alert(1)")',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "[x](https://ok.example 'a\" onclick=\"alert(1)')",
    '[x](https://ok.example/" onclick="alert(1))',
    '[x](<https://ok.example/" onclick="alert(1)>)',
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[x](https://ok.example)<script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "```html\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "# <script>alert(1)</script>",
    "*<img src=x onerror=alert(1)>*",
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/<script>alert(1)</script>",
    "http://ok.example/?q=<svg/onload=alert(1)>",
]


def _outputs(vector: str) -> list[tuple[str, str]]:
    return [
        ("to_html rich", to_html(vector, policy="rich")),
        ("to_html plain", to_html(vector, policy="plain")),
        ("clean_html rich", clean_html(vector, policy="rich")),
        ("clean_html plain", clean_html(vector, policy="plain")),
        ("to_html default", to_html(vector)),
        ("clean_html default", clean_html(vector)),
    ]


def test_enough_vectors() -> None:
    assert len(VECTORS) >= 60
    assert len(set(VECTORS)) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_neutralised(vector: str) -> None:
    for name, output in _outputs(vector):
        allowed = {"a"} if name.endswith("plain") else ALLOWED_TAGS
        try:
            assert_safe(output, allowed)
        except AssertionError as exc:  # pragma: no cover - diagnostic only
            raise AssertionError(f"{name}: {output!r}") from exc


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_output_is_idempotent(vector: str) -> None:
    for policy in ("rich", "plain"):
        once = to_html(vector, policy=policy)
        assert clean_html(once, policy=policy) == once
        cleaned = clean_html(vector, policy=policy)
        assert clean_html(cleaned, policy=policy) == cleaned


@pytest.mark.parametrize(
    "vector",
    [
        '<a href="javascript:alert(1)">click</a>',
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        f'<a href="{JS_HEX_NOSEMI}alert(1)">click</a>',
        f'<a href="{JS_PERCENT}alert(1)">click</a>',
        '<a href="data:text/html,hi">click</a>',
    ],
)
def test_disallowed_href_is_dropped_text_stays(vector: str) -> None:
    out = clean_html(vector)
    assert out == "click"


# --- positive behaviour ---------------------------------------------------------------


def test_emphasis() -> None:
    assert to_html("*a* and **b** and _c_") == "<p><em>a</em> and <strong>b</strong> and <em>c</em></p>"


def test_lists() -> None:
    assert to_html("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert to_html("1. a\n2. b") == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"


def test_ordered_list_start_attribute_dropped() -> None:
    out = to_html("3. a\n4. b")
    assert out.startswith("<ol>")
    assert_safe(out)


def test_blockquote() -> None:
    assert to_html("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"


def test_code() -> None:
    assert to_html("use `x < y`") == "<p>use <code>x &lt; y</code></p>"
    out = to_html("```python\nprint('<b>')\nhttps://ok.example\n```")
    assert out == "<pre><code>print('&lt;b&gt;')\nhttps://ok.example\n</code></pre>"


def test_https_link_gets_rel() -> None:
    out = to_html("[site](https://example.org/path?a=1&b=2)")
    assert out == ('<p><a href="https://example.org/path?a=1&amp;b=2" rel="nofollow ugc noopener">site</a></p>')


def test_link_title_is_kept_and_escaped() -> None:
    out = to_html('[x](https://ok.example "say \\"hi\\" <now>")')
    assert_safe(out)
    collector = Collector()
    collector.feed(out)
    ((tag, attrs),) = collector.tags[1:]
    assert tag == "a"
    assert dict(attrs) == {"href": "https://ok.example", "title": 'say "hi" <now>', "rel": REL}


def test_existing_rel_is_replaced() -> None:
    out = clean_html('<a href="https://ok.example" rel="opener" target="_blank" class="x">ok</a>')
    assert out == '<a href="https://ok.example" rel="nofollow ugc noopener">ok</a>'
    out = clean_html('<a href="https://ok.example" rel="nofollow ugc noopener">ok</a>')
    assert out == '<a href="https://ok.example" rel="nofollow ugc noopener">ok</a>'
    assert LINK_REL == REL


def test_mailto() -> None:
    assert to_html("[mail](mailto:info@example.org)") == (
        '<p><a href="mailto:info@example.org" rel="nofollow ugc noopener">mail</a></p>'
    )
    assert to_html("<info@example.org>") == (
        '<p><a href="mailto:info@example.org" rel="nofollow ugc noopener">info@example.org</a></p>'
    )


def test_autolink_and_bare_url() -> None:
    assert to_html("<https://ok.example/a>") == (
        '<p><a href="https://ok.example/a" rel="nofollow ugc noopener">https://ok.example/a</a></p>'
    )
    assert to_html("see https://ok.example/a.") == (
        '<p>see <a href="https://ok.example/a" rel="nofollow ugc noopener">https://ok.example/a</a>.</p>'
    )
    # no scheme, no link (file names, abbreviations)
    assert to_html("see example.com, main.py, e.g. this") == "<p>see example.com, main.py, e.g. this</p>"


def test_bare_url_trailing_punctuation_and_parentheses() -> None:
    link = '<a href="{0}" rel="nofollow ugc noopener">{0}</a>'.format
    assert to_html("(zie https://ok.example/a)", policy="plain") == f"(zie {link('https://ok.example/a')})"
    assert to_html("https://ok.example/F_(b)!", policy="plain") == f"{link('https://ok.example/F_(b)')}!"
    assert to_html("https://ok.example/a?x=1;", policy="plain") == f"{link('https://ok.example/a?x=1')};"
    assert to_html("HTTPS://OK.EXAMPLE/", policy="plain") == link("HTTPS://OK.EXAMPLE/")
    assert to_html("ftp://ok.example/ https:// https://localhost", policy="plain") == (
        "ftp://ok.example/ https:// https://localhost"
    )


def test_relative_and_fragment_links_are_unwrapped() -> None:
    assert to_html("[a](/relative) [b](#frag) [c](page.html)") == "<p>a b c</p>"


def test_raw_html_in_markdown_is_text() -> None:
    assert to_html("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"
    assert to_html("<div>\n*x*\n</div>") == "<p>&lt;div&gt;\n<em>x</em>\n&lt;/div&gt;</p>"


def test_headings_are_demoted() -> None:
    out = to_html("# a\n## b\n### c\n#### d\n##### e\n###### f")
    assert out == "<h3>a</h3>\n<h3>b</h3>\n<h3>c</h3>\n<h4>d</h4>\n<h4>e</h4>\n<h4>f</h4>"
    assert clean_html("<h1>a</h1><h2>b</h2><h5>c</h5><h6>d</h6>") == "<h3>a</h3><h3>b</h3><h4>c</h4><h4>d</h4>"


def test_images_become_alt_text() -> None:
    assert to_html("![a *cat*](https://ok.example/cat.png)") == "<p>a cat</p>"
    assert clean_html('<img src="https://ok.example/cat.png" alt="cat">') == ""


def test_thematic_break_and_hard_break() -> None:
    assert to_html("a  \nb\n\n---\n\nc") == "<p>a<br>\nb</p>\n<p>c</p>"


def test_entities_are_decoded_exactly_once() -> None:
    assert to_html("Jan &amp; Piet", policy="plain") == "Jan &amp;amp; Piet"
    assert to_html("`&amp;` &amp; &lt;") == "<p><code>&amp;amp;</code> &amp; &lt;</p>"
    assert clean_html("<p>&amp;amp; &amp;lt;script&amp;gt; &lt;b&gt;</p>") == (
        "<p>&amp;amp; &amp;lt;script&amp;gt; &lt;b&gt;</p>"
    )
    assert clean_html('<a href="https://ok.example">Some&nbsp;entity&rsquo;s &amp;amp;</a>') == (
        '<a href="https://ok.example" rel="nofollow ugc noopener">Some&nbsp;entity&rsquo;s &amp;amp;</a>'
    )
    assert clean_html('<a href="javascript:x">Some&nbsp;entity &amp;amp;</a>') == "Some&nbsp;entity &amp;amp;"


def test_bare_url_with_query_string_is_one_link() -> None:
    expected = (
        '<a href="https://ok.example/w?v=1&amp;f=y" rel="nofollow ugc noopener">https://ok.example/w?v=1&amp;f=y</a>'
    )
    assert clean_html("https://ok.example/w?v=1&amp;f=y", policy="plain") == expected
    assert to_html("https://ok.example/w?v=1&f=y", policy="plain") == expected
    assert to_html("https://ok.example/w?v=1&f=y") == f"<p>{expected}</p>"


def test_attribute_with_quote_and_entity_is_stable() -> None:
    # A literal " in an attribute value makes html5lib quote it with ', a path on which
    # bleach re-escapes & on every pass unless the quote is written as &quot;.
    out = clean_html('<a href=https://ok.example/"]<h1 title=a"b&amp;c>x</a>')
    assert out == (
        '<a href="https://ok.example/&quot;]&lt;h1" title="a&quot;b&amp;c" rel="nofollow ugc noopener">x</a>'
    )
    assert clean_html(out) == out


def test_nesting_repaired_by_the_parser_is_stable() -> None:
    out = clean_html("*<h1><a ><h1>x<math><!--")
    assert out == "*<h3></h3><h3>x</h3>"
    assert clean_html(out) == out
    out = clean_html("<pre>\n\nx</pre>")
    assert out == "<pre>\n\nx</pre>"
    assert clean_html(out) == out


def test_unwrapped_link_text_keeps_its_markup() -> None:
    assert clean_html('<p><a href="vbscript:x"><em>a</em> b</a></p>') == "<p><em>a</em> b</p>"


def test_plain_policy_escapes_everything() -> None:
    text = '<b>bold</b> & "quotes" *not em* # not heading\n- not list'
    out = to_html(text, policy="plain")
    assert out == '&lt;b&gt;bold&lt;/b&gt; &amp; "quotes" *not em* # not heading\n- not list'
    assert "<p>" not in out
    assert to_html("Jan &amp; Piet", policy="plain") == "Jan &amp;amp; Piet"


def test_plain_policy_linkifies_http_urls_only() -> None:
    out = to_html("zie https://ok.example/x?a=1&b=2, of mailto:a@b.nl of javascript:alert(1)", policy="plain")
    assert out == (
        'zie <a href="https://ok.example/x?a=1&amp;b=2" rel="nofollow ugc noopener">'
        "https://ok.example/x?a=1&amp;b=2</a>, of mailto:a@b.nl of javascript:alert(1)"
    )
    assert_safe(out, {"a"})


def test_clean_html_mastodon_status() -> None:
    content = (
        '<p>Hoi <span class="h-card"><a href="https://social.example/@gemeente" class="u-url mention">'
        "@<span>gemeente</span></a></span> zie "
        '<a href="https://example.org/long/path" target="_blank" rel="nofollow noopener noreferrer">'
        '<span class="invisible">https://</span><span class="ellipsis">example.org/long</span>'
        '<span class="invisible">/path</span></a></p><p>tweede<br>regel '
        '<a href="https://social.example/tags/x" '
        'class="mention hashtag" rel="tag">#<span>x</span></a></p>'
    )
    out = clean_html(content)
    assert out == (
        '<p>Hoi <a href="https://social.example/@gemeente" rel="nofollow ugc noopener">@gemeente</a> zie '
        '<a href="https://example.org/long/path" rel="nofollow ugc noopener">https://example.org/long/path</a>'
        "</p><p>tweede<br>regel "
        '<a href="https://social.example/tags/x" rel="nofollow ugc noopener">#x</a></p>'
    )
    plain = clean_html(content, policy="plain")
    assert "<p>" not in plain and "<br>" not in plain
    assert plain.startswith('Hoi <a href="https://social.example/@gemeente" rel="nofollow ugc noopener">')
    assert "</a>\ntweede\nregel " in plain
    assert_safe(plain, {"a"})
    assert to_text(out) == "Hoi @gemeente zie https://example.org/long/path tweede regel #x"


def test_clean_html_keeps_script_content_only_as_text() -> None:
    out = clean_html("<p>a</p><script>alert(1)</script>")
    assert "<script" not in out
    assert out.startswith("<p>a</p>")


SAMPLES = [
    "",
    "plain words",
    "*a* **b** `c` [d](https://ok.example) <https://ok.example/x>",
    "# T\n\n> q\n> > nested\n\n1. one\n2. two\n   - sub\n\n```\ncode & <tags>\n```",
    "a & b < c > d \" e ' f &amp; &copy; &#65; &bogus;",
    "line one\nline two  \nline three\\\nfour",
    "Zie https://ok.example/a_(b) (en https://ok.example/c).",
    "émoji 🙂 and ünïcödé\u00a0nbsp",
    '[x](https://ok.example "t") ![y](https://ok.example/y.png)',
    "<b>raw</b> <!-- c --> &lt;i&gt;",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("policy", ["rich", "plain"])
def test_idempotent_and_deterministic(text: str, policy: str) -> None:
    once = to_html(text, policy=policy)
    assert to_html(text, policy=policy) == once
    assert clean_html(once, policy=policy) == once
    assert clean_html(clean_html(once, policy=policy), policy=policy) == once
    assert_safe(once, ALLOWED_TAGS if policy == "rich" else {"a"})


FUZZ_PIECES = [
    "<", ">", "/", "a", " href=", '"', "'", "javascript:", "https://ok.example/", "&amp;", "&", "#", ";",
    "<a ", "</a>", "<p>", "</p>", "<script>", "[", "]", "(", ")", "!", "*", "`", "\n", "\t", "&#106;",
    "&lt;", "<pre>", "<code>", "</code>", "&#x3A;", ":", "mailto:", "<!--", "-->", "<![CDATA[", "]]>",
    "<svg>", "<math>", "<style>", "</style>", "<textarea>", "<noscript>", "<h1>", "- ", "> ", "    ",
    "\x00", "\u200b", "%3A", " title=", "=", "<b>", "onerror=", "<img src=x ",
]  # fmt: skip


def test_seeded_fuzz_is_safe_and_idempotent() -> None:
    rnd = random.Random(20240601)
    for _ in range(400):
        vector = "".join(rnd.choice(FUZZ_PIECES) for _ in range(rnd.randint(1, 30)))
        if rnd.random() < 0.2:
            vector = rnd.choice(VECTORS) + vector
        for policy, allowed in (("rich", ALLOWED_TAGS), ("plain", {"a"})):
            for out in (to_html(vector, policy=policy), clean_html(vector, policy=policy)):
                assert_safe(out, allowed)
                assert clean_html(out, policy=policy) == out, vector


def test_no_truncation() -> None:
    text = "woord " * 20000
    assert to_html(text, policy="plain") == text.strip()
    assert to_text(to_html(text)) == text.strip()


def test_to_text() -> None:
    assert to_text(to_html("# Title\n\nSome *em* & <b>x</b>\n\n- one\n- two")) == ("Title Some em & <b>x</b> one two")
    assert to_text("<p>a</p><p>b<br>c</p>") == "a b c"
    assert to_text("<p>x</p><script>alert(1)</script><style>p{}</style>") == "x"
    assert to_text("  \n ") == ""
    assert to_text("") == ""
    assert to_text("Jan &amp; Piet &lt;3") == "Jan & Piet <3"


# Text of every kind, and text built from the pieces that reach the parsers' rarer paths (declarations, marked
# sections, character references, unterminated tags).
ANY_TEXT = st.text() | st.lists(
    st.sampled_from([*FUZZ_PIECES, "<!", "<![", "<!['", "<!DOCTYPE", "<?", "</", "&#x", "&#99999999999;", "\ud7ff"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_no_public_function_raises_on_any_text(text: str) -> None:
    assert isinstance(to_text(text), str)
    for policy in ("rich", "plain", "name"):
        assert isinstance(to_html(text, policy=policy), str)
        assert isinstance(clean_html(text, policy=policy), str)
        assert sanitize(text, policy=policy).source == text


def test_to_text_reads_a_broken_marked_section_as_a_browser_does() -> None:
    assert to_text("a<!['b") == "a<!['b"  # unterminated: text, never an exception
    assert to_text("a<!['b>c") == "ac"
    assert to_text("<![CDATA[x]]>y") == "y"


def test_sanitize() -> None:
    result = sanitize("*hi* <b>")
    assert result == Sanitized(source="*hi* <b>", html="<p><em>hi</em> &lt;b&gt;</p>")
    assert sanitize("*hi*", policy="plain") == Sanitized("*hi*", "*hi*")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.html = "<script>"  # type: ignore[misc]


@pytest.mark.parametrize("func", [to_html, clean_html, sanitize])
@pytest.mark.parametrize("policy", ["", "html", "RICH", "none", "markdown"])
def test_unknown_policy_raises(func, policy: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        func("x", policy=policy)
    with pytest.raises(ValueError):
        func("", policy=policy)


def test_allow_list_is_as_documented() -> None:
    assert RICH_TAGS == ALLOWED_TAGS


def test_thread_safety() -> None:
    text = "# T\n\n*a* [b](https://ok.example) <script>x</script>\n\n- c"
    expected = to_html(text)
    results: list[str] = []

    def work() -> None:
        for _ in range(50):
            results.append(to_html(text))
            results.append(clean_html(expected))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) == {expected}


def test_only_sanitize_module_imports_bleach() -> None:
    root = Path(__file__).resolve().parents[2]
    skip = {".git", ".venv", "venv", "node_modules", "build", "dist", "tests"}
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if any(part in skip or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if rel == Path("participation/sanitize.py"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "bleach" or name.startswith("bleach.") for name in names):
                offenders.append(str(rel))
    assert offenders == []


def test_name_policy_escapes_and_never_links():
    from participation.sanitize import clean_html, to_html

    assert to_html("Jan <b>https://spam.example</b>\n  Jansen", policy="name") == (
        "Jan &lt;b&gt;https://spam.example&lt;/b&gt; Jansen"
    )
    assert "<a" not in to_html("visit https://spam.example", policy="name")
    assert clean_html("<a href='https://x.example'>Jan</a>", policy="name") == "Jan"
