/** The embedded default: one call or one command starts Kafka, PostgreSQL, the token issuer and all six services. */
package health.datasafe.devstack;
