"""One positive and at least one negative case per review code."""

from datetime import datetime, timezone

import pytest

from afterview.reviewer import RULES, ReviewConfig, ReviewContext, review

GOOD_THANKS = """Hi Priya,

Thank you for speaking with me this afternoon about the Senior Data Engineer role. I enjoyed
hearing how your team is moving the shipment-tracking pipeline onto Kafka, and the trade-offs
you are weighing around exactly-once delivery.

That migration is close to what I led at Contour Freight last year, where we cut the delay on
carrier status updates from six hours to under two minutes. I would be glad to share how we
handled replays and schema changes along the way if that would be useful.

You mentioned that on-call load is a concern. I have attached the short runbook template I
described, which helped us halve pages in the first quarter after the switch.

Thanks again for your time. I look forward to hearing about the next steps.

Best regards,
Alex Chen
"""

SUBJECT = "Thank you - Senior Data Engineer interview"


def ctx(**kw) -> ReviewContext:
    base = dict(
        kind="thank_you",
        recipient_name="Priya Raman",
        company="Northwind Logistics",
        role="Senior Data Engineer",
        details=["moving the shipment-tracking pipeline to Kafka", "on-call load"],
        other_companies=["Contoso Bank", "Tailspin Toys"],
    )
    base.update(kw)
    return ReviewContext(**base)


def codes(body: str, subject: str | None = SUBJECT, **kw) -> set[str]:
    config = kw.pop("config", None)
    return {f.code for f in review(subject, body, ctx(**kw), config)}


def with_sentence(sentence: str) -> str:
    return GOOD_THANKS.replace("Thanks again for your time.", sentence + " Thanks again for your time.")


def test_the_good_note_is_clean():
    findings = review(SUBJECT, GOOD_THANKS, ctx())
    assert [f for f in findings if f.severity != "info"] == []


def test_every_code_has_an_explanation():
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.catches and rule.why and rule.source and rule.fix


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("Please say hello to [Name] for me.", "placeholder"),
        ("I can start at {{start_date}}.", "placeholder"),
        ("TODO: add the link.", "placeholder"),
        ("I would love to join <Company>.", "placeholder"),
        # the composer's own gaps, whatever the name in them (a comma, any script, any length)
        ("Talking with you about [topic you discussed with Smith,] was great.", "placeholder"),
        ("Here is [something new since your last note: a result, an article or a portfolio piece].", "placeholder"),
        ("I thought of [news or a result of yours that Zoë cares about].", "placeholder"),
        ("About [topic you discussed with 王伟], thank you.", "placeholder"),
        ("I would love to join Contoso Bank.", "wrong-company"),
        ("Contoso would be lucky to have me.", "wrong-company"),
        ("I really need this job.", "desperate"),
        ("Please give me a chance.", "desperate"),
        ("I need an answer by Friday.", "pushy"),
        ("I have another offer and need to decide soon.", "pushy"),
        ("You promised to call me back.", "pushy"),
        ("Not sure if you saw my last email.", "passive-aggressive"),
        ("As per my previous email, I am available.", "passive-aggressive"),
        ("Did I get the job?", "asks-decision"),
        ("Am I still in the running?", "asks-decision"),
        ("Sorry I was so nervous.", "apology"),
        ("I blanked on the caching question.", "apology"),
        ("I hope this email finds you well.", "cliche"),
        ("I am a team player.", "cliche"),
        ("Thanks for taking time out of your busy schedule.", "cliche"),
        ("It was great :)", "emoji"),
        ("It was great \U0001F600", "emoji"),
        ("It was great!!", "exclamation"),
        ("I am REALLY excited.", "all-caps"),
        ("It was fun lol.", "slang"),
        ("Tbh it was my favourite interview.", "slang"),
        ("What is the salary range?", "salary"),
        ("How many vacation days come with it?", "salary"),
        ("I would expect $120k.", "salary"),
        ("I recieved your message.", "spelling"),
    ],
)
def test_positive(sentence, code):
    assert code in codes(with_sentence(sentence))


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("See [1] and [sic].", "placeholder"),
        ("My [talk on Kafka](https://example.org/talk) is online.", "placeholder"),
        ("Write to me at <alex@example.com>.", "placeholder"),
        ("I would love to join Northwind.", "wrong-company"),
        ("I need to finish a project this week.", "desperate"),
        ("I received an offer letter template from a friend.", "pushy"),
        ("I look forward to the next steps.", "asks-decision"),
        ("I enjoyed the conversation about the decision log.", "argues-rejection"),
        ("I am sorry to hear the project was delayed.", "apology"),
        ("I enjoyed meeting the team.", "cliche"),
        ("See the notes at 10:30 (Pacific).", "emoji"),
        ("Thanks again!", "exclamation"),
        ("I worked with SQL, AWS and the HR team.", "all-caps"),
        ("The colour palette and the organisation of the catalogue impressed me.", "spelling"),
        ("I met Okonkwo and Siobhan at the door.", "spelling"),
        ("My address is alex.chen@example.org and my site is https://alexc.dev/notes.", "spelling"),
        # everyday sentences that only look like the bad ones
        ("I can start immediately and will send the references as soon as possible.", "pushy"),
        ("Let me know if you need an update on my availability.", "pushy"),
        ("Do you need a work sample or the job description I mentioned?", "desperate"),
        ("Did I get your surname right in my last note?", "asks-decision"),
        ("How did I do it? By replaying the events.", "asks-decision"),
        ("As I mentioned in the interview, I led the migration.", "passive-aggressive"),
        ("I got off the train early to walk by your office.", "apology"),
        ("We grew revenue to $2M and served 10k users.", "salary"),
        ("I enjoyed our talk about health equity and the pension fund's data.", "salary"),
        ("You raised a fair point about my dental clinic experience.", "salary"),
        ("Your product's unfair advantage is its data.", "argues-rejection"),
    ],
)
def test_negative(sentence, code):
    assert code not in codes(with_sentence(sentence))


