"""`afterview news ...`: your achievements and news worth sharing with the contacts they matter to."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, echo, echo_header, in_tx, json_option, pass_env, print_json, reads_only, split_list, table,
    hold_back, plans_after, say_all, warn,
)


@click.group()
def news() -> None:
    """Your achievements and news worth sharing."""


@news.command("add")
@click.argument("title")
@click.option("--kind", default="achievement", show_default=True, help="achievement | news")
@click.option("--detail", default="", help="A sentence or two.")
@click.option("--link", default="")
@click.option("--date", "happened", help="When it happened (default: today); a date after today is kept, with a warning.")
@click.option("--tag", "tags", multiple=True, help="What it relates to, matched against what contacts care about (repeatable).")
@click.option("--company", help="News about a company in your pipeline (id or name).")
@json_option
@pass_env
def add(env: Env, title, kind, detail, link, happened, tags, company, as_json) -> None:
    """Add an achievement or a piece of news."""
    from afterview.domain.values import parse_date
    from afterview.services import pipeline

    # today where the user is (not in UTC: at 19:46 in Chicago it is still the 26th), as of --at
    today = _today(env)
    day = parse_date(happened, now=env.now, tz=env.user_tz) if happened else today
    record = in_tx(env, lambda tx: pipeline.add_news(tx, title, happened_on=day, kind=kind, detail=detail, link=link,
                                                      tags=split_list(tags), company=company))
    if day > today:
        # News is what has already happened: a later date is a typo, or "friday" read as the coming
        # one. Kept as given and said, as an import says an application dated after today.
        warn(f"news item {record.id}: happened on {day.isoformat()}, after today ({today.isoformat()}); "
             "check the date")
    if as_json:
        return print_json(record)
    echo(f"added {record.kind.value} {record.id}: {record.title}")
    count, shown = in_tx(env, lambda tx: _reach(tx, [record], SHOWN))[record.id]
    if count:
        echo(f"it matters to {_people(count, shown)}")
    else:
        click.echo("it matters to nobody yet: give it a --tag that a contact cares about "
                   "(their interests, or a topic you discussed with them)")


SHOWN = 5  # people named when an item is added; `news show` names them all


def _reach(tx, items, limit: int | None = None) -> dict:
    """Whom each item matters to, by the planner's own rule (afterview.planner.facts.audience):
    never someone who asked not to be contacted, marked so or in a reply (`_asked_not`)."""
    from afterview.domain.model import Debrief, Person
    from afterview.planner.facts import audience

    people = tx.list(Person)
    asked = _asked_not(tx)
    return audience([p for p in people if p.id not in asked], tx.list(Debrief), items, limit=limit)


def _asked_not(tx) -> dict:
    """Person id -> their first reply asking not to be contacted again (planner.facts.stop_requests,
    as the planner reads it: nothing is planned for them from then on)."""
    from afterview.domain.model import Inbound, Message
    from afterview.planner.facts import stop_requests

    inbound = tx.list(Inbound)
    # a reply filed under no person counts for the person of the message it answers
    messages = {m.id: m for m in tx.list(Message)} if any(r.person_id is None for r in inbound) else None
    return stop_requests(inbound, messages)


def _not_contacted(tx, item, tz: str) -> list[tuple]:
    """Those the item would matter to who asked not to be contacted: (person, topics matched, why:
    "asked in a reply on Wed 18 Aug 2027", "marked do not contact"), by name."""
    from dataclasses import replace

    from afterview.domain.model import Debrief, Person
    from afterview.planner.facts import audience, safe_zone

    asked = _asked_not(tx)
    apart = [replace(p, do_not_contact=False) for p in tx.list(Person) if p.do_not_contact or p.id in asked]
    if not apart:
        return []
    zone = safe_zone(tz, "UTC")
    rows = []
    for person, hits in audience(apart, tx.list(Debrief), [item])[item.id][1]:
        reply = asked.get(person.id)
        if reply is not None:
            day = reply.received_at.astimezone(zone)
            why = f"asked in a reply on {day:%a} {day.day} {day:%b %Y} (reply {reply.id})"
        else:
            why = "marked do not contact"
        rows.append((person, hits, why))
    return rows


def _people(count: int, shown: list) -> str:
    """'2 people: Priya Raman (streaming), Tom Becker (kafka)' and how many more."""
    names = ", ".join(f"{person.name} ({', '.join(hits)})" for person, hits in shown)
    more = f" and {count - len(shown)} more" if count > len(shown) else ""
    return f"{count} {'person' if count == 1 else 'people'}: {names}{more}"


@news.command("list")
@json_option
@pass_env
@reads_only
def list_(env: Env, as_json: bool) -> None:
    """List achievements and news."""
    from afterview.domain.model import NewsItem

    items = in_tx(env, lambda tx: tx.list(NewsItem, order_by="happened_on"))
    if as_json:
        return print_json(items)
    reach = in_tx(env, lambda tx: _reach(tx, items, 0)) if items else {}
    table(["id", "date", "kind", "title", "tags", "matters to"],
          [[i.id, i.happened_on, i.kind.value, i.title, ", ".join(i.tags), reach[i.id][0]] for i in items])


@news.command("show")
@click.argument("news_id")
@json_option
@pass_env
@reads_only
def show(env: Env, news_id: str, as_json: bool) -> None:
    """An item, and everyone it matters to (with the topics that matched).

    Someone who asked not to be contacted (marked so, or in a reply) is not among them: they are
    listed apart, with why ("asked in a reply on Wed 18 Aug 2027").
    """
    from afterview.domain.model import Company, NewsItem
    from afterview.services import pipeline

    number = pipeline.parse_id(news_id, "news item")

    def read(tx):
        item = tx.get(NewsItem, number)
        company = tx.get(Company, item.company_id).name if item.company_id is not None else ""
        return item, company, _reach(tx, [item])[item.id], _not_contacted(tx, item, env.user_tz)

    item, company, (count, people), apart = in_tx(env, read)
    if as_json:
        return print_json({"news": item, "matters_to": [{"person_id": p.id, "name": p.name, "matched": hits}
                                                        for p, hits in people],
                           "not_contacted": [{"person_id": p.id, "name": p.name, "matched": hits, "why": why}
                                             for p, hits, why in apart]})
    echo_header([f"news item {item.id}:", item.title], bold=False)
    echo(f"  {item.kind.value} of {item.happened_on.isoformat()}" + (f", about {company}" if company else ""))
    for label, value in (("tags", ", ".join(item.tags)), ("detail", item.detail), ("link", item.link)):
        if value:
            echo(f"  {label}: {value}")
    if not count:
        click.echo("It matters to nobody yet: no contact's interests or discussed topics match its tags."
                   if not apart else "It matters to nobody you may contact.")
    else:
        click.echo(f"It matters to {count} {'person' if count == 1 else 'people'}:")
        for person, hits in people:
            echo(f"  {person.name} (person {person.id}): {', '.join(hits)}")
    if apart:
        click.echo("Not contacted (they asked not to be):")
        for person, hits, why in apart:
            echo(f"  {person.name} (person {person.id}): {', '.join(hits)}; {why}")


@news.command("delete")
@click.argument("news_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
@plans_after
def delete(env: Env, news_id: str, yes: bool) -> None:
    """Delete an item (asked first, as every delete is, unless --yes).

    A note sharing it that is approved or scheduled becomes a draft again at once, and is said.
    """
    from afterview.domain.model import NewsItem
    from afterview.services import pipeline

    number = pipeline.parse_id(news_id, "news item")
    item = in_tx(env, lambda tx: tx.get(NewsItem, number))  # an unknown id: one line, before asking
    if not yes:
        click.confirm(f"Delete news item {number}: {item.title!r}?", abort=True, err=True)
    deleted = in_tx(env, lambda tx: pipeline.remove_news(tx, number, now=env.now))
    held = hold_back(env)  # what else the plan no longer has without it: done before anything is printed
    click.echo(f"deleted news item {number}")
    for message_id, why in deleted.held:
        echo(f"message {message_id}: {why}")
    say_all(held)


def _today(env: Env):
    from afterview.planner.facts import safe_zone

    return env.now.astimezone(safe_zone(env.user_tz, "UTC")).date()
