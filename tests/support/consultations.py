"""Making consultations in tests: a standard one with every question kind, opened or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from participation.accounts.models import User
from participation.consultations import repository
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput, QuestionInput
from participation.consultations.services import authoring
from tests.support.web import make_user

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def park_input(**changes: object) -> ConsultationInput:
    data = ConsultationInput(
        title="Herinrichting Julianapark",
        summary="Hoe wilt u het park gebruiken?",
        body="Het park krijgt **nieuwe** paden.",
        questions=[
            QuestionInput("text", "Wat mist u in het park?", required=True),
            QuestionInput("single_choice", "Hoe komt u naar het park?", options=["Lopend", "Fiets", "Auto"]),
            QuestionInput(
                "multiple_choice", "Wat wilt u er doen?", options=["Spelen", "Sporten", "Rusten", "Picknicken"]
            ),
            QuestionInput(
                "scale", "Hoe tevreden bent u nu?", scale_min=1, scale_max=5, min_label="Slecht", max_label="Goed"
            ),
            QuestionInput(
                "statements", "Wat vindt u hiervan?", statements=["Meer bomen", "Een hondenveld", "Meer licht"]
            ),
        ],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@dataclass
class Park:
    """The ids of a standard consultation, by role: text, single, multiple, scale and statements question."""

    view: ConsultationView
    official: User

    @property
    def id(self) -> int:
        return self.view.consultation.id

    def question(self, kind: str):
        return next(q for q in self.view.questions if q.kind == kind)

    @property
    def text(self) -> int:
        return self.question("text").id

    @property
    def single(self) -> int:
        return self.question("single_choice").id

    @property
    def multiple(self) -> int:
        return self.question("multiple_choice").id

    @property
    def scale(self) -> int:
        return self.question("scale").id

    @property
    def statements(self) -> int:
        return self.question("statements").id

    def option(self, kind: str, index: int) -> int:
        return self.question(kind).options[index].id

    def statement(self, index: int) -> int:
        return self.question("statements").statements[index].id


async def official(email: str = "ambtenaar@example.nl") -> User:
    existing = await User.get_or_none(email=email)
    return existing or await make_user(email, "official")


async def make_park(*, opened: bool = True, by: User | None = None, now: datetime = NOW, **changes: object) -> Park:
    by = by or await official()
    consultation = await authoring.create_consultation(data=park_input(**changes), by=by, now=now - timedelta(days=1))
    if opened:
        await authoring.open_consultation(consultation.id, by=by, now=now - timedelta(hours=1))
    view = await repository.get_consultation(consultation.id, viewer=by, now=now)
    return Park(view=view, official=by)


async def citizens(count: int, prefix: str = "burger") -> list[User]:
    return [await make_user(f"{prefix}{i}@example.nl") for i in range(count)]
