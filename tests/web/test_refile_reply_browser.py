"""*Filed under the wrong person?* in Debian's Chromium against the desk served for real, at
375 px: opened, typed in and sent from the keyboard, nothing scrolls sideways, axe-core finds
nothing (the box open, and in its error state), a refusal gets the focus and leads to its field,
which Chromium's accessibility tree names, describes and marks invalid, with the people near the
message in its list; then the reply moves, and its box under What came in on the person's and
the opportunity's page is as clean."""

from __future__ import annotations

from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW, read
from tests.web.live import wait_for_focus
from tests.web.test_accessibility_browser import axe_page, described, violations


def test_a_reply_is_refiled_from_the_keyboard_at_375px(browser, live, db_url):
    def add(tx):  # Marcus's reply, filed under Priya
        return tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=2), person_id=1,
                                opportunity_id=1, from_address="marcus.webb@contoso.example", subject="Re: Thanks",
                                summary="other: thanks, we will be in touch")).id

    record = read(db_url, add)
    live.app.state.desk.changed()
    context, page = axe_page(browser, live, 375)
    try:
        page.goto(f"{live.url}/")
        box = page.locator("details.refile")
        box.locator("summary").focus()
        page.keyboard.press("Enter")  # opened from the keyboard
        assert box.evaluate("d => d.open")
        width, client = page.evaluate("() => [document.documentElement.scrollWidth, "
                                      "document.documentElement.clientWidth]")
        assert width <= client, (width, client)
        assert violations(page) == []
        person = f"#mv-person-{record}"
        assert page.locator(person).input_value() == "marcus.webb@contoso.example"  # the address is Marcus's
        listed = page.locator(f"{person}-list option").evaluate_all("options => options.map(o => [o.value, o.label])")
        assert listed[:2] == [["marcus.webb@contoso.example", "Marcus Webb, Contoso Health"],
                              ["priya.raman@northwind.example", "Priya Raman, Northwind Analytics (filed under now)"]]
        page.locator(person).focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("Priya Raman")  # where it is already: refused
        page.keyboard.press("Tab")  # the opportunity
        page.keyboard.press("Tab")  # Move it
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert wait_for_focus(page, "#form-error")
        line = page.locator("#form-error").inner_text()
        assert line.startswith("Could not move the reply from marcus.webb@contoso.example: it is already filed under "
                               "Priya Raman"), line
        assert violations(page) == []
        page.get_by_role("link", name="Go to the field").click()
        assert wait_for_focus(page, person)
        said = described(page, person)
        assert said["name"] == "Whom it is from (the reply from Priya Raman)"
        assert said["invalid"] == "true"
        assert said["description"].startswith(line)
        assert "It came from marcus.webb@contoso.example" in said["description"]
        assert page.locator(person).input_value() == "Priya Raman"  # as typed
        page.locator(person).fill("")
        page.locator(person).press_sequentially("Marcus")  # his first name: the only Marcus
        with page.expect_navigation():
            page.locator(f"form[action='/replies/{record}/move'] button[type=submit]").press("Enter")
        assert page.locator(".flash-ok").first.inner_text().startswith(
            "Moved: the reply from marcus.webb@contoso.example is now filed under Marcus Webb")
        assert read(db_url, lambda tx: tx.get(m.Inbound, record).person_id) == 4
        for where in ("/people/4", "/opportunities/2"):  # under What came in, the same box
            page.goto(live.url + where)
            assert page.locator(f"form[action='/replies/{record}/move']").count() == 1
            assert violations(page) == []
            width, client = page.evaluate("() => [document.documentElement.scrollWidth, "
                                          "document.documentElement.clientWidth]")
            assert width <= client, (where, width, client)
    finally:
        context.close()
