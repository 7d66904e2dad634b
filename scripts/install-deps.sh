#!/usr/bin/env bash
# Installs the Debian packages idrecog needs (OpenCV 4.6, Tesseract 5.3 with
# its English, Korean, Hindi, traditional Chinese (the Hanja of Korean
# names) and orientation data, the OCR-B and DejaVu/Liberation fonts, and
# the word lists the MRZ names' letter model is trained from (its test
# retrains it and compares with mrz/namelm.bin; docs/mrz.md).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
pkgs=(pkg-config gcc g++ libopencv-dev libtesseract-dev libleptonica-dev
      tesseract-ocr-eng tesseract-ocr-osd fonts-ocr-b fonts-dejavu-core fonts-dejavu-extra
      fonts-liberation2 libzxing-dev tesseract-ocr-kor tesseract-ocr-hin tesseract-ocr-chi-tra
      fonts-nanum fonts-unfonts-core fonts-noto-core
      wamerican wngerman wfrench wspanish witalian wportuguese wswedish wnorwegian
      wpolish wdutch wdanish wcatalan wbulgarian wukrainian wgalician-minimos wirish
      wfaroese wesperanto wgaelic)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