@pytest.mark.parametrize(
    "sentence",
    ["Why was another candidate selected instead of me?", "Please reconsider your decision.",
     "Could you tell me who you hired?", "I don't understand why I wasn't chosen."],
)
def test_argues_rejection(sentence):
    body = "Hi Priya,\n\nThank you for letting me know. " + sentence + "\n\nBest,\nAlex"
    assert "argues-rejection" in codes(body, kind="rejection_reply")
    assert "argues-rejection" not in codes(body, kind="thank_you")


def test_salary_is_reported_in_every_follow_up_but_a_withdrawal():
    # pay belongs to the offer stage: not in a status follow-up or a rejection reply either;
    # a withdrawal may decline an offer, and a text of no known kind may be a negotiation
    body = with_sentence("Could we talk about the salary range?")
    assert "salary" in codes(body, kind="status_check")
    assert "salary" in codes(body, kind="rejection_reply")
    assert "salary" not in codes(body, kind="withdrawal")


def test_wrong_name_in_greeting():
    assert "wrong-name" in codes(GOOD_THANKS.replace("Hi Priya,", "Hi Tom,"))
    assert "wrong-name" in codes(GOOD_THANKS.replace("Hi Priya,", "Dear Mr. Becker,"))
    assert "wrong-name" not in codes(GOOD_THANKS.replace("Hi Priya,", "Dear Ms. Raman,"))
    assert "wrong-name" not in codes(GOOD_THANKS.replace("Hi Priya,", "Hello team,"))
    assert "wrong-name" not in codes(GOOD_THANKS, recipient_name="")


def test_wrong_name_accepts_nicknames_and_inline_greetings():
    body = GOOD_THANKS.replace("Hi Priya,", "Hi Bob,")
    assert "wrong-name" not in codes(body, recipient_name="Robert Lang")
    note = "Hi Marcus, thank you for the talk about the Kafka migration. Glad to stay in touch. Alex"
    assert "wrong-name" in codes(note, None, kind="linkedin_note", channel="linkedin")


