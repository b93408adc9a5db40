package health.datasafe.bench.verify;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** Synthetic patients, clinicians and the transactions between them; random ids, never a real person. */
public final class SyntheticTransactions {

    private static final Purpose[] PURPOSES = Purpose.values();
    private static final HexFormat HEX = HexFormat.of();

    private final SplittableRandom random;
    private final String[] patients = new String[500];
    private final String[] clinicians = new String[50];

    /** Draws everything from {@code random}: the same seed gives the same people and transactions. */
    public SyntheticTransactions(SplittableRandom random) {
        this.random = random;
        for (int i = 0; i < patients.length; i++) {
            patients[i] = "patient-" + uuid();
        }
        for (int i = 0; i < clinicians.length; i++) {
            clinicians[i] = "clinician-" + uuid();
        }
    }

    /** An unsigned transaction of a type drawn as a busy ledger would see them: mostly reads and writes of records. */
    public Transaction transaction(Instant submittedAt, String initiator) {
        String patient = patients[random.nextInt(patients.length)];
        String clinician = clinicians[random.nextInt(clinicians.length)];
        String purpose = PURPOSES[random.nextInt(PURPOSES.length)].name();
        int draw = random.nextInt(100);
        TransactionType type;
        String actor = clinician;
        Map<String, String> metadata;
        String payloadHash = null;
        if (draw < 40) {
            type = TransactionType.RECORD_ACCESSED;
            metadata = Map.of(Metadata.RECORD_ID, uuid(), Metadata.PURPOSE, purpose);
        } else if (draw < 80) {
            type = TransactionType.RECORD_ADDED;
            actor = random.nextBoolean() ? patient : clinician;
            metadata = Map.of(Metadata.RECORD_ID, uuid(), Metadata.CONTENT_TYPE, "application/fhir+json");
            // stands for SHA-256(salt || ciphertext) of the stored content
            byte[] commitment = new byte[Sha256.LENGTH];
            random.nextBytes(commitment);
            payloadHash = HEX.formatHex(commitment);
        } else if (draw < 95) {
            type = TransactionType.CONSENT_GRANTED;
            actor = patient;
            metadata = Map.of(Metadata.CONSENT_ID, uuid(), Metadata.GRANTEE, clinician, Metadata.ACTION, "read",
                    Metadata.PURPOSE, purpose, Metadata.VALID_FROM, submittedAt.toString(),
                    Metadata.VALID_UNTIL, submittedAt.plus(365, ChronoUnit.DAYS).toString());
        } else {
            type = TransactionType.ACCESS_DENIED;
            metadata = Map.of(Metadata.RECORD_ID, uuid(), Metadata.PURPOSE, purpose, Metadata.ATTEMPT_ID, uuid(),
                    Metadata.REASON, RejectionReason.CONSENT_DENIED.name());
        }
        if (payloadHash == null) {
            payloadHash = Transactions.metadataHash(metadata);
        }
        return new Transaction(uuid(), type, patient, actor, payloadHash, metadata, submittedAt, initiator, null);
    }

    private String uuid() {
        return new UUID(random.nextLong() & 0xffff_ffff_ffff_0fffL | 0x4000L,
                random.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L).toString();
    }
}
