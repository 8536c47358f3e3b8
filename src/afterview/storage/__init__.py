"""Storage: SQLite by default, PostgreSQL through a URL; SQLAlchemy Core, named migrations."""

from afterview.storage.store import Store, Tx, open_store

__all__ = ["Store", "Tx", "open_store"]
