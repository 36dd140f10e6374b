# Production image: gunicorn serving the Django app. Static files are collected at build time.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PRIVATE_MEDIA_ROOT=/var/lib/remiss/private \
    STATIC_ROOT=/var/lib/remiss/static

WORKDIR /app
COPY .ci/install-system-deps /app/.ci/install-system-deps
# WeasyPrint's libraries and the fonts. Not clamd: uploads are scanned by compose's clamd
# service over TCP (CLAMD_HOST, CLAMD_PORT) with nameden.virusskanning's own small client,
# so the image needs no ClamAV package at all.
RUN WITHOUT_CLAMD=1 bash /app/.ci/install-system-deps && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md /app/
COPY nameden /app/nameden
COPY remiss /app/remiss
RUN pip install '.[prod]'

COPY . /app
RUN SECRET_KEY=build python manage.py collectstatic --no-input \
    && useradd --system --home /var/lib/remiss remiss \
    && mkdir -p /var/lib/remiss/private && chown -R remiss /var/lib/remiss

USER remiss
EXPOSE 8000
CMD ["gunicorn", "nameden.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
