"""Text as people send it, made fit to store and to show: the one place that drops what no one can see.

Two kinds of field:

* :func:`clean_text` for text of many lines (answers, bodies, summaries): the C0 and C1 control characters
  go, except tab and line feed; every line break (CR LF, CR, NEL, U+2028, U+2029) becomes a line feed. NUL, which
  PostgreSQL cannot store, is one of them.
* :func:`clean_line` for one-line fields (display names, titles, questions, option and scale labels,
  statements, search terms): besides, the invisible characters (zero-width spaces, joiners, direction marks,
  the byte-order mark) and the direction-changing ones (embeddings, overrides, isolates) go, so that a name
  cannot pass for another or turn the text after it around; a tab becomes a space. Line breaks stay, as a line
  feed, for the rules to refuse (:func:`is_one_line`): a title with a line break is a mistake to point out, and
  no e-mail can carry it in its subject.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "clean_text", "is_one_line"]

_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
# C0 and C1 controls and DEL, except tab and line feed (line breaks are made line feeds first).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible: zero-width space, non-joiner and joiner, left-to-right and right-to-left mark (U+200B-U+200F),
# word joiner and the invisible operators (U+2060-U+2064), the Arabic letter mark, the byte-order mark.
# Direction-changing: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")


def clean_text(value: str) -> str:
    """Text of many lines without control characters (tab and line feed stay), its line breaks line feeds."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def clean_line(value: str) -> str:
    """A one-line field without control, invisible or direction-changing characters; a tab is a space. Line
    breaks are kept as line feeds, for :func:`is_one_line` to refuse."""
    return _INVISIBLE.sub("", clean_text(value.replace("\t", " ")))


def is_one_line(value: str) -> bool:
    """No line break of any kind."""
    return "\n" not in _LINE_BREAKS.sub("\n", value)
