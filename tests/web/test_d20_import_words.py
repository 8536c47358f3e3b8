"""An import's report on the desk gives no command to type: a person's correction links to their page."""

from __future__ import annotations

from afterview.interfaces.web.views import desk_words, linked


def test_an_import_warning_links_to_the_person_page():
    said = str(linked(desk_words("invite.ics line 3: Tom Becker: time zone Europe/Berlin, from the invitation; "
                                 "correct with afterview person edit 2")))
    assert said.endswith('correct it on <a href="/people/2">their page</a>')
    assert "afterview" not in said


def test_a_guessed_name_links_to_the_person_page():
    said = str(linked(desk_words("sheet.csv line 2: bo: name guessed from the address bo@x.test (the sheet gives "
                                 "none); notes greet them as Bo until you give theirs: afterview person edit 7 "
                                 "--name NAME")))
    assert said.endswith('until you give theirs on <a href="/people/7">their page</a>')


def test_the_imports_page_shows_its_warnings_in_the_desk_s_words():
    from pathlib import Path

    import afterview.interfaces.web as web

    template = (Path(web.__file__).parent / "templates" / "imports.html").read_text()
    assert "{{ w|desk_words|linked }}" in template
