#!/usr/bin/env bash
# The local stack: Apache Kafka (KRaft, jars from Maven Central), PostgreSQL and ClickHouse (Debian packages),
# on loopback, owned by this project. Everything it writes lives under one folder (default: <repo>/.stack).
#
#   stack.sh up | down | status | logs [service] | env | install
#
# Settings (environment): TONSTREAM_STACK_DIR, TONSTREAM_KAFKA_PORT (19092), TONSTREAM_KAFKA_CONTROLLER_PORT (19093),
# TONSTREAM_PG_PORT (15432), TONSTREAM_CH_HTTP_PORT (18123), TONSTREAM_CH_TCP_PORT (19000),
# TONSTREAM_STACK_TIMEOUT (health-check timeout per service, seconds, default 90).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_DIR=${TONSTREAM_STACK_DIR:-$ROOT/.stack}
KAFKA_PORT=${TONSTREAM_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${TONSTREAM_KAFKA_CONTROLLER_PORT:-19093}
PG_PORT=${TONSTREAM_PG_PORT:-15432}
CH_HTTP_PORT=${TONSTREAM_CH_HTTP_PORT:-18123}
CH_TCP_PORT=${TONSTREAM_CH_TCP_PORT:-19000}
TIMEOUT=${TONSTREAM_STACK_TIMEOUT:-90}

PG_USER=tonstream
PG_PASSWORD=tonstream
PG_DB=tonstream
CH_USER=default

KAFKA_DIR=$STACK_DIR/kafka
PG_DIR=$STACK_DIR/postgres
CH_DIR=$STACK_DIR/clickhouse

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

for port_var in KAFKA_PORT KAFKA_CONTROLLER_PORT PG_PORT CH_HTTP_PORT CH_TCP_PORT TIMEOUT; do
  value=${!port_var}
  [[ $value =~ ^[0-9]+$ ]] && ((value > 0 && value < 65536)) ||
    die "$port_var must be an integer between 1 and 65535, got '$value'"
done

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "installing packages needs root (or sudo): $*"
  fi
}

apt_install() {
  log "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$STACK_DIR/apt.log" 2>&1 || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$STACK_DIR/apt.log" 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$STACK_DIR/apt.log" 2>&1
  } || die "apt-get install $* failed; see $STACK_DIR/apt.log"
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

# Port in use? (bash's /dev/tcp avoids depending on ss/netstat)
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # name, log file, check command...
  local name=$1 logfile=$2; shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      die "$name did not become healthy within ${TIMEOUT}s; its log: $logfile"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- install
install_kafka() {
  [[ -f $KAFKA_DIR/libs/.complete ]] && return 0
  command -v java >/dev/null || apt_install default-jre-headless
  command -v mvn >/dev/null || apt_install maven
  mkdir -p "$KAFKA_DIR/libs"
  log "fetching the Kafka broker classpath from Maven Central (deploy/local/kafka/pom.xml)"
  mvn -q -B -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_DIR/libs" >"$STACK_DIR/maven.log" 2>&1 ||
    die "maven could not fetch the Kafka jars; see $STACK_DIR/maven.log"
  touch "$KAFKA_DIR/libs/.complete"
}

install_postgres() {
  [[ -n $(pg_bin) ]] || apt_install postgresql
  [[ -n $(pg_bin) ]] || die "PostgreSQL binaries not found under /usr/lib/postgresql after install"
}

install_clickhouse() {
  command -v clickhouse-server >/dev/null || apt_install clickhouse-server clickhouse-client
  command -v clickhouse-server >/dev/null || die "clickhouse-server not found after install"
}

# ---------------------------------------------------------------- kafka
kafka_healthy() {
  port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_DIR/kafka.log" 2>/dev/null
}

