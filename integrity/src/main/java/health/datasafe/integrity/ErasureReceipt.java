package health.datasafe.integrity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;

import java.util.ArrayList;
import java.util.List;

/**
 * Proof that a record was erased and that its key holders destroyed it (docs/ledger-format.md section 4g): the
 * patient's RECORD_ERASED and each vault's ERASURE_CONFIRMED, each as the transaction committed and its receipt.
 * Anyone holding the ledger's keys checks it offline ({@link #verify}, {@code dsh-verify erasure}): every transaction
 * hashes to its receipt's tx hash, every receipt's inclusion proof leads to a checkpoint the pinned keys signed, the
 * erasure names the record of the patient, and each confirmation names the erasure, the record and the patient and is
 * made by the vault of the initiator that signed it.
 *
 * @param recordId      the record erased
 * @param patientId     whose it was
 * @param erasure       her RECORD_ERASED
 * @param confirmations the key holders' ERASURE_CONFIRMED, at least one
 */
public record ErasureReceipt(String recordId, String patientId, Part erasure, List<Part> confirmations) {

    /** A committed transaction and its receipt, in the form of the {@code DSH-Receipt} header ({@link Receipt#toHeader}). */
    public record Part(Transaction transaction, String receipt) {
    }

    /** What a verified erasure receipt states. */
    public record Verified(Checkpoint.Cosigned erasure, List<String> confirmedBy) {
    }

    public ErasureReceipt {
        confirmations = confirmations == null ? List.of() : List.copyOf(confirmations);
    }

    /** Reads one from its JSON; {@link ErasureReceiptMalformed} for anything else. */
    public static ErasureReceipt parse(byte[] json) {
        ErasureReceipt read;
        try {
            read = CanonicalJson.read(json, ErasureReceipt.class);
        } catch (RuntimeException e) {
            throw new ErasureReceiptMalformed("not an erasure receipt: " + e.getMessage());
        }
        if (read == null || read.recordId() == null || read.patientId() == null || read.erasure() == null) {
            throw new ErasureReceiptMalformed("recordId, patientId and erasure must all be present");
        }
        return read;
    }

    /**
     * Checks it against the pinned ledger keys, each checkpoint signed by at least {@code minSigners} of them;
     * {@link ErasureReceiptInvalid} naming what does not hold, or a receipt's own failure.
     */
    public Verified verify(List<Ed25519.VerifyingKey> trusted, int minSigners) {
        Transaction erased = erasure.transaction();
        if (erased == null || erased.type() != TransactionType.RECORD_ERASED
                || !recordId.equals(erased.meta(Metadata.RECORD_ID)) || !patientId.equals(erased.patientId())) {
            throw new ErasureReceiptInvalid("the erasure is not a RECORD_ERASED of record " + recordId + " of patient "
                    + patientId);
        }
        Checkpoint.Cosigned committed = included(erasure, trusted, minSigners);
        if (confirmations.isEmpty()) {
            throw new ErasureReceiptInvalid("no key holder confirmed erasure " + erased.id() + " yet");
        }
        var confirmedBy = new ArrayList<String>();
        for (Part part : confirmations) {
            Transaction confirmation = part.transaction();
            if (confirmation == null || confirmation.type() != TransactionType.ERASURE_CONFIRMED
                    || !erased.id().equals(confirmation.meta(Metadata.ERASURE_ID))
                    || !recordId.equals(confirmation.meta(Metadata.RECORD_ID))
                    || !patientId.equals(confirmation.patientId())
                    || !Metadata.vaultOf(confirmation.initiator()).equals(confirmation.actorId())) {
                throw new ErasureReceiptInvalid("a confirmation is not an ERASURE_CONFIRMED of erasure " + erased.id()
                        + " of record " + recordId + " by the vault of the initiator that signed it");
            }
            included(part, trusted, minSigners);
            confirmedBy.add(confirmation.actorId());
        }
        return new Verified(committed, List.copyOf(confirmedBy));
    }

    /** The input is not an erasure receipt's JSON. */
    public static final class ErasureReceiptMalformed extends IllegalArgumentException {

        public ErasureReceiptMalformed(String why) {
            super(why);
        }
    }

    private static Checkpoint.Cosigned included(Part part, List<Ed25519.VerifyingKey> trusted, int minSigners) {
        if (part.receipt() == null) {
            throw new ErasureReceiptInvalid("transaction " + part.transaction().id() + " comes without its receipt");
        }
        Receipt receipt = Receipt.fromHeader(part.receipt());
        String hash = Transactions.hash(part.transaction());
        if (!hash.equals(receipt.txHash()) || !part.transaction().id().equals(receipt.txId())) {
            throw new ErasureReceiptInvalid("transaction " + part.transaction().id() + " hashes to " + hash
                    + ", but its receipt is for " + receipt.txHash() + " (transaction " + receipt.txId() + ")");
        }
        return receipt.verify(trusted, minSigners);
    }
}
