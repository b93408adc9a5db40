/** Rebuilding the transaction-service's vault by replay of the vault topics, checked against the committed ledger, while the service pauses its writing. */
package health.datasafe.transaction.rebuild;
