#!/bin/sh
# The broker of docker compose (KRaft, one combined node), locked down: every client authenticates with SASL/SCRAM-SHA-512
# as its own user, the StandardAuthorizer holds each to its ACLs (made by setup.sh from acls.conf), and only dsh_admin is
# a super user. The controller listener is plaintext on the loopback interface, for this node alone; its requests to
# itself come as ANONYMOUS, hence that super user. The devstack's --kafka-auth runs the same settings (PersistentKafka's
# LOCKED_DOWN; a test holds them equal).
#
# The storage is formatted on the first start, with dsh_admin's SCRAM credential in it: SCRAM credentials live in the
# cluster's metadata, so the first one has to come with the format. setup.sh adds the services' users as dsh_admin.
set -eu
: "${CLUSTER_ID:?set CLUSTER_ID}"
: "${DSH_KAFKA_PASSWORD_ADMIN:?set DSH_KAFKA_PASSWORD_ADMIN}"
data=/var/lib/kafka/data
config=/tmp/server.properties

cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=SASL_PLAINTEXT://:9092,CONTROLLER://localhost:9093
advertised.listeners=SASL_PLAINTEXT://kafka:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dsh_admin" password="$DSH_KAFKA_PASSWORD_ADMIN";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:dsh_admin;User:ANONYMOUS
log.dirs=$data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES

# what the healthcheck and an operator's kafka-*.sh --command-config log in with
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dsh_admin" password="$DSH_KAFKA_PASSWORD_ADMIN";
PROPERTIES

if [ ! -f "$data/meta.properties" ]; then
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$config" \
    --add-scram "SCRAM-SHA-512=[name=dsh_admin,password=$DSH_KAFKA_PASSWORD_ADMIN]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