def test_no_specific():
    generic = """Dear Priya,

Thank you for the interview today. I enjoyed learning about the role and the team, and I am
confident my experience would let me contribute quickly. I am very interested in the position
and would welcome the chance to continue our conversation about how I could help the team
reach its goals this year. Please let me know if there is anything else I can provide, and
thank you again for your time and consideration. I look forward to hearing from you soon about
the next steps in the process.

Best,
Alex
"""
    assert "no-specific" in codes(generic)
    assert "no-specific" not in codes(GOOD_THANKS)
    assert "no-specific" not in codes(generic, details=[])
    assert "no-specific" not in codes(generic, kind="status_check")


def test_near_duplicate_survives_a_new_greeting_and_reordering():
    paragraphs = GOOD_THANKS.split("\n\n")
    shuffled = "\n\n".join(["Hi Tom,", paragraphs[3], paragraphs[2], paragraphs[1], *paragraphs[4:]])
    assert "near-duplicate" in codes(shuffled, recipient_name="Tom Becker", siblings=[GOOD_THANKS])
    other = GOOD_THANKS.replace("Hi Priya,", "Hi Tom,").split("\n\n")[0] + "\n\n" + (
        "Thanks for the system design session today. Sketching the warehouse event model with "
        "you was a pleasure, and your question about late-arriving scans made me rethink how I "
        "would partition the dock events. I wrote up the idempotent upsert we discussed, keyed "
        "on scan ID and sequence number, so a retried message never double-counts a pallet.\n\n"
        "Best,\nAlex"
    )
    assert "near-duplicate" not in codes(other, recipient_name="Tom Becker", siblings=[GOOD_THANKS])


def test_near_duplicate_threshold_is_configurable():
    almost = GOOD_THANKS.replace("Hi Priya,", "Hi Tom,").replace(
        "You mentioned that on-call load is a concern.", "Pager fatigue came up as well.")
    assert "near-duplicate" in codes(almost, recipient_name="Tom Becker", siblings=[GOOD_THANKS])
    strict = ReviewConfig.from_mapping({"near_duplicate": 1.0})
    assert "near-duplicate" not in codes(almost, recipient_name="Tom Becker", siblings=[GOOD_THANKS], config=strict)


def test_length():
    assert "too-short" in codes("Hi Priya,\n\nThanks for today.\n\nAlex")
    assert "too-long" in codes(GOOD_THANKS + GOOD_THANKS)
    assert not {"too-long", "too-short"} & codes(GOOD_THANKS)
    assert "too-short" not in codes("Hi Priya,\n\nThanks for today.\n\nAlex", kind=None)


def test_subject():
    assert "subject" in codes(GOOD_THANKS, "")
    assert "subject" in codes(GOOD_THANKS, "Following up")
    assert "subject" in codes(GOOD_THANKS, "Re: hey")
    assert "subject" in codes(GOOD_THANKS, "Thank you for the wonderful conversation about the Senior Data Engineer role")
    assert "subject" not in codes(GOOD_THANKS, SUBJECT)
    assert "subject" not in codes(GOOD_THANKS, None)  # a pasted body: the subject is unknown


def test_linkedin_limit():
    note = "Hi Priya, thank you for the conversation about the Kafka migration. " * 4
    assert "linkedin-limit" in codes(note, None, kind="linkedin_note", channel="linkedin")
    assert "linkedin-limit" not in codes(note, None, kind="linkedin_note", channel="linkedin", linkedin_limit=300)
    assert "linkedin-limit" not in codes(note[:190], None, kind="linkedin_note", channel="linkedin")


def test_hedging_is_info_until_frequent():
    one = review(SUBJECT, with_sentence("I just wanted to add one thing."), ctx())
    assert {f.severity for f in one if f.code == "hedging"} == {"info"}
    many = with_sentence("I just wanted to say, I think maybe it went well? Does that make sense? I guess so.")
    severities = {f.severity for f in review(SUBJECT, many, ctx()) if f.code == "hedging"}
    assert severities == {"warning"}


