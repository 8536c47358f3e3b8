"""`afterview lint`: exit statuses, --json shape and offsets, headers, .eml, stdin, errors."""

import io
import json
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from afterview.interfaces.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"

GOOD = (CORPUS / "good-ty-northwind-priya.txt").read_text()
CONTEXT = ["--kind", "thank_you", "--company", "Northwind Logistics", "--role", "Senior Data Engineer",
           "--other-company", "Contoso Bank"]


def run(argv, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with pytest.raises(SystemExit) as done:
        main(["lint", *argv])
    out, err = capsys.readouterr()
    return done.value.code, out, err


@pytest.fixture
def note(tmp_path):
    def write(text: str, name: str = "note.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_clean_file_exits_0(note, capsys):
    code, out, err = run([note(GOOD), *CONTEXT], capsys)
    assert code == 0, out + err
    assert "no problems found" in out


def test_errors_exit_1_and_json_shape(note, capsys):
    text = GOOD.replace("Hi Priya,", "Hi Tom,")
    path = note(text)
    code, out, err = run([path, "--json", *CONTEXT], capsys)
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["findings"]
    for item in data["findings"]:
        assert list(item) == ["code", "severity", "message", "start", "end", "suggestion"]
    wrong = next(i for i in data["findings"] if i["code"] == "wrong-name")
    assert text[wrong["start"]:wrong["end"]] == "Tom"  # offsets into the whole file, headers included
    assert err.strip().count("\n") == 0


def test_errors_are_counted_once_in_the_summary(note, capsys):
    # the summary line says how many; no second "afterview: error: N error-level findings" line
    path = note(GOOD.replace("Hi Priya,", "Hi Tom,"))
    code, out, err = run([path, *CONTEXT], capsys)
    assert code == 1
    assert out.splitlines()[-1] == "1 error"
    assert err == ""
    assert sum("error" in line and "[" not in line for line in (out + err).splitlines()) == 1
    code, out, err = run([path, "--json", *CONTEXT], capsys)
    assert code == 1 and json.loads(out)["findings"] and err == ""  # the JSON itself says it

def test_to_header_gives_the_recipient(note, capsys):
    path = note(GOOD.replace("Hi Priya,", "Hi Tom,"))
    code, out, _ = run([path, "--json"], capsys)
    assert "wrong-name" in {i["code"] for i in json.loads(out)["findings"]}
    code, out, _ = run([path, "--json", "--to", "Tom Becker"], capsys)
    assert "wrong-name" not in {i["code"] for i in json.loads(out)["findings"]}


def test_subject_offsets(note, capsys):
    text = "Subject: hey\nTo: Priya Raman <p@x.example>\n\n" + GOOD.split("\n\n", 1)[1]
    code, out, _ = run([note(text), "--json"], capsys)
    subject = next(i for i in json.loads(out)["findings"] if i["code"] == "subject")
    assert text[subject["start"]:subject["end"]] == "hey"


def test_warning_only_exits_0(note, capsys):
    code, out, _ = run([note(GOOD.replace("Thanks again", "I hope this email finds you well. Thanks again")), *CONTEXT], capsys)
    assert code == 0
    assert "[cliche]" in out


def test_stdin(capsys, monkeypatch):
    code, out, _ = run(["-", "--json", *CONTEXT], capsys, stdin=GOOD.replace("Hi Priya,", "Hi Tom,").encode(), monkeypatch=monkeypatch)
    assert code == 1
    assert "wrong-name" in {i["code"] for i in json.loads(out)["findings"]}


def test_eml(tmp_path, capsys):
    message = EmailMessage()
    message["Subject"] = "Thank you - Senior Data Engineer interview"
    message["To"] = "Priya Raman <priya@northwind.example>"
    message.set_content(GOOD.split("\n\n", 1)[1].replace("Hi Priya,", "Hi Tom,"), cte="8bit")
    path = tmp_path / "note.eml"
    path.write_bytes(bytes(message))
    code, out, _ = run([str(path), "--json", *CONTEXT], capsys)
    assert code == 1
    wrong = next(i for i in json.loads(out)["findings"] if i["code"] == "wrong-name")
    assert path.read_text()[wrong["start"]:wrong["end"]] == "Tom"


def test_linkedin_and_siblings(note, capsys):
    long_note = "Hi Priya, thank you for the talk about the Kafka migration at Northwind. " * 4
    code, out, _ = run([note(long_note), "--json", "--kind", "linkedin_note", "--channel", "linkedin"], capsys)
    assert code == 1 and "linkedin-limit" in out
    code, out, _ = run([note(long_note), "--json", "--kind", "linkedin_note", "--linkedin-limit", "400"], capsys)
    assert "linkedin-limit" not in out
    sibling = note(GOOD.replace("Hi Priya,", "Hi Tom,"), "tom.txt")
    code, out, _ = run([note(GOOD), "--json", "--sibling", sibling, *CONTEXT], capsys)
    assert code == 1 and "near-duplicate" in out


def test_details_and_timing(note, capsys):
    argv = [note(GOOD), "--json", *CONTEXT, "--detail", "legacy Oracle jobs",
            "--send-at", "2026-11-12T16:20-08:00", "--interview-end", "2026-11-12T16:00-08:00"]
    code, out, _ = run(argv, capsys)
    found = {i["code"] for i in json.loads(out)["findings"]}
    assert {"no-specific", "timing"} <= found
    timing = next(i for i in json.loads(out)["findings"] if i["code"] == "timing")
    assert timing["start"] is None and timing["end"] is None


def test_personal_dictionary(note, capsys, afterview_home):
    path = note(GOOD.replace("Thanks again", "The flinkster jobs interest me. Thanks again"))
    code, out, _ = run([path, *CONTEXT], capsys)
    assert "[spelling]" in out
    (afterview_home / "personal-dictionary.txt").write_text("# mine\nflinkster\n")
    code, out, _ = run([path, *CONTEXT], capsys)
    assert "[spelling]" not in out


def test_config_turns_rules_off(note, capsys, afterview_home):
    path = note(GOOD.replace("Thanks again", "It was fun :) Thanks again"))
    assert run([path, *CONTEXT], capsys)[0] == 1
    (afterview_home / "config.toml").write_text('[lint]\ndisable = ["emoji"]\n')
    assert run([path, *CONTEXT], capsys)[0] == 0


def test_bad_config_is_one_line(note, capsys, afterview_home):
    (afterview_home / "config.toml").write_text('[lint]\ndisable = ["emojii"]\n')
    code, out, err = run([note(GOOD)], capsys)
    assert code == 2
    assert "config.toml" in err and "emojii" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv, words",
    [
        (["/no/such/file.txt"], ["no such file"]),
        (["NOTE", "--kind", "memo"], ["--kind", "memo"]),
        (["NOTE", "--channel", "fax"], ["--channel", "fax"]),
        (["NOTE", "--send-at", "not a date"], ["--send-at"]),
        (["NOTE", "--interview-end", "2026-13-45"], ["--interview-end"]),
        (["NOTE", "--linkedin-limit", "many"], ["--linkedin-limit"]),
        (["NOTE", "--sibling", "/no/such/sibling.txt"], ["sibling.txt"]),
        (["--explain", "nope"], ["nope"]),
        (["NOTE", "--list"], ["--list"]),
        (["NOTE", "--draft", "3"], ["--draft"]),
    ],
)
def test_bad_usage_exits_2_with_one_line(argv, words, note, capsys):
    path = note(GOOD)
    code, out, err = run([path if a == "NOTE" else a for a in argv], capsys)
    assert code == 2
    assert err.startswith("afterview: error: ") and err.count("\n") == 1
    for word in words:
        assert word in err


def test_unreadable_and_binary_files(tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run([str(folder)], capsys)
    assert code == 2 and err.count("\n") == 1
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run([str(binary)], capsys)
    assert code == 2 and "UTF-8" in err


def test_explain_and_list(capsys):
    code, out, _ = run(["--explain", "near-duplicate"], capsys)
    assert code == 0
    for word in ("near-duplicate [error]", "Why:", "Source:", "Fix:"):
        assert word in out
    code, out, _ = run(["--list"], capsys)
    assert code == 0
    from afterview.reviewer import RULES

    for rule in RULES.values():
        assert rule.code in out
    code, out, _ = run(["--list", "--json"], capsys)
    assert len(json.loads(out)["codes"]) == len(RULES)


def test_real_command_has_no_traceback(tmp_path):
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path)}
    binary = ROOT / ".venv" / "bin" / "afterview"
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "afterview"]
    done = subprocess.run([*command, "lint", "--kind", "memo", str(CORPUS / "good-ty-northwind-priya.txt")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    done = subprocess.run([*command, "lint", str(CORPUS / "bad-07-wrong-name-early.txt"), "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and json.loads(done.stdout)["findings"]


def test_draft_from_the_database(capsys, afterview_home):
    from datetime import datetime, timedelta, timezone

    from afterview.config import database_url, load_config, paths
    from afterview.domain.model import (Company, Interview, Message, MessageKind, Opportunity, Participant,
                                        Person, Debrief)
    from afterview.storage import open_store

    end = datetime(2026, 11, 12, 17, 0, tzinfo=timezone.utc)
    store = open_store(database_url(None, load_config(), paths()))
    with store.transaction() as tx:
        northwind = tx.add(Company(name="Northwind Logistics"))
        contoso = tx.add(Company(name="Contoso Bank"))
        tx.add(Opportunity(company_id=contoso.id, role="Data Analyst"))  # in the pipeline: a wrong company
        role = tx.add(Opportunity(company_id=northwind.id, role="Senior Data Engineer"))
        priya = tx.add(Person(name="Priya Raman", company_id=northwind.id))
        tom = tx.add(Person(name="Tom Becker", company_id=northwind.id))
        interview = tx.add(Interview(opportunity_id=role.id, start=end - timedelta(hours=2), end=end,
                                     timezone="UTC", participants=[Participant(person_id=priya.id),
                                                                   Participant(person_id=tom.id)]))
        tx.add(Debrief(interview_id=interview.id, person_id=priya.id, topics=["Kafka migration"]))
        body = GOOD.split("\n\n", 1)[1]
        to_priya = tx.add(Message(kind=MessageKind.THANK_YOU, person_id=priya.id, opportunity_id=role.id,
                                  interview_id=interview.id, subject="Thank you - Senior Data Engineer interview",
                                  body=body.replace("Contour Freight", "Contoso Bank"),
                                  scheduled_at=end + timedelta(minutes=15)))
        tx.add(Message(kind=MessageKind.THANK_YOU, person_id=tom.id, opportunity_id=role.id,
                       interview_id=interview.id, subject="Thank you", body=body.replace("Hi Priya,", "Hi Tom,")))
    code, out, err = run(["--draft", str(to_priya.id), "--json"], capsys)
    assert code == 1, err
    items = json.loads(out)["findings"]
    found = {i["code"] for i in items}
    assert {"wrong-company", "near-duplicate", "timing"} <= found
    text = f"Subject: {to_priya.subject}\n\n{to_priya.body}"
    company = next(i for i in items if i["code"] == "wrong-company")
    assert text[company["start"]:company["end"]] == "Contoso Bank"
    code, _, err = run(["--draft", "999"], capsys)
    assert code == 2 and err.count("\n") == 1
