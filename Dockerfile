# The helpdesk's production image: gunicorn by default; the same image runs the Celery worker
# and beat (see docker-compose.yml). Only runtime dependencies: no dev extras.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # Import the project from /app (settings find templates/ and static/ next to it), never from
    # the copy `pip install .` leaves in site-packages.
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=helpdesk.settings \
    MEDIA_ROOT=/app/var/media

WORKDIR /app

# The pinned dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install .

# Static files are collected into the image (whitenoise serves them). The settings need a secret
# key to load in production mode: this throwaway one exists only for this step (it stays visible
# in the image history, so never pass the real key here; compose sets that one at runtime).
ARG SECRET_KEY=build-only-throwaway-secret-key-never-used-at-runtime-0123456789
RUN DJANGO_PRODUCTION=1 SECRET_KEY="$SECRET_KEY" python manage.py collectstatic --noinput

RUN useradd --system --create-home --uid 10001 helpdesk \
    && mkdir -p /app/var/media \
    && chown helpdesk:helpdesk /app/var/media
USER helpdesk

EXPOSE 8000
# Workers: WEB_CONCURRENCY (gunicorn reads it), or GUNICORN_CMD_ARGS for any other option.
CMD ["gunicorn", "helpdesk.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
