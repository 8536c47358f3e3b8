"""Properties over generated input: what goes out comes back, whatever the text."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.model import Company, Person
from afterview.exporters.csv_export import write_people
from afterview.exporters.vcard import card, fold
from afterview.importers.names import company_key, person_key
from afterview.importers.tracker import parse_status

# Printable text with the characters that need escaping, accents, and newlines.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r") | st.sampled_from(",;\\\n:\"'="),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=150, deadline=None)
@given(line=st.text(min_size=0, max_size=300))
def test_fold_never_splits_characters_and_unfolds_back(line):
    folded = fold("NOTE:" + line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert "".join(parts) == "NOTE:" + line


@settings(max_examples=100, deadline=None)
@given(name=text, title=text, note=text, company=text)
def test_vcard_values_read_back_unchanged(name, title, note, company):
    import vobject

    person = Person(id=1, name=name, title=title, notes=note, emails=["a@b.org"])
    [parsed] = list(vobject.readComponents(card(person, Company(id=1, name=company))))
    assert parsed.fn.value == name
    assert parsed.title.value == title
    assert parsed.note.value == note
    assert parsed.org.value == [company]


@settings(max_examples=100, deadline=None)
@given(name=text, notes=text)
def test_people_csv_reads_back(name, notes):
    out = io.StringIO()
    write_people(out, [Person(id=1, name=name, notes=notes)], {})
    header, row = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    record = dict(zip(header, row))
    def shown(value):  # a would-be formula is shown as text
        return "'" + value if value.startswith(("=", "+", "-", "@")) else value

    assert record["Name"] == shown(name)
    assert record["Notes"] == shown(notes)


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=40))
def test_keys_and_statuses_never_fail(value):
    assert isinstance(company_key(value), str)
    assert person_key(value) == person_key(" ".join(reversed(value.split())))
    assert parse_status(value) in {"", "applied", "interviewing", "offer", "accepted", "rejected", "withdrawn", "no-response"}
