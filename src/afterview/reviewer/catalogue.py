"""Every review code: its default severity, what it catches, why, the source, how to fix it.

Codes are a public interface (`--json`, the `[lint]` config, `afterview lint --explain`):
never rename one.
"""

from __future__ import annotations

from afterview.reviewer.model import Rule

_SURVEYS = (
    "Robert Half/Accountemps survey 2017 (80% of HR managers weigh thank-you notes); "
    "TopResume survey 2017 (68% say a note affects their decision)"
)

_RULES = [
    Rule(
        code="placeholder",
        severity="error",
        family="mechanics",
        title="unfilled template field",
        catches="Template fields left in the text: {{name}}, {first_name}, [Name], [Company], "
        "<Company>, [insert ...], any words in square brackets such as Afterview's own gaps "
        "('[topic you discussed with Zoë]'), TODO, TBD, XXX, FIXME. Not [1], [sic] or a link's "
        "text '[my talk](https://...)'. Also a note-taking arrow left in the text ('->', '→'), "
        "such as a second arrow in a debrief's 'concern -> answer' that the draft pasted as "
        "part of your answer.",
        why="A leftover field shows the note is a form letter and is the easiest mistake to "
        "notice; the reader stops reading for content.",
        source="Career advisers' standard advice on personalising follow-ups (Indeed Career "
        "Guide, The Muse); " + _SURVEYS,
        fix="Replace each field with the real value, or delete the sentence; write an arrow "
        "out as words.",
    ),
    Rule(
        code="wrong-company",
        severity="error",
        family="identity",
        title="names another company",
        catches="The name of another company in your pipeline where this company's name "
        "should be (a note copied from another application). Not where the note tells your own "
        "news that names it ('Joined Globex as Staff Data Engineer' in a keep-warm note to "
        "another company): the news you recorded, word for word or in a sentence with most "
        "of its words. Never the company the recipient is at now (someone who has moved on "
        "since the process is wished well at their new company). Where the sentence speaks of its "
        "offer or a deadline ('Brisk Analytics has offered me a role'), the fix is to leave the "
        "other company out, not another name (pushy reports the leverage).",
        why="Naming the wrong employer tells the reader the note was recycled; many hiring "
        "managers treat it as disqualifying.",
        source="Recruiter surveys on application mistakes (TopResume 2017; CareerBuilder "
        "2011: lack of attention to detail among the top reasons to reject)",
        fix="Replace the other company's name with this one, and reread the whole note.",
        settings="other companies come from your pipeline (the companies you have an "
        "opportunity with) or --other-company; your news from your pipeline (a stored draft, "
        "lint --draft)",
    ),
    Rule(
        code="old-company-name",
        severity="warning",
        family="identity",
        title="names the company by a former name",
        catches="A name this note's company went by before: the name it had before "
        "`afterview company edit ID --name NEW` (a typo corrected, a company renamed), or the name "
        "of a company merged into it (`afterview company merge`), as whole words, in the subject "
        "or the body. Typical of a note copied from an older one, or written from memory. Not "
        "where it is part of the name the company has now ('Contoso' inside 'Contoso Bank'), nor "
        "a former name that differs from today's only by its legal form ('Contoso GmbH', now "
        "Contoso), nor one that is the name of another company now (that is wrong-company's).",
        why="The old name tells the reader the note was not written for them today, or that "
        "you have not followed the company; a misspelt name, corrected in your records, reads "
        "as carelessness.",
        source="Career advisers on personalising follow-ups: name the company and role "
        "correctly (Indeed Career Guide, The Muse); recruiter surveys on attention to detail "
        "(CareerBuilder 2011)",
        fix="Write the company's name as it is now, and reread the note for other details of "
        "the note it was copied from.",
        settings="the former names come from your records (`afterview company show` lists them; "
        "a stored draft, lint --draft)",
    ),
    Rule(
        code="recipient-moved",
        severity="warning",
        family="identity",
        title="written to someone who has left the company",
        catches="A note about the process (a thank-you, a card, a status follow-up, closing the loop, a "
        "feedback request, a rejection reply, a withdrawal) to someone who was on one of its panels "
        "(not as its recruiter or coordinator, who may work elsewhere) and works at another company "
        "now (`afterview person edit ID --company NEW`): typical of an old draft approved again. Not "
        "once the note has gone.",
        why="A hiring manager who has left cannot act on a note about the job, and \"I am keen to join "
        "your team\" to someone no longer in it shows the note was not written for today.",
        source="Career advisers on following up: write to whoever now owns the process (Indeed Career "
        "Guide, The Muse)",
        fix="Write to someone still at the process's company (add them to its panel, then draft the note "
        "again with --force), or skip the note; if they have not moved, correct their company.",
        settings="the recipient's company and the process's panels come from your records (a stored draft, "
        "lint --draft)",
    ),
    Rule(
        code="accepted-with-them",
        severity="error",
        family="identity",
        title="a withdrawal that hides it is their own offer you accepted",
        catches="A withdrawal from a process whose company's own offer you accepted (another of its "
        "roles: `afterview outcome N accepted`) that says you accepted \"another offer\", \"another "
        "position\" or an offer \"elsewhere\", or does not name the role you accepted.",
        why="The recruiter knows you accepted their company's offer; a note that reads as leaving for "
        "another employer is embarrassing to the people you are about to work with.",
        source="Career advisers on withdrawing from a process: be honest and specific (Indeed Career "
        "Guide, The Muse)",
        fix="Say it: \"now that I have accepted the Data Scientist role with you, I am withdrawing from the "
        "Data Engineer process\" (draft the note again with --force: the templates say so).",
        settings="the accepted offer comes from your records (a stored draft, lint --draft)",
    ),
    Rule(
        code="wrong-name",
        severity="error",
        family="identity",
        title="greets someone else, or signed with another name than yours",
        catches="A greeting that names someone other than the recipient (Dear Tom, to Priya), "
        "or that greets a team, a mailbox or a company recorded as a person by a part of its name "
        "as if it were a first name (Hi Fenwick, to Fenwick & Hale Talent). A greeting without a "
        "name (\"Hello,\") or to a group (\"Dear Hiring Team,\") is never reported, nor is one by "
        "the name the recipient is recorded to be greeted by (their greet-as name), by their family "
        "name with a title, or, for a name in Chinese, Japanese or Korean characters, by the whole "
        "name or a part of it as written, whatever its length (Hi 芳, to 王芳 greeted as 芳; Hi 健, to "
        "佐藤 健; Hi 민, to 민), by the given name after its family name (Hi 芳, to 王芳) or a part of "
        "two characters or more (Hi 小龍, to 李小龍); never a character inside the name, or the "
        "family name alone without a title (Hi 李, to 李小龍). A name in another script than the recipient's is compared "
        "with a transliteration of theirs (anyascii), read loosely, as such names are spelled "
        "several ways (Hi Dmitry, Dmitri or Dmitrij, to Дмитрий Иванов; Hi Mohammed, to محمد عبد الله; "
        "Hi Eleni, to Ελένη Παπαδοπούλου; Hi Ming, to 李明; with a title, a name of theirs, for a name "
        "without spaces its family name, also as its bearers write it: Dear Mr. Li or Mr. Lee, to "
        "李明; Dear Mr. Kim, to 김민준; Dear Tanaka-san, to 田中花子, whose Japanese reading no "
        "table gives). One that matches none of it is a warning, not an error (Hi Boris, or Dear "
        "Ms. Ivanova, to Дмитрий Иванов; Dear Mr. Smith, to 李明): it may be the name they go by in "
        "Latin letters, which only their greet-as name can say; so is a spelling of the same name "
        "in one script, as a transliterated name is spelled several ways (Hi Mohammed, to Muhammad "
        "Khan; Hi Hussein, to Husain Ali; not Hi Martin, to Morton Lee, another name). Titles of "
        "other languages before a name (Sra. García, Herr Müller, Dr.-Ing., Mag., Shri, Smt., Sig.ra, Dott.) and "
        "honorifics after it (Tanaka-san, -sama, -sensei, -kun, -chan; Arjun-ji or Arjun ji; "
        "Minjun-ssi, -nim) are read as titles, and a hyphenated given name may be written "
        "without its hyphen or with a space (Minjun or Min Jun, to Kim Min-jun). The advice "
        "names the greet-as name, else the first name after any title (Klaus, to Dr.-Ing. Klaus "
        "Müller); for a name that may be written family name first (it starts with a common "
        "Vietnamese, Korean, Chinese or Japanese family name: Nguyễn Thị Minh Khai, Kim Min-jun) "
        "it asks for the name they go by rather than offering the family name; for a greeting in "
        "other letters than the name, it names the transliteration and the command that records the "
        "name they go by (afterview person edit ID --greet-as NAME). Also another person of the "
        "process (someone at the company, or met in its interviews) addressed by name in the body: "
        "'Looking forward to it, Dev.', 'Dev, I really appreciated ...', 'It was great to meet you, "
        "Aisha,' in a note to Maria; never a mention ('as Dev explained', 'Please thank Rafael'). "
        "The people the note itself names beside its reader count as the process's too, so that "
        "lint FILE catches it without a database ('I enjoyed meeting you and Dana', 'Dana and you', 'you, "
        "Dana and Tom'): 'Thanks again, Dana.' in that note to Priya is reported; a name the "
        "greeting greets ('Hi Priya and Dana,') is never. "
        "And, in a stored draft (your profile's name is known), a note signed with a name that is not "
        "yours: the name after its closing ('Best, Alex') or on the line under it. Your name misspelled "
        "or as it was before `profile set --name` (Alex Morgon, your name now Alex Morgan) is an error; "
        "another name is a warning (it may be one you go by). Your name signs it in any of its forms: "
        "all of it or some of its words, an initial ('Alex M.'), a short form or nickname ('Bob' for "
        "Robert, 'Sasha' for Alexander), without its accents, or a name your profile's signature "
        "carries.",
        why="Interviewers compare notes; a note greeting the wrong person is remembered for "
        "the wrong reason, and one signed with another name than the sender's looks copied.",
        source="Indeed Career Guide and The Muse on thank-you notes: address each interviewer "
        "by name, correctly spelled",
        fix="Greet the recipient by the name they use (first name, or title and surname), and record "
        "it when it is not the first word of their name (afterview person edit ID --greet-as Khai); "
        "greet a team or company address without a name (\"Hello,\" or \"Dear Hiring Team,\"); sign "
        "with your name as your profile has it (afterview edit ID, or draft the note again with "
        "--force), or put the name you sign with in your signature (afterview profile set --signature).",
        settings="the recipient comes from the draft or --to (with --to, the greet-as name of the "
        "one stored person it names); the other people of the process from your records (a stored "
        "draft; lint FILE --company: the people recorded at that company), --other-person, or the "
        "note's own 'you and NAME'",
    ),
    Rule(
        code="guessed-name",
        severity="error",
        family="identity",
        title="greets by an initial or a guessed name",
        catches="A greeting that names only an initial (Dear B., Hi J., to J. Robert Oppenheimer), "
        "which is no name to greet anyone by; and, in a stored draft, any greeting by name to someone "
        "whose recorded name is only the one an import guessed from their address with no first name "
        "in it: one word, the address's part before the @, that reads as no given name (Hi Jsmith, to "
        "Jsmith <jsmith@globex.com>: an initial run into a family name, or letters and digits; not "
        "Priya at priya@sony.example, taken as typed), "
        "or initials and a family name (Dear B. Nakamura, to b.nakamura@waynedata.io). Not a greeting "
        "without a name (\"Hello,\"), nor a title and their family name (Dear Mr. Nakamura,), nor "
        "anyone with a greet-as name, nor a guess that gives a first name (Hi Jane, to Jane Doe, "
        "guessed from jane.doe@). Also, as a warning, a greeting by the first half of what may be one "
        "compound given name (Hi María, to María José García-Núñez; Hi José, to José María Aznar; Hi "
        "Jean, to Jean Pierre Martin): a name that begins with two given names often said together "
        "(María, José, Ana, Juan, Luis, Miguel, Jean, Marie, Anne, Mary ... followed by another "
        "given name of a short list) and has a family name after them, with no greet-as name "
        "recorded; never the whole compound (Hi María José,), a title and the family name, or a name "
        "of one given name (Hi Juan, to Juan García López).",
        why="An initial, or the part of an address before the @, read as a first name shows the note "
        "was filled in by a program that did not know the reader's name.",
        source="Indeed Career Guide and The Muse on thank-you notes: address each interviewer "
        "by name, correctly spelled",
        fix="Greet them without a name (\"Hello,\"), as Afterview's drafts do, and record their name "
        "(afterview person edit ID --name NAME) or the name to greet them by (--greet-as NAME); "
        "greet someone with an initial by their first name (Robert, to J. Robert Oppenheimer); greet "
        "someone with a compound given name by the name they go by, and record it (afterview person "
        "edit ID --greet-as \"María José\").",
        settings="the recipient and their addresses come from the draft; --to gives the name alone",
    ),
    Rule(
        code="greeting-form",
        severity="warning",
        family="identity",
        title="a greeting's name in capitals, in lower case, or a title's family name alone",
        catches="A greeting whose name is written all in capitals ('Hi MARY,', 'Dear PRIYA RAMAN,') or "
        "all in lower case ('Hi mary,'), as a name copied from an address book or an address often "
        "is; and a greeting by the family name alone, without the title the recorded name gives "
        "('Hi Smith,' to Dr. Smith or Dr. Jane Smith). Not a name of one letter case in a script "
        "without letter case, nor a name recorded or greeted as its person writes it (their greet-as "
        "name, 'danah boyd'), nor 'Dear Dr. Smith,'.",
        why="A name in the wrong letter case, or a family name without its title, shows the greeting "
        "was filled in by a program rather than written to the reader.",
        source="Indeed Career Guide and The Muse on thank-you notes: address each interviewer by name, "
        "correctly spelled; business-letter conventions (a title goes with a family name)",
        fix="Write their name as they write it ('Hi Mary,'), or greet them with their title ('Dear Dr. "
        "Smith,'); record the name to greet them by so that notes use it: afterview person edit ID "
        "--greet-as NAME.",
        settings="the recipient comes from the draft or --to",
    ),
    Rule(
        code="no-specific",
        severity="warning",
        family="content",
        title="nothing specific to this conversation",
        catches="A note that mentions none of what this interviewer discussed (topics, shared "
        "interests, their concerns, what you promised to send). The hint's examples are the "
        "topics and shared interests only: a concern is your own note of a doubt, not "
        "something to write.",
        why="A specific detail is what makes a note worth reading and shows you listened; a "
        "generic note could have been sent to anyone.",
        source="PLAYBOOK content rules for thank-you notes (one specific topic per interviewer); "
        "Indeed Career Guide, The Muse",
        fix="Add one sentence about something this person said, tied to how you can help.",
        settings="details come from the debrief or --detail",
    ),
    Rule(
        code="topic-wording",
        severity="warning",
        family="content",
        title="a debrief topic that does not read as a phrase",
        catches="A debrief topic the note says inside a sentence ('Our discussion of ...', "
        "'talking with you about ...') where it cannot read as a phrase: typed as a sentence or "
        "from its verb ('she asked about my dbt testing approach', 'asked about my Airflow "
        "experience'), or in shorthand ('w/ the team's aws migr.', 'b/c', a word cut short with a "
        "full stop), or written from your side ('how she handles on-call', 'her team's roadmap': a "
        "note to her says 'you', 'your'; in a note to someone else, a topic of another person's that "
        "the sentence does not name them before; not 'they' standing for a plural noun of the topic, "
        "'data contracts (and why they matter)'), or from the interviewer's side ('our team's "
        "parental leave policy', as they said it: in a note 'our team' is the writer's, and to them "
        "it is 'your team's ...'). For a stored draft the topics it was built from "
        "(and those of the other people of the process) are known, and each one the "
        "text still holds is named, with what to change (the same words as the `check:` line "
        "`afterview draft` prints once); for a text without a draft (lint FILE), the visible "
        "pattern right after the word that brings a topic in ('discussion of she asked', 'about "
        "w/ the'). Not a topic the note rephrased, nor one that reads fine bare.",
        why="'Our discussion of she asked about ...' shows the note was filled in from notes, "
        "not written for the reader: the one sentence meant to be personal is the one that "
        "reads as a form.",
        source="PLAYBOOK content rules for thank-you notes (one specific topic per interviewer, "
        "in your own words); docs/templates.md, Topics are used as you typed them",
        fix="Rewrite the sentence around what you discussed ('your approach to dbt testing'); "
        "correct the topic in the debrief (afterview debrief ID --person NAME --replace --topic "
        "...) so later notes read well.",
        settings="the topics come from the debrief (a stored draft, lint --draft)",
    ),
    Rule(
        code="private-topic",
        severity="warning",
        family="content",
        title="someone's private life told in a note",
        catches="A note that quotes a debrief topic about someone's private life: their family, "
        "health, a divorce or separation, a pregnancy, a loss, their leaving ('her divorce and why she "
        "is leaving', 'his mother's illness', 'Priya's new baby', 'she is pregnant'), whoever the note "
        "is to: the person it is about, or anyone else, such as the recruiter a rejection reply thanks "
        "for 'the conversation with Priya Raman about her divorce'. For a stored draft the topics of "
        "everyone in the process are known and the one quoted is named, with whose it is; in any text, "
        "the words themselves ('her divorce', 'he was off sick', 'her daughter's graduation'), and a "
        "well-wish about the reader's own health or loss ('I hope your husband's surgery went well', "
        "'your illness'), kindly meant but not for a note about a job search. Not a matter of work ('the "
        "family leave policy', 'health data', 'their health-tech platform'), nor a turn of phrase ('sick "
        "of flaky tests', 'leaving the old warehouse behind', 'his family of microservices'), nor 'they' "
        "and 'their' after the plural noun they stand for ('engineers and their kids'), nor your own life "
        "('my family'), nor 'you and your family' of a greeting.",
        why="What someone shares of their private life in an interview is told in confidence; a note "
        "that repeats it in writing, above all to a colleague of theirs, breaks that confidence.",
        source="Business-etiquette guides on discretion in professional correspondence; PLAYBOOK "
        "content rules (one specific topic of the role per interviewer)",
        fix="Leave it out, and name something of the role you discussed instead; keep it out of the "
        "debrief's topics (afterview debrief ID --person NAME --replace --topic ...) so that later "
        "notes do not quote it.",
        settings="the topics come from the debriefs of everyone in the process (a stored draft, lint "
        "--draft); the words themselves in any text",
    ),
    Rule(
        code="unanswered-concern",
        severity="info",
        family="content",
        title="a concern the note leaves unanswered",
        catches="A thank-you or a card that addresses none of a concern you recorded for its reader "
        "(afterview debrief --concern): with your answer recorded ('concern -> answer'), a note "
        "whose words do not give the answer; without one, a note whose words do not touch the "
        "concern ('no healthcare experience'). The draft leaves an unanswered concern out (your "
        "shorthand is not the interviewer's words) and `afterview draft` says so once; this finding "
        "says it wherever the note is reviewed (afterview show, the desk's editor) until the note "
        "addresses it. Not a concern about pay, benefits or relocation support (its note or its "
        "answer, as the salary rule reads them): a thank-you leaves it out on purpose.",
        why="A doubt an interviewer raised stays with them; a thank-you is the one chance to answer "
        "it in writing.",
        source="Indeed Career Guide and The Muse on thank-you notes: address a concern raised in the "
        "interview",
        fix="Add a sentence that answers the concern, or record your answer in the debrief as "
        "'concern -> answer' and draft again.",
        settings="the concerns come from the debrief (a stored draft)",
    ),
    Rule(
        code="third-person",
        severity="warning",
        family="identity",
        title="the reader spoken of in the third person",
        catches="In a note to one person, 'he', 'she' or 'they' telling what someone did in the "
        "interview ('he asked a LOT about stats', 'she kept asking about SQL', 'they grilled me') "
        "with nobody else named before it in the sentence or the one before (a name, 'the team', "
        "'your CTO', the company): a debrief note pasted in, where the person meant is the reader. "
        "Not 'Priya mentioned that she ...' nor 'the team said they ...'.",
        why="A note that speaks of its reader as 'he' or 'they' reads as a note about them, copied "
        "from your own notes, not one written to them.",
        source="Business-writing style guides: write to the reader in the second person",
        fix="Say it to them ('you asked about ...'), or name the person it is about.",
    ),
    Rule(
        code="near-duplicate",
        severity="error",
        family="content",
        title="same note as another panel member's",
        catches="A note too similar to the note to another member of the same interview loop "
        "(sentence-level word overlap, ignoring the greeting, the sign-off and the order of "
        "sentences): the same kind of note to the other people of the same interview, or, for "
        "a keep-in-touch or share-news note, to the other people of the same process written "
        "within 30 days of it.",
        why="Panel members compare notes; identical notes with only the greeting changed "
        "undo the good impression of each.",
        source="PLAYBOOK: notes to members of one panel must differ in substance; The Muse and "
        "Indeed on writing one note per interviewer",
        fix="Rewrite the middle of the note around what this person discussed with you.",
        settings="[lint] near_duplicate = 0.8 (share of overlap, 0-1)",
    ),
    Rule(
        code="repeated-sentence",
        severity="warning",
        family="content",
        title="the same sentence twice in one note",
        catches="A sentence of four words or more that appears twice or more in the same note "
        "(the same words, whatever the case and spacing), as a paste or an edit leaves it. "
        "Reported once per sentence, from its second copy to its last, with the number of copies.",
        why="A repeated sentence reads as a note nobody reread before sending, the opposite of "
        "the care a follow-up is meant to show.",
        source="PLAYBOOK content rules (one specific topic, at most three short paragraphs); "
        "CareerBuilder surveys of hiring managers on attention to detail",
        fix="Keep the sentence once and delete the other copies; reread the note as sent.",
    ),
    Rule(
        code="too-long",
        severity="warning",
        family="content",
        title="too long for its kind",
        catches="More words than the range of the message kind (a thank-you: 100-200 words, "
        "with some slack; a status check: 2-4 sentences).",
        why="Interviewers read follow-ups between meetings; a long note buries the one "
        "detail that matters.",
        source="PLAYBOOK content rules (thank-you 100-200 words, status 2-4 sentences, "
        "rejection reply 3-5 sentences, card 40-80 words)",
        fix="Cut to the thanks, one specific point and a forward-looking close.",
        settings="[lint.length] KIND = [min, max] (words)",
    ),
    Rule(
        code="too-short",
        severity="warning",
        family="content",
        title="too short for its kind",
        catches="Fewer words than the range of the message kind; the finding says how many words "
        "short it is. A thank-you for arranging the interviews (to a recruiter or coordinator: "
        "'Thank you for arranging my interviews', 'for scheduling', 'for coordinating') has no "
        "topic to tell and is short only under 40 words.",
        why="A one-line note reads as an obligation ticked off rather than interest in the role.",
        source="PLAYBOOK content rules (thank-you 100-200 words, card 40-80 words)",
        fix="Add what the kind of note needs, as the finding says with how many words are "
        "missing: a thank-you, the topic you discussed (or more about the one it names) and why you "
        "can help with it; a status check, the role, when you interviewed and a question about the "
        "timeline; a rejection reply, thanks for the decision, one thing you valued and an open door.",
        settings="[lint.length] KIND = [min, max] (words)",
    ),
    Rule(
        code="subject",
        severity="warning",
        family="mechanics",
        title="weak subject line",
        catches="A subject that is missing, generic on its own ('hey', 'following up', "
        "'checking in', 'thanks'), also in shorthand ('thx for today', 'Ty!', 'ty for your time', "
        "'f/u': slang reports the shorthand itself) or longer than 60 characters. A reply's subject ('Re: ' and "
        "the subject of the email it answers, such as their rejection) is theirs: it is never "
        "reported for their part, only for what you added after it.",
        why="The subject decides whether and when the email is opened; it should say what the "
        "message is about (the role, the interview) in a glance.",
        source="PLAYBOOK content rules (subject like 'Thank you - {role} interview'); mail "
        "clients cut subjects at about 60 characters",
        fix="Name the message and the role: 'Thank you - Data Engineer interview'; in a reply, "
        "keep their subject as it is (changing it breaks the thread).",
        settings="[lint] subject_max = 60",
    ),
    Rule(
        code="linkedin-limit",
        severity="error",
        family="mechanics",
        title="over the LinkedIn note limit",
        catches="A connection note longer than the account's limit: your playbook's "
        "[linkedin_limits] note length (by default 200 characters on a free account, 300 with "
        "Premium), the limit the planner notes and the drafts are fitted to. Characters are "
        "counted as LinkedIn's form counts them (UTF-16 code units, a JavaScript string's "
        "length): most emoji count 2 (an emoji with a skin tone or a flag, 4), an accent typed "
        "as a separate mark (e + U+0301, as some Mac programs paste 'é') counts 1 more, a line "
        "break counts 1 (CRLF too), and blank space around the note is not counted. When that "
        "count differs from the characters you see, the finding gives both.",
        why="LinkedIn refuses a longer note; the invitation is then sent without the note or "
        "not at all.",
        source="LinkedIn Help: personalised invitation limits (the free limit was cut from "
        "300 to 200 characters)",
        fix="Keep one line of thanks and one shared detail; drop the signature.",
        settings="profile.linkedin_account (free or premium) and the playbook's "
        "[linkedin_limits] free_note_chars = 200, premium_note_chars = 300 (afterview playbook "
        "show); a text checked with lint FILE too (the free limit when there is no database yet), "
        "unless --linkedin-limit N",
    ),
    Rule(
        code="doubled-closing",
        severity="warning",
        family="mechanics",
        title="two closings in a row",
        catches="A closing line followed by another at the end of the note ('Warm regards,' "
        "then 'Best,'; 'Best,' twice; 'Kind regards,' then 'Best regards, Alex'), blank lines "
        "between them or not: what a signature that carries its own sign-off leaves under a note "
        "that closes already. The closings are those the review knows a note's end by ('Best', "
        "'Kind regards', 'Thanks', 'Many thanks', 'Sincerely', 'Cheers', 'Viele Grüße', 'Mit "
        "freundlichen Grüßen', 'Cordialement', 'Saludos', 'Met vriendelijke groet'...), the ones "
        "Afterview's drafts leave out when your signature opens with one. Not a sentence of "
        "thanks before the closing ('Thanks again!' or 'Thank you.', then 'Best,').",
        why="Two sign-offs read as a note assembled without rereading it, at the very place the "
        "reader's eye lands last, next to your name.",
        source="Business-writing style guides on closing an email (one complimentary close, "
        "then the signature)",
        fix="Keep one closing and delete the other. When your signature opens with a sign-off "
        "('Best,' above your name), drafts take it as their closing; a note you wrote yourself "
        "needs its own one deleted.",
    ),
    Rule(
        code="desperate",
        severity="error",
        family="tone",
        title="desperate or pleading",
        catches="Pleading lines: 'I really need this job', 'I really need this.', 'please give me "
        "a chance', 'I will do anything', money trouble ('my savings are running out', 'I cannot pay "
        "rent'), begging, and the wait told as suffering ('I keep checking my inbox every hour', 'I "
        "cannot sleep waiting for news', 'anything at all would put my mind at rest'). Not 'I need "
        "this information to prepare'.",
        why="Employers hire for fit and confidence; pleading shifts the conversation from what "
        "you offer to what you need and weakens your position.",
        source="Ask a Manager and recruiter advice on follow-ups; The Muse on interview "
        "follow-up mistakes",
        fix="State your interest once, with a reason tied to the role.",
    ),
    Rule(
        code="pushy",
        severity="error",
        family="tone",
        title="deadlines, accusations, leverage",
        catches="Deadlines set on the employer ('I expect an answer by Friday', 'I would need to "
        "hear from you before then'), ultimatums ('If I do not hear back by Wednesday I will "
        "assume I am no longer being considered'), accusations ('you promised', 'nobody bothered to "
        "reply', 'nobody has told me anything in three weeks', 'candidates deserve better "
        "communication'), and other offers used as leverage ('I have received an offer from "
        "another company', 'Another company has asked me to confirm by Monday', 'I am in final "
        "rounds elsewhere', 'Brisk Analytics has offered me a role'). Not a date that is theirs, "
        "said back to them ('You mentioned you hoped to decide by Friday', 'as you said', 'your "
        "team expected'), nor 'If I can send anything before then, I will'.",
        why="Hiring timelines slip for reasons the candidate never sees; pressure rarely "
        "speeds them up and is often remembered.",
        source="Ask a Manager on following up after interviews; Indeed Career Guide on "
        "follow-up emails; Glassdoor time-to-hire research (processes average about 24 days "
        "in the US)",
        fix="Ask politely about the timeline; if you have a real deadline, say so neutrally "
        "and ask whether they can share their timing.",
    ),
    Rule(
        code="passive-aggressive",
        severity="warning",
        family="tone",
        title="passive-aggressive phrasing",
        catches="Pointing at the replies you have not had: 'Not sure if you saw my last email', 'Did "
        "you get a chance to look at my previous note?', 'as per my last email', 'As I said last week' "
        "(what you wrote before, not 'as I mentioned in the interview'), 'I haven't heard anything "
        "since my last two emails', 'this is my third email', 'friendly reminder', 'still waiting'; "
        "and the excuse made for them before a reproach: 'I know (or: I assume) you must be very busy, but', 'a reply "
        "would be nice'. Not 'I know the team is busy' or 'I know you are busy, so I will keep this "
        "short'.",
        why="These phrases read as reproach; a follow-up should be easy to answer, not a "
        "reminder of who has not replied.",
        source="Workplace email surveys on irritating phrases (e.g. Adobe 2019 email usage "
        "study); Ask a Manager",
        fix="Restate the question itself in one friendly sentence.",
    ),
    Rule(
        code="asks-decision",
        severity="error",
        family="tone",
        title="asks whether you got the job",
        catches="Questions about the outcome for you, asked outright or indirectly: 'did I get the "
        "job?', 'am I still in the running?', 'what are my chances?', 'Am I being moved forward to the "
        "final round?', 'Should I expect an offer soon?', 'I would love to know if an offer is coming my "
        "way', 'Has the team reached a verdict on my candidacy?', 'Have you made a decision yet?'. Not "
        "the timeline ('when you expect to make a decision', 'the timeline for the next stage') nor a "
        "condition ('If I am selected, I can start in May').",
        why="It puts the interviewer on the spot; they usually cannot answer before the "
        "process ends, and an answer under pressure is rarely a yes.",
        source="Indeed Career Guide on status follow-ups (ask about the timeline, not the "
        "decision); The Muse",
        fix="Ask about the timeline and next steps, and offer more information.",
    ),
    Rule(
        code="argues-rejection",
        severity="error",
        family="tone",
        title="argues with a rejection",
        catches="Disputing a decision, asking to reconsider, asking why someone else was chosen ('I'd "
        "like to understand why the other candidate was preferred') or how you compare with whoever "
        "was hired ('what the person you hired has that I don't', 'what made them a better fit'), not "
        "understanding it ('I do not understand the decision', 'I think you should reconsider'), or "
        "claiming you were the better candidate ('I believe I was the strongest candidate you saw'). "
        "Only in notes after a decision. Not accepting it ('I understand the decision', 'I can see why she was chosen', 'I "
        "understand the committee chose a candidate with more experience') nor asking for feedback "
        "('I'd welcome any feedback on how I could improve').",
        why="A gracious reply to a rejection keeps the door open for the next opening; "
        "arguing closes it and cannot change the decision.",
        source="PLAYBOOK rejection reply (never argue, never ask to be compared with the hired "
        "candidate); Talent Board candidate-experience research on feedback",
        fix="Thank them for the decision, name one positive, ask for one or two "
        "forward-looking points of feedback at most.",
    ),
    Rule(
        code="apology",
        severity="warning",
        family="tone",
        title="apologises for the interview",
        catches="Apologies and excuses for your performance: 'sorry I was so nervous', 'I "
        "blanked on', 'I wasn't at my best'.",
        why="An apology draws attention to a weak moment the interviewer may not have weighed; "
        "the note is a chance to add strength instead.",
        source="Career advisers (The Muse, Indeed Career Guide): address a weak answer by "
        "adding the better answer, not by apologising",
        fix="Replace the apology with the better answer: 'On the caching question, I'd add ...'.",
    ),
    Rule(
        code="hedging",
        severity="info",
        family="tone",
        title="hedging words",
        catches="Softeners that weaken a message: 'just' before what you want, think or feel "
        "('I just wanted to', 'I just think'; not 'just before the call' or 'a just decision'); "
        "'sorry to bother you', 'I think maybe', 'I guess', 'I feel like', 'does that make "
        "sense', 'if that makes sense?' closing a sentence (not 'if that makes sense for your "
        "roadmap, I could ...'); 'kind of' and 'sort of' softening what follows them ('it could be kind of "
        "useful', 'I'm kind of interested', 'I kind of hoped'), not the noun ('the kind of role', "
        "'what kind of team'), nor before a noun phrase ('it was kind of a long day', which is "
        "loose about the day, not about you) or a person ('it is kind of you'). A warning when "
        "they are frequent.",
        why="One softener is normal; many make you sound unsure of your own interest and "
        "skills.",
        source="Business-writing guidance on hedges and qualifiers (e.g. the 'Just Not Sorry' "
        "email habit research popularised in 2015)",
        fix="Delete the softener; the sentence is usually stronger without it.",
        settings="[lint] hedging_warn_at = 3 (hedges before it becomes a warning)",
    ),
    Rule(
        code="cliche",
        severity="warning",
        family="tone",
        title="cliché",
        catches="Stock phrases: 'take time out of your busy schedule', 'I hope this email finds "
        "you well', 'perfect fit', 'team player', 'hit the ground running'; follow-up filler: "
        "'just checking in', 'just following up', 'just wanted to follow up', 'touch base'; "
        "'please advise', 'at your earliest convenience'. Each finding's fix fits its phrase.",
        why="Stock phrases take the place of the specific sentence that would have made the "
        "note memorable.",
        source="Recruiter and career-adviser lists of overused phrases (The Muse, Indeed "
        "Career Guide, LinkedIn's annual overused-buzzwords lists)",
        fix="Say the specific thing instead: a claim about yourself wants an example of what "
        "you did; a follow-up filler the question itself (the role, and where the process "
        "stands); 'please advise' a direct question; a buzzword the point in plain words.",
    ),
    Rule(
        code="negative-tone",
        severity="warning",
        family="tone",
        title="negative tone",
        catches="Complaints or an overall negative tone, measured with the VADER sentiment "
        "lexicon (a whole-message score and strongly negative sentences), and complaints the lexicon "
        "scores too mildly: about the process ('has been exhausting', 'a waste of time'), bitterness "
        "('I'm gutted'), and about an employer, a manager or colleagues, past or present ('My current "
        "employer is a nightmare', 'my manager is useless', 'I hate my job'), also in passing ('three "
        "years of incompetent leadership at my current company', 'my toxic workplace', 'Unlike my "
        "current employer, your team seems to care'). The finding says what "
        "it found: the complaint, quoted, and the sentence's score only where the score is what is "
        "negative.",
        why="Follow-ups are read as a sample of how you communicate at work; complaints about "
        "the process or past employers read as a warning sign.",
        source="Hutto & Gilbert (2014), VADER sentiment lexicon; career advisers on staying "
        "positive after interviews and rejections",
        fix="Reframe the sentence around what you appreciated or look forward to.",
        settings="[lint] negative_tone = -0.35 (message), negative_sentence = -0.6 (sentence)",
    ),
    Rule(
        code="emoji",
        severity="error",
        family="style",
        title="emoji or emoticon",
        catches="Emoji and text emoticons such as :) ;-) :D <3.",
        why="Most employers read emoji in a candidate's follow-up as unprofessional; text "
        "messages were seen as appropriate by only 5% of HR managers.",
        source="Robert Half/Accountemps survey 2017 (channels and formality of thank-you notes)",
        fix="Delete it; let a warm sentence carry the tone.",
    ),
    Rule(
        code="invisible-character",
        severity="warning",
        family="style",
        title="invisible character",
        catches="A character no one sees, pasted in with text copied from a web page, a chat or a "
        "PDF: a zero-width space (U+200B), a word joiner (U+2060), a byte-order mark inside the text "
        "(U+FEFF), a soft hyphen (U+00AD), a bidirectional embedding or override (U+202A to "
        "U+202E), an invisible operator (U+2061 to U+2064), a Hangul filler (U+115F, U+1160, U+3164, "
        "U+FFA0), a braille blank (U+2800), tag characters (U+E0020 to U+E007F) outside an emoji "
        "flag, and a zero-width joiner (U+200D) between two Latin letters. The joiners scripts and "
        "emoji need (U+200C, U+200D), a flag's tags (England, Scotland, Wales), the marks and "
        "isolates that keep a right-to-left name in place, and a no-break space are not flagged. "
        "The spelling check reads the words these sit in without them: 'con' + U+200B + "
        "'versation' is 'conversation', said once, here.",
        why="The recipient's mail program may break a line or a word at it, show it as a box or a "
        "question mark, or (an override) show the words after it in reverse order; a search for "
        "the word it sits in misses it.",
        source="Unicode Standard Annex #9 (the bidirectional algorithm) and Unicode Technical "
        "Report #36 (security considerations: invisible and reordering characters)",
        fix="Delete it: retype the words around it, or paste them as plain text.",
    ),
    Rule(
        code="exclamation",
        severity="warning",
        family="style",
        title="exclamation marks",
        catches="More than one exclamation mark (a warning), or a repeated '!!' (an error).",
        why="One exclamation reads as warmth; several read as over-excitement, and '!!' as a "
        "text message.",
        source="Business-writing style guides on professional email tone",
        fix="Keep at most one, usually in the closing thanks.",
        settings="[lint] max_exclamations = 1",
    ),
    Rule(
        code="all-caps",
        severity="warning",
        family="style",
        title="words in capitals",
        catches="Ordinary words written in capitals for emphasis (REALLY, THANK YOU). Acronyms "
        "such as SQL, AWS or HR are not flagged, nor a name or term written in capitals in the "
        "context (IBM, 'SAP HANA', 'ML OPS', a one-word 'KAFKA' in a debrief), except, in your own "
        "notes, a run of capital words with two long words that are not acronyms ('KAFKA CONSUMER "
        "LAG' typed into a debrief topic): shouting reads as shouting whoever typed it. The words of "
        "the role, the companies and the names as the context writes them are never reported, "
        "wherever the note repeats them (the employer's title 'Operations Lead (URGENT HIRE)'). A "
        "short word is reported when it can only be emphasis ('SO excited', 'take ANY role') or "
        "stands next to other capitals ('THANK YOU'). A word that is only ever emphasis in capitals "
        "('a LOT', 'REALLY', 'SO much', 'HUGE') is reported even where your own notes write it so: "
        "a debrief's 'he asked a LOT' is shouting, not a term.",
        why="Capitals read as shouting in email.",
        source="Email netiquette (RFC 1855, 1995: capitals read as shouting)",
        fix="Write the word normally; use a stronger word if you need emphasis.",
    ),
    Rule(
        code="slang",
        severity="warning",
        family="style",
        title="slang, text speak, over-familiar words, mobile signature",
        catches="Laughing or exclaiming text speak ('lol', 'omg', 'lmao', 'rofl', 'smh', 'xoxo', 'xo') is an "
        "error: every note reviewed goes to someone of a hiring process, where it embarrasses; the rest is "
        "a warning: "
        "'lol', 'omg', 'tbh', 'btw', 'thx', 'ngl', 'luv', 'xoxo', 'f/u', 'u' for 'you' and 'def' "
        "for 'definitely' (in lower case: never 'U.S.', 'U of T' or 'DEF'), 'ty' for 'thank you' (also "
        "'Ty for your time' or 'TY so much' opening a subject or a sentence: never 'thanks to Ty for "
        "the tour'), 'gonna', 'wanna', "
        "'dude'; over-familiar words for a "
        "hiring manager: a 'Hey', 'Hiya', 'Yo' or 'Howdy' opening the note or a sentence (not a "
        "quoted or mid-sentence product name such as '\"Hey\" app'), a nickname for the reader "
        "('Thanks, mate', 'Cheers buddy', 'pal', 'hun'), a sign-off for friends ('Love,', "
        "'Hugs', 'x'); and signatures like 'Sent from my iPhone'. Text speak is reported here, "
        "never again as a misspelling.",
        why="A follow-up is a business letter; text speak and a mobile signature suggest it "
        "was dashed off, and a greeting or nickname for friends presumes a closeness the "
        "reader has not offered.",
        source="Robert Half/Accountemps survey 2017 (email appropriate for 94%, text messages "
        "for 5%)",
        fix="Write the words out, as the finding names them ('thanks' for 'thx', 'going to' for "
        "'gonna'); delete what no follow-up says in words ('lol', 'omg', 'dude'); remove the mobile "
        "signature.",
    ),
    Rule(
        code="salary",
        severity="warning",
        family="content",
        title="pay or benefits in a follow-up",
        catches="Salary, compensation, bonus, equity, benefits, vacation, paid time off or "
        "relocation support (a relocation package, assistance, budget) in a thank-you note or "
        "card, a LinkedIn note, a status follow-up, a rejection reply, a feedback request or a "
        "keep-in-touch note: every kind but a withdrawal, which may decline an offer. Afterview's "
        "drafts never pick such a topic from a debrief as the thing they praise.",
        why="A follow-up is about the conversation, your fit and the relationship; pay belongs to "
        "the offer stage, when they raise it or make an offer. Praising 'our conversation about "
        "the relocation package' in a thank-you or a rejection reply reads as what you cared about "
        "most.",
        source="Career advisers on salary timing (Indeed Career Guide, The Muse: negotiate "
        "after the offer); PLAYBOOK content rules (one specific positive from the conversation)",
        fix="Keep pay and benefits for the offer conversation; name another topic you discussed.",
    ),
    Rule(
        code="spelling",
        severity="warning",
        family="mechanics",
        title="spelling",
        catches="Words not in the dictionary, knowing the names, company, role and debrief "
        "terms of the context and your personal dictionary; of your own notes (debrief details, "
        "news), only names and terms as written there are known (a word with a capital or a digit: "
        "'Kafka', 'PySpark', 'S3'): an ordinary word in lower case is checked like any other, so "
        "'becuase' or 'maintaing' copied from a debrief is reported. British and American spellings "
        "are both accepted; names, addresses, links and numbers are never flagged, except a "
        "word one letter from the recipient's name, the company or the role as written there "
        "('Fabrikam Robtics', 'Senoir', 'Pryia': a letter left out, added, changed, or two "
        "neighbours swapped), or its letters with two such swaps ('Pryai'), capital or not "
        "(a name two letters longer, such as 'Priyanka', is another person). "
        "Only words of Latin letters are read against the dictionary: a word in another "
        "script (张伟, 田中花子, ロンドン, ليلى, शर्मा, Αθήνα, Москва) is never flagged, and a "
        "word keeps its combining marks (Devanagari vowel signs and virama: शर्मा is one word). "
        "Also two full stops in a row ('Fabrikam Inc.. If'), a typo of the same kind; an ellipsis "
        "('...') is not one. Also a word typed twice ('for the the conversation', 'and and', "
        "across a line break too), except repeats English means: 'had had', 'that that', 'what it "
        "is is', 'bye bye', 'very very', numbers, a name of two same capitalised words "
        "('Duran Duran'), a word followed by an abbreviation in capitals ('in IN.', 'or OR'), and "
        "a word followed by a name or compound it is part of ('at AT&T', 'to TO/DO'). And 'its' where 'it's' is meant, only where the possessive cannot be "
        "read: before 'been', 'a', 'the', 'not' ('its been', 'Its a'), or an adjective that ends "
        "the clause or takes 'to'/'that' ('Its clear that', 'its great to'), never 'its team' or "
        "'its great culture'; and 'it's own'. And the pronoun 'i' in lower case ('i enjoyed', "
        "'i'm'), never 'i.e.', '(i)' or a list's 'i)'. And a place's name written in lower case ('we "
        "are both from ohio', 'moving to texas', 'the london office', 'new york'), with its capitals as "
        "the fix ('Ohio'): the names are those of the installed packages (the countries and regions of "
        "`holidays`, the cities of the IANA time zones), less ordinary words that are also places "
        "('reading', 'nice', 'bath', 'mobile', 'orange', 'split', 'march', 'turkey', 'midway'; a name "
        "of several words after 'a', as in 'a new jersey'), and never one inside an address or a link "
        "('ohio.edu'), nor one that the company's or a person's name, or your personal dictionary, "
        "writes in lower case itself. And shorthand of a note to self in prose, with the words to "
        "write: 'eng' ('the eng team': 'engineering'), and a half-year or a quarter after a word of "
        "time ('in H2', 'by Q3', 'end of Q4', 'mid-H1': 'the second half of the year', 'the third "
        "quarter'); never the same letters as a name ('the H2 database', 'an Audi Q3', 'HTTP/2', "
        "'the Q3 results', 'ENG', 'Eng Lee'). What is theirs is not read: their subject after "
        "'Re:', 'AW:' ... (the thread's subject when known, what you added after it still read; all "
        "of it after the prefix in a pasted text), the lines of their mail quoted in the body ('> "
        "...', and the line that introduces them), and a small joining word of another language "
        "inside a capitalised name of several words ('Müller und Partner', 'Ortiz y Asociados', "
        "'Banco do Brasil'); the same word in a sentence of your own is read.",
        why="Typos in a short note are noticed; 'attention to detail' is judged from exactly "
        "this kind of text.",
        source="CareerBuilder surveys of hiring managers (typos among the most common reasons "
        "to rule a candidate out)",
        fix="Correct the word, or add it to personal-dictionary.txt in your config folder; "
        "keep one full stop after a name that ends with one ('Inc.'); delete the second of a "
        "doubled word; write 'it's' for 'it is' or 'it has'; give a place's name its capitals; "
        "write shorthand out in words.",
        settings="personal-dictionary.txt in the config folder, one word a line",
    ),
    Rule(
        code="spelling-mix",
        severity="warning",
        family="mechanics",
        title="British and American spellings mixed",
        catches="A note that spells some words the British way and others the American way "
        "('I realize ... organised ... behaviour and behavior'), said once per note, naming the "
        "words of each: -our and -or ('colour', 'color'), -ise and -ize, -yse and -yze "
        "('organised', 'realize', 'analyse'; not 'advise' or 'surprise', -ise in both), a doubled "
        "l ('travelled', 'traveled'), -re and -er ('centre', 'center') and a few more "
        "('grey', 'defence', 'catalogue'). Either spelling alone is never reported, nor a name "
        "written with a capital in mid-sentence ('Colour Labs'), nor the words of the company, the "
        "role or the people of the note.",
        why="One spelling throughout reads as care; a mix reads as text pasted together from "
        "several places.",
        source="Style guides on consistent spelling (The Economist Style Guide; Oxford Style "
        "Manual; Merriam-Webster on British and American spelling)",
        fix="Pick the spelling of the reader's country and write every word that way.",
    ),
    Rule(
        code="wrong-role",
        severity="error",
        family="identity",
        title="names another role",
        catches="The title of your opportunity at another company in the subject or the body "
        "(an error: a note copied from another application), unless its words are all in this "
        "note's role ('Data Engineer' in a note about Senior Data Engineer may be this role said "
        "short), or in a keep-warm or news note that "
        "tells your own news with it; and, as a warning, a job title "
        "named as the role ('the ML Platform Lead role', 'ML Platform Lead interview', 'the "
        "position of Data Engineer') that is not the role of this note (--role, or the "
        "opportunity's), or, when the role is not known, a subject and a body that name "
        "different roles. A title is read as capitalised words ending in a job word (Engineer, "
        "Lead, Manager, Scientist, Designer ...); it is the role when its words are the role's "
        "or the initials of some of them ('ML Engineer' for Machine Learning Engineer, "
        "'Senior Engineer' for Senior Software Engineer). Not in a keep-warm or news note, where a "
        "title is likely your own new one, nor one of your other roles at this company (a "
        "rejection reply that looks forward to the other process there).",
        why="The wrong title tells the reader the note was written for another application, as "
        "the wrong company does.",
        source="Career advisers on personalising follow-ups: name the company and role "
        "correctly (Indeed Career Guide, The Muse); recruiter surveys on attention to detail "
        "(CareerBuilder 2011)",
        fix="Write the role's title as the posting gives it, and reread the note for other "
        "details of the note it was copied from.",
        settings="the other roles come from your pipeline (lint reads them from your database "
        "when there is one; a stored draft, lint --draft) or --other-role",
    ),
    Rule(
        code="attachment",
        severity="warning",
        family="mechanics",
        title="mentions an attachment it does not carry",
        catches="A note that says something is attached ('Please find attached', 'I have "
        "attached', 'I've attached my portfolio', 'attached is', 'see the attachment', "
        "'enclosed') while it carries no attachment: a stored draft with none, an .eml "
        "message with no attached file, a LinkedIn note or a card (which carry none: give a link). "
        "A text file's attachments are not known (lint FILE): it is judged only as a LinkedIn "
        "note or a card. Not 'attached' in another sense ('I am attached to the team').",
        why="A promised attachment that is missing makes the reader write back for it, and reads "
        "as the carelessness a follow-up is meant to disprove.",
        source="Email etiquette guides (Purdue OWL, Business email; Gmail's and Outlook's own "
        "forgotten-attachment reminders)",
        fix="Write a link instead and take out the sentence that says it is attached. Afterview "
        "sends no files with a note; to send the file itself, send the note from your own mail "
        "program with the file attached, then mark its action done (afterview done KEY).",
        settings="the files a stored draft or an .eml message carries",
    ),
    Rule(
        code="timing",
        severity="warning",
        family="timing",
        title="sent at the wrong moment",
        catches="A send time earlier than 1 hour after the interview's end (an error for a "
        "thank-you set to go out before the interview has even ended), at night or late in the "
        "evening for the recipient (outside 07:00-20:00 in their time zone), on a weekend or "
        "public holiday of the recipient (in their time zone; their country's weekend, as the planner counts it: Friday-Saturday in Israel, Saturday in Nepal, and a weekend day worked to make up for a day off, such as China's make-up Saturdays, is a business day), or a thank-you more than 48 hours "
        "after the interview and after the moment the plan has it due (a Friday's note sent on "
        "Monday morning in the slot the planner chose is on time, before it goes and once it has "
        "gone), or a rejection reply earlier "
        "than 2 hours after the rejection arrived (the wait the planner gives it). Also a moment "
        "within the playbook's spacing (3 business days) after the last message to the same person "
        "that went out (sent, or marked done), for a kind the spacing holds (not a thank-you, a "
        "rejection reply, a LinkedIn note or a withdrawal), and a second status follow-up (closing "
        "the loop) before the playbook's 7 (10) business days after the previous status follow-up "
        "of the opportunity, stretched for a slow sector as the planner does; warnings, never "
        "errors (you may know better: they asked you to write). The moment is "
        "the scheduled one; approving a note without a time, or sending it now, is judged at "
        "that moment.",
        why="A note sent minutes after the interview looks pre-written, and one sent before it "
        "ends thanks a conversation that has not finished; a reply minutes after a rejection "
        "reads as a reflex rather than a considered answer; one that arrives at night reads as "
        "sent at an odd hour or by mistake, and waits under the morning's mail; one sent on a "
        "weekend lands under Monday's pile; after 48 hours a thank-you is late (still worth "
        "sending, without 'yesterday').",
        source="PLAYBOOK timing rules: TopResume, Indeed, Robert Half (within 24 h, not before "
        "1 h); CareerBuilder 2005 (2-5 days tolerated); the rejection reply's wait (due within "
        "24-48 h, not before 2 h have passed), the Friday, pre-holiday and afternoon slots, the "
        "send window and the waking hours are heuristics of Afterview's default playbook",
        fix="Schedule it for the next business morning in the recipient's zone; a thank-you for "
        "after the interview has ended; a rejection reply for when the wait has passed. A "
        "LinkedIn note cannot be scheduled: send it by hand then (on their next business day, "
        "from the start of their waking hours, 07:00 their time by default).",
        settings="[lint] min_gap_hours = 1, thank_you_late_hours = 48, waking_from = 7, "
        "waking_until = 20 (hours of the recipient's day); the planned due moment, the "
        "rejection reply's wait (rejection_reply.not_before), the spacing (spacing.business_days, "
        "spacing.exempt) and the follow-up waits (second_status_check.after_first, "
        "close_the_loop.after_second, slow_pace.factor) come from your playbook (afterview "
        "playbook show); for a text checked with lint FILE, the rejection reply's wait, the "
        "spacing and the follow-up waits are not judged (what went out before is not known)",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

# The code of the finding that says a plugin's review check failed (reviewer/engine.py). It
# comes with plugins: it joins RULES (`afterview lint --list`) when a plugin adds a check, and
# `--explain plugin` and the `[lint]` settings know it always.
PLUGIN_RULE = Rule(
    code="plugin",
    severity="warning",
    family="plugins",
    title="a plugin's check failed",
    catches="A review check added by a plugin that failed on this message: it raised an "
    "error, or gave something other than findings of the codes it registered. The finding "
    "names the plugin, its check and what went wrong, once per review; the rest of the "
    "review is complete, and the text is saved and shown as usual.",
    why="A plugin is someone else's code: its failure should neither lose your edit nor "
    "hide the other findings, nor stop you from approving a note that Afterview's own "
    "checks pass (a warning does not block approval; an error would). You should still "
    "know that one of the checks you installed did not run.",
    source="Afterview's plugin rules (docs/plugins.md)",
    fix="Tell the plugin's author (the message says what failed); to review without the "
    "plugin, uninstall it or leave it out of AFTERVIEW_PLUGINS.",
    settings='[lint.severity] plugin = "error" to block approval while a check fails; '
    '[lint] disable = ["plugin"] to not be told',
)


def explain(code: str) -> str:
    """The text of `afterview lint --explain CODE`; InvalidInput for an unknown code."""
    rule = get_rule(code)
    lines = [
        f"{rule.code} [{rule.severity}]: {rule.title}",
        "",
        f"Catches: {rule.catches}",
        f"Why: {rule.why}",
        f"Source: {rule.source}",
        f"Fix: {rule.fix}",
    ]
    if rule.settings:
        lines.append(f"Settings: {rule.settings}")
    lines.append(f'Turn off: [lint] disable = ["{rule.code}"] in config.toml')
    return "\n".join(lines)


def get_rule(code: str) -> Rule:
    """The rule called `code`, or InvalidInput naming the closest codes."""
    rule = RULES.get(code.strip().lower())
    if rule is None and code.strip().lower() == PLUGIN_RULE.code:
        rule = PLUGIN_RULE
    if rule is not None:
        return rule
    import difflib

    from afterview.errors import InvalidInput

    close = difflib.get_close_matches(code.strip().lower(), list(RULES), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see afterview lint --list)"
    raise InvalidInput(f"unknown lint code: {code!r}{hint}")


_USAGE = """## Using it

```
afterview lint [FILE|-] [--json] [--kind KIND] [--channel email|linkedin] [--to NAME]
               [--company NAME] [--role TITLE] [--detail TEXT]... [--sibling FILE]...
               [--other-company NAME]... [--other-person NAME]... [--other-role TITLE]...
               [--linkedin-limit N] [--send-at ISO] [--interview-end ISO]
               [--rejection-at ISO]
afterview lint --draft ID          a stored draft, with its whole context from the database
afterview lint --explain CODE      what a code catches, why, the source, how to fix it
afterview lint --list              every code and its default severity
```

- FILE may begin with `Subject:` / `To:` headers and a blank line, or be an `.eml` file
  (read with Python's `email` package); `-` reads standard input. Without a `Subject:` header
  the subject is not checked; without `--to`, the `To:` header's display name is the recipient.
- KIND: thank_you, status_check, closing_the_loop, rejection_reply, feedback_request,
  keep_warm, share_news, linkedin_note, card, withdrawal. Without `--kind`, the kind is guessed from the
  wording (a thank-you, a status check or a rejection reply), or left open.
- Each finding is a line `FILE:LINE:COLUMN: severity: message [code]` with its fix under it;
  the last line counts them (`3 errors, 2 warnings`, or `no problems found`).
- Exit status: 0 with no error-level finding, 1 with one or more (said by the count, with
  nothing more on standard error), 2 on bad usage or an unreadable file (one line on standard
  error, never a traceback).
- `--json` prints `{"findings": [{"code", "severity", "message", "start", "end",
  "suggestion"}]}`; `start`/`end` are character offsets in the file's text (headers
  included), or null when a finding has no span (timing) or the body was encoded in the
  `.eml` (quoted-printable, base64). For `--draft`, offsets are in the draft written as
  `Subject: ...`, a blank line, then the body.
- `--sibling FILE` gives the other notes of the same interview loop (near-duplicate);
  `--detail` what this person discussed (no-specific; its names and terms, with a capital or a
  digit, are never flagged by spelling; its ordinary lower-case words are checked).
- With `--company`, the rest of your pipeline is read from your database when there is one
  (read with the standard library's sqlite3: lint stays fast): the companies of your other
  opportunities (wrong-company) and their roles (wrong-role; your other roles at this company
  are named without blame), and the people recorded at this company but the recipient
  (wrong-name, for one addressed in the body). `--other-company`, `--other-role` and
  `--other-person` add to them, or stand alone without a database. With or without them, the
  people the text itself names beside its reader ('I enjoyed meeting you and Dana') are the
  other people of the process (wrong-name: 'Thanks again, Dana.' in that note to Priya).
  `--company` names a company of your pipeline by its name (case, accents and legal form
  aside) or by the first words of one name only ('Northwind' for Northwind Analytics, which the
  note is then checked as being for); a name that could be several of them (none of which is
  then checked as another company), or that is none of them, is said in one line on standard
  error.
- attachment: a text file's attachments are not known, so what it says is attached is judged
  only for a LinkedIn note or a card, which carry none; an `.eml` file and a stored draft carry
  their own.
- `--send-at` / `--interview-end` / `--rejection-at` take ISO times (or anything `afterview`
  accepts as a time); a time without a zone is in yours. From a FILE, the moment is judged in
  the zone written in `--send-at` (yours when none is written) and against the weekend and
  public holidays of that zone's country or region, as `person add --tz` gives it
  (`Asia/Jerusalem`: Israel, whose weekend is Friday-Saturday; `Europe/London`: England); a
  zone of no one country (UTC) or a bare offset (`+02:00`) gives none, and the weekend is
  Saturday-Sunday. When `--to` names one stored person, as with `--draft`, it is judged in the
  recipient's zone and against their country's weekend and holidays, and a greeting by their
  greet-as name is theirs. `--rejection-at` is when the rejection arrived, for a rejection reply
  (`--kind rejection_reply`): a `--send-at` sooner after it than the playbook's wait
  (`rejection_reply.not_before`, 2 hours by default) is flagged (timing); with `--draft`, it is
  read from the recorded decision.

## Settings

In the `[lint]` section of `config.toml` (`afterview config` shows where it is):

```toml
[lint]
disable = ["hedging"]          # codes to turn off
near_duplicate = 0.8           # share of overlap (0-1) that makes two notes the same
max_exclamations = 1           # single "!" allowed in a body before a warning
hedging_warn_at = 3            # hedges in one message before hedging becomes a warning
negative_tone = -0.35          # VADER compound score of the whole message
negative_sentence = -0.6       # ... of one sentence
subject_max = 60               # characters
min_gap_hours = 1              # earliest send after the interview's end
thank_you_late_hours = 48      # a thank-you later than this is late (unless the plan has it due later)
waking_from = 7                # a send time before this hour of the recipient's day is at night
waking_until = 20              # ... and after this one, late in the evening

[lint.severity]                # change a code's severity: error, warning or info
salary = "error"

[lint.length]                  # words per kind: [min, max]
thank_you = [80, 230]
```

Default word ranges: {lengths} (the
PLAYBOOK's content rules with some slack). A mistake in the section (an unknown key or code,
a bad value) stops with one line naming the file and the key.

Your personal dictionary is `personal-dictionary.txt` in the same folder: one word a line,
`#` for comments. Its words, and the names, company and role of the context, are never flagged
by spelling; of the debrief details and your news, only names and terms as written there (a
capital or a digit in the word: 'Kafka', 'S3').

## How the rules work, and the libraries behind them

- Wording rules (desperate, pushy, passive-aggressive, asks-decision, argues-rejection,
  apology, hedging, cliche, slang, salary) are phrase patterns matched on lowercased text
  (a few slang patterns on the text as written, where case tells 'u' from 'U.S.'); a stretch of
  text is reported once per code, by the first pattern that finds it ('compensation', not again
  as 'compensation structure: the 401k'). The patterns of asks-decision, argues-rejection and
  passive-aggressive are built from what is meant rather than sentences: a question (outright,
  or after 'I'd love to know if') about the job, an offer, being chosen or moving on to a next
  round; whoever was chosen, however named, compared with you; your earlier messages, named as
  such.
- linkedin-limit: the note's length as LinkedIn's form counts it (UTF-16 code units), the
  same count the composer fits its LinkedIn drafts to.
- doubled-closing: the closing lines are read by one list of closings
  (`afterview.reviewer.text.CLOSINGS`), the same list by which the composer sees that your
  signature opens with a sign-off of its own.
- spelling: the English frequency list shipped with pyspellchecker (offline), read directly
  and cached in the data folder (`cache/spelling-*.marshal`), plus `words.txt` (job-search and
  technical vocabulary) and British endings (-our, -ise, -yse, -tre, -ence, -ogue, doubled l,
  -mme). Capitalised words inside a sentence are taken as names; suggestions are the most
  frequent word one edit away, never a rude one. A word with no vowel ('mgmt') or the first
  three to six letters of a common word ('sched', 'migr') is said to be shorthand rather than
  given a word one edit away. Shorthand of prose (`afterview.reviewer.shorthand`): 'eng', and
  H1/H2 or Q1-Q4 only after a word of time ('in', 'by', 'for', 'end of', 'mid-' ...), the same
  list by which the composer tells you of shorthand in a topic. Place names (`afterview.reviewer.places`): the countries (the
  `holidays` package's), their subdivisions and the aliases it knows them by, and the last part
  of each IANA time zone of a continent or an ocean (`tzdata`), with and without their accents; a
  single word is left out when the frequency list has it 2,500 times or more, or an inflected
  form of it ('turkeys', 'acres', 'orally') 100 times or more, and a short list of ordinary words
  the counts cannot tell from a name ('midway', 'manila', 'phoenix'). Built on first use (it
  imports `holidays`) and cached in the data folder (`cache/places-*.marshal`); the composer
  gives a name found so its capitals when it builds a sentence from your notes.
- spelling-mix: the -our/-or stems, the doubled-l verbs and the -re/-er words are lists; an
  -ise/-yse word is British when the dictionary (American) has only its -ize/-yze form.
- wrong-role: a title is capitalised words ending in a job word, before 'role', 'position',
  'interview' ... or after 'the position of'; compared with the role by its words and the
  initials of the role's words.
- negative-tone: the VADER lexicon (vaderSentiment, offline): each sentence is scored, and
  the message as a whole from the sum of its sentences; a short list of complaint phrases
  ("was frustrating", "a waste of time", "my manager is useless") counts as well.
- near-duplicate: the set of adjacent word pairs inside each sentence, greeting, sign-off and
  greeted names removed; overlap = shared pairs / pairs of the smaller note. Sets ignore the
  order of sentences; pairs survive a changed greeting or a few swapped words.
- no-specific: a debrief detail counts as mentioned when two of its keywords appear, or one
  distinctive keyword (rare in the frequency list, such as "Kafka" or "preceptorship").
- wrong-company: another pipeline company's name (a company you have an opportunity with,
  not the one the recipient is at now) as whole words (case-sensitive), or its first word when
  that is not an English word ("Contoso" for "Contoso Bank", never "General").
- old-company-name: the names the note's company went by (`company show` lists them:
  recorded by `company edit --name` and `company merge`), without their legal form, as whole
  words (case-sensitive), outside the places the note names the company as it is now.
- timing: the planned send time in the recipient's zone, public holidays from the holidays
  package (imported only when a country is known). A thank-you's lateness follows the planner:
  one sent by the moment its action is due (the plan as it stands then, with your playbook) is
  not late, whatever the hours since the interview; so is one that has gone (`show` of a sent
  note: the plan as it stood while it waited to go), and a sent note found late is not told to
  be sent. A rejection reply's wait does too: the
  rejection's moment is read as the planner reads it (a reply classified as a rejection, or the
  "rejected" status), and the wait is your playbook's `rejection_reply.not_before`.
- subject: a reply's subject (`Re: `, `AW: `, `Sv: ` ... and their subject) is the thread's,
  not yours to shorten: with `--draft` the subject of the message it answers is known, and only
  what you added after it is judged; a pasted `Re: ...` subject is not judged for length. Their
  words are not spell-checked either (spelling): their subject after the prefix, and the lines of
  their mail quoted in the body (`> ...`).
- wrong-name of a signed note: the name after the closing ("Best, Alex") or on the first line
  under it, compared with your profile's name (and the name your signature carries) by its words,
  their initials, short forms and nicknames, with and without accents; a word two letters or
  fewer from one of yours (one for a short word) is your name misspelled or as it was before.

Plugins can add rules: see docs/plugins.md.

"""


def _usage() -> str:
    from afterview.reviewer.config import DEFAULT_LENGTHS

    lengths = ", ".join(f"{kind} {low}-{high}" for kind, (low, high) in DEFAULT_LENGTHS.items())
    return _USAGE.replace("{lengths}", lengths)


def markdown() -> str:
    """docs/lint-codes.md: every code with its severity, what it catches, why, source and fix."""
    lines = [
        "# Lint codes",
        "",
        "The codes of `afterview lint` and of every draft review. Codes are stable: use them in",
        "`[lint]` settings, `--explain CODE` and `--json` output. This page is generated from",
        "`src/afterview/reviewer/catalogue.py` (`afterview.reviewer.catalogue.markdown()`).",
        "",
        *_usage().splitlines(),
        "## Codes",
        "",
        "| code | default severity | catches |",
        "|---|---|---|",
    ]
    lines += [f"| [{r.code}](#{r.code}) | {r.severity} | {r.title} |" for r in RULES.values()]
    for rule in RULES.values():
        lines += ["", f"### {rule.code}", "", f"**{rule.severity}**: {rule.title}.", "",
                  f"- Catches: {rule.catches}", f"- Why: {rule.why}", f"- Source: {rule.source}",
                  f"- Fix: {rule.fix}"]
        if rule.settings:
            lines.append(f"- Settings: {rule.settings}")
    rule = PLUGIN_RULE
    lines += ["", "## With plugins", "",
              "Plugins add codes of their own (docs/plugins.md), listed by `afterview lint --list` once",
              "installed. One more code comes with them:",
              "", f"### {rule.code}", "", f"**{rule.severity}**: {rule.title}.", "",
              f"- Catches: {rule.catches}", f"- Why: {rule.why}", f"- Source: {rule.source}",
              f"- Fix: {rule.fix}", f"- Settings: {rule.settings}"]
    return "\n".join(lines) + "\n"
