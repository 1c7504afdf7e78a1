#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing (the cluster's membership and job store; needs root and apt).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
echo "installing redis-server (Debian) for the cluster…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq redis-server >/dev/null
