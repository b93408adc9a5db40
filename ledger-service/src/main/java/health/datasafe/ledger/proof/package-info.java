/** Signed checkpoints, RFC 9162 inclusion and consistency proofs, and bundles of a shard's blocks for offline verification. */
package health.datasafe.ledger.proof;
