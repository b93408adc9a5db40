/** Audits of the ledger: its blocks, fetched over its HTTP API, compared with the witness copy. */
package health.datasafe.recovery.audit;
