"""Settings (profile and signature, LinkedIn account type, mail accounts with a connection test,
the playbook and its overrides, the calendar feed) and imports with a preview."""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.routing import Route

from afterview.domain import model as m
from afterview.errors import AfterviewError, InvalidInput
from afterview.interfaces.web.app import flash, page, redirect, upload_folder
from afterview.interfaces.web.common import desk, form, run, session

PROFILE_FIELDS = ("name", "email", "phone", "signature", "timezone", "country", "linkedin_account",
                  "linkedin_url", "default_tone")
IMPORT_KINDS = {"calendar": "Calendar (.ics)", "linkedin": "LinkedIn Connections.csv",
                "csv": "Spreadsheet tracker (.csv)"}


def _settings_context(the_desk) -> dict:
    from afterview.planner.playbook import format_value

    profile = the_desk.read(lambda tx: tx.profile())
    try:
        accounts, accounts_error = list(the_desk.accounts().values()), ""
    except AfterviewError as err:
        accounts, accounts_error = [], str(err)
    try:
        rules, playbook_error = list(the_desk.playbook()), ""
    except AfterviewError as err:
        rules, playbook_error = [], str(err)
    return {"profile": profile, "accounts": accounts, "accounts_error": accounts_error,
            "rules": rules, "playbook_error": playbook_error, "format_value": format_value,
            "feed": the_desk.feed_state(), "linkedin_types": list(m.LinkedInAccount),
            "config_file": str(the_desk.paths.config_file),
            "playbook_file": str(the_desk.paths.playbook_file)}


async def settings_page(request, *, error: str = "", values: dict | None = None, status: int = 200,
                        checks=None, feed_url: str = ""):
    context = await run(_settings_context, desk(request))
    return page(request, "settings.html", status=status, error=error, values=values or {}, checks=checks,
                feed_url=feed_url, **context)


async def save_profile(request):
    from afterview.services.pipeline import update_profile

    data = await form(request)
    changes = {k: data[k].strip() if k != "signature" else data[k].rstrip() for k in PROFILE_FIELDS if k in data}
    changes["opt_in_early_linkedin"] = data.get("opt_in_early_linkedin") == "on"
    the_desk = desk(request)
    try:
        await run(the_desk.write, lambda tx: update_profile(tx, changes))
    except AfterviewError as err:
        return await settings_page(request, error=str(err), values=data, status=400)
    flash(request, "Profile saved.")
    return redirect("/settings")


async def test_account(request):
    from afterview.services.delivery import test_account as check

    name = request.path_params.get("name", "")
    the_desk = desk(request)

    def run_checks():
        accounts = the_desk.accounts()
        if name not in accounts:
            raise InvalidInput(f"no account named {name!r}")
        return check(accounts[name])

    try:
        checks = await run(run_checks)
    except AfterviewError as err:
        return await settings_page(request, error=str(err), status=400)
    return await settings_page(request, checks={"name": name, "results": checks})


async def new_feed(request):
    the_desk = desk(request)
    token = await run(the_desk.new_feed_token)
    url = str(request.url_for("calendar_feed", token=token))
    return await settings_page(request, feed_url=url)


# imports -------------------------------------------------------------------------------------
async def imports_page(request, *, error: str = "", status: int = 200):
    return page(request, "imports.html", status=status, error=error, kinds=IMPORT_KINDS, preview=None)


def _run_import(the_desk, kind: str, path: Path, *, dry_run: bool):
    from afterview.services import imports

    now, tz = the_desk.now(), the_desk.user_tz()
    if kind == "calendar":
        from afterview.importers.recognition import rule_from_config

        rule = rule_from_config(the_desk.config.section("import"))
        profile = the_desk.read(lambda tx: tx.profile())
        mine = tuple(a for a in (profile.email,) if a)
        return imports.import_calendar(the_desk.store, path, now=now, rule=rule, user_tz=tz,
                                       my_addresses=mine, dry_run=dry_run, skip_bad=True)
    if kind == "linkedin":
        return imports.import_connections(the_desk.store, path, now=now, user_tz=tz, dry_run=dry_run, skip_bad=True)
    return imports.import_tracker(the_desk.store, path, now=now, user_tz=tz, dry_run=dry_run, skip_bad=True)


def _tracker_preview(path: Path):
    from afterview.services.imports import preview_tracker

    return preview_tracker(path, overrides={})


async def import_preview(request):
    data = await request.form()
    kind = str(data.get("kind", ""))
    upload = data.get("file")
    if kind not in IMPORT_KINDS:
        return await imports_page(request, error="choose what kind of file it is", status=400)
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await imports_page(request, error="choose a file to import", status=400)
    content = await upload.read()
    upload_id = secrets.token_urlsafe(12)
    suffix = Path(upload.filename).suffix.lower()[:8] if Path(upload.filename).suffix else ""
    path = upload_folder(request.app) / f"{upload_id}{suffix}"
    path.write_bytes(content)
    the_desk = desk(request)
    try:
        report = await run(_run_import, the_desk, kind, path, dry_run=True)
        tracker = await run(_tracker_preview, path) if kind == "csv" else None
    except AfterviewError as err:
        path.unlink(missing_ok=True)
        return await imports_page(request, error=str(err), status=400)
    session(request).uploads[upload_id] = {"path": str(path), "kind": kind, "name": upload.filename}
    return page(request, "imports.html", error="", kinds=IMPORT_KINDS,
                preview={"id": upload_id, "kind": kind, "name": upload.filename, "report": report,
                         "tracker": tracker})


async def import_confirm(request):
    data = await form(request)
    pending = session(request).uploads.pop(data.get("upload", ""), None)
    if pending is None:
        return await imports_page(request, error="that preview has expired: upload the file again", status=400)
    path = Path(pending["path"])
    try:
        report = await run(_run_import, desk(request), pending["kind"], path, dry_run=False)
    except AfterviewError as err:
        return await imports_page(request, error=str(err), status=400)
    finally:
        path.unlink(missing_ok=True)
        desk(request).changed()
    flash(request, f"Imported {pending['name']}: {report.summary()}")
    return redirect("/pipeline")


ROUTES = [
    Route("/settings", settings_page),
    Route("/settings/profile", save_profile, methods=["POST"]),
    Route("/settings/accounts/{name}/test", test_account, methods=["POST"]),
    Route("/settings/calendar-feed", new_feed, methods=["POST"]),
    Route("/imports", imports_page),
    Route("/imports/preview", import_preview, methods=["POST"]),
    Route("/imports/confirm", import_confirm, methods=["POST"]),
]
