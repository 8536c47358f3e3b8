"""`afterview news ...`: your achievements and news worth sharing with the contacts they matter to."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, in_tx, json_option, pass_env, print_json, reads_only, split_list, table


@click.group()
def news() -> None:
    """Your achievements and news worth sharing."""


@news.command("add")
@click.argument("title")
@click.option("--kind", default="achievement", show_default=True, help="achievement | news")
@click.option("--detail", default="", help="A sentence or two.")
@click.option("--link", default="")
@click.option("--date", "happened", help="When (default: today).")
@click.option("--tag", "tags", multiple=True, help="What it relates to, matched against what contacts care about (repeatable).")
@click.option("--company", help="News about a company in your pipeline (id or name).")
@json_option
@pass_env
def add(env: Env, title, kind, detail, link, happened, tags, company, as_json) -> None:
    """Add an achievement or a piece of news."""
    from afterview.domain.values import parse_date
    from afterview.services import pipeline

    day = parse_date(happened, now=env.now, tz=env.user_tz) if happened else env.now.date()
    record = in_tx(env, lambda tx: pipeline.add_news(tx, title, happened_on=day, kind=kind, detail=detail, link=link,
                                                      tags=split_list(tags), company=company))
    print_json(record) if as_json else click.echo(f"added {record.kind.value} {record.id}: {record.title}")


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
    table(["id", "date", "kind", "title", "tags"], [[i.id, i.happened_on, i.kind.value, i.title, ", ".join(i.tags)] for i in items])


@news.command("delete")
@click.argument("news_id")
@pass_env
def delete(env: Env, news_id: str) -> None:
    """Delete an item."""
    from afterview.domain.model import NewsItem
    from afterview.services import pipeline

    number = pipeline.parse_id(news_id, "news item")
    in_tx(env, lambda tx: tx.delete(NewsItem, number))
    click.echo(f"deleted news item {number}")
