/** The verify benchmark: the ledger-service's own ChainAudit over a synthetic signed ledger, against a plain scan of the same rows. */
package health.datasafe.bench.verify;
