#!/bin/sh
# Run once by compose's kafka-setup job, as dsh_admin, after the broker is healthy; every step may run again:
#  1. every topic of the contracts (Topics.all()) with its configs (Topics.configs): transaction, block, signature,
#     checkpoint and alert topics keep every record for ever, vault topics are compacted, dead-letter topics take the
#     broker's defaults. Each partition of dsh.tx.validated is a ledger shard; the count is fixed when it is created.
#  2. each service's SCRAM-SHA-512 user (dsh_tx, dsh_validator, dsh_ledger, dsh_recovery, dsh_report), its password
#     from DSH_KAFKA_PASSWORD_<TX|VALIDATOR|LEDGER|RECOVERY|REPORT>; running again sets the passwords anew.
#  3. the ACLs of acls.conf (contracts' TopicAccess: each service writes only its own topics).
set -eu
: "${DSH_KAFKA_PASSWORD_ADMIN:?set DSH_KAFKA_PASSWORD_ADMIN}"
bin=/opt/kafka/bin
broker=kafka:9092
admin=/tmp/admin.properties
cat > "$admin" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dsh_admin" password="$DSH_KAFKA_PASSWORD_ADMIN";
PROPERTIES

kept_topics="dsh.tx.submitted dsh.tx.validated dsh.tx.rejected dsh.ledger.blocks dsh.ledger.signatures dsh.ledger.checkpoints dsh.integrity.alerts dsh.patient.notifications"
kept_config="retention.ms=-1,retention.bytes=-1"
vault_topics="dsh.vault.records dsh.vault.keys"
vault_config="cleanup.policy=compact,retention.ms=-1,retention.bytes=-1,min.compaction.lag.ms=86400000,max.message.bytes=2097152"
dead_letter_topics="dsh.tx.submitted.dlt dsh.tx.validated.dlt dsh.tx.rejected.dlt dsh.ledger.blocks.dlt dsh.ledger.signatures.dlt dsh.ledger.checkpoints.dlt dsh.integrity.alerts.dlt dsh.patient.notifications.dlt dsh.vault.records.dlt dsh.vault.keys.dlt"
partitions="${DSH_PARTITIONS:-3}"

topics() {
  for topic in $1; do
    "$bin/kafka-topics.sh" --bootstrap-server "$broker" --command-config "$admin" --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor 1
    if [ -n "$2" ]; then
      "$bin/kafka-configs.sh" --bootstrap-server "$broker" --command-config "$admin" --alter --entity-type topics \
        --entity-name "$topic" --add-config "$2"
    fi
  done
}
topics "$kept_topics" "$kept_config"
topics "$vault_topics" "$vault_config"
topics "$dead_letter_topics" ""

for service in TX VALIDATOR LEDGER RECOVERY REPORT; do
  eval "password=\${DSH_KAFKA_PASSWORD_$service:?set DSH_KAFKA_PASSWORD_$service}"
  user="dsh_$(echo "$service" | tr 'A-Z' 'a-z')"
  "$bin/kafka-configs.sh" --bootstrap-server "$broker" --command-config "$admin" --alter --entity-type users \
    --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]"
done

# acls.conf: principal operation resource-type pattern-type name...; '#' starts a comment
grep -v '^[[:space:]]*\(#\|$\)' /dsh/acls.conf | while read -r principal operation type pattern names; do
  resources=""
  for name in $names; do
    resources="$resources --$type $name"
  done
  # shellcheck disable=SC2086 # one --topic/--group/--transactional-id per name
  "$bin/kafka-acls.sh" --bootstrap-server "$broker" --command-config "$admin" --add \
    --allow-principal "User:$principal" --operation "$operation" --resource-pattern-type "$pattern" $resources
done
