"""A rewriter's answer that starts with a `Subject:` line (as a model writing a whole mail does)
was saved with that line as the body's first, and nothing flagged it: the line is left out, the
draft keeps its subject. And the rewriter's settings errors name the config file read."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, apply_rewrite, compose, rewriter_from_config
from afterview.errors import ConfigError, InvalidInput
from tests.composer.helpers import K, TEMPLATES, panel_facts


class WithSubject:
    def __init__(self, head: str):
        self.head = head

    def rewrite(self, draft, instructions):
        return self.head + draft.body.replace("I look forward to", "I am looking forward to")


@pytest.fixture
def setting():
    facts = panel_facts()
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    return facts, compose(facts, request, "warm", TEMPLATES)


@pytest.mark.parametrize("head", [
    "Subject: Thank you - Senior Data Engineer interview\n\n",
    "subject:Thanks again\n",
    "\n  SUBJECT : A new subject line\n\n\n",
])
def test_a_subject_line_before_the_body_is_left_out(setting, head):
    facts, draft = setting
    text = apply_rewrite(WithSubject(head), draft, "warmer", facts)
    assert "subject" not in text.splitlines()[0].lower()
    assert text.startswith(draft.body.split("\n", 1)[0])  # the greeting opens the body again
    assert "I am looking forward to" in text


def test_subject_in_the_middle_of_the_body_stays(setting):
    facts, draft = setting
    greeting, rest = draft.body.split("\n\n", 1)
    rewriter = WithSubject("")
    rewriter.rewrite = lambda d, i: greeting + "\n\nSubject: our talk on streaming.\n\n" + rest
    assert "Subject: our talk on streaming." in apply_rewrite(rewriter, draft, "x", facts)


def test_only_a_subject_is_nothing(setting):
    facts, draft = setting
    only = WithSubject("")
    only.rewrite = lambda d, i: "Subject: Hello\n"
    with pytest.raises(InvalidInput, match="the rewriter returned nothing"):
        apply_rewrite(only, draft, "x", facts)


def test_the_openai_rewriter_names_the_file_read(monkeypatch):
    with pytest.raises(ConfigError) as err:
        rewriter_from_config({"rewriter": "openai", "model": "m"}, "/home/me/config.toml")
    assert str(err.value) == '/home/me/config.toml: [composer] rewriter = "openai" needs base_url and model'
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(ConfigError) as err:
        rewriter_from_config({"rewriter": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m",
                              "api_key_env": "NO_SUCH_KEY_VAR"}, "/home/me/config.toml")
    assert str(err.value) == "/home/me/config.toml: [composer] api_key_env: $NO_SUCH_KEY_VAR is not set"
