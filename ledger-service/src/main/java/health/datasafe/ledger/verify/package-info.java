/** Re-verification of every shard's chain, Merkle log and checkpoints from genesis, from the bytes stored in the database. */
package health.datasafe.ledger.verify;