def test_exclamation_levels():
    twice = review(SUBJECT, with_sentence("Great! Really great!"), ctx())
    assert {f.severity for f in twice if f.code == "exclamation"} == {"warning"}
    double = review(SUBJECT, with_sentence("Great!!"), ctx())
    assert "error" in {f.severity for f in double if f.code == "exclamation"}


def test_negative_tone():
    body = with_sentence("Honestly the process was a frustrating, disorganised mess and I hated waiting.")
    assert "negative-tone" in codes(body)
    assert "negative-tone" not in codes(GOOD_THANKS)


def test_spelling_knows_the_context_and_british_spelling():
    body = with_sentence("Tuning the flinkster jobs was the favourite part of my programme.")
    assert "spelling" in codes(body)
    assert "spelling" not in codes(body, known_words=["flinkster"])
    # a debrief exempts its names and terms (a capital or a digit in them), not a lower-case word
    assert "spelling" not in codes(body, details=["Flinkster job tuning"])
    assert "spelling" in codes(body, details=["flinkster job tuning"])
    assert "spelling" not in codes(with_sentence("Snowplough, a tool Priya named, was new to me."))
    finding = next(f for f in review(SUBJECT, with_sentence("I recieved it."), ctx()) if f.code == "spelling")
    assert "receive" in finding.suggestion


def test_timing():
    end = datetime(2026, 11, 12, 16, 0, tzinfo=timezone.utc)  # a Thursday
    assert "timing" in codes(GOOD_THANKS, interview_end=end, send_at=end.replace(minute=20))
    assert "timing" in codes(GOOD_THANKS, interview_end=end, send_at=datetime(2026, 11, 16, 9, tzinfo=timezone.utc))
    assert "timing" in codes(GOOD_THANKS, send_at=datetime(2026, 11, 14, 9, tzinfo=timezone.utc))  # Saturday
    holiday = datetime(2026, 11, 26, 15, tzinfo=timezone.utc)  # Thanksgiving
    assert "timing" in codes(GOOD_THANKS, send_at=holiday, recipient_country="US")
    assert "timing" not in codes(GOOD_THANKS, send_at=holiday, recipient_country="DE")
    assert "timing" not in codes(GOOD_THANKS, interview_end=end, send_at=end.replace(hour=19))
    assert "timing" not in codes(GOOD_THANKS)


def test_weekend_is_judged_in_the_recipients_zone():
    friday_evening_utc = datetime(2026, 11, 13, 23, 30, tzinfo=timezone.utc)
    assert "timing" in codes(GOOD_THANKS, send_at=friday_evening_utc, recipient_timezone="Asia/Tokyo")
    assert "timing" not in codes(GOOD_THANKS, send_at=friday_evening_utc, recipient_timezone="America/New_York")


def test_config_disables_and_changes_severity():
    body = with_sentence("It was great :)")
    config = ReviewConfig.from_mapping({"disable": ["emoji"]})
    assert "emoji" not in codes(body, config=config)
    config = ReviewConfig.from_mapping({"severity": {"emoji": "info"}})
    assert {f.severity for f in review(SUBJECT, body, ctx(), config) if f.code == "emoji"} == {"info"}


def test_offsets_point_at_the_text():
    body = with_sentence("I really need this job.")
    for finding in review(SUBJECT, body, ctx()):
        if finding.start is not None:
            text = body if finding.field == "body" else SUBJECT
            assert 0 <= finding.start <= finding.end <= len(text)
    desperate = next(f for f in review(SUBJECT, body, ctx()) if f.code == "desperate")
    assert body[desperate.start:desperate.end] == "I really need this job"


def test_kind_is_guessed_when_missing():
    short = "Hi Priya,\n\nThank you for taking the time to meet me today.\n\nAlex"
    assert "too-short" in {f.code for f in review(None, short, ReviewContext())}

