/** Every shard's Merkle log as stored nodes: each perfect subtree's hash, read a proof's worth at a time in one query. */
package health.datasafe.ledger.merkle;
