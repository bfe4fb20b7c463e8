#!/usr/bin/env bash
# Starts, stops and reports the local AWS-protocol emulators:
#   DynamoDB Local (AWS's official jar, from the npm package
#   amplify-dynamodb-simulator) and moto_server (SQS, S3, KMS, SES, Secrets
#   Manager, STS). No Docker, no AWS account.
#
#   infra/emulators.sh start|stop [dynamodb|moto]|status|running|stop-new BEFORE|env
#
# Ports: DYNAMODB_PORT (default 8000), MOTO_PORT (default 5000).
# State (pids, logs) lives in .local/ at the repo root; the DynamoDB Local jar
# is cached in ${XDG_CACHE_HOME:-~/.cache}/medspa-ai so it is fetched once.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.local/emulators"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/medspa-ai"
ddb_port="${DYNAMODB_PORT:-8000}"
moto_port="${MOTO_PORT:-5000}"
ddb_pkg="amplify-dynamodb-simulator@2.9.30"
ddb_dir="$cache/dynamodb-local-2.9.30"

die() { echo "emulators: $*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# up PORT PATH: does something answer HTTP there?
up() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1$2"; }

wait_up() { # name port path pidfile log
  for _ in $(seq 1 150); do
    up "$2" "$3" && return 0
    alive "$4" || { tail -n 20 "$5" >&2; die "$1 exited while starting (log: $5)"; }
    sleep 0.2
  done
  tail -n 20 "$5" >&2
  die "$1 did not answer on port $2 within 30s (log: $5)"
}

need_java() {
  command -v java >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "emulators: installing Java (openjdk-17-jre-headless) for DynamoDB Local" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null) ||
      die "could not install Java; install a Java 17+ runtime (apt-get install openjdk-17-jre-headless)"
    return 0
  fi
  die "DynamoDB Local needs Java 17+: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk)"
}

need_moto() {
  command -v moto_server >/dev/null 2>&1 && return 0
  if command -v pip >/dev/null 2>&1 || command -v pip3 >/dev/null 2>&1; then
    echo "emulators: installing moto[server]" >&2
    "$(command -v pip || command -v pip3)" install -q 'moto[server]>=5,<6' >&2 && command -v moto_server >/dev/null 2>&1 && return 0
  fi
  die "moto_server is missing: install Python 3 and run: pip install 'moto[server]>=5,<6'"
}

fetch_ddb() {
  [ -f "$ddb_dir/DynamoDBLocal.jar" ] && return 0
  command -v npm >/dev/null 2>&1 || die "fetching DynamoDB Local needs npm: install Node.js 18+ (apt-get install nodejs npm)"
  mkdir -p "$cache"
  local tmp; tmp=$(mktemp -d)
  echo "emulators: fetching DynamoDB Local ($ddb_pkg) into $ddb_dir" >&2
  (cd "$tmp" && npm pack --silent "$ddb_pkg" >/dev/null) || die "npm pack $ddb_pkg failed"
  # Only the emulator/ folder is needed, not the package's JavaScript.
  tar -xzf "$tmp"/amplify-dynamodb-simulator-*.tgz -C "$tmp" package/emulator
  rm -rf "$ddb_dir" && mv "$tmp/package/emulator" "$ddb_dir" && rm -rf "$tmp"
  [ -f "$ddb_dir/DynamoDBLocal.jar" ] || die "DynamoDBLocal.jar missing from $ddb_pkg"
}

start() {
  mkdir -p "$state"
  command -v curl >/dev/null 2>&1 || die "curl is needed to check the emulators (apt-get install curl)"
  if alive "$state/dynamodb.pid"; then
    echo "dynamodb-local already running on :$ddb_port"
  else
    up "$ddb_port" / && die "port $ddb_port is taken by another program; set DYNAMODB_PORT"
    need_java; fetch_ddb
    (cd "$state" && exec setsid java -Djava.library.path="$ddb_dir/DynamoDBLocal_lib" -jar "$ddb_dir/DynamoDBLocal.jar" \
      -inMemory -disableTelemetry -port "$ddb_port" >"$state/dynamodb.log" 2>&1) &
    echo $! >"$state/dynamodb.pid"
  fi
  if alive "$state/moto.pid"; then
    echo "moto_server already running on :$moto_port"
  else
    up "$moto_port" /moto-api/ && die "port $moto_port is taken by another program; set MOTO_PORT"
    need_moto
    (exec setsid moto_server -H 127.0.0.1 -p "$moto_port" >"$state/moto.log" 2>&1) &
    echo $! >"$state/moto.pid"
  fi
  wait_up dynamodb-local "$ddb_port" / "$state/dynamodb.pid" "$state/dynamodb.log"
  wait_up moto_server "$moto_port" /moto-api/ "$state/moto.pid" "$state/moto.log"
  echo "emulators up: dynamodb-local :$ddb_port, moto_server :$moto_port (logs in $state)"
}

# stop [dynamodb] [moto]: the named emulators, or both.
stop() {
  local names=("$@")
  [ ${#names[@]} -gt 0 ] || names=(dynamodb moto)
  for name in "${names[@]}"; do
    pidfile="$state/$name.pid"
    if alive "$pidfile"; then
      pid=$(cat "$pidfile")
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 -- "-$pid" 2>/dev/null || true
      echo "stopped $name"
    fi
    rm -f "$pidfile"
  done
}

# running prints the emulators this script runs now, one name a line.
running() {
  alive "$state/dynamodb.pid" && echo dynamodb
  alive "$state/moto.pid" && echo moto
  return 0
}

# stop_new "BEFORE": stop the emulators running now that are not named in
# BEFORE (an earlier `running`), i.e. the ones the caller started.
stop_new() {
  local name
  for name in $(running); do
    grep -qx "$name" <<<"${1:-}" || stop "$name"
  done
}

status() {
  local rc=0
  if alive "$state/dynamodb.pid" && up "$ddb_port" /; then echo "dynamodb-local: up on :$ddb_port"; else echo "dynamodb-local: down"; rc=1; fi
  if alive "$state/moto.pid" && up "$moto_port" /moto-api/; then echo "moto_server: up on :$moto_port"; else echo "moto_server: down"; rc=1; fi
  return $rc
}

# env prints the SDK's standard endpoint variables for the emulators.
env_vars() {
  cat <<VARS
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=local
export AWS_SECRET_ACCESS_KEY=local
export AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port
export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$ddb_port
export AWS_ENDPOINT_URL_DYNAMODB_STREAMS=http://127.0.0.1:$ddb_port
VARS
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  status) status ;;
  running) running ;;
  stop-new) stop_new "${2:-}" ;;
  env) env_vars ;;
  *) echo "usage: $0 start|stop [dynamodb|moto]|status|running|env" >&2; exit 2 ;;
esac
