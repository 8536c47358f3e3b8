import pytest

from afterview.storage import open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh database URL on SQLite (a real file) and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'afterview.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    opened = open_store(db_url)
    yield opened
    opened.close()
