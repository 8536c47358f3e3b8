"""Two desks on one machine (two databases, two ports) stay logged in side by side.

Found by a tester: browsers keep one set of cookies per host whatever the port, and the session
cookie was always `afterview_session`, so logging in to the second desk logged the first one
out. The cookie's name now carries the port; it keeps HttpOnly, SameSite=Strict and Path=/.

Two desks served for real (uvicorn, 127.0.0.1, two free ports) and one client with one cookie
jar, which, as a browser does, keeps cookies by host and not by port.
"""

from __future__ import annotations

import httpx

from tests.web.conftest import csrf_of
from tests.web.live import serve


def test_two_desks_on_two_ports_share_a_cookie_jar_without_logging_each_other_out(tmp_path):
    with serve(f"sqlite:///{tmp_path / 'first.db'}") as first, serve(f"sqlite:///{tmp_path / 'second.db'}") as second:
        with httpx.Client(follow_redirects=False, timeout=10) as browser:
            one = browser.get(first.login_url)
            assert one.status_code == 303
            port_one = first.url.rsplit(":", 1)[1]
            cookie = one.headers["set-cookie"]
            assert cookie.startswith(f"afterview_session_{port_one}=")
            assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {p.strip() for p in cookie.split(";")}
            assert browser.get(first.url + "/").status_code == 200
            two = browser.get(second.login_url)
            assert two.status_code == 303
            assert two.headers["set-cookie"].startswith(f"afterview_session_{second.url.rsplit(':', 1)[1]}=")
            assert len(browser.cookies.jar) == 2  # one jar, one cookie per desk
            assert browser.get(second.url + "/").status_code == 200
            assert browser.get(first.url + "/").status_code == 200  # still logged in
            # logging out of one desk leaves the other
            csrf = csrf_of(browser.get(second.url + "/").text)
            assert browser.post(second.url + "/logout", data={"csrf": csrf}).status_code == 200
            assert browser.get(second.url + "/").status_code == 401
            assert browser.get(first.url + "/").status_code == 200
