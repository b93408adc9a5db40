package health.datasafe.bench.replay;

import java.util.List;

/**
 * What the benchmark wrote to {@code dsh.tx.validated}, as the validator would have.
 *
 * @param transactions            TransactionValidated records
 * @param epochs                  epochs ended, each with an EpochEnded record in every partition
 * @param records                 all records: transactions and epoch ends
 * @param partitions              partitions of the topic, the ledger's shards
 * @param epochSize               transactions one partition holds when the epoch is ended
 * @param transactionsByPartition transactions written to each partition
 * @param valueBytes              total size of the record values
 * @param averageTransactionBytes average size of a TransactionValidated record's value
 * @param kafkaTransactions       Kafka transactions the records were written in (one per epoch)
 * @param seconds                 how long generating, signing and producing took (not part of any figure)
 */
public record FilledTopic(long transactions, long epochs, long records, int partitions, int epochSize,
                          List<Long> transactionsByPartition, long valueBytes, double averageTransactionBytes,
                          long kafkaTransactions, double seconds) {
}
