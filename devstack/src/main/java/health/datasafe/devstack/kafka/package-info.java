/** A real single-node KRaft Kafka server in this JVM whose log directory survives restarts. */
package health.datasafe.devstack.kafka;
