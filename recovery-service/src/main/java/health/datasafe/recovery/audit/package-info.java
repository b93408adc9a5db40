/** Audits of the ledger, on schedule and on demand: its blocks, fetched over its HTTP API, compared with the witness copy and the newest signed checkpoints. */
package health.datasafe.recovery.audit;
