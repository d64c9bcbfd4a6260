"""The one sanitiser every piece of citizen text passes through.

This is the only module in the project that imports :mod:`bleach`. Everything
that ends up in a page, an e-mail or an export and that a citizen (or a
monitored social-media account) wrote goes through one of the functions here:

* :func:`to_html` -- citizen *source text* (Markdown for ``rich``, plain text
  for ``plain``) to safe HTML.
* :func:`clean_html` -- HTML that came from elsewhere (e.g. the ``content`` of
  a Mastodon status) to safe HTML, with the same allow-list.
* :func:`to_text` -- the plain text of cleaned HTML (e-mails, CSV, search).
* :func:`sanitize` -- convenience returning :class:`Sanitized`, the source
  text together with its clean HTML, for storing both side by side.

Policies
--------
``"plain"``
    For short texts: display names, statement texts, post snippets. No
    Markdown, no block structure: the text is HTML-escaped and bare
    ``http(s)://`` URLs are turned into links. The only tag that can appear in
    the output is ``<a>``. Newlines are kept as newline characters (the
    template decides whether to show them, e.g. with ``white-space: pre-line``).

``"rich"``
    For bodies, answers, documents: Markdown (markdown-it-py, CommonMark
    preset, raw HTML *disabled* so that HTML in the source is shown as text)
    rendered to HTML, then cleaned with bleach against :data:`RICH_TAGS`.
    Headings are demoted so that citizen text never competes with the page's
    own ``<h1>``/``<h2>``: ``#``, ``##`` and ``###`` become ``<h3>``;
    ``####``, ``#####`` and ``######`` become ``<h4>``. The same mapping is
    applied to ``<h1>``/``<h2>``/``<h5>``/``<h6>`` in :func:`clean_html`.
    Images are never rendered: ``![alt](src)`` becomes its alt text; a
    thematic break (``---``) is dropped.

Links (both policies)
---------------------
Every ``<a>`` in the output has exactly ``href`` (and possibly ``title``) and
``rel="nofollow ugc noopener"``; any ``rel`` (or ``target`` or anything else)
in the input is replaced/dropped. An ``href`` must be an *absolute* URL whose
scheme is ``http``, ``https`` or ``mailto``; links with any other scheme
(``javascript:``, ``data:``, ``vbscript:`` in whatever disguise), and relative
or fragment-only links, are unwrapped: the link text stays, the link goes.

Output is deterministic and idempotent: ``clean_html(to_html(x, policy=p),
policy=p) == to_html(x, policy=p)``. Nothing is truncated; callers enforce
length limits *before* calling.

Cost
----
bleach (with its html5lib) and markdown-it are pure Python, and what they cost
follows the markup in a text more than its length: every tag and character
reference is a token bleach parses, walks and writes, twice (see ``_clean``),
growing worse than linearly on long runs (``"***a" * 1250``, ``"<" * 400_000``),
and markdown-it scans ahead from every ``[`` that nothing closes. A text denser
in markup than prose ever is (see :func:`_too_dense`) is therefore not parsed:
it is shown as its text, escaped, with its paragraphs, line breaks and bare
links, in time linear in its length. Only its formatting is lost. Services call
:func:`sanitize_many`, which does the work in the sanitiser's own thread, so
that the event loop keeps answering other requests meanwhile.
"""

from __future__ import annotations

import asyncio
import html
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import bleach
from bleach.html5lib_shim import Filter
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE, INVISIBLE_REPLACEMENT_CHAR
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "LINK_REL",
    "PLAIN_TAGS",
    "POLICIES",
    "RICH_TAGS",
    "Sanitized",
    "clean_html",
    "sanitize",
    "sanitize_many",
    "to_html",
    "to_text",
]

#: Tags that may appear in the output of the ``rich`` policy.
RICH_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "a",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
    }
)

#: Tags that may appear in the output of the ``plain`` policy.
PLAIN_TAGS: frozenset[str] = frozenset({"a"})

