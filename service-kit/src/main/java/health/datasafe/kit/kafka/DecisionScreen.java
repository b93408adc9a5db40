package health.datasafe.kit.kafka;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.DecisionUntrusted;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;

/**
 * Screens the validator's decisions, the one place where a decision is read: {@link #rejected} and {@link #validated}
 * give a decision that names its transaction (an id and a type), whose {@code txHash} is the hash of that
 * transaction, and that a trusted validator key signed; {@link #epochEnd} an end with a positive epoch and a time,
 * signed by a trusted validator for the partition it was read from. With no validator key trusted, nothing passes.
 * Whether the initiator signed the transaction is the caller's to check where it matters (the ledger does). A
 * decision that fails is {@link RecordRefused} with the reason.
 */
public class DecisionScreen {

    private final EventReader events;
    private final TrustedKeys validators;

    public DecisionScreen(EventReader events, TrustedKeys validators) {
        this.events = events;
        this.validators = validators;
    }

    /** A screen trusting these validator keys instead. */
    public DecisionScreen trusting(TrustedKeys keys) {
        return new DecisionScreen(events, keys);
    }

    public TransactionRejected rejected(byte[] value) {
        TransactionRejected rejected = events.read(value, TransactionRejected.class);
        if (rejected.reason() == null) {
            throw new RecordRefused("a rejection without a reason");
        }
        requireHashOf(rejected.transaction(), rejected.txHash(), "rejection");
        trusted(() -> Decisions.verify(rejected, validators));
        return rejected;
    }

    public TransactionValidated validated(byte[] value) {
        TransactionValidated validated = events.read(value, TransactionValidated.class);
        requireHashOf(validated.transaction(), validated.txHash(), "validated decision");
        trusted(() -> Decisions.verify(validated, validators));
        return validated;
    }

    /** An epoch end read from partition {@code partition} of {@code dsh.tx.validated}. */
    public EpochEnded epochEnd(byte[] value, int partition) {
        EpochEnded end = events.read(value, EpochEnded.class);
        if (end.epoch() < 1 || end.endedAt() == null) {
            throw new RecordRefused("an epoch end has an epoch >= 1 and a time");
        }
        trusted(() -> Decisions.verify(end, partition, validators));
        return end;
    }

    /** Runs a signature check; a decision it finds untrusted is refused with its reason. */
    private static void trusted(Runnable check) {
        try {
            check.run();
        } catch (DecisionUntrusted untrusted) {
            throw new RecordRefused(untrusted.getMessage());
        }
    }

    private static void requireHashOf(Transaction tx, String txHash, String what) {
        if (tx == null || tx.id() == null || tx.id().isBlank() || tx.type() == null) {
            throw new RecordRefused("a " + what + " without its transaction, or the transaction's id or type");
        }
        if (!Hex.isHash(txHash)) {
            throw new RecordRefused("the " + what + " of " + tx.id() + " has no hex txHash");
        }
        String recomputed;
        try {
            recomputed = Transactions.hash(tx);
        } catch (RuntimeException unhashable) {
            throw new RecordRefused("the transaction " + tx.id() + " of a " + what + " cannot be canonicalized: "
                    + unhashable.getMessage());
        }
        if (!recomputed.equals(txHash)) {
            throw new RecordRefused("the " + what + " of " + tx.id() + " announces tx hash " + txHash
                    + " but its transaction hashes to " + recomputed);
        }
    }
}
