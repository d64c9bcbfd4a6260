"""Moments: the ISO 8601 text of one, remembered for the moments written again; a day's hour as people set it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from participation.i18n import TIME_ZONE


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


def at_local_hour(moment: datetime, hour: int, *, zone: str = TIME_ZONE) -> datetime:
    """The same day as `moment` in `zone`, at `hour` o'clock there, in UTC: a deadline or a closing time as
    people set one ("17:00"), not whatever minute a script ran."""
    local = moment.astimezone(ZoneInfo(zone)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)
