package health.datasafe.ledger.block;

/** The latest committed block of a shard: what the next block links to. */
record ChainTip(int shard, long height, String hash, long logSize) {
}
