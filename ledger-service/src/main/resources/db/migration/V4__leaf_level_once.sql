-- The leaf level of every shard's Merkle log is stored once: leaf i of shard s is SHA-256(0x00 || tx_hash) of the
-- ledger_tx row (s, leaf_index = i), committed in the same transaction as the nodes above it, so merkle_node keeps
-- levels 1 and up only. Its level-0 rows repeated the tx hashes in another form: about half of its rows.
DELETE FROM merkle_node WHERE level = 0;
