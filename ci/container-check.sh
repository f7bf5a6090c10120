#!/usr/bin/env bash
# Build Quill's image on a debootstrapped Debian base with Debian's python3, run it, and check that
# /readyz answers 200, the image's HEALTHCHECK passes, the server does not run as root and it
# exits cleanly on SIGTERM.
#
# No Docker engine or image registry here: podman builds and runs with runc (crun fails on this
# kernel's hybrid cgroups), on the host network, within limits the host lets a container have.
# Everything it makes (the rootfs, the container, both images) is removed on exit, failed or not.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=bookworm  # Debian 12: python3 is 3.11, the oldest Python Quill supports
BASE=localhost/quill-base
IMAGE=localhost/quill-check
PODMAN=(podman --runtime runc)
# Raising a limit past the host's is refused, and podman's defaults are above it.
LIMITS=(--ulimit "nofile=1024:$(ulimit -Hn)" --ulimit nproc=4096:4096)
READY_TIMEOUT=60
# No systemd here to time the image's HEALTHCHECK: podman would log errors trying; the check runs
# it once itself (`podman healthcheck run`).
export DISABLE_HC_SYSTEMD=true

started=$SECONDS
work=$(mktemp -d /tmp/quill-container-check.XXXXXX)
cid=""

step() { printf '== container-check [%3ds] %s\n' "$((SECONDS - started))" "$*"; }

cleanup() {
    local status=$?
    if [[ -n $cid ]]; then
        if ((status != 0)); then
            echo "-- container logs --"
            podman logs "$cid" 2>&1 | tail -n 50 || true
        fi
        podman rm --force --time 5 "$cid" >/dev/null 2>&1 || true
    fi
    podman rmi --force "$IMAGE" "$BASE" >/dev/null 2>&1 || true
    # A debootstrap cut short can leave /proc or /sys mounted in the rootfs: unmount them, and
    # never let rm cross into another file system.
    grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null || true
    rm -rf --one-file-system "$work"
    step "done (exit $status)"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT  # a signal ends the script through the EXIT trap, so cleanup still runs
trap 'exit 143' TERM

# The Debian mirror the host's apt uses (this machine reaches no other): the first archive that is
# not the security one, from deb822 .sources files or one-line sources.list entries.
debian_mirror() {
    local mirror
    mirror=$(
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
            function done() {
                if (!found && uri != "" && suites !~ /-security/ && uri ~ /debian/) { found = 1; print uri }
            }
            /^[[:space:]]*$/ { done(); uri = ""; suites = ""; next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { suites = $0 }
            END { done() }'
    )
    if [[ -z $mirror ]]; then
        mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            awk '$1 == "deb" && $2 ~ /debian/ && $3 !~ /-security/ { print $2; exit }')
    fi
    [[ -n $mirror ]] || { echo "no Debian mirror in /etc/apt/sources.list*" >&2; return 1; }
    echo "$mirror"
}

step "tools"
# debootstrap only recommends the keyring it checks the archive's signatures with.
ci/apt-need.sh podman:podman runc:runc debootstrap:debootstrap \
    /usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
mirror=$(debian_mirror)

step "debootstrap $SUITE (minbase, python3) from $mirror"
rootfs=$work/rootfs
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; exit 1; }
# The host's CA bundle holds the authority its TLS egress presents; with it in the base, pip and
# uv in the builder (which read the base's system store) reach the package index.
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

step "import the base image"
# An imported rootfs has no environment; the Dockerfile extends PATH, so the base must set it.
tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' - "$BASE" >/dev/null
rm -rf "$rootfs"

step "build the image on $BASE"
"${PODMAN[@]}" build --pull=never --layers=false --format docker --network host "${LIMITS[@]}" \
    --build-arg "BASE_IMAGE=$BASE" --tag "$IMAGE" .

user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
[[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] ||
    { echo "the image runs as '${user:-root}', not as a non-root user" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
QUILL_JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
export QUILL_JWT_SECRET  # handed to the container by name, so it is on no command line
QUILL_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
export QUILL_SECRET_KEY

step "run it on 127.0.0.1:$port (SQLite inside the container, migrated at start)"
# Created first, then started: the id is known (and removed on exit) even if the start fails.
cid=$("${PODMAN[@]}" create --network host "${LIMITS[@]}" \
    --env QUILL_JWT_SECRET --env QUILL_SECRET_KEY --env "QUILL_HEALTHCHECK_PORT=$port" \
    "$IMAGE" serve --migrate --host 127.0.0.1 --port "$port")
"${PODMAN[@]}" start "$cid" >/dev/null

step "wait for /readyz"
python3 - "http://127.0.0.1:$port/readyz" "$READY_TIMEOUT" <<'EOF'
import sys, time, urllib.error, urllib.request

url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
last = "no answer"
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            print(f"{url}: {response.status}")
            sys.exit(0)
    except urllib.error.HTTPError as error:
        last = f"{error.code} {error.read()[:200]!r}"
    except OSError as error:
        last = str(error)
    time.sleep(0.5)
sys.exit(f"{url} did not answer 200 in {sys.argv[2]} s: {last}")
EOF

step "the image's HEALTHCHECK"
"${PODMAN[@]}" healthcheck run "$cid"
echo healthy

step "the server process is not root"
uids=$(podman exec "$cid" awk '/^Uid:/ { print $2, $3, $4, $5 }' /proc/1/status)
echo "uid (real, effective, saved, filesystem) of the server: $uids"
[[ $uids =~ ^[0-9]+( [0-9]+){3}$ ]] || { echo "no uids read from /proc/1/status" >&2; exit 1; }
for uid in $uids; do
    ((uid != 0)) || { echo "the server runs as root" >&2; exit 1; }
done

step "stop it (SIGTERM: drain, then a clean exit)"
"${PODMAN[@]}" stop --time 30 "$cid" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$cid")
((code == 0)) || { echo "the server exited with $code after SIGTERM" >&2; exit 1; }
step "passed in $((SECONDS - started)) s"
