"""The shortcut for plain one-line texts gives exactly what the Markdown parser and the cleaner give."""

from __future__ import annotations

import random
import re

import pytest

from participation import sanitize


def full_path(text: str) -> str:
    # What to_html does for the rich policy without the shortcut.
    return sanitize._clean(sanitize._render_rich(text), "rich")


def _chars(pattern: str) -> list[str]:
    found = re.compile(pattern)
    return [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000 and found.fullmatch(chr(c))]


def test_plain_one_line_texts_render_as_the_full_path_renders_them():
    rng = random.Random(20250501)
    first = _chars(r"[^\W\d_]")  # letters of every script
    rest = _chars(r"[^\W_]") + list(" ,.;?!'()-") * 5000 + ["_"] * 300
    texts = ["Ja", "Meer bankjes (en bomen), graag!", "a  b", "Nee; ja? ok.", "x'y", "I.", "Ja -", "a -- b", "Zoë"]
    texts += ["a_b", "Ja _nee_", "snake_case graag", "x__y__"]
    texts += [rng.choice(first) + "".join(rng.choice(rest) for _ in range(rng.randint(0, 40))) for _ in range(4000)]
    shortcut = 0
    for text in texts:
        text = text.strip()
        assert sanitize.to_html(text, policy="rich") == full_path(text), text
        shortcut += sanitize._plain_paragraph(text)
        # The shortcut's one class and look for "_" take exactly the texts of the shape it was written as.
        assert sanitize._plain_paragraph(text) == bool(
            re.fullmatch(r"[^\W\d_](?:[^\W_]|[ ,.;?!'()-])*", text) and not text.endswith(" ")
        ), text
    assert shortcut > 2500  # the comparison above covered the shortcut, not only the full path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie *dit*", "<p>Zie <em>dit</em></p>"),
        ("1. eerst", "<ol>\n<li>eerst</li>\n</ol>"),
        ("- een", "<ul>\n<li>een</li>\n</ul>"),
        ("# Kop", "<h3>Kop</h3>"),
        ("a & b", "<p>a &amp; b</p>"),
        ("a <b>vet</b>", "<p>a &lt;b&gt;vet&lt;/b&gt;</p>"),
        ('zeg "ja"', "<p>zeg &quot;ja&quot;</p>"),
        (
            "Zie https://example.nl",
            '<p>Zie <a href="https://example.nl" rel="nofollow ugc noopener">https://example.nl</a></p>',
        ),
        ("eerste\ntweede", "<p>eerste\ntweede</p>"),
        ("Ja  ", "<p>Ja</p>"),
    ],
)
def test_anything_else_takes_the_full_path(text, expected):
    assert not sanitize._plain_paragraph(text)
    assert sanitize.to_html(text, policy="rich") == expected == full_path(text)
