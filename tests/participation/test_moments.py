"""remembered_isoformat: a moment's ISO text, the same as isoformat gives, remembered only where that is safe."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from participation.moments import remembered_isoformat


def test_the_text_is_isoformat_the_first_time_and_after():
    texts = remembered_isoformat("T")
    for moment in (
        datetime(2026, 12, 2, 9, 30, 0, 123456, tzinfo=UTC),
        datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 12, 2, 9, 30, 1, 5),
        datetime(2026, 7, 1, 11, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
    ):
        assert texts(moment) == texts(moment) == moment.isoformat()


def test_an_equal_moment_at_another_offset_keeps_its_offset():
    texts = remembered_isoformat("T")
    utc = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    assert texts(utc) == "2026-12-02T09:30:00+00:00"
    assert texts(utc.astimezone(timezone(timedelta(hours=-5)))) == "2026-12-02T04:30:00-05:00"
    assert len(texts.texts) == 1  # only the UTC one is kept


def test_it_keeps_at_most_what_it_was_given():
    texts = remembered_isoformat(" ", kept=3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(10):
        assert texts(start + timedelta(minutes=n)) == (start + timedelta(minutes=n)).isoformat(" ")
        assert len(texts.texts) <= 3


def test_a_days_hour_as_people_set_it_in_amsterdam_in_summer_and_in_winter():
    from participation.moments import at_local_hour

    summer = datetime(2026, 7, 1, 3, 9, 27, 123456, tzinfo=UTC)
    assert at_local_hour(summer, 17) == datetime(2026, 7, 1, 15, 0, tzinfo=UTC)
    winter = datetime(2026, 12, 20, 23, 30, tzinfo=UTC)  # 00:30 on the 21st in Amsterdam
    assert at_local_hour(winter, 17) == datetime(2026, 12, 21, 16, 0, tzinfo=UTC)
