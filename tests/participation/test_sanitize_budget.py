"""The work budget of the sanitiser: a text denser in markup than prose is shown without parsing it (safe, its
text kept, idempotent), and services clean texts through `sanitize_many`, in the sanitiser's thread."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation import sanitize
from participation.sanitize import clean_html, to_html, to_text
from tests.participation.test_sanitize import ALLOWED_TAGS, assert_safe

LIMIT = 5000  # the answer limit (rules.TEXT_ANSWER_MAX)


def _at_limit(unit: str) -> str:
    return (unit * (LIMIT // len(unit) + 1))[:LIMIT]


DENSE = [_at_limit("***a"), "<" * LIMIT, "&" * LIMIT, _at_limit("a\n\n"), _at_limit("# a\n"), _at_limit("[a")]


@pytest.mark.parametrize("text", DENSE)
def test_a_text_too_dense_in_markup_keeps_its_text_but_not_its_formatting(text):
    out = to_html(text)
    assert_safe(out, {"p", "br"})
    assert to_text(out) == " ".join(text.split())
    assert clean_html(out) == out


def test_the_unparsed_text_keeps_its_paragraphs_line_breaks_and_links():
    text = "<" * 1000 + "\nzie https://example.org/a?b=1&c=2.\n\n  tweede & laatste "
    out = to_html(text)
    assert out == (
        "<p>" + "&lt;" * 1000 + '<br>\nzie <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>\n<p>tweede &amp; laatste</p>"
    )
    plain = to_html(text, policy="plain")
    assert plain.startswith("&lt;" * 1000 + "\nzie <a href=") and plain.endswith("</a>.\n\n  tweede &amp; laatste")


def test_formatting_within_the_budget_is_kept():
    # A long answer in Markdown: paragraphs, a list, emphasis, links: all of it rendered.
    block = "Een *alinea* met een [link](https://example.org/x) en **nadruk**.\n\n- een punt\n- nog een punt\n\n"
    out = to_html(_at_limit(block))
    assert out.count("<em>") > 30 and out.count("<li>") > 60 and out.count("<a ") > 30


def test_dense_html_from_elsewhere_is_flattened_and_stays_stable():
    post = "<p>" + "<b>x</b>" * 2000 + "</p><p>tot <script>alert(1)</script>ziens</p>"
    for policy, allowed in (("rich", {"p", "br"}), ("plain", set())):
        out = clean_html(post, policy=policy)
        assert_safe(out, allowed)
        assert "x" * 2000 in out and "alert" not in out
        assert clean_html(out, policy=policy) == out


MARKUP = st.sampled_from(
    ["<", ">", "&", "&amp;", "&lt;", "&copy", "&#", ";", "a", " ", "\n", "\n\n", "\r", "\r\n", "\t", "\x0c",
     "\x00", "\x01", "\x85", "\u00a0", "\u2028", "é", "'", '"', "*", "_", "[", "]", "(", ")", ".", "`", "# ",
     "- ", "> ", "https://a.example", "http://b.example/x?y=1&z=2", "<p>", "</p>", "<br>", "</a>", "<b>",
     "<a href='https://c.example'>", "<script>", "</script>", "<pre>", "<li>", "<h1>", "<!--", "-->"]
)  # fmt: skip
PADDING = st.sampled_from(["<" * 400, "&" * 400, "<i>" * 600, "a\n\n" * 400, "***a" * 300])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(PADDING, st.lists(MARKUP, max_size=40).map("".join)), st.sampled_from(["rich", "plain"]))
def test_past_the_budget_output_is_safe_and_idempotent(parts, policy):
    padding, tail = parts
    text = padding + tail
    allowed = ALLOWED_TAGS if policy == "rich" else {"a"}
    for out in (to_html(text, policy=policy), clean_html(text, policy=policy)):
        assert_safe(out, allowed)
        assert clean_html(out, policy=policy) == out


async def test_sanitize_many_cleans_long_texts_in_the_sanitisers_thread(monkeypatch):
    threads: list[str] = []
    real = sanitize.sanitize

    def recording(text: str, *, policy: str = "rich") -> sanitize.Sanitized:
        threads.append(threading.current_thread().name)
        return real(text, policy=policy)

    monkeypatch.setattr(sanitize, "sanitize", recording)
    texts = ["*kort*", "Ja", _at_limit("Een *lang* antwoord. "), ""]
    assert await sanitize.sanitize_many(texts) == [real(text) for text in texts]
    assert len(threads) == 4 and all(name.startswith("sanitize") for name in threads)
    # Texts that need no parser, or very little of it, are done at once.
    threads.clear()
    assert await sanitize.sanitize_many(["Ja", "Nee, dank je.", "*a*"]) == [
        real(t) for t in ("Ja", "Nee, dank je.", "*a*")
    ]
    assert threads == [threading.current_thread().name] * 3
    with pytest.raises(ValueError):
        await sanitize.sanitize_many(["x"], policy="markdown")
