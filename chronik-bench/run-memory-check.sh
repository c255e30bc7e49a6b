#!/usr/bin/env bash
# The memory figures of BENCHMARKS.md: one node of the distribution with the console and -Xmx512m,
# RSS when started, with 1,000 partitions, after traffic over them, idle, and after a restart.
#
#   chronik-bench/run-memory-check.sh
#
# Needs the unpacked distribution (mvn -B -q -DskipTests package) and Kafka's tools from the peer jars
# (../shared/peers/kafka/get-kafka.sh; PEERS overrides the scripts' directory). Ports 39080-39094.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/chronik-dist/target/chronik"
PEERS="${PEERS:-$ROOT/../shared/peers/kafka}"
WORK=$(mktemp -d /tmp/chronik-mem.XXXXXX)
rss() { grep -E '^VmRSS' /proc/$pid/status | awk '{print int($2/1024) " MB"}'; }
(cd $WORK && CHRONIK_JAVA_OPTS="-Xmx512m" exec $DIST/bin/chronik run --set kafka.listener=127.0.0.1:39092 \
  --set replication.listener=127.0.0.1:39093 --set forwarding.listener=127.0.0.1:39094 \
  --set console.listener=127.0.0.1:39080 --set data.dir=$WORK/data > $WORK/node.log 2>&1) &
pid=$!
for _ in $(seq 1 60); do grep -q "started;" $WORK/node.log && break; sleep 1; done
sleep 5; echo "started, no topics: $(rss)"
TOOL_HEAP=-Xmx512M $PEERS/kafka-run.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:39092 --create --topic many --partitions 1000 --replication-factor 1 >/dev/null
sleep 5; echo "after creating 1,000 partitions: $(rss)"
TOOL_HEAP=-Xmx512M $PEERS/kafka-run.sh org.apache.kafka.tools.ProducerPerformance --bootstrap-server 127.0.0.1:39092 --topic many --num-records 100000 --record-size 100 --throughput -1 --command-property acks=1 2>&1 | tail -1
echo "after 100,000 x 100 B over 1,000 partitions: $(rss), peak $(grep VmHWM /proc/$pid/status | awk '{print int($2/1024) " MB"}')"
sleep 75; echo "idle 75 s after the traffic: $(rss)"
du -sh $WORK/data | awk '{print "data dir " $1}'
kill $pid; wait $pid 2>/dev/null || true
(cd $WORK && CHRONIK_JAVA_OPTS="-Xmx512m" exec $DIST/bin/chronik run --set kafka.listener=127.0.0.1:39092 \
  --set replication.listener=127.0.0.1:39093 --set forwarding.listener=127.0.0.1:39094 \
  --set console.listener=127.0.0.1:39080 --set data.dir=$WORK/data > $WORK/node2.log 2>&1) &
pid=$!; start=$(date +%s%N)
for _ in $(seq 1 120); do grep -q "started;" $WORK/node2.log && break; sleep 0.5; done
echo "restart with 1,000 partitions to started;: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 20; echo "restarted, idle 20 s: $(rss)"
kill $pid; wait $pid 2>/dev/null || true
rm -rf $WORK
