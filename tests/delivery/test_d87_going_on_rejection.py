"""A reply that reads as a rejection stops a process's status follow-ups although the decision date
recorded is still ahead: `replies add` says that is why, and names the command that settles it
(`replies confirm N`), not a decision date to record (there is one already)."""

from tests.delivery.test_d67_follow_ups_back import cli


def test_a_rejection_added_by_hand_before_the_decision_date_says_to_confirm_it(tmp_path):
    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "add", "--company", "Umbrella", "--role", "Analytics Engineer")
    cli(db, "person", "add", "Hank Lee", "--company", "Umbrella", "--email", "hank@umbrella.test")
    cli(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-27 10:00", "--with", "Hank Lee:hiring_manager")
    cli(db, "debrief", "1", "--person", "1", "--decision-date", "2026-12-10")  # ahead of the reply (1 Dec)
    said = cli(db, "replies", "add", "Hank", "--says",
               "Unfortunately we have decided not to move forward with your application.")
    [line] = [x for x in said.splitlines() if "pending status follow-ups stop" in x]
    assert ("pending status follow-ups stop (the reply reads as a rejection, although the decision date Thu 10 Dec "
            "2026 is still ahead") in line, said
    assert "is still ahead: confirm it or not: afterview replies confirm 1 (it is a rejection)" in line, line
    assert "afterview replies confirm 1 --status none (it is not: they wait until after that date)" in line, line
    assert "--decision-date" not in said and "record when a decision is due" not in said
