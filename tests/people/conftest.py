import pytest

from afterview.storage import open_store


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "afterview.db")


@pytest.fixture
def store(db_path):
    """A fresh SQLite store (a real file, which the command line may open as well with --db)."""
    opened = open_store(f"sqlite:///{db_path}")
    yield opened
    opened.close()
