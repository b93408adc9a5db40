/** The encrypted record vault: AES-256-GCM content under a fresh data key per record, wrapped by a per-patient key, wrapped by the master key. */
package health.datasafe.transaction.vault;
