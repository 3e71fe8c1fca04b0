# PMO portfolio: one image for web (gunicorn), migrate, Celery worker and Celery beat.
# Build: docker build -t pmo-portfolio .   Run: see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=pmo.settings \
    DJANGO_ENV=production

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so this layer is rebuilt only when they
# change. The project itself is not a package (packages = []): the code is copied below.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Static files into /app/staticfiles for whitenoise. Settings refuse to load without a
# SECRET_KEY when DEBUG is off: this dummy exists only for this one RUN line and is not
# stored in the image's environment.
RUN DJANGO_ENV=production SECRET_KEY=build-only-collectstatic-not-a-secret \
    python manage.py collectstatic --noinput

# Run as an unprivileged user; the code and static files stay owned by root (read-only).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app
USER app

EXPOSE 8000
CMD ["gunicorn", "pmo.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
