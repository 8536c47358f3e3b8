"""The rewriter interface and its fact check: rephrasing passes, invented details do not."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, Rewriter, apply_rewrite, compose, fact_check, rewriter_from_config
from afterview.composer.rewriter import OpenAICompatible
from afterview.errors import ConfigError, InvalidInput
from tests.composer.helpers import K, TEMPLATES, panel_facts


class Inventing:
    """A rewriter that makes things up, as language models sometimes do."""

    def rewrite(self, draft, instructions):
        # added after the greeting, whichever wording the note has
        greeting, rest = draft.body.split("\n\n", 1)
        return (greeting + "\n\nWith my 12 years of experience, I was glad to hear of Acme's new Berlin office. "
                + rest)


class Rephrasing:
    """A rewriter that only rewords: every fact stays as recorded."""

    def rewrite(self, draft, instructions):
        return (draft.body.replace("Thank you for our conversation about", "Many thanks for our talk on")
                .replace("stayed with me afterwards", "has stayed on my mind")
                .replace("I look forward to", "I am looking forward to"))


@pytest.fixture
def setting():
    facts = panel_facts()
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    return facts, compose(facts, request, "warm", TEMPLATES)


def test_both_fakes_are_rewriters():
    assert isinstance(Inventing(), Rewriter) and isinstance(Rephrasing(), Rewriter)


def test_invented_details_are_rejected_with_the_offending_words(setting):
    facts, draft = setting
    rewritten = Inventing().rewrite(draft, "warmer")
    assert fact_check(draft, rewritten, facts) == ["12", "Acme", "Berlin"]  # in text order
    with pytest.raises(InvalidInput, match=r"rewrite rejected: .*12, Acme, Berlin"):
        apply_rewrite(Inventing(), draft, "warmer", facts)


def test_a_rephrasing_passes(setting):
    facts, draft = setting
    text = apply_rewrite(Rephrasing(), draft, "warmer", facts)
    assert "Many thanks for our talk on the Senior Data Engineer role" in text
    assert fact_check(draft, text, facts) == []


def test_names_from_the_facts_are_allowed_even_if_the_draft_lacked_them(setting):
    facts, draft = setting
    text = draft.body + "\nTom Becker mentioned Northwind Analytics too."
    assert fact_check(draft, text, facts) == []


def test_a_time_zone_is_not_a_place_to_mention(setting):
    facts, draft = setting  # the interview is in America/New_York
    assert fact_check(draft, draft.body + " I loved New York.", facts) == ["New", "York"]


def test_number_words_and_acronyms_are_checked(setting):
    facts, draft = setting
    assert fact_check(draft, draft.body + " I led three AWS migrations.", facts) == ["three", "AWS"]


def test_an_empty_rewrite_changes_nothing(setting):
    facts, draft = setting

    class Empty:
        def rewrite(self, draft, instructions):
            return "  "

    with pytest.raises(InvalidInput, match="returned nothing"):
        apply_rewrite(Empty(), draft, "x", facts)


def test_config_selects_a_rewriter(monkeypatch):
    assert rewriter_from_config({}) is None
    with pytest.raises(ConfigError, match="unknown rewriter 'gpt'"):
        rewriter_from_config({"rewriter": "gpt"})
    with pytest.raises(ConfigError, match="needs base_url and model"):
        rewriter_from_config({"rewriter": "openai"})
    with pytest.raises(ConfigError, match=r"\$AV_KEY is not set"):
        rewriter_from_config({"rewriter": "openai", "base_url": "http://x/v1", "model": "m", "api_key_env": "AV_KEY"})
    monkeypatch.setenv("AV_KEY", "k")
    chosen = rewriter_from_config({"rewriter": "openai", "base_url": "http://127.0.0.1:9/v1/", "model": "m",
                                   "api_key_env": "AV_KEY"})
    assert isinstance(chosen, OpenAICompatible) and chosen.base_url == "http://127.0.0.1:9/v1"


def test_openai_compatible_provider_against_a_local_server(setting):
    """A real HTTP round trip to a tiny chat-completions server on 127.0.0.1."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    facts, draft = setting
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen["path"] = self.path
            seen["auth"] = self.headers.get("Authorization")
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen["model"] = payload["model"]
            body = payload["messages"][-1]["content"].split("Message:\n", 1)[1]
            answer = {"choices": [{"message": {"content": body.replace("Hi Priya", "Hello Priya")}}]}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        provider = OpenAICompatible(f"http://127.0.0.1:{server.server_port}/v1", "local-model", "secret", 5)
        text = apply_rewrite(provider, draft, "friendlier", facts)
    finally:
        server.shutdown()
        server.server_close()
    assert text.startswith("Hello Priya,")
    assert seen == {"path": "/v1/chat/completions", "auth": "Bearer secret", "model": "local-model"}


def test_openai_compatible_provider_unreachable_is_a_one_line_error(setting):
    from afterview.errors import DeliveryError
    from tests.fixtures.util import free_port

    _, draft = setting
    provider = OpenAICompatible(f"http://127.0.0.1:{free_port()}/v1", "m", timeout=2)
    with pytest.raises(DeliveryError, match="rewriter at http://127.0.0.1"):
        provider.rewrite(draft, "x")
