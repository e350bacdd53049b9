# Guichet's worker and web app (one image, two commands; see docker-compose.yml).
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
# Dependencies first, exactly as uv.lock pins them (cached until the lock changes).
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# The gettext catalogues, compiled from their .po files.
RUN for po in guichet/i18n/locale/*/LC_MESSAGES/guichet.po; do \
        /app/.venv/bin/pybabel compile -D guichet -i "$po" -o "${po%.po}.mo"; done
# The workflow sandbox re-imports workflow modules for every run: ship their bytecode.
RUN /app/.venv/bin/python -m compileall -q activities agents guichet procedures runtime schemas tools web workflows starter.py worker.py

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app guichet \
    && mkdir -p /data && chown guichet /data
WORKDIR /app
COPY --from=build --chown=guichet /app /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GUICHET_DATA_DIR=/data
USER guichet
VOLUME ["/data"]
# The stack overrides the command: `python worker.py --role ...` or `python -m web`.
CMD ["python", "worker.py", "--role", "all"]
