"""WSGI entry point: `gunicorn wsgi:app`. Settings come from MATCHMAKER_* environment variables."""

import sys

from matchmaker.config import ConfigError
from matchmaker.web.app import create_app

try:
    app = create_app()
except ConfigError as exc:  # one clear line, no traceback, non-zero exit
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(1)
