"""participation.text: what people cannot see leaves their text, one-line fields keep their line breaks for the
rules to refuse."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation.text import clean_line, clean_text, is_one_line

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff"
DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]
)


def test_multi_line_text_loses_control_characters_and_keeps_tabs_line_feeds_and_direction_marks():
    assert clean_text(f"a{CONTROLS}b") == "ab"
    assert clean_text("a\tb\nc") == "a\tb\nc"
    assert clean_text("a\r\nb\rc\x85d\u2028e\u2029f") == "a\nb\nc\nd\ne\nf"
    # Right-to-left text may need its marks; a paragraph of its own contains any override.
    assert clean_text(f"a{INVISIBLE}{DIRECTION}b") == f"a{INVISIBLE}{DIRECTION}b"


def test_a_one_line_field_also_loses_invisible_and_direction_changing_characters():
    assert clean_line(f"Jan{INVISIBLE}{DIRECTION}{CONTROLS} Jansen") == "Jan Jansen"
    assert clean_line("Jan\tJansen") == "Jan Jansen"
    # The line breaks stay, as line feeds, for the rules to refuse.
    assert clean_line("Park\r\nplein\u2028x") == "Park\nplein\nx"


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_is_one_line_sees_every_line_break(line_break):
    assert not is_one_line(f"a{line_break}b")
    assert not is_one_line(clean_line(f"a{line_break}b"))
    assert is_one_line("a b\tc")


@given(st.text())
def test_what_remains_is_visible_and_cleaning_twice_changes_nothing(value):
    line = clean_line(value)
    assert clean_line(line) == line and clean_text(clean_text(value)) == clean_text(value)
    hidden = set(INVISIBLE + DIRECTION + "\t\r\x85\u2028\u2029")
    assert not any(c in hidden or (unicodedata.category(c) == "Cc" and c != "\n") for c in line)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in clean_text(value))
