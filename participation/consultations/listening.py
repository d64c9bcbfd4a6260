"""What monitored posts can be matched to (participation/matching.py): every consultation past its draft, named
by its title. Offered to other areas through participation/areas.py, never read from this area's tables."""

from __future__ import annotations

from participation.consultations.models import Consultation
from participation.matching import MatchTarget

KIND = "consultation"


async def match_targets() -> list[MatchTarget]:
    rows = await Consultation.exclude(status="draft").order_by("id").values_list("id", "title")
    return [MatchTarget(kind=KIND, id=cid, phrases=(title,), name=title) for cid, title in rows]