#: Attributes that may appear in the output, per tag. ``rel`` is not accepted
#: from the input; it is always set by this module to :data:`LINK_REL`.
ALLOWED_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {"a": ("href", "title")}

#: URL schemes an ``href`` may have.
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})

#: The ``rel`` every link gets.
LINK_REL = "nofollow ugc noopener"

#: Names of the policies accepted by the ``policy`` keyword.
POLICIES: tuple[str, ...] = ("plain", "rich", "name")

# Heading tags that are let through bleach's sanitiser only to be renamed by
# _HeadingFilter right after it (never reach the output under these names).
_HEADING_MAP: Mapping[str, str] = {
    "h1": "h3",
    "h2": "h3",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
}

# Block-level tags whose end (or, for <br>, whose occurrence) becomes a line
# break when the plain policy flattens HTML, so that "<p>a</p><p>b</p>" turns
# into "a\nb" and not "ab".
_PLAIN_BREAK_TAGS: frozenset[str] = frozenset({"p", "br", "li", "blockquote", "pre", *_HEADING_MAP})

# Characters that browsers ignore or strip inside a URL scheme, plus other
# invisible/whitespace code points: removed before looking at the scheme.
_URL_JUNK_RE = re.compile(
    "[\\s\x00-\x20\x7f-\xa0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff`]+"
)
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")

