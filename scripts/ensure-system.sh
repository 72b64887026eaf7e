#!/usr/bin/env bash
# Installs the system packages the sandbox and the tests need, when they are missing and
# this is Debian as root: the Docker engine, a static busybox (the test image), Chromium
# (drives the workbench) and Kerberos headers (code-server's native modules). Elsewhere it
# says what is missing and leaves the choice to the user. Idempotent.
#   --no-browser   skip Chromium (only the tests drive a browser)
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || docker version >/dev/null 2>&1 || need+=(docker.io)
# The image needs a static busybox: ldd fails on a static executable.
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || need+=(busybox-static)
if [ "${1:-}" != "--no-browser" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fi
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "${1:-}" != "--no-browser" ]; then
  # The endpoint tests reach the engine through a local sshd.
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh-agent >/dev/null 2>&1 || need+=(openssh-client)
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  echo "[ensure-system] installing ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
else
  echo "[ensure-system] missing: ${need[*]}" >&2
  echo "[ensure-system] on Debian/Ubuntu: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
