#!/usr/bin/env bash
# Installs what MaturityMap needs on a Debian machine, only what is missing:
# the Debian packages (CJK fonts and text shaping for the PDF report, chromium for chart export
# and browser tests, poppler-utils to check PDFs in tests, postgresql whose server the integration
# tests start for themselves, nginx which the deployment test and deploy/two_replicas.py run with a
# configuration of their own on loopback ports, openssl which makes that nginx's self-signed
# certificate, libreoffice-calc-nogui, -impress-nogui and -writer-nogui whose headless soffice
# the tests convert survey workbooks, decks and Word reports with, as a client using LibreOffice would) and the Python virtual environment.
# nginx's package starts a system nginx on port 80 under systemd or sysvinit (not in a container whose
# policy-rc.d denies it, nor when port 80 is taken); nothing here uses or needs that one.
# Safe to run again: it does nothing when everything is in place. Never reads standard input.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(fonts-noto-cjk libharfbuzz-subset0 chromium poppler-utils postgresql nginx openssl libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-writer-nogui graphviz)
VENV=.venv
PYTHON=${PYTHON:-python3}

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ! "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo -n)
  else
    echo "bootstrap: these Debian packages are missing: ${missing[*]}" >&2
    echo "bootstrap: run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq </dev/null
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

stamp="$VENV/.requirements.sha256"
wanted=$(cat requirements.txt constraints.txt 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "bootstrap: installing Python packages from requirements.txt"
  constraints=()
  [ -f constraints.txt ] && constraints=(-c constraints.txt)
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r requirements.txt "${constraints[@]}" </dev/null
  echo "$wanted" > "$stamp"
fi
