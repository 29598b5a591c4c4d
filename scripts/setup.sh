#!/usr/bin/env bash
# Installs everything Berth needs on a fresh Debian 12 machine (as root): system packages from
# Debian's repositories and the npm packages from package-lock.json. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# skopeo and umoci prove the content store is a real OCI layout; zstd makes zstd test layers;
# docker-registry (+ apache2-utils for htpasswd, openssl for TLS) is the registry the tests push
# to and pull from; podman and buildah are the peers `npm run bench` measures against.
# crun (runc as fallback) run containers under one conmon each, tini is `--init`;
# containernetworking-plugins, iptables and iproute2 give containers their networks; busybox-static
# makes the test base image; debootstrap makes the Debian base image of the real-world build tests
# (test/fixtures/build/debianBase.ts).
PKGS=(ca-certificates openssl skopeo umoci zstd docker-registry apache2-utils podman buildah
      crun runc conmon tini containernetworking-plugins iptables iproute2 busybox-static debootstrap)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The real docker CLI, pointed at berthd by the compatibility tests; these machines ship one in
# /usr/local/bin, elsewhere Debian's docker.io provides it.
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
if ((${#missing[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

npm ci --no-audit --no-fund
npm run build

# The real VS Code (code-server + Debian's chromium) that the extension-host and UI tests drive.
bash scripts/e2e-setup.sh
