FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Chromium prints the PDF exports; Laksaman is the TH Sarabun-style font they embed.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-tlwg-laksaman \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
# collectstatic signs nothing; the running containers get the real SECRET_KEY.
RUN HRFLOW_VAR_DIR=/tmp/hrflow-build SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "hrflow.wsgi:application"]
