# The two commands of the README. Both are idempotent.
.PHONY: demo test setup setup-test lint bench

demo: setup
	scripts/demo.sh

test: setup-test
	scripts/test.sh

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

lint: setup-test
	.venv/bin/ruff check .

bench: setup-test
	.venv/bin/python -m bench ocr
	.venv/bin/python -m bench mail
