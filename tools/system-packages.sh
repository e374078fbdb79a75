#!/usr/bin/env bash
# Debian packages gongkai needs. Usage: tools/system-packages.sh [run|test]
#   run:  fonts and libraries for PDF output (WeasyPrint); OpenCV's shared libraries and Tesseract's
#         Chinese data for scanned reports (gongkai.ocr)
#   test: also Chromium and npm (browser tests, axe-core), PostgreSQL (pg_virtualenv), LibreOffice (DOCX/DOC checks), poppler
set -euo pipefail
want=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
      libgl1 libglib2.0-0 tesseract-ocr tesseract-ocr-chi-sim)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium postgresql postgresql-common libreoffice-writer-nogui poppler-utils)
  # npm fetches axe-core for the accessibility tests (tools/venv.sh); a NodeSource nodejs brings its own
  command -v npm >/dev/null || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "gongkai: please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "gongkai: installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
