#!/usr/bin/env bash
# Installs Debian's Chromium (and certutil, for the HTTPS test's certificate authority) when they
# are missing. The real-browser tests use /usr/bin/chromium; no browser is ever downloaded by npm.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
if [ ${#need[@]} -eq 0 ]; then
  echo "Chromium is installed: $(chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing ${need[*]} from Debian's packages..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
echo "Installed: $(chromium --version 2>/dev/null)"
