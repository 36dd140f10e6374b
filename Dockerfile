# Production image: gunicorn (gunicorn.conf.py) serving the Django app as a user without
# rights to its own code. Static files are collected, hashed and compressed at build time
# and served by whitenoise; media and PDFs go to S3 (docker-compose.yml's minio) when
# S3_BUCKET is set. The same processes run without containers with `make prod-local`
# (docs/drift.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PRIVATE_MEDIA_ROOT=/var/lib/remiss/private \
    STATIC_ROOT=/var/lib/remiss/static \
    STATIC_MANIFEST=1 \
    LOG_FORMAT=json \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /app
COPY .ci/install-system-deps /app/.ci/install-system-deps
# WeasyPrint's libraries (Pango, HarfBuzz) and the fonts the PDFs embed (fonts-liberation2).
# Not clamd: uploads are scanned by compose's clamd service over TCP (CLAMD_HOST, CLAMD_PORT)
# with nameden.virusskanning's own small client, so the image needs no ClamAV package. Nor
# Chromium: only the browser tests (`make e2e`) use it.
RUN WITHOUT_CLAMD=1 WITHOUT_BROWSER=1 bash /app/.ci/install-system-deps && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md /app/
COPY nameden /app/nameden
COPY remiss /app/remiss
RUN pip install '.[prod]'

COPY . /app
# The code stays root's (the app cannot change itself); only its data folder is its own.
RUN SECRET_KEY=build python manage.py collectstatic --no-input -v 0 \
    && useradd --system --no-create-home --home-dir /var/lib/remiss --uid 10001 remiss \
    && mkdir -p /var/lib/remiss/private && chown -R remiss /var/lib/remiss/private

USER remiss
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=8).status != 200)"
CMD ["gunicorn"]
