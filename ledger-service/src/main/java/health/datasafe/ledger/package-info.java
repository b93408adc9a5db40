/** The committing transaction: validated transactions become hash-chained, signed blocks per shard in PostgreSQL. */
package health.datasafe.ledger;
