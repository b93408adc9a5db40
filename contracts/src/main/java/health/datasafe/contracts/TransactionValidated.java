package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#TX_VALIDATED}: the validator accepted the transaction; the ledger will commit it. The validator
 * signs the decision (docs/ledger-format.md, "Validator decisions"): the ledger commits only a transaction whose
 * decision verifies with a trusted validator key, so nobody who can merely write to the topic can put a transaction
 * in a block.
 *
 * @param transaction the transaction as the initiator signed it
 * @param txHash      hex SHA-256 of its canonical JSON: what the decision's signature covers of it
 * @param validator   the name of the validator that decided ({@code dsh.validator.id})
 * @param validatedAt when it decided (milliseconds)
 * @param signer      key id of the validator key that signed the decision
 * @param signature   base64 Ed25519 signature over the decision's signing input; null while unsigned
 */
public record TransactionValidated(Transaction transaction, String txHash, String validator, Instant validatedAt,
                                   String signer, String signature) {

    /** The decision before its signature: signed by {@code signer} later. */
    public static TransactionValidated unsigned(Transaction transaction, String txHash, String validator,
                                                Instant validatedAt, String signer) {
        return new TransactionValidated(transaction, txHash, validator, validatedAt, signer, null);
    }

    public TransactionValidated withSignature(String signature) {
        return new TransactionValidated(transaction, txHash, validator, validatedAt, signer, signature);
    }
}
