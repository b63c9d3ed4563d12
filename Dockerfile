# Waspada bot: `docker build -t waspada .` then
# `docker run -e WASPADA_BOT_TOKEN=... -v waspada-data:/data waspada`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WASPADA_DATABASE_URL=sqlite+aiosqlite:////data/waspada.db \
    WASPADA_HTTP_HOST=0.0.0.0 \
    WASPADA_HTTP_PORT=8080

# Screenshots sent to check are read with Tesseract, in each of the eleven languages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
        tesseract-ocr-msa tesseract-ocr-ind tesseract-ocr-fil tesseract-ocr-vie tesseract-ocr-tha \
        tesseract-ocr-lao tesseract-ocr-khm tesseract-ocr-mya tesseract-ocr-chi-sim tesseract-ocr-tam \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --create-home --home-dir /data waspada

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY cli ./cli
COPY core ./core
COPY bot ./bot
COPY metrics ./metrics
COPY handlers ./handlers
COPY reports ./reports
COPY identifiers ./identifiers
COPY languages ./languages
COPY delivery ./delivery
COPY storage ./storage
COPY blocklists ./blocklists
COPY checking ./checking
COPY accounts ./accounts
COPY console ./console
COPY sharing ./sharing
COPY hallmarks ./hallmarks
COPY screenshots ./screenshots
COPY locales ./locales
# Editable, so that the catalogs in /app/locales sit beside the code that reads them.
RUN pip install -c constraints.txt -e . && python -m compileall -q /app

USER waspada
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
CMD ["waspada", "run"]
