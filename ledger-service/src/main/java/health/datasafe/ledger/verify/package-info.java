/** Re-verification of every shard's chain, Merkle log and checkpoints from genesis, from the bytes stored in the database, and of the stored logs against the checkpoints published on the topic. */
package health.datasafe.ledger.verify;
