#!/usr/bin/env bash
# Install the Debian packages whose command (or file, for an absolute path) is missing:
#   ci/apt-need.sh COMMAND:PACKAGE /path/to/file:PACKAGE ...
# CI runs as root on a fresh clone; a machine that already has them is left as it is.
set -euo pipefail
missing=()
for pair in "$@"; do
    want=${pair%%:*}
    if [[ $want == /* ]]; then
        [[ -e $want ]] || missing+=("${pair#*:}")
    else
        command -v "$want" >/dev/null || missing+=("${pair#*:}")
    fi
done
((${#missing[@]})) || exit 0
echo "installing ${missing[*]}"
# Packages such as prometheus would start their daemon on install; CI wants the tools only.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
