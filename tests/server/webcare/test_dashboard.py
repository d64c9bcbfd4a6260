"""The webcare dashboard as officials see it (charts with their tables, a chosen period), and social listening
on a consultation's results page: officials see the matching monitored posts apart from the responses."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from participation.consultations.services import authoring
from participation.webcare import services
from participation.webcare.models import Post, Source
from participation.webcare.sources.base import Fetched
from tests.support.consultations import make_park
from tests.support.web import make_user, sign_in
from tests.support.webcare import webcare_world


async def _posts(texts: list[str], *, tags: tuple[str, ...] = (), at: datetime | None = None) -> Source:
    at = at or datetime.now(UTC)
    source = await Source.create(
        kind="mastodon", name="Mastodon stad", base_url="https://social.example", demo=True, created_at=at
    )
    start = await Post.all().count()
    posts = [
        Fetched(
            uri=f"https://social.example/users/stad/statuses/{start + i}",
            external_id=str(start + i),
            url=f"https://social.example/@lieke/{start + i}",
            author="lieke",
            html=f"<p>{text}</p>",
            created_at=at - timedelta(minutes=i),
            tags=tags,
        )
        for i, text in enumerate(texts)
    ]
    await services.store_posts(source, posts, now=at)
    return source


async def test_an_official_sees_volume_sentiment_backlog_and_response_time_as_charts_with_tables(client):
    await webcare_world("De straatverlichting is kapot, gevaarlijk!")
    await _posts(["Bedankt voor de nieuwe bankjes, heel fijn!", "Hoe laat gaat het zwembad open?"])
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")

    page = await client.get("/webcare/dashboard")
    assert page.status_code == 200
    for heading in ("Posts per source per day", "Sentiment", "Backlog", "First response"):
        assert f">{heading}</h2>" in page.text
    # Posts a day (a compact bar chart: a short label beside each bar) and per source, sentiment, backlog, first
    # response: all bar charts, their text HTML in the page's font size (no SVG text to shrink on a phone).
    charts = re.findall(r'<(?:svg|div)[^>]*role="img"[^>]*>', page.text)
    assert len(charts) == 5
    assert all(c.startswith('<div class="bar-chart') and "aria-labelledby" in c for c in charts)
    assert "<text" not in page.text
    volume = page.text.split('id="chart-volume"')[1].split('id="chart-volume-sources"')[0]
    assert volume.count('class="bar-row"') == 30 and "Posts per day: All sources" in volume
    per_source = page.text.split('id="chart-volume-sources"')[1].split("</div></div>")[0]
    assert per_source.count('class="bar-row"') == 2
    assert page.text.count('<table class="data-table">') == 4
    # Thirty days and a total in the day table; three posts, one of them negative.
    day_table = page.text.split('id="caption-volume"')[1].split("</table>")[0]
    assert day_table.count('<th scope="row" class="one-line">') == 31
    assert "3 posts in this period." in page.text
    sentiment = page.text.split('id="caption-sentiment"')[1].split("</table>")[0]
    assert re.search(
        r"All sources</th><td class=\"number\">1 \(33.3%\)</td><td class=\"number\">1 \(33.3%\)</td>"
        r"<td class=\"number\">1 \(33.3%\)</td><td class=\"number\">3</td>",
        sentiment,
    )
    backlog = page.text.split('id="caption-backlog"')[1].split("</table>")[0]
    assert re.search(
        r"Total</th><td class=\"number\">3</td><td class=\"number\">0</td><td class=\"number\">3</td>", backlog
    )


async def test_the_period_is_chosen_and_a_wrong_date_is_named(client):
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")
    chosen = await client.get("/webcare/dashboard?from=2026-03-01&to=2026-03-07")
    assert chosen.status_code == 200
    # The period and the charts' descriptions write a day as every page does, not babel's "long" (March 1, 2026).
    assert "Period: 1 March 2026 to 7 March 2026." in chosen.text
    assert "No posts from 1 March 2026 to 7 March 2026." in chosen.text
    assert "March 1" not in chosen.text
    day_table = chosen.text.split('id="caption-volume"')[1].split("</table>")[0]
    assert day_table.count('<th scope="row" class="one-line">') == 8
    assert '<th scope="row" class="one-line">1 Mar 2026</th>' in day_table  # short: one line on a phone
    wrong = await client.get("/webcare/dashboard?from=2026-03-08&to=2026-03-01")
    assert wrong.status_code == 422 and "The last day comes on or after the first day." in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    client.cookies.set("lang", "nl")
    dutch = await client.get("/webcare/dashboard?from=2026-03-01&to=2026-03-07")
    assert "Berichten per bron per dag" in dutch.text and "Periode: 1 maart 2026 tot en met 7 maart 2026." in dutch.text


async def test_a_long_period_is_drawn_a_week_or_a_month_a_bar_and_the_table_keeps_every_day(client):
    await _posts(["Hoe laat gaat het zwembad open?"], at=datetime(2026, 3, 4, 12, tzinfo=UTC))
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")
    weeks = await client.get("/webcare/dashboard?from=2026-03-02&to=2026-05-31")
    chart = weeks.text.split('id="chart-volume"')[1].split("</table>")[0]
    assert "Posts per week: All sources" in chart
    assert chart.split('id="caption-volume"')[0].count('class="bar-row"') == 13
    assert '<span class="bar-label">Mar 2 – 8</span>' in chart
    assert chart.split('id="caption-volume"')[1].count('<th scope="row" class="one-line">') == 91 + 1
    described = re.search(r'<span class="visually-hidden" id="chart-volume-desc">(.*?)</span>', weeks.text, re.S)
    assert described and "from 2 March 2026 to 31 May 2026; the busiest day was 4 March 2026" in described.group(1)
    months = await client.get("/webcare/dashboard?from=2026-01-01&to=2026-12-31")
    chart = months.text.split('id="chart-volume"')[1].split('id="caption-volume"')[0]
    assert "Posts per month: All sources" in chart and chart.count('class="bar-row"') == 12
    assert '<span class="bar-label">Mar 2026</span><svg' in chart


async def test_citizens_get_403_and_nobody_else_sees_figures(client):
    await make_user("citizen@example.nl")
    await sign_in(client, "citizen@example.nl")
    assert (await client.get("/webcare/dashboard")).status_code == 403


async def test_officials_see_the_monitored_posts_about_a_consultation_apart_from_the_responses(client):
    park = await make_park()
    other = await make_park(title="Een fietsroute langs het kanaal")
    # Matched by a long hashtag inside the title (#julianapark), by the title itself, and one about the other.
    await _posts(["Mooi plan, heel fijn!", "Het hek is kapot, slecht."], tags=("julianapark",))
    await _posts(["Wat vinden jullie van de herinrichting julianapark?"])
    await _posts(["Komt er licht langs de fietsroute?"], tags=("fietsroutelangshetkanaal",))
    assert await Post.filter(consultation_id=park.id).count() == 3
    assert await Post.filter(consultation_id=other.id).count() == 1

    await sign_in(client, park.official.email)
    page = await client.get(f"/consultations/{park.id}/results")
    assert page.status_code == 200
    section = page.text.split('id="h-listening"')[1]
    assert "They are not responses" in section
    assert "3 monitored posts match this consultation." in section
    assert "Mooi plan, heel fijn!" in section and "Komt er licht" not in section
    assert 'id="caption-listening"' in section and 'role="img"' in section
    assert f"/webcare?consultation={park.id}" in section
    # The responses count is untouched by the posts.
    assert "0 responses" in page.text

    # Once closed, citizens see the results, but not the monitored posts.
    await authoring.close_consultation(park.id, by=park.official, now=datetime.now(UTC))
    await make_user("citizen@example.nl")
    citizen = await client.post("/logout")
    assert citizen.status_code in (303, 403)
    client.cookies.clear()
    client.cookies.set("lang", "en")
    await sign_in(client, "citizen@example.nl")
    public = await client.get(f"/consultations/{park.id}/results")
    assert public.status_code == 200
    assert "h-listening" not in public.text and "Mooi plan" not in public.text
