/** The shared language of the services: transactions, the events that carry them over Kafka, and topic names. */
package health.datasafe.contracts;
