"""Public pages that belong to no feature: the list of events and the health check."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from matchmaker.web.main import routes  # noqa: E402,F401  (registers the views on bp)
