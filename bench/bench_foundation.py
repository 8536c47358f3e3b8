"""Foundation figures: start-up of `afterview --help`, and listing 1,000 opportunities.

Baselines, on the same machine in the same run: `python -c pass`, and a minimal script that
imports SQLAlchemy and runs the same query on the same database. Each pair of commands runs in
turn, and their medians are compared.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import afterview_argv, interleaved, isolated_env, report  # noqa: E402

MINIMAL = """
import sys, sqlalchemy as sa
engine = sa.create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    rows = conn.execute(sa.text(
        "SELECT o.id, c.name, o.role, o.status, o.pace, o.history FROM opportunities o "
        "JOIN companies c ON c.id = o.company_id ORDER BY o.id")).all()
for row in rows:
    print(*row[:5], sep="\\t")
"""


def build(path: Path, count: int) -> None:
    from afterview.domain import model as m
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{path}")
    now = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)
    with store.transaction() as tx:
        companies = [tx.add(m.Company(name=f"Company {i}")).id for i in range(count // 4)]
        for i in range(count):
            at = now - timedelta(days=i % 90)
            tx.add(m.Opportunity(company_id=companies[i % len(companies)], role=f"Engineer {i}", created_at=at,
                                 status=m.OpportunityStatus.INTERVIEWING,
                                 history=[m.StatusChange(status=m.OpportunityStatus.APPLIED, at=at)]))
    store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = isolated_env(home)
        base, helped = interleaved([[sys.executable, "-c", "pass"], afterview_argv("--help")], 11, env=env)
        report("afterview --help", helped, "ms", goal="6x", baseline=("python -c pass", base))

        db = home / "bench.db"
        build(db, 1000)
        script = home / "minimal.py"
        script.write_text(MINIMAL)
        minimal, listing = interleaved([[sys.executable, str(script), str(db)],
                                        afterview_argv("--db", str(db), "opportunity", "list")], 9, env=env)
        report("afterview opportunity list (1,000)", listing, "ms", goal="1.3x",
               baseline=("SQLAlchemy + same query", minimal))


if __name__ == "__main__":
    main()
