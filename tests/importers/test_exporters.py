"""CSV and vCard exports: escaping, folding, formula injection."""

import csv
import io
from datetime import datetime, timezone

from afterview.domain.model import Company, ConnectionState, Opportunity, OpportunityStatus, Person
from afterview.exporters.csv_export import safe, write_opportunities, write_people
from afterview.exporters.vcard import card, escape, fold, split_name


def test_formula_cells_are_neutralised():
    assert safe("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert safe("+49 30 1234") == "'+49 30 1234"
    assert safe("@Acme") == "'@Acme"
    assert safe("Acme") == "Acme" and safe(None) == ""


def test_people_csv_quotes_and_dates_in_the_users_zone():
    out = io.StringIO()
    acme = Company(id=1, name="Acme, Inc.")
    person = Person(
        id=7, name="=cmd|' /C calc'!A0", emails=["a@acme.com", "b@acme.com"], company_id=1,
        connection=ConnectionState.CONNECTED, connected_at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc),
        notes="line one\nline two", tags=["climbing", "rust"], greet_as="Ché",
    )
    assert write_people(out, [person], {1: acme}, tz="Europe/Berlin") == 1
    assert out.getvalue().endswith("\r\n")
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    record = dict(zip(header, row))
    assert record["Name"] == "'=cmd|' /C calc'!A0"
    assert record["Greet As"] == "Ché"  # the name a note greets them by, when it is not the first word
    assert record["Email"] == "a@acme.com" and record["Other Emails"] == "b@acme.com"
    assert record["Company"] == "Acme, Inc."
    assert record["Connected On"] == "2026-03-02"  # 23:30 UTC is the next day in Berlin
    assert record["Notes"] == "line one\nline two" and record["Tags"] == "climbing; rust"


def test_opportunities_csv_has_importable_headers():
    out = io.StringIO()
    opportunity = Opportunity(id=3, company_id=1, role="Engineer", status=OpportunityStatus.NO_RESPONSE)
    write_opportunities(out, [opportunity], {1: Company(id=1, name="Acme")}, [Person(name="Jo", company_id=1)])
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header[:4] == ["Id", "Company", "Role", "Status"]
    assert row[1:4] == ["Acme", "Engineer", "no-response"] and row[8] == "Jo"


def test_vcard_escaping():
    assert escape("a,b;c\\d\ne") == "a\\,b;c\\\\d\\ne"
    assert escape("a;b", compound=True) == "a\\;b"


def test_vcard_folding_keeps_utf8_characters_whole():
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert "".join(parts) == line
    assert fold("FN:short") == "FN:short"


def test_split_name_with_particles():
    assert split_name("Jane Q. Doe") == ("Doe", "Jane Q.")
    assert split_name("Ana de la Cruz") == ("de la Cruz", "Ana")
    assert split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig")
    assert split_name("Cher") == ("Cher", "")


def test_card_is_rfc6350_shaped():
    person = Person(
        id=1, name="Renée O'Neil", emails=["r@acme.com", "renee@gmail.com"], title="VP, Engineering",
        linkedin_url="https://www.linkedin.com/in/renee", timezone="Europe/Paris", tags=["a,b", "c"],
        notes="Met at the panel; likes climbing\nSend the paper",
    )
    text = card(person, Company(id=1, name="Acme; Labs"))
    lines = text.split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"] and lines[-2:] == ["END:VCARD", ""]
    assert lines[2].startswith("UID:urn:uuid:")
    assert "FN:Renée O'Neil" in lines and "N:O'Neil;Renée;;;" in lines
    assert "EMAIL;PREF=1:r@acme.com" in lines and "EMAIL:renee@gmail.com" in lines
    assert "ORG:Acme\\; Labs" in lines and "TITLE:VP\\, Engineering" in lines
    assert "TZ;VALUE=text:Europe/Paris" in lines and "CATEGORIES:a\\,b,c" in lines
    assert "NOTE:Met at the panel; likes climbing\\nSend the paper" in lines
    assert card(person) == card(person)  # stable UID


def test_vcards_read_back_with_an_independent_parser():
    """vobject, a separate implementation, reads back every value as it was."""
    import vobject

    person = Person(
        id=2, name="Ana de la Cruz " + "Ló" * 40, emails=["z@x.org", "y@x.org"], title="VP, Eng",
        notes="a, b; c\nd", tags=["a,b", "c"],
    )
    text = card(person, Company(id=1, name="Acme; Labs, Inc.")) + card(Person(id=3, name="Cher"))
    first, second = list(vobject.readComponents(text))
    assert first.version.value == "4.0"
    assert first.fn.value == person.name
    assert first.n.value.family == "Ló" * 40 and first.n.value.given == "Ana de la Cruz"
    assert [e.value for e in first.email_list] == ["z@x.org", "y@x.org"]
    assert first.org.value == ["Acme; Labs, Inc."]
    assert first.title.value == "VP, Eng" and first.note.value == "a, b; c\nd"
    assert first.categories.value == ["a,b", "c"]
    assert second.fn.value == "Cher"
