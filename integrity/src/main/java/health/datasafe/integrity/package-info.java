/** The ledger's rules, written once: canonical JSON, hashes, Merkle trees, Ed25519 signatures and chain verification. */
package health.datasafe.integrity;
