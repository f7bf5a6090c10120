#!/usr/bin/env bash
# The whole benchmark in one command, from the repository root or anywhere:
#   bench/run.sh                      # standard run: 15 s per scenario after a 5 s warm-up
#   DURATION=3 WARMUP=1 bench/run.sh  # smoke run
# Installs wrk (Debian) and the floor's environment (bench/.venv) when missing, seeds the
# quill_bench database when it is not intact, starts Quill (:8801) and the floor (:8802) on
# loopback, runs bench/load.py, and stops both servers (by PID) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

QUILL_PORT=${QUILL_PORT:-8801}
FLOOR_PORT=${FLOOR_PORT:-8802}
BENCH_DATABASE_URL=${BENCH_DATABASE_URL:-postgresql+asyncpg://postgres@127.0.0.1:5432/quill_bench}
# One fixed secret for both apps, so a token from either is valid on the other (local only).
export QUILL_JWT_SECRET=${QUILL_JWT_SECRET:-quill-bench-secret-not-for-production-0123456789}
export QUILL_SECRET_KEY=${QUILL_SECRET_KEY:-quill-bench-key-not-for-production-0123456789}
LOGS=$(mktemp -d -t quill-bench.XXXXXX)
pids=()

stop_servers() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ $status -ne 0 ]]; then
    for log in "$LOGS"/*.log; do
      [[ -e "$log" ]] && { echo "--- last lines of $log"; tail -n 30 "$log"; } >&2
    done
  fi
  echo "servers stopped; their logs are in $LOGS"
}
trap stop_servers EXIT

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- tools ----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  apt-get update && apt-get install -y wrk
fi
if [[ ! -x .venv/bin/quill ]]; then
  make install
fi
stamp=$(sha256sum bench/requirements.txt | cut -d' ' -f1)
if [[ ! -x bench/.venv/bin/python || "$(cat bench/.venv/.requirements 2>/dev/null)" != "$stamp" ]]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
  echo "$stamp" > bench/.venv/.requirements
fi

# --- data -----------------------------------------------------------------------------------
if [[ "${RESEED:-0}" == "1" ]]; then
  QUILL_DATABASE_URL=$BENCH_DATABASE_URL .venv/bin/python bench/seed.py
else
  QUILL_DATABASE_URL=$BENCH_DATABASE_URL .venv/bin/python bench/seed.py --if-needed
fi

# --- servers --------------------------------------------------------------------------------
for port in "$QUILL_PORT" "$FLOOR_PORT"; do
  port_free "$port" || { echo "port $port is already in use on 127.0.0.1" >&2; exit 1; }
done

# No load balancer to tell: Quill stops without draining, well inside the EXIT trap's wait.
QUILL_ENV=production QUILL_DATABASE_URL=$BENCH_DATABASE_URL QUILL_SHUTDOWN_DRAIN_SECONDS=0 \
  QUILL_DB_POOL_SIZE=32 QUILL_DB_MAX_OVERFLOW=0 \
  .venv/bin/quill serve --host 127.0.0.1 --port "$QUILL_PORT" --workers 1 \
  >"$LOGS/quill.log" 2>&1 &
pids+=($!)

FLOOR_DATABASE_URL=$BENCH_DATABASE_URL FLOOR_POOL_SIZE=32 \
  bench/.venv/bin/uvicorn floor:app --app-dir bench --host 127.0.0.1 --port "$FLOOR_PORT" \
  --workers 1 --loop uvloop --http httptools --no-access-log --no-server-header \
  >"$LOGS/floor.log" 2>&1 &
pids+=($!)

# --- load -----------------------------------------------------------------------------------
QUILL_URL=http://127.0.0.1:$QUILL_PORT FLOOR_URL=http://127.0.0.1:$FLOOR_PORT \
  QUILL_PID=${pids[0]} FLOOR_PID=${pids[1]} bench/.venv/bin/python bench/load.py
