/** Kafka plumbing written once: screening of consumed records, dead-letter topics, listener error rules, topics. */
package health.datasafe.kit.kafka;
