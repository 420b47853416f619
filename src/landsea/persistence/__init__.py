"""SQLAlchemy 2 persistence: tables, engines, repositories and Alembic migrations."""
