"""Translation in templates: the translation is markup, parameters are escaped unless they are markup."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from participation import i18n
from server.templating import env


def render(source: str, **context: object) -> str:
    return env.from_string(source).render(**context)


def test_parameters_are_escaped_and_markup_parameters_kept():
    with i18n.language("en"):
        out = render(
            '{{ _("Open until %(when)s", when=when) }} {{ _("Welcome, %(name)s.", name=name) }}',
            when=Markup('<time datetime="2026-01-01">1 Jan</time>'),
            name="<script>alert(1)</script>",
        )
    assert '<time datetime="2026-01-01">1 Jan</time>' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script>" not in out


def test_every_moment_is_written_in_one_style_in_amsterdam_time():
    from datetime import UTC, datetime

    from server.templating import format_datetime

    winter, summer = datetime(2026, 12, 1, 8, 54, 31, tzinfo=UTC), datetime(2026, 6, 1, 7, 5, tzinfo=UTC)
    with i18n.language("nl"):
        assert format_datetime(winter) == "1 december 2026, 09:54"
        assert render("{{ when|datetime }}", when=summer) == "1 juni 2026, 09:05"
    with i18n.language("en"):
        assert format_datetime(winter) == "1 December 2026, 09:54"
    # The domain writes moments in its messages (a suspension's end) with the same function.
    with i18n.language("nl"):
        assert i18n.moment(winter) == "1 december 2026, 09:54" and i18n.day(winter) == "1 december 2026"


ROOT = Path(__file__).resolve().parents[2]
# Where a moment is written for a form field's value (<input type="datetime-local">), not for people to read.
FORM_VALUES = {"server/consultations/forms.py"}


def test_no_code_writes_a_moment_for_people_in_a_style_of_its_own():
    """Only i18n.moment and i18n.day (and the template filter on them) write moments that people read: no
    strftime elsewhere (it wrote "2026-12-08 23:59 UTC"), and no other format in a template."""
    own = {
        str(path.relative_to(ROOT))
        for folder in ("server", "participation")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"\.strftime\(", path.read_text())
    }
    assert own <= FORM_VALUES
    # Templates use the filter as it is, never with a format of their own.
    assert [p.name for p in (ROOT / "templates").rglob("*.html") if "|datetime(" in p.read_text()] == []


def test_the_current_language_is_used_per_render():
    source = '{{ _("Sign in") }} · {{ ngettext("%(num)d account", "%(num)d accounts", n) }}'
    with i18n.language("nl"):
        dutch = render(source, n=3)
    with i18n.language("en"):
        english = render(source, n=1)
    assert dutch.startswith("Inloggen · 3 ") and "account" not in dutch.split("·")[0]
    assert english == "Sign in · 1 account"


def test_templates_link_to_pages_by_route_name_not_by_hard_coded_path():
    """A moved route moves every link to it: templates write `url_for(...)`, never "/consultations/..."."""
    import re

    from server.settings import ROOT

    hard_coded = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in re.finditer(r'(?:href|action|src)="/[^"]*"', path.read_text())
    ]
    assert hard_coded == []
