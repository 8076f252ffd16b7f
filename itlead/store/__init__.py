"""Storage: SQLAlchemy Core tables, versioned migrations and repositories. No Streamlit here."""
from .db import StorageUnavailable, make_engine
from .repo import Store

__all__ = ["Store", "StorageUnavailable", "make_engine"]
