/** Sends Kafka records that cannot be processed to their topic's dead-letter topic, with the reason in a header. */
package health.datasafe.transaction.deadletter;
