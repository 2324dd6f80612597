# The two set-up commands are `make run` and `make test`; everything else is optional.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test serve stack stack-stop bench bench-search bench-http bench-growth bench-admin lint check-deploy clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) load_demo --accounts
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

serve: $(VENV)/.runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput
	$(BIN)/gunicorn --config jingzhou_union/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# nginx on :8080 in front of two gunicorn nodes (:8001, :8002) on PostgreSQL and Redis;
# Ctrl-C or `make stack-stop` stops it. See README, "Deployment".
stack: $(VENV)/.runtime
	$(BIN)/python scripts/stack.py start

stack-stop:
	@$(PYTHON) scripts/stack.py stop

# Parser and page timings need nothing; the search benchmark needs PostgreSQL.
bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.parser
	$(BIN)/python -m benchmarks.pages
	$(BIN)/python -m benchmarks.content_check
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m benchmarks.search

# Needs PostgreSQL (DATABASE_URL); e.g. make bench-search BENCH_ARGS="--articles 10000"
bench-search: $(VENV)/.dev
	$(BIN)/python -m benchmarks.search $(BENCH_ARGS)

# Needs PostgreSQL (DATABASE_URL), Redis (BENCH_REDIS_URL, default db 15, cleared) and wrk;
# e.g. make bench-http BENCH_ARGS="--articles 200000"
bench-http: $(VENV)/.dev
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk || { echo "需要 wrk：apt-get install -y wrk"; exit 1; }
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m benchmarks.http $(BENCH_ARGS)

# Needs PostgreSQL (DATABASE_URL): page times at 2,000 and 200,000 articles, alternated;
# e.g. make bench-growth BENCH_ARGS="--large 20000"
bench-growth: $(VENV)/.dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m benchmarks.growth $(BENCH_ARGS)

# Needs PostgreSQL (DATABASE_URL): the admin's lists at 100,000 articles, as 管理员;
# e.g. make bench-admin BENCH_ARGS="--articles 20000"
bench-admin: $(VENV)/.dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m benchmarks.admin $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check-deploy: $(VENV)/.runtime
	DJANGO_DEBUG=0 DJANGO_HTTPS=1 DJANGO_HSTS_PRELOAD=1 DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles run .pytest_cache
