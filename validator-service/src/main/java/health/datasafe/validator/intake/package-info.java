/** Consumes submitted transactions and publishes each decision in the same Kafka transaction as the consumed offset. */
package health.datasafe.validator.intake;
