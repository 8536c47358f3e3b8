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
    """Whom each item matters to, by the planner's own rule (afterview.planner.facts.audience)."""
    from afterview.domain.model import Debrief, Person
    from afterview.planner.facts import audience

    return audience(tx.list(Person), tx.list(Debrief), items, limit=limit)


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
    """An item, and everyone it matters to (with the topics that matched)."""
    from afterview.domain.model import Company, NewsItem
    from afterview.services import pipeline

    number = pipeline.parse_id(news_id, "news item")

    def read(tx):
        item = tx.get(NewsItem, number)
        company = tx.get(Company, item.company_id).name if item.company_id is not None else ""
        return item, company, _reach(tx, [item])[item.id]

    item, company, (count, people) = in_tx(env, read)
    if as_json:
        return print_json({"news": item, "matters_to": [{"person_id": p.id, "name": p.name, "matched": hits}
                                                        for p, hits in people]})
    echo_header([f"news item {item.id}:", item.title], bold=False)
    echo(f"  {item.kind.value} of {item.happened_on.isoformat()}" + (f", about {company}" if company else ""))
    for label, value in (("tags", ", ".join(item.tags)), ("detail", item.detail), ("link", item.link)):
        if value:
            echo(f"  {label}: {value}")
    if not count:
        click.echo("It matters to nobody yet: no contact's interests or discussed topics match its tags.")
        return
    click.echo(f"It matters to {count} {'person' if count == 1 else 'people'}:")
    for person, hits in people:
        echo(f"  {person.name} (person {person.id}): {', '.join(hits)}")


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
