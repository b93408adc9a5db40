-- Each committed transaction's receipt: the JSON of an integrity Receipt (tx hash, shard, block height, leaf index,
-- inclusion proof and the signed checkpoint it leads to). Written in the same update that marks it COMMITTED; empty
-- when the ledger announced the block without its log frontier and checkpoint.
ALTER TABLE transactions ADD COLUMN receipt TEXT;
ALTER TABLE transactions ADD CONSTRAINT transactions_receipt_when_committed
    CHECK (receipt IS NULL OR status = 'COMMITTED');
