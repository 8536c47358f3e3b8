"""The calendar feed can be turned off from Settings (a box to tick): its address stops working
at once, Settings says when it was turned off, and a new address can be made again later.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re

from tests.web.conftest import client_for, csrf_of, read


def _feed(client, csrf) -> str:
    page = client.post("/settings/calendar-feed", data={"csrf": csrf}).text
    url = re.search(r'id="feed-url" value="([^"]+)"', page).group(1)
    return re.search(r"/calendar/([^/]+)\.ics$", url).group(1)


def test_turning_the_feed_off_stops_its_address(client, csrf, db_url):
    token = _feed(client, csrf)
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 200
    settings = client.get("/settings").text
    assert "A feed address was made on" in settings and "Turn the feed off" in settings
    done = client.post("/settings/calendar-feed/off", data={"csrf": csrf_of(settings), "confirm": "yes"},
                       follow_redirects=True)
    assert "Turned the calendar feed off: its address no longer works." in done.text
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 404
    assert "The calendar feed was turned off on" in done.text and "Turn the feed off" not in done.text
    stored = read(db_url, lambda tx: tx.get_state("web.calendar_feed"))
    assert "sha256" not in stored
    again = _feed(client, csrf_of(done.text))  # subscribing again works with a new address
    assert client_for(client.app).get(f"/calendar/{again}.ics").status_code == 200
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 404


def test_without_the_box_ticked_nothing_is_turned_off(client, csrf):
    token = _feed(client, csrf)
    refused = client.post("/settings/calendar-feed/off", data={"csrf": csrf}, follow_redirects=True)
    assert "Not turned off: tick the box to turn the calendar feed off." in refused.text
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 200


def test_with_no_feed_there_is_nothing_to_turn_off(client, csrf):
    assert "Turn the feed off" not in client.get("/settings").text
    said = client.post("/settings/calendar-feed/off", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert "There is no calendar feed to turn off; nothing changed." in said.text
