/** The replay benchmark: the ledger-service's own LedgerReplay rebuilding a ledger from its topic, against a plain Kafka consume of the same records and a plain JDBC insert of the same rows. */
package health.datasafe.bench.replay;
