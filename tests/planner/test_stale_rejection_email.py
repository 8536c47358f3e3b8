"""A rejection email you did not confirm, dated before an interview of the process that has
taken place since (old mail read by a new account's first sync, or one misplaced), is no longer
that process's answer: the thank-you for the later interview stays planned and no rejection
reply is planned. Confirmed, it counts (the status says it); one after the interview counts."""

from afterview.domain.model import ReplyClass
from afterview.planner import DEFAULT_PLAYBOOK, plan
from tests.planner.builders import World, at


def _world():
    w = World()
    acme = w.company("Initech")
    opp = w.opportunity(acme, "Backend Engineer")
    bill = w.person("Bill Lumbergh", acme)
    careers = w.person("Careers Team", acme)
    w.interview(opp, at("2026-11-25 13:30"), at("2026-11-25 14:30"), bill)
    return w, opp, bill, careers


def _keys(w, now):
    return {a.key.split(":")[0] for a in plan(w.facts, DEFAULT_PLAYBOOK, now)}


def test_an_unconfirmed_rejection_from_before_the_interview_ends_nothing():
    w, opp, bill, careers = _world()
    w.reply(careers, at("2026-11-20 10:00"), opp, classification=ReplyClass.REJECTION)
    keys = _keys(w, at("2026-11-26 10:00"))
    assert "thank_you" in keys and "rejection_reply" not in keys


def test_a_confirmed_one_or_one_after_the_interview_still_counts():
    w, opp, bill, careers = _world()
    w.reply(careers, at("2026-11-20 10:00"), opp, classification=ReplyClass.REJECTION, confirmed=True)
    assert "rejection_reply" in _keys(w, at("2026-11-26 10:00"))
    w, opp, bill, careers = _world()
    w.reply(careers, at("2026-11-25 17:00"), opp, classification=ReplyClass.REJECTION)
    keys = _keys(w, at("2026-11-26 10:00"))
    assert "rejection_reply" in keys and "thank_you" not in keys


def test_a_rejection_before_an_interview_still_to_come_counts():
    # "we have decided not to move forward" before a round that has not taken place: it is the answer
    w, opp, bill, careers = _world()
    w.interview(opp, at("2026-12-02 10:00"), at("2026-12-02 11:00"), bill, stage="final")
    w.reply(careers, at("2026-11-30 10:00"), opp, classification=ReplyClass.REJECTION)
    assert "rejection_reply" in _keys(w, at("2026-11-30 12:00"))
