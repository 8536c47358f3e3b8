"""News and achievements: what gives a follow-up or a keep-in-touch note its reason.

The page lists each item with what the planner suggests from it and the people it matters to
(by the planner's own rule: their interests, the topics they discussed, their company), and
records new items the way `afterview news add` does.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from afterview.domain import model as m
from afterview.errors import AfterviewError, NotFound
from afterview.interfaces.web.app import flash, form_pages, page, redirect, unconfirmed
from afterview.interfaces.web import common
from afterview.interfaces.web.common import at_field, desk, form, path_id, run

SHOWN = 12  # people named per item; the rest are counted


def _news_context(the_desk) -> dict:
    from afterview.interfaces.web.views import action_views
    from afterview.planner.facts import audience, safe_zone

    snap = the_desk.snapshot()
    facts = snap.facts
    items = sorted(facts.news, key=lambda n: (n.happened_on, n.id or 0), reverse=True)
    reach = snap.memo("news_audience", lambda s: audience(s.facts.people.values(), s.facts.debriefs,
                                                          s.facts.news, limit=SHOWN))
    planned: dict[int, list] = {}
    for view in action_views([a for a in snap.actions if a.news_id is not None], facts, snap):
        planned.setdefault(view.action.news_id, []).append(view)
    from afterview.interfaces.web.pages import being_sent, snoozes_in_force

    tz = the_desk.user_tz(facts)
    # the cards' Snooze forms say the snooze in force when shown, as Today's do (a second tab's is refused)
    return {"items": items, "reach": reach, "planned": planned, "companies": facts.companies,
            "kinds": list(m.NewsKind), "today": snap.now.astimezone(safe_zone(tz, "UTC")).date(),
            "snoozes": snoozes_in_force(snap), "sending": being_sent(snap, tz)}


async def news_page(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200):
    context = await run(_news_context, desk(request))
    return page(request, "news.html", status=status, error=error, values=values or {}, **context)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
A_DAY = common.A_DAY


def news_day(text: str, *, now, tz: str):
    """The day a news item happened, as typed (see `common.typed_day`)."""
    return common.typed_day(text, now=now, tz=tz)


async def add_news(request):
    from afterview.services import pipeline

    data = await form(request)
    the_desk = desk(request)
    from afterview.planner.facts import safe_zone

    tz = await run(the_desk.user_tz)  # dates typed in the user's zone ("today", "last Friday")

    today = the_desk.now().astimezone(safe_zone(tz, "UTC")).date()

    text = data.get("happened_on", "").strip()

    def save(tx):
        # each field read on its own, as `add_news` reads them: what is wrong names its field
        with at_field("n-title", "What happened"):
            pipeline.require_text(data.get("title", ""), "title")
        with at_field("n-kind", "Kind"):
            pipeline.parse_enum(m.NewsKind, data.get("kind", "achievement"), "news kind")
        with at_field("n-date", "When"):
            day = news_day(text, now=the_desk.now(), tz=tz) if text else today
        tags = [t for t in data.get("tags", "").replace(";", ",").split(",") if t.strip()]
        company = data.get("company", "").strip()
        if company:
            with at_field("n-company", "About a company in your pipeline"):
                pipeline.find_company(tx, company)
        with at_field("n-link", "Link"):
            pipeline.web_link(data.get("link", ""))
        return pipeline.add_news(tx, data.get("title", ""), happened_on=day, kind=data.get("kind", "achievement"),
                                 detail=data.get("detail", ""), link=data.get("link", ""), tags=tags,
                                 company=company or None)

    try:
        record = await run(the_desk.write, save)
    except AfterviewError as err:
        return await news_page(request, error=err, values=data, status=400)
    # news is what has happened: a later date is kept as typed, and said (as the command line does)
    later = f". It is dated {record.happened_on:%-d %b %Y}, after today: check the date" if record.happened_on > today else ""
    if not later and text and not ISO_DAY.fullmatch(text):
        # read from words or another order ("11/12/2026" is 12 Nov): the date it was read as, to be seen
        later = f", dated {record.happened_on:%-d %b %Y}"
    flash(request, f"Added: {record.title}{later}")
    return redirect(f"/news#news-{record.id}")


async def delete_news(request):
    news_id = path_id(request)
    data = await form(request)
    refused = unconfirmed(request, data, "Not deleted: tick the box to confirm.", f"/news#news-{news_id}")
    if refused is not None:
        return refused

    from afterview.interfaces.web.pages import held_back_text, held_text
    from afterview.services import pipeline

    the_desk = desk(request)
    now = the_desk.now()
    try:  # an unknown id is a 404
        deleted = await run(the_desk.write, lambda tx: pipeline.remove_news(tx, news_id, now=now))
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, str(err), "error")
        return redirect("/news")
    # a note sharing it that was approved or scheduled is a draft again at once, and said
    taken = await run(held_text, the_desk, deleted.held)
    withdrawn = await run(held_back_text, the_desk, now)
    flash(request, f"Deleted: {deleted.record.title}{taken}{withdrawn}")
    return redirect("/news")


ROUTES = [
    Route("/news", news_page),
    Route("/news", add_news, methods=["POST"]),
    Route("/news/{id}/delete", delete_news, methods=["POST"]),
    *form_pages({"/news/{id}/delete": "/news"}),
]