# Bare URLs to linkify: the scheme is required (so "file.py" or "e.g." never
# become links) and the host needs at least one dot. Trailing punctuation and
# unbalanced closing parentheses are trimmed afterwards (_split_url).
_LINKIFY_URL_RE = re.compile(
    r"""(?<![\w@.:/+-])https?://           # the scheme is required
    (?:[\w-]++\.)+[\w-]++               # host with at least one dot
    (?::[0-9]{1,5})?                       # port
    (?:[/?\#][^\s<>"'{}|\\^`]*)?         # path, query, fragment
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_PUNCTUATION = ".,;:!?*_~"

_XHTML_NS = "http://www.w3.org/1999/xhtml"

# Tags whose content is never text (to_text skips it entirely).
_NON_TEXT_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
)
# Tags after/before which to_text inserts a word break.
_TEXT_BREAK_TAGS: frozenset[str] = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)


def _is_allowed_url(url: str) -> bool:
    """True if ``url`` is an absolute URL with an allowed scheme.

    The value is normalised the way a hostile author hopes a browser will
    read it: character references decoded, whitespace, control and invisible
    characters removed, lowercased. Only then is the scheme looked at. A value
    without a recognisable scheme (relative, fragment-only, percent-encoded
    colon, ...) is refused too.
    """
    normalized = _URL_JUNK_RE.sub("", html.unescape(url)).lower()
    match = _SCHEME_RE.match(normalized)
    return match is not None and match.group(1) in ALLOWED_PROTOCOLS


def _split_url(match: str) -> tuple[str, str]:
    """Split a regex match into (url, trailing text that is not part of it).

    Trailing punctuation and closing parentheses without a matching opening
    one ("(see https://example.org/a)") are not part of the URL. Linear time.
    """
    opens, closes = match.count("("), match.count(")")
    end = len(match)
    while end:
        char = match[end - 1]
        if char in _TRAILING_PUNCTUATION:
            end -= 1
        elif char == ")" and closes > opens:
            closes -= 1
            end -= 1
        else:
            break
    return match[:end], match[end:]


def _link_tokens(url: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "StartTag",
            "name": "a",
            "namespace": _XHTML_NS,
            "data": {(None, "href"): url, (None, "rel"): LINK_REL},
        },
        {"type": "Characters", "data": url},
        {"type": "EndTag", "name": "a", "namespace": _XHTML_NS},
    ]


def _linkify(text: str) -> Iterator[dict[str, Any]]:
    """Characters token(s) for ``text`` with bare http(s) URLs made links."""
    pos = 0
    for match in _LINKIFY_URL_RE.finditer(text):
        url, _suffix = _split_url(match.group(0))
        if not _is_allowed_url(url):  # pragma: no cover - regex guarantees it
            continue
        if match.start() > pos:
            yield {"type": "Characters", "data": text[pos : match.start()]}
        yield from _link_tokens(url)
        pos = match.start() + len(url)
    if pos < len(text):
        yield {"type": "Characters", "data": text[pos:]}


def _attr(value: str) -> str:
    """An attribute value from bleach's token stream, ready to serialise.

    In that stream attribute values are raw: character references are not
    decoded, and bleach's serialiser leaves unambiguous ones alone. A literal
    ``"`` however makes html5lib quote the value with ``'``, a path on which
    bleach's serialiser escapes ``&`` once more on every pass (``&lt;`` ->
    ``&amp;lt;`` -> ``&amp;amp;lt;``). Writing ``"`` as ``&quot;`` keeps the
    value's meaning and the output stable.
    """
    return value.replace('"', "&quot;")


class _LinkFilter(Filter):  # type: ignore[misc]
    """Checks every ``<a>`` and linkifies bare URLs (after bleach's sanitiser).

    * An ``<a>`` whose ``href`` is missing or fails :func:`_is_allowed_url` is
      unwrapped: its start and end tags are dropped, its content stays.
    * A kept ``<a>`` gets exactly ``href``, ``title`` (if present) and
      ``rel`` = :data:`LINK_REL`.
    * Bare ``http(s)://`` URLs in text outside links and outside
      ``<pre>``/``<code>`` become links.

    Works on the token stream produced by bleach's sanitiser, in which a
    ``Characters`` token is literal text and an ``Entity`` token a character
    reference, so nothing is decoded twice. (bleach's own LinkifyFilter, used
    as a Cleaner filter, re-decodes ``&amp;`` in text: ``&amp;amp;`` would come
    out as ``&amp;``, breaking idempotence.)
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        kept_anchors: list[bool] = []
        skip_depth = 0
        for token in Filter.__iter__(self):
            kind = token["type"]
            name = token.get("name")
            if name == "a" and kind == "EmptyTag":
                continue  # a self-closed <a/> links nothing
            if name == "a" and kind == "StartTag":
                attrs = token.get("data") or {}
                href = attrs.get((None, "href"))
                if href is None or not _is_allowed_url(href):
                    kept_anchors.append(False)
                    continue
                data: dict[tuple[str | None, str], str] = {(None, "href"): _attr(href)}
                title = attrs.get((None, "title"))
                if title is not None:
                    data[(None, "title")] = _attr(title)
                data[(None, "rel")] = LINK_REL
                kept_anchors.append(True)
                yield {**token, "data": data}
            elif name == "a" and kind == "EndTag":
                if kept_anchors and kept_anchors.pop():
                    yield token
            elif name in ("pre", "code") and kind == "StartTag":
                skip_depth += 1
                yield token
            elif name in ("pre", "code") and kind == "EndTag":
                skip_depth = max(0, skip_depth - 1)
                yield token
            elif kind == "Characters" and not skip_depth and not any(kept_anchors):
                yield from _linkify(token["data"])
            else:
                yield token


# html5lib token types that carry text (whitespace-only runs are SpaceCharacters).
_TEXT_TOKENS = ("Characters", "SpaceCharacters")


class _HeadingFilter(Filter):  # type: ignore[misc]
    """Rich policy shaping, right after bleach's sanitiser.

    Renames h1/h2 to h3 and h5/h6 to h4. Also doubles a newline that starts
    the content of a ``<pre>``: an HTML parser drops the first newline after
    ``<pre>``, and html5lib's serialiser does not compensate, so without this
    every round trip would eat one leading newline.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        after_pre = False
        for token in Filter.__iter__(self):
            kind = token["type"]
            if kind in ("StartTag", "EndTag", "EmptyTag"):
                name = token.get("name")
                if name in _HEADING_MAP:
                    token = {**token, "name": _HEADING_MAP[name]}
            elif after_pre and kind in _TEXT_TOKENS and token["data"].startswith("\n"):
                token = {**token, "data": "\n" + token["data"]}
            after_pre = kind == "StartTag" and token.get("name") == "pre"
            yield token


class _FlattenFilter(Filter):  # type: ignore[misc]
    """Plain policy: drops every tag but ``<a>``; block ends become newlines."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in Filter.__iter__(self):
            kind = token["type"]
            if kind in ("StartTag", "EndTag", "EmptyTag"):
                name = token.get("name")
                if name == "a":
                    yield token
                elif name in _PLAIN_BREAK_TAGS and (kind == "EndTag" or name == "br"):
                    yield {"type": "Characters", "data": "\n"}
                continue
            yield token


def _make_cleaner(policy: str) -> bleach.Cleaner:
    """A fresh bleach Cleaner for ``policy`` (Cleaners are not thread-safe)."""
    # Both policies let the rich tags (and all headings) through bleach's
    # sanitiser; the policy's own filter then narrows them down.
    tags = RICH_TAGS | frozenset(_HEADING_MAP)
    shape: type[Filter] = _FlattenFilter if policy == "plain" else _HeadingFilter
    return bleach.Cleaner(
        tags=tags,
        attributes=dict(ALLOWED_ATTRIBUTES),
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[shape, _LinkFilter],
    )


def _promote_headings(state: StateCore) -> None:
    """markdown-it core rule: apply :data:`_HEADING_MAP` to heading tokens."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_MAP.get(token.tag, token.tag)


def _render_image(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """markdown-it render rule: an image is rendered as its escaped alt text."""
    children = tokens[idx].children or []
    return escapeHtml(self.renderInlineAsText(children, options, env))


def _render_nothing(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """markdown-it render rule for tokens that have no place in the output."""
    return ""


def _make_markdown() -> MarkdownIt:
    """markdown-it in a safe configuration: CommonMark, raw HTML off."""
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False},
    )
    md.core.ruler.push("samenspraak_headings", _promote_headings)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("hr", _render_nothing)
    return md


class _Local(threading.local):
    """Per-thread parser instances (bleach's Cleaner keeps parser state)."""

    def __init__(self) -> None:
        self.cleaners: dict[str, bleach.Cleaner] = {}
        self.markdown: MarkdownIt | None = None


_local = _Local()


def _cleaner(policy: str) -> bleach.Cleaner:
    cleaner = _local.cleaners.get(policy)
    if cleaner is None:
        cleaner = _local.cleaners[policy] = _make_cleaner(policy)
    return cleaner


def _markdown() -> MarkdownIt:
    if _local.markdown is None:
        _local.markdown = _make_markdown()
    return _local.markdown


def _check_policy(policy: str) -> None:
    if policy not in POLICIES:
        raise ValueError(f"unknown sanitiser policy {policy!r}; expected one of {POLICIES}")


def _render_plain(text: str) -> str:
    return html.escape(text, quote=False)


def _render_name(text: str) -> str:
    """The ``name`` policy (display names): one line of escaped text, no links, so names carry no spam."""
    return html.escape(" ".join(text.split()), quote=True)


def _render_rich(text: str) -> str:
    return _markdown().render(text)


_RENDERERS: Mapping[str, Callable[[str], str]] = {
    "plain": _render_plain,
    "rich": _render_rich,
}


# Upper bound on cleaning passes in _clean (see there); two suffice in practice.
_MAX_PASSES = 4


def _clean(html: str, policy: str) -> str:
    """Clean ``html`` under ``policy`` until the result no longer changes.

    One bleach pass is always safe, but not always a fixed point: removing a
    tag can leave nesting that an HTML parser restructures on the next read
    (``<h1><a><h1>x`` without the ``<a>`` is a heading inside a heading, which
    a parser turns into two siblings). Cleaning the output again until it is
    stable makes ``clean_html`` idempotent; every pass is a full sanitise, so
    whichever pass is returned is safe.
    """
    cleaner = _cleaner(policy)
    cleaned: str = cleaner.clean(html).strip()
    for _ in range(_MAX_PASSES - 1):
        again: str = cleaner.clean(cleaned).strip()
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def clean_html(html: str, *, policy: str = "rich") -> str:
    """Clean HTML that came from elsewhere (e.g. a Mastodon status' content).

    Disallowed tags are removed but their text is kept (the content of
    ``<script>``/``<style>`` and the like is kept *as escaped text*, never as
    markup); comments are removed; attributes outside the allow-list are
    dropped; links are checked and get ``rel`` as described in the module
    docstring; bare ``http(s)://`` URLs in text are linkified. With the
    ``plain`` policy all block structure is flattened to newlines and only
    ``<a>`` survives. Leading/trailing whitespace of the result is stripped
    (as in :func:`to_html`, so that cleaning is idempotent).
    """
    _check_policy(policy)
    if not html:
        return ""
    if policy == "name":
        return _render_name(to_text(html))
    if _too_dense(html, len(html)):
        return _unparsed(_lines(html, policy), policy)
    return _clean(html, policy)


# One line of letters and digits with spaces and a little punctuation, starting with a letter: nothing in it is
# Markdown, HTML, an entity or a URL, and no character of it needs escaping, so its rich rendering is the text
# itself as one paragraph. Most short answers look like this: they skip the parser and the cleaner, which cost
# ~0.2 ms a text (tests/participation/test_sanitize_plain_paragraphs.py holds the shortcut to the full path).
# Matched as one character class and a look for "_" (\w less "_", or that punctuation: an alternation per
# character took four times as long, and every answer's text is looked at twice).
_PLAIN_PARAGRAPH = re.compile(r"[^\W\d_][\w ,.;?!'()-]*")


def _plain_paragraph(text: str) -> bool:
    return _PLAIN_PARAGRAPH.fullmatch(text) is not None and "_" not in text and not text.endswith(" ")


def to_html(text: str, *, policy: str = "rich") -> str:
    """Render citizen source text to clean HTML under ``policy``.

    ``rich``: the text is Markdown; raw HTML in it is shown as text. ``plain``:
    the text is shown as is (escaped), bare ``http(s)://`` URLs become links.
    A text too dense in markup is shown without its formatting (see the module
    docstring). Leading/trailing whitespace of the result is stripped. Raises
    :class:`ValueError` for an unknown policy.
    """
    _check_policy(policy)
    if not text:
        return ""
    if policy == "name":
        return _render_name(text)
    if policy == "rich" and _plain_paragraph(text):
        return f"<p>{text}</p>"
    if policy == "rich" and text.count("[") > _BRACKETS_BASE + len(text) // _BRACKETS_SPACING:
        return _unparsed(text, policy)
    rendered = _RENDERERS[policy](text)
    if _too_dense(rendered, len(text)):
        return _unparsed(text, policy)
    return _clean(rendered, policy)


# The work budget (see "Cost" in the module docstring), in tags, character references and URLs (a link costs
# about two). Prose has one every 50 to 100 characters, Markdown dense with lists, links and emphasis one every 6.
_MARKUP_BASE = 100
_MARKUP_SPACING = 5
_BRACKETS_BASE = 20
_BRACKETS_SPACING = 25


def _too_dense(html: str, length: int) -> bool:
    """More markup in ``html`` than a text of ``length`` characters may have."""
    cost = html.count("<") + html.count("&") + 2 * html.count("://")
    return cost > _MARKUP_BASE + length // _MARKUP_SPACING


_BLANK_LINES = re.compile(r"\n\s*\n")


def _unparsed(text: str, policy: str) -> str:
    """``text`` as clean HTML without parsing it: escaped, bare URLs linked, and for ``rich`` in paragraphs
    (at blank lines) with line breaks. Written by the cleaner's own serialiser from the tokens a cleaning pass
    would produce, so that cleaning it again gives it back unchanged."""
    # What cleaning would change on reading the result back: line ends become "\n", NUL goes, and bleach
    # replaces the other control characters.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = INVISIBLE_CHARACTERS_RE.sub(INVISIBLE_REPLACEMENT_CHAR, text)
    tokens: list[dict[str, Any]] = []
    if policy == "plain":
        tokens.extend(_linkify(text))
    else:
        for paragraph in _BLANK_LINES.split(text.strip()):
            if tokens:
                tokens.append({"type": "Characters", "data": "\n"})
            tokens.append({"type": "StartTag", "name": "p", "namespace": _XHTML_NS, "data": {}})
            for number, line in enumerate(paragraph.split("\n")):
                if number:
                    tokens.append({"type": "EmptyTag", "name": "br", "namespace": _XHTML_NS, "data": {}})
                    tokens.append({"type": "Characters", "data": "\n"})
                tokens.extend(_linkify(line.strip()))
            tokens.append({"type": "EndTag", "name": "p", "namespace": _XHTML_NS})
    rendered: str = _cleaner(policy).serializer.render(iter(tokens))
    return rendered.strip()


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with word breaks at blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def parse_html_declaration(self, i: int) -> int:
        # "<![" opens an SGML marked section, which HTMLParser refuses with an AssertionError when no name
        # follows ("a<!['b"). HTML has none outside SVG and MathML: a browser reads one as a bogus comment up to
        # the next ">", and so does this (unterminated, it is text).
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        result: int = super().parse_html_declaration(i)
        return result

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NON_TEXT_TAGS:
            self._skip_depth += 1
        elif tag in _TEXT_BREAK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_BREAK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _NON_TEXT_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _TEXT_BREAK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


class _LineCollector(_TextCollector):
    """The text of an HTML fragment with its lines, for :func:`_unparsed`: block ends become a blank line
    (``rich``) or a line end (``plain``), ``<br>`` a line end. Under ``rich`` a line end in the text itself is a
    space, as a browser shows it; under ``plain`` it stays, as that policy keeps it."""

    def __init__(self, policy: str) -> None:
        super().__init__()
        self.block_end = "\n\n" if policy == "rich" else "\n"
        self.keep_line_ends = policy == "plain"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NON_TEXT_TAGS:
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _NON_TEXT_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _TEXT_BREAK_TAGS:
            self.parts.append(self.block_end)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data if self.keep_line_ends else data.replace("\n", " "))


def _lines(html: str, policy: str) -> str:
    collector = _LineCollector(policy)
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def to_text(html: str) -> str:
    """Plain text of (cleaned) HTML, whitespace collapsed to single spaces.

    Character references are decoded, so the result is *text*, not HTML: it
    must be escaped again if it is ever put into HTML. Link targets are not
    included, only link text. Content of script-like elements is skipped.
    """
    if not html:
        return ""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


@dataclass(frozen=True)
class Sanitized:
    """Source text as the citizen wrote it, beside its clean HTML."""

    source: str
    html: str


def sanitize(text: str, *, policy: str = "rich") -> Sanitized:
    """``Sanitized(text, to_html(text, policy=policy))``."""
    return Sanitized(source=text, html=to_html(text, policy=policy))


# One thread for all sanitising: the work holds the GIL, so a second thread would not make it faster, only take
# more turns from the event loop. Requests with a long text wait for it in turn; the budget bounds each text.
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sanitize")

# Below this many characters to parse, cleaning costs less than the trip to the thread and back.
_IN_LOOP_MAX = 200


def _needs_parser(text: str, policy: str) -> bool:
    if policy == "name" or not text:
        return False
    return not (policy == "rich" and _plain_paragraph(text))


def _sanitize_all(texts: Sequence[str], policy: str) -> list[Sanitized]:
    return [sanitize(text, policy=policy) for text in texts]


async def sanitize_many(texts: Sequence[str], *, policy: str = "rich") -> list[Sanitized]:
    """:func:`sanitize` of each text, in order; the entry point for services. The work is done in the
    sanitiser's thread, off the event loop, unless it is too little to be worth the trip."""
    _check_policy(policy)
    if sum(len(text) for text in texts if _needs_parser(text, policy)) <= _IN_LOOP_MAX:
        return _sanitize_all(texts, policy)
    return await asyncio.get_running_loop().run_in_executor(_THREAD, _sanitize_all, tuple(texts), policy)
