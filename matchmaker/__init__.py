"""matchmaker: event matchmaking for conferences and trade fairs.

Kept import-free on purpose: importing ``matchmaker.core`` must not drag in Flask or SQLAlchemy.
The web app lives in :mod:`matchmaker.web.app` (``create_app``).
"""

__version__ = "0.1.0"
