"""Out-of-office replies in Portuguese and Japanese: a Portuguese one ("Resposta automática",
"estarei ausente até 9 de dezembro") gives its return date, as the other languages' do; a Japanese
one ("自動返信", "12月11日まで不在にしております") is an automatic reply with its return date, not a
real reply to review, which would stop the follow-ups (found by a tester)."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.delivery import inbound
from afterview.delivery.autoreply import return_date
from afterview.domain.model import InboundKind

from tests.delivery.test_replies_european import message

TODAY = date(2026, 11, 28)


def read(raw: bytes) -> inbound.Classified:
    return inbound.classify(raw, today=TODAY)


def test_a_portuguese_out_of_office_gives_its_return_date():
    item = read(message("Olá,\n\nObrigado pela sua mensagem. Estarei ausente até 9 de dezembro, com acesso "
                        "limitado ao e-mail.\n\nCumprimentos,\nJoão",
                        sender="João Silva <joao.silva@lisboa.example>",
                        subject="Resposta automática: Thank you - Data Engineer interview"))
    assert item.inbound_kind == InboundKind.AUTO_REPLY
    assert item.return_date == date(2026, 12, 9)


@pytest.mark.parametrize("text, back", [
    ("Estou de férias e regressarei a 14 de dezembro de 2026.", date(2026, 12, 14)),
    ("Estarei fora do escritório até 11/12.", date(2026, 12, 11)),
    ("Estou ausente ate 7 de janeiro.", date(2027, 1, 7)),  # written without its accents
    ("Estarei de volta em 3 de fevereiro.", date(2027, 2, 3)),
])
def test_portuguese_return_dates(text, back):
    assert return_date(text, TODAY) == back


def test_out_is_no_month_in_english():
    assert return_date("I am out 3 days this week, back on Dec 4", TODAY) == date(2026, 12, 4)


@pytest.mark.parametrize("subject", ["自動返信", "【自動返信】Re: Thank you - Data Engineer interview",
                                     "不在通知: Re: Thank you", "Re: Thank you [自動応答]"])
def test_a_japanese_automatic_reply_is_one(subject):
    item = read(message("お問い合わせありがとうございます。\n12月11日まで不在にしております。\n戻り次第ご連絡いたします。",
                        sender="Sato Yuki <yuki.sato@tokyo.example>", subject=subject))
    assert item.inbound_kind == InboundKind.AUTO_REPLY
    assert item.return_date == date(2026, 12, 11)


@pytest.mark.parametrize("text, back", [
    ("2026年12月11日（金）まで休暇をいただいております。", date(2026, 12, 11)),
    ("12月1日から12月11日まで不在です。12月14日より出社いたします。", date(2026, 12, 14)),
    ("１２月１０日まで不在にしております。", date(2026, 12, 10)),  # full-width digits
])
def test_japanese_return_dates(text, back):
    assert return_date(text, TODAY) == back


def test_a_japanese_reply_that_is_no_automatic_one_is_still_to_review():
    item = read(message("面接ありがとうございました。社内で検討いたします。",
                        sender="Sato Yuki <yuki.sato@tokyo.example>", subject="Re: 面接のお礼"))
    assert item.inbound_kind == InboundKind.REPLY
