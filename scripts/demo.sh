#!/usr/bin/env bash
# One pass of the pipeline over the sample envelopes in samples/, on an embedded
# SQLite data directory (.demo/), then the review queue. Safe to run again: it
# starts from a fresh .demo/ each time.
set -euo pipefail
cd "$(dirname "$0")/.."
export INTAKE_CONFIG=samples/demo.toml
INTAKE=.venv/bin/intake

rm -rf .demo
mkdir -p .demo/inbox/scans .demo/inbox/mail
cp samples/scans/* .demo/inbox/scans/
cp samples/mail/*.eml .demo/inbox/mail/

$INTAKE db upgrade
$INTAKE members import samples/members.csv
$INTAKE poll --once
$INTAKE envelopes list
$INTAKE review list
cat <<'NEXT'

Next, try (the demo's settings are in samples/demo.toml):
  export INTAKE_CONFIG=samples/demo.toml
  .venv/bin/intake review show 1                  # read a draft, its findings, what is still to fill
  .venv/bin/intake review approve 1               # refused: the disclosure is not finished
  .venv/bin/intake review other-data 1 --none     # declare nothing held beyond the register
  .venv/bin/intake review list                    # ... which drafted the reply again
  .venv/bin/intake review approve 3               # approve the guidance mail (audited)
  .venv/bin/intake review reject 2 --reason "…"   # or reject one
  .venv/bin/intake deliver                        # letters → .demo/outbox/letters/*.pdf
  .venv/bin/intake audit                          # who did what, when
  .venv/bin/intake check samples/scans/01-complete-request.pdf --json   # dry run
NEXT
