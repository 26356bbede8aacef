#!/usr/bin/env bash
# Installs what appi-intake needs on Debian/Ubuntu, idempotently.
#   scripts/setup.sh          the runtime: tesseract + Japanese models, fonts, .venv
#   scripts/setup.sh --test   also the test-only parts: Dovecot, PostgreSQL, test libraries
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-}
RUNTIME_PKGS=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-osd
              tesseract-ocr-script-jpan tesseract-ocr-script-jpan-vert
              fonts-ipaexfont-gothic fonts-ipaexfont-mincho python3-venv
              kanjidic enamdict)
# The corpus renders with several Japanese faces (one handwriting-like) and the
# passport MRZ in a monospace font.
# tests/corpus/variety.py splits the faces between its tuning sets (IPA, IPAex; the third:
# proportional IPA, Takao's proportional gothic, Noto's bold sans) and its held-out set
# (Noto CJK, Takao Mincho, VL Gothic, Motoya).
TEST_PKGS=(dovecot-imapd postgresql poppler-utils procps fonts-ipafont-mincho fonts-klee
           fonts-motoya-l-maruberi fonts-dejavu-core fonts-ipafont-gothic fonts-noto-cjk
           fonts-takao-mincho fonts-takao-gothic fonts-vlgothic fonts-mplus
           fonts-horai-umefont fonts-hanazono)

pkgs=("${RUNTIME_PKGS[@]}")
[ "$MODE" = "--test" ] && pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
extra=""
[ "$MODE" = "--test" ] && extra="[test]"
stamp=".venv/.installed${extra:+-test}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> pip: installing appi-intake${extra}"
  # pip's chatter goes to a log, shown only when the install fails.
  log=.venv/pip.log
  if ! { .venv/bin/pip install -q --upgrade pip && .venv/bin/pip install -q -e ".${extra}"; } \
      >"$log" 2>&1; then
    grep -v "is ignored: it is neither a file nor a directory" "$log" >&2
    echo "pip install failed (full log: $log)" >&2
    exit 1
  fi
  touch "$stamp"
fi
