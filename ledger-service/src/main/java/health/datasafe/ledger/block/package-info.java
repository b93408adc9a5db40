/** Cutting, sealing, committing and publishing blocks: one hash chain per shard, one database transaction per block. */
package health.datasafe.ledger.block;
