"""Whole numbers read from text that people type or clients put in URLs: plain ASCII digits, and not too many.

`str.isdigit()` takes "²" and "¹", which `int()` refuses (a 500 once); `int()` takes " 5", "+5", "1_0" and "٣",
and thousands of digits, which no form field or URL should carry and no row id can be."""

from __future__ import annotations

# Every row id fits in 9 digits (PostgreSQL's integer columns end at 2^31 - 1); so do page sizes and offsets.
MAX_DIGITS = 9


def whole_number(text: str, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The number `text` writes in plain digits, or None if it is anything else."""
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
