#!/usr/bin/env bash
# Idempotent installer for the end-to-end harness (see ../shared/notes/real-vscode.md (relative to the repository root)).
#  - apt packages: chromium libkrb5-dev ripgrep (only if missing)
#  - ripgrep cache trick so @vscode/ripgrep's postinstall does not go to GitHub
#  - code-server@4.100.3 into a cache folder outside the project tree
# Env: SOURCE_LINKED_E2E_CACHE (default $HOME/.cache/source-linked-e2e)
# Prints the code-server binary path as the last line: "CODE_SERVER_BIN=<path>".
set -euo pipefail

CS_VERSION=4.100.3
CACHE_ROOT="${SOURCE_LINKED_E2E_CACHE:-$HOME/.cache/source-linked-e2e}"
CS_DIR="$CACHE_ROOT/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
T0=$(date +%s)

log() { echo "[e2e-setup +$(( $(date +%s) - T0 ))s] $*"; }

# Version of the cached code-server, or "". code-server may print log lines before the
# version (it writes a default config on first start), so keep it away from ~/.config and
# pick the line that starts with a version number.
cs_version() {
  [ -x "$CS_BIN" ] || return 0
  XDG_CONFIG_HOME="$CACHE_ROOT/xdg-config" XDG_DATA_HOME="$CACHE_ROOT/xdg-data" \
    "$CS_BIN" --version 2>/dev/null | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# 1. System packages -------------------------------------------------------------
missing=()
for p in chromium libkrb5-dev ripgrep; do
  if dpkg -s "$p" >/dev/null 2>&1; then
    log "apt: $p already installed"
  else
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: installing ${missing[*]} (apt-get update first)"
  apt_log="$(mktemp -t source-linked-e2e-apt.XXXXXX)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
         -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    echo "ERROR: apt-get install ${missing[*]} failed (log above)" >&2
    exit 1
  fi
  rm -f "$apt_log"
  log "apt: done"
fi
[ -x /usr/bin/chromium ] || { echo "ERROR: /usr/bin/chromium missing after install" >&2; exit 1; }
command -v rg >/dev/null || { echo "ERROR: rg missing after install" >&2; exit 1; }

# 2. code-server -------------------------------------------------------------------
have="$(cs_version)"
if [ "$have" = "$CS_VERSION" ]; then
  log "code-server $CS_VERSION already installed in $CS_DIR"
else
  # ripgrep cache trick: @vscode/ripgrep looks here before downloading from GitHub.
  RG="$(command -v rg)"
  for v in 1.15.11 1.15.13 1.15.14; do
    d="/tmp/vscode-ripgrep-cache-$v"
    f="$d/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
    if [ ! -s "$f" ]; then
      mkdir -p "$d"
      tar czf "$f" -C "$(dirname "$RG")" "$(basename "$RG")"
      log "ripgrep cache: wrote $f"
    else
      log "ripgrep cache: $f exists"
    fi
  done
  log "code-server: installing $CS_VERSION into $CS_DIR (takes a few minutes: native modules build)"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"source-linked-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
  have="$(cs_version)"
  if [ "$have" != "$CS_VERSION" ]; then
    echo "ERROR: code-server install failed: '$CS_BIN --version' printed '$have'" >&2
    exit 1
  fi
  log "code-server: installed $have"
fi
log "setup complete"
echo "CODE_SERVER_BIN=$CS_BIN"
