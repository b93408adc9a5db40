/**
 * Rebuilding the transaction-service's state (transactions, identities, vault) by replay of its topics, checked against
 * the live schema, while the service pauses its writing.
 */
package health.datasafe.transaction.rebuild;
