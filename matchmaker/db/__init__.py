"""Persistence adapter: SQLAlchemy 2.0 models, engine and session handling, migrations."""
