/** The verify benchmark: full-chain verification of a synthetic signed ledger against a plain scan of the same rows. */
package health.datasafe.bench.verify;
