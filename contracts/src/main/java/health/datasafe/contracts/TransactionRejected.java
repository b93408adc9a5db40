package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#TX_REJECTED}: the validator refused the transaction; it will never be committed. The validator
 * signs the decision (docs/ledger-format.md, "Validator decisions"), and a rejection counts only for the transaction
 * whose hash it names: the initiator sets a transaction REJECTED only when the signature verifies with a trusted
 * validator key and {@code txHash} is the hash of the transaction it submitted under that id.
 *
 * @param transaction the transaction as it was submitted
 * @param txHash      hex SHA-256 of its canonical JSON: what the decision's signature covers of it
 * @param reason      why it was refused
 * @param detail      a sentence saying why, without health data
 * @param validator   the name of the validator that decided ({@code dsh.validator.id})
 * @param rejectedAt  when it decided (milliseconds)
 * @param signer      key id of the validator key that signed the decision
 * @param signature   base64 Ed25519 signature over the decision's signing input; null while unsigned
 */
public record TransactionRejected(Transaction transaction, String txHash, RejectionReason reason, String detail,
                                  String validator, Instant rejectedAt, String signer, String signature) {

    /** The decision before its signature: signed by {@code signer} later. */
    public static TransactionRejected unsigned(Transaction transaction, String txHash, RejectionReason reason,
                                               String detail, String validator, Instant rejectedAt, String signer) {
        return new TransactionRejected(transaction, txHash, reason, detail, validator, rejectedAt, signer, null);
    }

    public TransactionRejected withSignature(String signature) {
        return new TransactionRejected(transaction, txHash, reason, detail, validator, rejectedAt, signer, signature);
    }
}
