#!/usr/bin/env bash
# Makes the `busybox` base image in berth's engine from Debian's busybox-static, so examples and
# first builds work on a machine that reaches no image registry. Idempotent: an existing busybox
# image is kept. Run as root after scripts/setup.sh (the engine starts on demand).
set -euo pipefail
cd "$(dirname "$0")/.."
berth() { node dist/berth.js "$@"; }

command -v busybox >/dev/null || { echo "base-image: busybox is missing; install Debian's busybox-static (scripts/setup.sh does)" >&2; exit 1; }
# tagged with busybox's own version (and latest), so Dockerfiles can pin it
banner=$(busybox 2>&1 | sed -n 1p)
version=$(echo "$banner" | sed -n 's/^BusyBox v\([0-9.]*\).*/\1/p')
[ -n "$version" ] || { echo "base-image: cannot read busybox's version from: $banner" >&2; exit 1; }
if berth image inspect "busybox:$version" >/dev/null 2>&1; then
  echo "busybox:$version is already in berth's image store"
  exit 0
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/bin" "$tree/etc" "$tree/dev" "$tree/proc" "$tree/sys" "$tree/var" "$tree/root" "$tree/home"
install -m 0755 "$(command -v busybox)" "$tree/bin/busybox"
busybox --list-full | while read -r applet; do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$tree/$(dirname "$applet")"
  ln -s /bin/busybox "$tree/$applet"
done
install -d -m 1777 "$tree/tmp"
chmod 0700 "$tree/root"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tree/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$tree/etc/group"

tar --numeric-owner -C "$tree" -c . | berth import --change 'CMD ["sh"]' - "busybox:$version"
berth tag "busybox:$version" busybox:latest
echo "busybox:$version (and busybox:latest) made from $banner"
