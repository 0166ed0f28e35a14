#!/usr/bin/env sh
# Debian's Chromium for the end-to-end tests of the web page (tests/serve/test_browser.py).
# Playwright drives /usr/bin/chromium directly, so no browser is downloaded. Does nothing when
# Chromium is already there; needs root (or sudo) to install it.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo"
else
    echo "install-browser: Chromium is missing and this user cannot install it; run 'apt-get install chromium' as root (the browser tests are skipped until then)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || {
    $run apt-get update >/dev/null
    $run apt-get install -y --no-install-recommends chromium >/dev/null
}
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
