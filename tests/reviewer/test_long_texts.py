"""A long text is reviewed in time linear in its length. Shapes that were quadratic: a text
without full stops (VADER read the whole sentence again for each word), a long run of '!'
(each mark began a new try at a sentence end), template fields among capitals and a company
named over and over (each checked against all the others).

(Capitalised unknown words also copied the text before each of them, quadratic only from a
few megabytes on: measured, not tested here.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.rules import tone

SHAPES = textwrap.dedent('''
    import time
    from afterview.reviewer import ReviewContext, review
    words = ("the team discussed how we could migrate the data pipeline to streaming and what the "
             "rollout would look like I enjoyed hearing about the roadmap and the way you measure").split()
    shapes = {
        "no full stops": "\\n".join(" ".join(words[(i + k) % len(words)] for k in range(12)) for i in range(2000)),
        "a run of marks": "Thanks" + "!" * 20000 + "x",
        "fields among capitals": "Please see [Name] and the NEED for it. " * 2500,
        "a company named over and over": "At Contoso Bank and Contoso we met Fabrikam Robotics people. " * 8000,
    }
    context = ReviewContext(kind="thank_you", recipient_name="Priya Raman", company="Fabrikam Robotics",
                            other_companies=["Contoso Bank", "Globex"], details=["Kafka migration"])
    review(None, "Hi Priya,\\n\\nThanks.\\n\\nBest,\\nAlex", context)  # the dictionary, VADER
    for name, text in shapes.items():
        start = time.process_time()  # CPU time: the bound holds however busy the machine is
        review(None, "Hi Priya,\\n\\n" + text + "\\n\\nBest,\\nAlex\\n", context)
        took = time.process_time() - start
        assert took < 8, f"{name} ({len(text):,} characters): {took:.1f} s"
    print("ok")
''')


def test_long_texts_of_the_quadratic_shapes_are_reviewed_in_time():
    """In a child process with a limit on its CPU time (other processes on a busy machine do not
    count): the old code took from 15 s to minutes on each of these texts (20 KB to 500 KB); all
    of them take a few seconds now."""
    done = subprocess.run([sys.executable, "-c", SHAPES], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_vader_never_reads_a_sentence_of_more_than_a_bounded_number_of_words(monkeypatch):
    read: list[int] = []
    analyzer = tone._analyzer()

    class Counting:
        lexicon = analyzer.lexicon

        def polarity_scores(self, text):
            read.append(len(text.split()))
            return analyzer.polarity_scores(text)

    monkeypatch.setattr(tone, "_analyzer", lambda: Counting())
    body = "Hi Priya,\n\n" + " ".join(["the rollout was terrible and disappointing"] * 400) + "\n\nBest,\nAlex"
    findings = review(None, body, ReviewContext(kind="thank_you"))
    assert read and max(read) <= tone._LONGEST
    assert "negative-tone" in {f.code for f in findings}  # still scored, piece by piece
