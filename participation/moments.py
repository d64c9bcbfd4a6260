"""The ISO 8601 text of a moment, remembered for the moments written again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime


def remembered_isoformat(sep: str, *, kept: int = 4096) -> Callable[[datetime], str]:
    """A function giving `moment.isoformat(sep)`, the text kept for the next time (up to `kept` moments, then
    started afresh). A plain function, not an object with `__call__`: it runs for every moment bound or sent.

    The busiest writes name the same few moments many times: answering's group commit binds a submission's `now`
    to its response, its answers, their moderation items and log rows; and `isoformat` costs more than the rest
    of binding a row.

    Only moments without an offset or at offset zero are kept: two equal moments at other offsets (12:00+00:00
    and 13:00+01:00) are one key but are written differently."""
    texts: dict[datetime, str] = {}

    def text_of(moment: datetime) -> str:
        if moment.tzinfo is not None and moment.utcoffset():
            return moment.isoformat(sep)
        text = texts.get(moment)
        if text is None:
            text = moment.isoformat(sep)
            if len(texts) >= kept:
                texts.clear()
            texts[moment] = text
        return text

    text_of.texts = texts  # type: ignore[attr-defined]  # what it holds, for the tests
    return text_of
