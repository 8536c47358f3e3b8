"""Any text can be reviewed: no crash, offsets inside the text, stable docs and caches."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.reviewer import KINDS, ReviewContext, review
from afterview.reviewer.catalogue import markdown

ROOT = Path(__file__).resolve().parents[2]
WORDS = st.sampled_from(
    ["Hi", "Dear", "Priya,", "Tom", "thank", "you", "[Name]", "{{x}}", "Contoso", "!!", ":)", "REALLY",
     "need", "this", "job", "did", "I", "get", "lol", "recieve", "salary", "\n", "\n\n", "Best,",
     "İstanbul", "ß", "\u2019", "café", "-", "...", "$100k", "https://x.example/a", "a@b.example"]
)
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=st.one_of(st.none(), st.text(max_size=80)), body=TEXT, kind=st.sampled_from([None, *KINDS]),
       sibling=TEXT)
def test_any_text_reviews_with_offsets_inside(subject, body, kind, sibling):
    end = datetime(2026, 11, 12, 16, tzinfo=timezone.utc)
    context = ReviewContext(kind=kind, recipient_name="Priya Raman", company="Northwind Logistics",
                            other_companies=["Contoso Bank"], details=["Kafka migration"], siblings=[sibling],
                            send_at=end + timedelta(minutes=30), interview_end=end, recipient_country="US",
                            recipient_timezone="America/New_York")
    for finding in review(subject, body, context):
        text = subject if finding.field == "subject" else body
        assert finding.severity in ("error", "warning", "info")
        if finding.start is not None:
            assert 0 <= finding.start <= finding.end <= len(text)


def test_lint_codes_doc_is_current():
    assert (ROOT / "docs" / "lint-codes.md").read_text("utf-8") == markdown(), (
        "regenerate: .venv/bin/python -c \"from afterview.reviewer.catalogue import markdown; "
        "open('docs/lint-codes.md','w').write(markdown())\""
    )


def test_dictionary_cache_is_built_and_survives_damage(afterview_home):
    from afterview.reviewer.rules import spelling

    spelling._dictionary.cache_clear()
    spelling.is_word.cache_clear()
    assert spelling.is_word("colour")
    cached = list((afterview_home / "cache").glob("spelling-*.marshal"))
    assert len(cached) == 1
    cached[0].write_bytes(b"\x00 not marshal data")
    spelling._dictionary.cache_clear()
    spelling.is_word.cache_clear()
    assert spelling.is_word("organisation") and not spelling.is_word("recieve")


def test_dictionary_works_without_a_writable_cache(afterview_home, monkeypatch):
    from afterview.reviewer.rules import spelling

    (afterview_home / "cache").write_text("a file where the folder should be")
    spelling._dictionary.cache_clear()
    spelling.is_word.cache_clear()
    assert spelling.is_word("programme")


def test_a_plugin_rule_can_register():
    from afterview.reviewer import engine, register

    def shouting_subject(data):
        if data.subject and data.subject.endswith("?"):
            yield data.find("subject", "a question as a subject", 0, len(data.subject), field="subject")

    before = list(engine.CHECKS)
    register(("subject",), shouting_subject)
    try:
        codes = [f.message for f in review("Any news?", "Hi Priya,\n\nThanks.", ReviewContext())]
        assert "a question as a subject" in codes
    finally:
        engine.CHECKS[:] = before


def test_phrase_prefilter_never_hides_a_match(monkeypatch):
    """Every phrase's `needs` words are really needed: same findings with and without them."""
    from afterview.reviewer.rules import phrases
    from tests.reviewer.quality import load_cases
    from tests.reviewer.test_rules import GOOD_THANKS

    texts = [(c.subject, c.body, c.context) for c in load_cases()]
    sentences = Path(__file__).with_name("test_rules.py").read_text("utf-8")
    quoted = [line.split('"')[1] for line in sentences.splitlines() if line.strip().startswith('("')]
    for kind in ("thank_you", "rejection_reply", "status_check"):
        texts += [(None, GOOD_THANKS.replace("Thanks again", q + " Thanks again"), ReviewContext(kind=kind))
                  for q in quoted]

    def run():
        return [[(f.code, f.field, f.start, f.end) for f in review(*t)] for t in texts]

    with_filter = run()
    monkeypatch.setattr(phrases, "PREFILTER", False)
    assert run() == with_filter
