"""Templates: the built-in set, user overrides, and precise errors for broken user files."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.draft import TEMPLATE_NAMES, TONES
from afterview.composer.templates import BUILTIN_DIR, relative_name, split_subject, tidy
from afterview.errors import ConfigError, NotFound
from tests.composer.helpers import K, panel_facts


def thank_you(templates, tone="warm"):
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    return compose(panel_facts(), request, tone, templates)


def write(folder, name, tone, text):
    path = folder / relative_name(name, tone)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_builtin_template_exists_and_compiles():
    templates = TemplateSet(None)
    assert templates.check() == []
    assert {(i.name, i.tone) for i in templates.list()} == {(n, t) for n in TEMPLATE_NAMES for t in TONES}
    for name in TEMPLATE_NAMES:
        for tone in TONES:
            assert (BUILTIN_DIR / relative_name(name, tone)).is_file()


def test_a_user_file_overrides_only_its_own_template(tmp_path):
    write(tmp_path, "thank_you", "warm",
          "Subject: Thanks, {{ recipient.first_name }}\n\nDear {{ recipient.name }},\n\n{{ topic }}\n\n{{ me.signature }}\n")
    templates = TemplateSet(tmp_path)
    assert templates.is_overridden("thank_you", "warm")
    assert not templates.is_overridden("thank_you", "formal")
    custom = thank_you(templates)
    assert custom.subject == "Thanks, Priya"
    assert custom.body.startswith("Dear Priya Raman,\n\nmoving the nightly batch jobs to streaming")
    assert thank_you(templates, "formal").subject == "Thank you - Senior Data Engineer interview"


def test_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, "thank_you", "warm", "Subject: Hi\n\nHi {{ recipient.name },\n\n{% if topic %}x\n")
    with pytest.raises(ConfigError) as err:
        thank_you(TemplateSet(tmp_path))
    assert str(err.value).startswith(f"{path}:3: template syntax error")


def test_unclosed_block_names_file_and_line(tmp_path):
    path = write(tmp_path, "thank_you", "warm", "Subject: Hi\n\nline two\n{% if topic %}\nno end\n")
    with pytest.raises(ConfigError, match=rf"^{path}:\d+: template syntax error"):
        thank_you(TemplateSet(tmp_path))


def test_unknown_variable_names_file_and_line_even_in_an_untaken_branch(tmp_path):
    path = write(tmp_path, "thank_you", "warm",
                 "Subject: Hi\n\nHi,\n{% if false %}\n{{ interviewer_name }}\n{% endif %}\n")
    with pytest.raises(ConfigError) as err:
        thank_you(TemplateSet(tmp_path))
    assert str(err.value).startswith(f"{path}:5: unknown variable 'interviewer_name'")


def test_unknown_attribute_names_file_and_line(tmp_path):
    path = write(tmp_path, "thank_you", "warm", "Subject: Hi\n\nHi,\n\n{{ recipient.nickname }}\n")
    with pytest.raises(ConfigError) as err:
        thank_you(TemplateSet(tmp_path))
    assert str(err.value).startswith(f"{path}:5: unknown field 'nickname' of 'recipient'")


def test_a_broken_user_template_never_falls_back_to_the_builtin(tmp_path):
    write(tmp_path, "thank_you", "warm", "{{ nope }}")
    templates = TemplateSet(tmp_path)
    with pytest.raises(ConfigError):
        thank_you(templates)
    assert any("nope" in p for p in templates.check())


def test_the_sandbox_refuses_python_internals(tmp_path):
    path = write(tmp_path, "thank_you", "warm", "Subject: x\n\n{{ role.__class__.__mro__ }}\n")
    with pytest.raises(ConfigError, match=rf"^{path}:3:"):
        thank_you(TemplateSet(tmp_path))


def test_unused_user_files_are_reported(tmp_path):
    write(tmp_path, "thank_yuo", "warm", "x")
    assert [p.name for p in TemplateSet(tmp_path).unknown_user_files()] == ["thank_yuo.txt.j2"]


def test_unknown_names_and_tones():
    with pytest.raises(NotFound, match="unknown template"):
        TemplateSet(None).source("love_letter", "warm")
    with pytest.raises(NotFound, match="unknown tone"):
        TemplateSet(None).source("thank_you", "snarky")


def test_subject_line_and_tidy_text():
    rendered = split_subject(tidy("Subject:  Hello there \n\n\n\nHi  Dana ,\n\n\nBody .  \n"))
    assert rendered.subject == "Hello there"
    assert rendered.body == "Hi Dana,\n\nBody."
    assert split_subject("Hi,\n\nno subject").subject == ""
