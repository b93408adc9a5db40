/** The encrypted record vault: AES-256-GCM content under a fresh data key per record, wrapped by a per-patient key, wrapped by the master key; kept in schema tx and, before any write is acknowledged, on the vault topics. */
package health.datasafe.transaction.vault;
