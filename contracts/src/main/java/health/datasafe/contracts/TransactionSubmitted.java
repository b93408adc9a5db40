package health.datasafe.contracts;

/** On {@link Topics#TX_SUBMITTED}: the initiator signed a transaction and asks for validation. */
public record TransactionSubmitted(Transaction transaction) {
}
