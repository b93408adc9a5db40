package health.datasafe.ledger.intake;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.DecisionUntrusted;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.trust.Trust;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Decides what a record of {@code dsh.tx.validated} is. With header {@link Topics#EVENT_HEADER} =
 * {@value EpochEnded#EVENT} it must be acceptable JSON of an {@link EpochEnded} with a positive epoch and a time;
 * without that header it may enter a block only as acceptable JSON of a {@link TransactionValidated}
 * ({@link EventReader}) whose transaction is signed by a trusted initiator and hashes to the announced tx hash. The
 * ledger checks the signature again rather than trusting the validator blindly.
 */
@Component
public class Intake {

    private static final int MAX_DETAIL = 300;

    private final EventReader events;
    private final TrustedKeys initiators;
    private final TrustedKeys validators;

    Intake(EventReader events, Trust trust) {
        this.events = events;
        this.initiators = trust.initiators();
        this.validators = trust.requiredValidators("ledger-service");
    }

    public Admission admit(ConsumerRecord<String, byte[]> record) {
        Header kind = record.headers().lastHeader(Topics.EVENT_HEADER);
        if (kind == null) {
            return transaction(record);
        }
        if (!EpochEnded.EVENT.equals(new String(kind.value() == null ? new byte[0] : kind.value(), StandardCharsets.UTF_8))) {
            return refused(Admission.Refusal.MALFORMED, "unknown " + Topics.EVENT_HEADER + " header");
        }
        EpochEnded end;
        try {
            end = events.read(record.value(), EpochEnded.class);
        } catch (RecordRefused refused) {
            return refused(Admission.Refusal.MALFORMED, refused.reason());
        }
        if (end.epoch() < 1 || end.endedAt() == null) {
            return refused(Admission.Refusal.MALFORMED, "an epoch end has an epoch >= 1 and a time");
        }
        try {
            Decisions.verify(end, record.partition(), validators);
        } catch (DecisionUntrusted untrusted) {
            return refused(Admission.Refusal.DECISION_UNTRUSTED, untrusted.getMessage());
        }
        return new Admission.EpochEnd(record.partition(), record.offset(), end);
    }

    private Admission transaction(ConsumerRecord<String, byte[]> record) {
        TransactionValidated event;
        try {
            event = events.read(record.value(), TransactionValidated.class);
        } catch (RecordRefused refused) {
            return refused(Admission.Refusal.MALFORMED, refused.reason());
        }
        if (event.transaction() == null) {
            return refused(Admission.Refusal.MALFORMED, "no transaction");
        }
        Transaction tx = event.transaction();
        if (tx.id() == null || tx.id().isBlank() || tx.type() == null) {
            return refused(Admission.Refusal.MALFORMED, "the transaction has no id or no type");
        }
        if (hasNul(tx.id()) || hasNul(tx.patientId())) {
            // PostgreSQL text cannot hold U+0000: such a row could never be stored
            return refused(Admission.Refusal.MALFORMED, "the transaction id or patient id contains U+0000");
        }
        if (!Hex.isHash(event.txHash())) {
            return refused(Admission.Refusal.MALFORMED, "txHash is not 64 lowercase hex digits");
        }
        Ed25519.VerifyingKey initiator = initiators.byKeyId(tx.initiator()).orElse(null);
        if (initiator == null) {
            return refused(Admission.Refusal.UNTRUSTED_INITIATOR,
                    "initiator " + tx.initiator() + " of transaction " + tx.id() + " is not a trusted key");
        }
        byte[] canonical;
        boolean signed;
        try {
            signed = Transactions.signatureValid(tx, initiator);
            canonical = Transactions.canonical(tx);
        } catch (RuntimeException unhashable) {
            return refused(Admission.Refusal.MALFORMED, "transaction " + tx.id() + " cannot be canonicalized: "
                    + unhashable.getMessage());
        }
        if (!signed) {
            return refused(Admission.Refusal.SIGNATURE_INVALID,
                    "signature of transaction " + tx.id() + " does not verify against initiator " + tx.initiator());
        }
        String txHash = Sha256.hex(canonical);
        if (!txHash.equals(event.txHash())) {
            return refused(Admission.Refusal.HASH_MISMATCH,
                    "transaction " + tx.id() + " hashes to " + txHash + ", the record announces " + event.txHash());
        }
        try {
            Decisions.verify(event, validators);
        } catch (DecisionUntrusted untrusted) {
            return refused(Admission.Refusal.DECISION_UNTRUSTED, untrusted.getMessage());
        }
        return new Admission.Accepted(new AcceptedTransaction(record.partition(), record.offset(), tx, txHash, canonical));
    }

    private static boolean hasNul(String value) {
        return value != null && value.indexOf(0) >= 0;
    }

    private static Admission.Refused refused(Admission.Refusal refusal, String detail) {
        String shortened = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        return new Admission.Refused(refusal, shortened);
    }
}