start_kafka() {
  if pid_alive "$KAFKA_DIR/kafka.pid"; then
    wait_for kafka "$KAFKA_DIR/kafka.log" kafka_healthy
    log "kafka already running (pid $(cat "$KAFKA_DIR/kafka.pid"))"
    return 0
  fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; set TONSTREAM_KAFKA_PORT"
  install_kafka
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
EOF
  cat >"$KAFKA_DIR/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$KAFKA_DIR/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
EOF
  local java_opts=(-Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_DIR/libs/*")
  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>>"$KAFKA_DIR/format.log" | tail -n 1)
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      >>"$KAFKA_DIR/format.log" 2>&1 || die "formatting Kafka storage failed; see $KAFKA_DIR/format.log"
  fi
  : >"$KAFKA_DIR/kafka.log"
  nohup java "${java_opts[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/stdout.log" 2>&1 &
  echo $! >"$KAFKA_DIR/kafka.pid"
  wait_for kafka "$KAFKA_DIR/kafka.log" kafka_healthy
  log "kafka up on 127.0.0.1:$KAFKA_PORT (log: $KAFKA_DIR/kafka.log)"
}

stop_kafka() {
  stop_pid kafka "$KAFKA_DIR/kafka.pid"
}

# ---------------------------------------------------------------- postgres
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user.
pg_run() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_healthy() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U postgres; }

start_postgres() {
  install_postgres
  local bin
  bin=$(pg_bin)
  if [[ -f $PG_DIR/data/postmaster.pid ]] && pg_run "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    wait_for postgres "$PG_DIR/postgres.log" pg_healthy
    log "postgres already running"
    return 0
  fi
  port_open "$PG_PORT" && die "port $PG_PORT is taken by another process; set TONSTREAM_PG_PORT"
  mkdir -p "$PG_DIR/run"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PG_DIR"
  if [[ ! -f $PG_DIR/data/PG_VERSION ]]; then
    pg_run "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed; see $PG_DIR/initdb.log"
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
max_connections = 200
shared_buffers = 256MB
EOF
    echo "host all all 127.0.0.1/32 scram-sha-256" >>"$PG_DIR/data/pg_hba.conf"
  fi
  pg_run "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "-p $PG_PORT" -w -t "$TIMEOUT" start \
    >/dev/null 2>&1 || die "postgres did not start; its log: $PG_DIR/postgres.log"
  wait_for postgres "$PG_DIR/postgres.log" pg_healthy
  # The project's role and database (idempotent).
  pg_run "$bin/psql" -q -h "$PG_DIR/run" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB CREATEROLE PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
EOF
  log "postgres up on 127.0.0.1:$PG_PORT (log: $PG_DIR/postgres.log)"
}

stop_postgres() {
  local bin
  bin=$(pg_bin) || true
  if [[ -n $bin && -f $PG_DIR/data/postmaster.pid ]]; then
    pg_run "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    log "postgres stopped"
  fi
}

# ---------------------------------------------------------------- clickhouse
ch_healthy() {
  [[ $(curl -fsS "http://127.0.0.1:$CH_HTTP_PORT/ping" 2>/dev/null) == Ok.* ]]
}

start_clickhouse() {
  if pid_alive "$CH_DIR/clickhouse.pid"; then
    wait_for clickhouse "$CH_DIR/log/clickhouse-server.log" ch_healthy
    log "clickhouse already running (pid $(cat "$CH_DIR/clickhouse.pid"))"
    return 0
  fi
  port_open "$CH_HTTP_PORT" && die "port $CH_HTTP_PORT is taken by another process; set TONSTREAM_CH_HTTP_PORT"
  install_clickhouse
  mkdir -p "$CH_DIR"/{data,tmp,user_files,format_schemas,log}
  cat >"$CH_DIR/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <log>$CH_DIR/log/clickhouse-server.log</log>
    <errorlog>$CH_DIR/log/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>3</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$CH_HTTP_PORT</http_port>
  <tcp_port>$CH_TCP_PORT</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$CH_DIR/data/</path>
  <tmp_path>$CH_DIR/tmp/</tmp_path>
  <user_files_path>$CH_DIR/user_files/</user_files_path>
  <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
  <users_config>$CH_DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
</yandex>
EOF
  # Users: the pipeline writes as `default` (loopback only); analysts read as `tonstream_analyst` (readonly=1).
  cat >"$CH_DIR/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default>
    <readonly><readonly>1</readonly><max_memory_usage>2000000000</max_memory_usage></readonly>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <tonstream_analyst>
      <password>analyst</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>readonly</profile>
      <quota>default</quota>
    </tonstream_analyst>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
  nohup clickhouse-server --config-file="$CH_DIR/config.xml" >"$CH_DIR/log/stdout.log" 2>&1 &
  echo $! >"$CH_DIR/clickhouse.pid"
  wait_for clickhouse "$CH_DIR/log/clickhouse-server.err.log" ch_healthy
  log "clickhouse up on 127.0.0.1:$CH_HTTP_PORT (log: $CH_DIR/log/clickhouse-server.log)"
}

stop_clickhouse() { stop_pid clickhouse "$CH_DIR/clickhouse.pid"; }

# Stops only the process recorded in our pid file: never anything the stack did not start.
stop_pid() {
  local name=$1 pidfile=$2
  if pid_alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "$name stopped"
  fi
  rm -f "$pidfile"
}

# ---------------------------------------------------------------- commands
print_env() {
  cat <<EOF
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
CLICKHOUSE_URL=http://$CH_USER@127.0.0.1:$CH_HTTP_PORT
EOF
}

status() {
  local rc=0
  if kafka_healthy; then echo "kafka       healthy  127.0.0.1:$KAFKA_PORT"; else echo "kafka       down     (log: $KAFKA_DIR/kafka.log)"; rc=1; fi
  if [[ -n $(pg_bin) ]] && pg_healthy; then echo "postgres    healthy  127.0.0.1:$PG_PORT"; else echo "postgres    down     (log: $PG_DIR/postgres.log)"; rc=1; fi
  if ch_healthy; then echo "clickhouse  healthy  127.0.0.1:$CH_HTTP_PORT"; else echo "clickhouse  down     (log: $CH_DIR/log/clickhouse-server.err.log)"; rc=1; fi
  return $rc
}

cmd=${1:-}
mkdir -p "$STACK_DIR"
case $cmd in
  up)
    start=$SECONDS
    install_kafka; install_postgres; install_clickhouse
    start_postgres
    start_clickhouse
    start_kafka
    log "stack healthy in $((SECONDS - start))s; data in $STACK_DIR"
    ;;
  down) stop_kafka; stop_clickhouse; stop_postgres ;;
  status) status ;;
  install) install_kafka; install_postgres; install_clickhouse ;;
  logs)
    case ${2:-all} in
      kafka) tail -n 100 "$KAFKA_DIR/kafka.log" ;;
      postgres) tail -n 100 "$PG_DIR/postgres.log" ;;
      clickhouse) tail -n 100 "$CH_DIR/log/clickhouse-server.log" ;;
      all) for f in "$KAFKA_DIR/kafka.log" "$PG_DIR/postgres.log" "$CH_DIR/log/clickhouse-server.err.log"; do
             echo "==> $f <=="; tail -n 30 "$f" 2>/dev/null || echo "(none)"; done ;;
      *) die "unknown service '${2}': expected kafka, postgres, clickhouse or all" ;;
    esac
    ;;
  env) print_env ;;
  *) die "usage: stack.sh up|down|status|logs [kafka|postgres|clickhouse]|env|install (got '${cmd}')" ;;
esac
