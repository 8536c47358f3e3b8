"""The desk while its database server is down: 503, said as the command line says it.

Found by a tester on a career centre's shared PostgreSQL: with the server stopped, Today
answered 409 "That did not work: database error on ...: terminating connection due to
administrator command" (the desk's open connection, cut by the shutdown). A database that cannot
be used is no refusal of what was asked: the page is unavailable (503), and says what a new
connection finds, in the command line's words ("cannot reach the database server ...").

A PostgreSQL cluster of this test's own (the shared one stays up for the other tests), stopped
as an administrator stops it (pg_ctl stop -m fast: "terminating connection due to administrator
command" to every open connection).
"""

from __future__ import annotations

import re

import pytest

from tests.fixtures.postgres import PG_BIN, _as_postgres, start_postgres
from tests.web.conftest import TOKEN, client_for, make_app


@pytest.fixture
def own_server():
    server = start_postgres()
    yield server
    server.stop()


def test_today_with_the_database_server_stopped_is_503_in_the_command_lines_words(own_server):
    url = own_server.create_database("desk")
    app = make_app(url)
    client = client_for(app)
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    assert client.get("/").status_code == 200  # the desk holds a connection to the server now

    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(own_server.folder / "data"), "-m", "fast", "-w", "stop"],
                 check=True)
    for _ in range(2):  # the connection the shutdown cut, then a new one refused
        response = client.get("/")
        assert response.status_code == 503, response.text
        assert "Cannot reach the database server" in response.text
        assert "That did not work" not in response.text and "administrator command" not in response.text
        assert "Traceback" not in response.text


def test_a_form_sent_while_the_server_is_down_is_503_too(own_server):
    url = own_server.create_database("desk")
    app = make_app(url)
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    page = client.get("/people/2").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(own_server.folder / "data"), "-m", "fast", "-w", "stop"],
                 check=True)
    response = client.post("/people/2/edit", data={"csrf": csrf, "name": "Tom Becker"})
    assert response.status_code == 503
    assert "Cannot reach the database server" in response.text

