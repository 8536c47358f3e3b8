"""`strength` and `news` when there is none (docs/templates.md, Variables): false, with every
documented attribute empty, so that a template of your own may write `{{ strength.title }}` as
well as `{% if strength %}`. It stopped drafting with "unknown variable: 'dict object' has no
attribute 'title'"."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.templates import relative_name
from afterview.domain.model import NewsKind
from tests.composer.helpers import K, panel_facts

STRENGTH = ("title", "detail", "link", "day")
NEWS = ("title", "detail", "link", "kind", "day", "happened_on", "match", "discussed", "theirs", "company",
        "names_company")


def _template(folder, name: str, body: str) -> TemplateSet:
    path = folder / relative_name(name, "warm")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Subject: Hello\n\n" + body + "\n", encoding="utf-8")
    return TemplateSet(folder)


def _line(variable: str, names: tuple[str, ...]) -> str:
    shown = "|".join(f"{{{{ {variable}.{name} }}}}" for name in names)
    return f"<{shown}>{{% if {variable} %}}SOME{{% else %}}NONE{{% endif %}}"


def test_no_strength_is_false_with_every_attribute_empty(tmp_path):
    facts = panel_facts()
    facts.news = [n for n in facts.news if n.kind is not NewsKind.ACHIEVEMENT]  # no achievement at all
    templates = _template(tmp_path, "thank_you", _line("strength", STRENGTH))
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                    "warm", templates)
    assert draft.body.strip() == "<" + "|" * (len(STRENGTH) - 1) + ">NONE"


def test_a_strength_that_matters_is_still_given(tmp_path):
    templates = _template(tmp_path, "thank_you", _line("strength", ("title",)))
    draft = compose(panel_facts(), DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                    "warm", templates)
    assert draft.body.strip() == "<Passed the Confluent Certified Developer for Apache Kafka exam>SOME"


@pytest.mark.parametrize("kind", [K.THANK_YOU, K.REJECTION_REPLY])
def test_no_news_item_is_false_with_every_attribute_empty(tmp_path, kind):
    templates = _template(tmp_path, kind.value, _line("news", NEWS))
    draft = compose(panel_facts(), DraftRequest(kind=kind, person_id=1, opportunity_id=1,
                                                interview_id=1 if kind is K.THANK_YOU else None),
                    "warm", templates)
    assert draft.body.strip() == "<" + "|" * (len(NEWS) - 1) + ">NONE"
