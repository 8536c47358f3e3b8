"""Edit forms that never overwrite a change made meanwhile.

Every edit form of the desk (a person's details, an interview, your profile, an interview's
cards: one version per card, `version_N`) carries, in a
hidden `version` field, the version of the record as the page showed it: a short digest of each
of its editable fields, in the form's own words (`version(shown)`). On Save, inside the write
transaction (writers take turns: see Store.transaction), the record's fields as stored now are
digested again (`check`): when one differs from the version the page was opened with, someone
changed the record meanwhile (another tab, the terminal, another desk on the same database),
and nothing is saved. The form comes back (409) with one line naming the fields changed
meanwhile and with everything typed kept: a field changed meanwhile that the user left as the
page showed it takes the value stored now; one the user changed too keeps what was typed, the
value stored now said beside it. The page then carries the current version, so the next Save
saves what the form shows (it was seen). A form sent without a version (a script) is saved as
before. The draft editor does the same for a note's text (drafting.text_version).
"""

from __future__ import annotations

import hashlib

from afterview.errors import Conflict

FIELD = "version"  # the hidden field's name


def _digest(value: str) -> str:
    return hashlib.sha256(_plain(value).encode()).hexdigest()[:8]


def _plain(value) -> str:
    """A field's value as compared: what a browser sends back for what the page showed (line
    ends as \\n, no blanks at the ends)."""
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def version(shown: dict[str, str]) -> str:
    """The version of a record as an edit form shows it (`shown`: each field's value as the form
    fills it, in the form's order): one digest per field."""
    return "-".join(_digest(value) for value in shown.values())


class EditedMeanwhile(Conflict):
    """The record changed since its edit form was opened: nothing was saved.

    `values`: the form again (what was typed, with the fields changed meanwhile that the user
    left alone taken from what is stored now); `stored`: for each field changed meanwhile, its
    value stored now; `version`: the record's current version (the form's next Save)."""

    def __init__(self, message: str, *, values: dict[str, str], stored: dict[str, str], version: str, field: str):
        super().__init__(message)
        self.values, self.stored, self.version, self.field = values, stored, version, field


def check(opened: str | None, shown: dict[str, str], typed: dict[str, str], *, labels: dict[str, tuple[str, str]],
          what: str) -> None:
    """Refuse a Save (EditedMeanwhile) when the record, shown now as `shown`, is not the one the
    form was opened with (`opened`, its `version`). `typed`: the form as sent; `labels`: each
    field's id and label on the page; `what`: the record, as the line names it ("Tom Becker's
    details"). Without `opened` (a form sent by a script), nothing is checked."""
    if not opened:
        return
    now = version(shown)
    if opened == now:
        return
    was = opened.split("-")
    if len(was) != len(shown):  # not this form's version (a page of an older desk): every field counts
        was = [""] * len(shown)
    changed = [name for (name, value), digest in zip(shown.items(), was) if _digest(value) != digest]
    values, stored = dict(typed), {}
    for name, digest in zip(shown, was):
        if name not in changed:
            continue
        if _digest(typed.get(name, "")) == digest:  # left as the page showed it: what is stored now
            values[name] = shown[name]
        elif _plain(typed.get(name, "")) != _plain(shown[name]):  # changed here and there: theirs said beside
            stored[name] = shown[name]
    names = [labels.get(name, (name, name))[1] for name in changed]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    line = (f"Not saved: {what} changed since this page was opened (in another tab, in the terminal or on another "
            f"desk): {listed}. The form shows what is stored now for {'it' if len(names) == 1 else 'them'}, and "
            "keeps everything you typed")
    if stored:
        line += " (where you changed a field that was changed meanwhile, your text is kept and what is stored now " \
                "is said below it)"
    line += ": check it, then Save again."
    raise EditedMeanwhile(line, values=values, stored=stored, version=now,
                          field=labels.get(changed[0], ("", ""))[0] if changed else "")
