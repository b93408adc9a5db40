-- A record its patient erased (RECORD_ERASED): nothing of it may be read any more, nor erased again.
ALTER TABLE records ADD COLUMN erased_by_tx text;
