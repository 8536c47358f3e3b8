"""The worker outlives a database that goes away for a moment (a PostgreSQL restart).

Found by a career-centre tester: `afterview worker` ended with "terminating connection due to
administrator command" when PostgreSQL restarted, and scheduled notes stopped going out until
someone started it again.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from afterview.services import delivery
from afterview.storage import open_store


def test_the_worker_says_the_database_is_gone_and_goes_on_when_it_is_back(pg_url, postgres):
    store = open_store(pg_url)
    database = sa.make_url(pg_url).database
    rounds, said = [], []
    asked = {"n": 0}

    def should_stop() -> bool:
        asked["n"] += 1
        if asked["n"] == 3:  # after the first round: every connection of the database is cut
            with postgres.connect() as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = %s AND pid <> pg_backend_pid()", (database,))
        return len(rounds) >= 2 or asked["n"] > 40

    delivery.run_worker(store, accounts={}, clock=lambda: datetime(2026, 11, 26, 10, tzinfo=timezone.utc),
                        should_stop=should_stop, interval=0.05, say=said.append,
                        say_send=lambda report: (rounds.append(report), said.append("(the round's sends)")),
                        warn=said.append)
    assert len(rounds) == 2  # a round before the cut and one after it: the worker went on
    gone = [line for line in said if line.startswith("the database cannot be used")]
    assert len(gone) == 1 and "trying again every 0.05 s" in gone[0]
    # said as the round that found it back begins, before what that round sent
    assert said[-2:] == ["the database can be used again", "(the round's sends)"]
    store.close()
