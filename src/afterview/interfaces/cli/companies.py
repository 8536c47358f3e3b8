"""`afterview company ...`: the companies in the pipeline."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, confirm_and_delete, echo, hold_back, in_tx, json_option, pass_env, plans_after, print_json, reads_only,
    say_all, show_fields, table, terminal_text,
)


@click.group()
def company() -> None:
    """Companies: add, list, show, edit, merge, delete."""


@company.command("add")
@click.argument("name")
@click.option("--website", default="", help="The company's site.")
@click.option("--sector", default="", help="E.g. government, academia, fintech.")
@click.option("--notes", default="")
@json_option
@pass_env
def add(env: Env, name: str, website: str, sector: str, notes: str, as_json: bool) -> None:
    """Add a company."""
    from afterview.services import pipeline

    record = in_tx(env, lambda tx: pipeline.add_company(tx, name, website=website, sector=sector, notes=notes))
    print_json(record) if as_json else echo(f"added company {record.id}: {record.name}")


@company.command("list")
@json_option
@pass_env
@reads_only
def list_(env: Env, as_json: bool) -> None:
    """List companies with their number of opportunities."""
    from afterview.domain.model import Company, Opportunity
    from afterview.domain.values import alphabetical

    def load(tx):
        counts: dict[int, int] = {}
        for opportunity in tx.list(Opportunity):
            counts[opportunity.company_id] = counts.get(opportunity.company_id, 0) + 1
        return sorted(tx.list(Company), key=lambda c: alphabetical(c.name)), counts

    companies, counts = in_tx(env, load)
    if as_json:
        return print_json(companies)
    table(["id", "name", "sector", "opportunities"], [[c.id, c.name, c.sector, counts.get(c.id, 0)] for c in companies])


@company.command("show")
@click.argument("ref")
@json_option
@pass_env
@reads_only
def show(env: Env, ref: str, as_json: bool) -> None:
    """Show a company (by id or name) and its opportunities."""
    from afterview.domain.model import Opportunity
    from afterview.services import pipeline

    def load(tx):
        record = pipeline.find_company(tx, ref)
        return record, tx.list(Opportunity, company_id=record.id)

    record, opportunities = in_tx(env, load)
    if as_json:
        return print_json({**_plain(record), "opportunities": [o.id for o in opportunities]})
    show_fields(
        [("website", record.website), ("sector", record.sector), ("notes", record.notes),
         ("formerly", ", ".join(record.former_names)),
         ("opportunities", [f"{o.id}: {o.role} ({o.status.value})" for o in opportunities])],
        title=[record.name, f"(company {record.id})"],
    )


def _plain(record):
    from afterview.interfaces.cli.common import to_jsonable

    return to_jsonable(record)


@company.command("edit")
@click.argument("ref")
@click.option("--name")
@click.option("--website")
@click.option("--sector")
@click.option("--notes")
@pass_env
def edit(env: Env, ref: str, **changes) -> None:
    """Change a company's fields.

    A new name is said of the drafts that give the old one; an approved or scheduled note that
    gives it is a draft again, to check and approve again. The old name is kept as a former
    name (company show says them): lint flags a note that still gives it (old-company-name).
    """
    from afterview.services import pipeline

    given = {k: v for k, v in changes.items() if v is not None}
    if "name" in given:
        given["name"] = pipeline.require_text(given["name"], "company name")

    def apply(tx):
        record = pipeline.find_company(tx, ref)
        return pipeline.rename_company(tx, record.id, given, now=env.now)

    renamed = in_tx(env, apply)
    record = renamed.record
    echo(f"updated company {record.id}: {record.name}")
    say_renamed(renamed, "company name")


def say_renamed(renamed, what: str) -> None:
    """The notes written with the old name: approved ones taken back, drafts to check (the words
    of `afterview interview edit` for a moved interview)."""
    for message_id, why in renamed.held:
        echo(f"message {message_id}: {why}")
    reread = renamed.reread(what, "afterview draft {keys} --force")
    if reread:
        echo(f"note: {reread}")


@company.command("merge")
@click.argument("duplicate")
@click.option("--into", "keep", required=True, metavar="COMPANY", help="The company to keep (id or name).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_env
@plans_after
def merge(env: Env, duplicate: str, keep: str, yes: bool, as_json: bool) -> None:
    """Merge a company entered twice into the one to keep, then delete the duplicate.

    Its opportunities, people and news items move over, as they are (two opportunities of one
    role stay two, and are said). The kept company's website and sector stand; the duplicate's
    fill only what it lacks, and its notes are added. Its name is kept as a former name of the
    kept company: an approved or scheduled note that gives it is a draft again, a draft that
    gives it is said, and lint flags it (old-company-name). There is no undo: the question says
    what would be lost (a website or sector the kept company has its own of).
    """
    from afterview.services import pipeline
    from afterview.services.merge import company_merge_preview, merge_companies

    def find(tx):
        twin, kept = pipeline.find_company(tx, duplicate), pipeline.find_company(tx, keep)
        if twin.id == kept.id:
            raise click.UsageError(f"{duplicate!r} and {keep!r} are the same company ({twin.id}): name the "
                                   "duplicate, then the company to keep")
        return twin, kept, None if yes else company_merge_preview(tx, twin.id, kept.id)

    twin, kept, said = in_tx(env, find)
    if not yes:  # what it moves and what would be lost, read before anything changes
        lost = said.lost_words()
        click.confirm(terminal_text(
            f"Merge {twin.name} (company {twin.id}) into {kept.name} (company {kept.id})? {said.summary().capitalize()} "
            f"moved over, company {twin.id} deleted, with no undo" + (f"; lost with it: {lost}" if lost else "")
            + f"; {twin.name} stays a former name of {kept.name}. Merge?"), abort=True, err=True)
    merged = in_tx(env, lambda tx: merge_companies(tx, twin.id, kept.id, now=env.now))
    unplanned = hold_back(env)  # the work first, then what is said
    if as_json:
        return print_json({**merged.plain(), "unplanned": unplanned}, plain=True)
    echo(f"merged company {twin.id} ({twin.name}) into company {kept.id} ({kept.name}): {merged.summary()} moved over")
    for line in merged.lines():
        echo(line)
    say_renamed(merged.renamed, "company name")
    say_all(unplanned)


@company.command("delete")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def delete(env: Env, ref: str, yes: bool) -> None:
    """Delete a company that has no opportunities."""
    from afterview.services import pipeline

    confirm_and_delete(
        env, yes=yes,
        find=lambda tx: pipeline.find_company(tx, ref),
        remove=lambda tx, record: pipeline.delete_company(tx, record.id),
        question=lambda record: f"Delete company {record.id} ({record.name})?",
        done=lambda record: f"deleted company {record.id}: {record.name}",
    )
