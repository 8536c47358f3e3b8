"""An opportunity whose notes went out is not deleted without a word, as an interview is not
(`interview delete`): the keys of its notes name it and its interviews, so deleted and added
again, the same opportunity planned its notes afresh and sent them a second time. A deletion
refuses while notes about it are out, names them and the ways out, and, insisted on with
--forget-sent, says what it forgets."""

from afterview.domain import model as m
from tests.helpers import assert_clean_error
from tests.people.test_delete_interview_notes_out import SENT, _note, panel  # noqa: F401 (a fixture)


def test_an_opportunity_whose_thank_you_was_sent_is_not_deleted_without_forget_sent(panel):
    _note(panel.path, 1, m.MessageState.SENT, sent_at=SENT)
    before = panel("export").out
    refused = panel("opportunity", "delete", "1", "--yes")
    assert_clean_error(refused, "opportunity 1 has notes out: the thank-you to Priya Raman (sent Thu 26 Nov)",
                       "an opportunity added again in its place would plan it again",
                       "afterview opportunity edit 1", "afterview opportunity delete 1 --forget-sent")
    assert panel("export").out == before  # nothing deleted
    asked = panel("opportunity", "delete", "1", input="y\n")  # refused before any question
    assert_clean_error(asked, "--forget-sent")
    assert "Delete opportunity" not in asked.err
    deleted = panel("opportunity", "delete", "1", "--yes", "--forget-sent")
    assert deleted.code == 0, deleted.err
    assert deleted.out.splitlines()[:2] == [
        "deleted opportunity 1: Data Engineer",
        "forgotten: the thank-you to Priya Raman (sent Thu 26 Nov); an opportunity added again in its place plans "
        "it again (mark it done then: afterview done KEY)"]
    assert_clean_error(panel("opportunity", "show", "1"), "no opportunity with id 1")


def test_a_follow_up_marked_done_refuses_it_too_and_nothing_out_deletes_as_before(panel):
    assert panel("done", "thank_you:i1:p2", "--note", "sent from my phone").code == 0
    assert_clean_error(panel("opportunity", "delete", "1", "--yes"),
                       "the thank-you to Tom Becker (marked done)")
    assert panel("undo", "thank_you:i1:p2").code == 0
    deleted = panel("opportunity", "delete", "1", "--yes")  # nothing out: deleted, nothing forgotten
    assert deleted.code == 0, deleted.err
    assert "forgotten" not in deleted.out
