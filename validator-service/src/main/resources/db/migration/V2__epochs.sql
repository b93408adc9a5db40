-- Epoch numbers of the EpochEnded records the validator writes into every partition of dsh.tx.validated. Shared by
-- every validator instance, so epochs only grow; a gap (a rolled-back Kafka transaction) is harmless.
CREATE SEQUENCE epoch_seq START WITH 1;
