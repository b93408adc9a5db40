package health.datasafe.verifier;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.UserSignatures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** consent: who signed a consent, checked offline against the patient's key. */
class ConsentCommandTest {

    @TempDir
    Path dir;

    private final Ed25519.SigningKey patientKey = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey initiatorKey = Ed25519.SigningKey.generate();
    private Path patientPem;

    @BeforeEach
    void writeKey() throws IOException {
        patientPem = Files.writeString(dir.resolve("patient.pub.pem"),
                "-----BEGIN PUBLIC KEY-----\n" + patientKey.verifyingKey().toX509() + "\n-----END PUBLIC KEY-----\n");
    }

    private Transaction consent(TransactionType type, Map<String, String> request, Ed25519.SigningKey signer) {
        var metadata = new HashMap<>(request);
        if (signer != null) {
            metadata.put(Metadata.NOT_AFTER, "2026-03-14T09:31:00Z");
            metadata.put(Metadata.USER_SIGNATURE, UserSignatures.sign(signer, type, "patient-alice", "patient-alice", metadata));
        }
        return Transactions.sign(new Transaction("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", type, "patient-alice",
                "patient-alice", Transactions.metadataHash(metadata), metadata, Instant.parse("2026-03-14T09:26:53.640Z"),
                initiatorKey.verifyingKey().keyId(), null), initiatorKey);
    }

    private static Map<String, String> grant(String grantee) {
        return Map.of(Metadata.CONSENT_ID, "consent-7", Metadata.GRANTEE, grantee, Metadata.ACTION, "read",
                Metadata.PURPOSE, "TREATMENT", Metadata.VALID_FROM, "2026-03-14T00:00:00Z",
                Metadata.VALID_UNTIL, "2026-06-14T00:00:00Z");
    }

    private Run verify(Transaction tx) throws IOException {
        Path file = Files.write(dir.resolve("tx-" + System.nanoTime() + ".json"), Transactions.canonical(tx));
        return Run.of("consent", file.toString(), "--public-key", patientPem.toString());
    }

    @Test
    void aConsentThePatientSignedShowsWhatItGrantsAndWhoSignedIt() throws IOException {
        var tx = consent(TransactionType.CONSENT_GRANTED, grant("clinician-bob"), patientKey);

        assertThat(verify(tx).valid().out()).isEqualTo(("valid: CONSENT_GRANTED of consent consent-7 for patient"
                + " patient-alice (clinician-bob may read for TREATMENT from 2026-03-14T00:00:00Z until"
                + " 2026-06-14T00:00:00Z), signed by patient-alice with key %s, to be submitted by 2026-03-14T09:31:00Z;"
                + " tx hash %s\n").formatted(patientKey.verifyingKey().keyId(), Transactions.hash(tx)));
    }

    @Test
    void aConsentWithADenyScopeAndExceptionsShowsThemAll() throws IOException {
        var metadata = new HashMap<>(grant("org:st-marys"));
        metadata.put(Metadata.DECISION, "deny");
        metadata.put(Metadata.RESOURCE_TYPE, "Observation");
        metadata.put(Metadata.EXCEPTIONS, "[{\"recordIds\":\"r-1\"}]");

        assertThat(verify(consent(TransactionType.CONSENT_GRANTED, metadata, patientKey)).valid().out())
                .contains("(org:st-marys may not read for TREATMENT, resourceType Observation from"
                        + " 2026-03-14T00:00:00Z until 2026-06-14T00:00:00Z, except [{\"recordIds\":\"r-1\"}])");
    }

    @Test
    void aRevocationThePatientSignedIsValid() throws IOException {
        var tx = consent(TransactionType.CONSENT_REVOKED, Map.of(Metadata.CONSENT_ID, "consent-7"), patientKey);

        assertThat(verify(tx).valid().out()).contains("CONSENT_REVOKED of consent consent-7", "(revoked)");
    }

    @Test
    void aConsentOnlyTheInitiatorSignedIsInvalid() throws IOException {
        assertThat(verify(consent(TransactionType.CONSENT_GRANTED, grant("clinician-bob"), null)).invalid().stderr())
                .contains("consent consent-7: it carries no userSignature: only the initiator signed it");
    }

    @Test
    void aConsentSignedWithAnotherKeyOrChangedAfterSigningIsInvalid() throws IOException {
        var otherKey = verify(consent(TransactionType.CONSENT_GRANTED, grant("clinician-bob"), Ed25519.SigningKey.generate()));
        var genuine = consent(TransactionType.CONSENT_GRANTED, grant("clinician-bob"), patientKey);
        var metadata = new HashMap<>(genuine.metadata());
        metadata.put(Metadata.GRANTEE, "clinician-eve");
        var changed = Transactions.sign(new Transaction(genuine.id(), genuine.type(), genuine.patientId(),
                genuine.actorId(), Transactions.metadataHash(metadata), metadata, genuine.submittedAt(),
                genuine.initiator(), null), initiatorKey);

        assertThat(otherKey.invalid().stderr()).contains("is not patient-alice's signature of it with key "
                + patientKey.verifyingKey().keyId());
        assertThat(verify(changed).invalid().stderr()).contains("is not patient-alice's signature");
    }

    @Test
    void aTransactionThatIsNoConsentOrNoTransactionIsUnusable() throws IOException {
        var read = consent(TransactionType.RECORD_ACCESSED, Map.of(Metadata.RECORD_ID, "r1", Metadata.PURPOSE, "TREATMENT"), null);
        Path notJson = Files.writeString(dir.resolve("not.json"), "{\"type\":");

        assertThat(verify(read).unusable().stderr()).contains("RECORD_ACCESSED, not a consent");
        assertThat(Run.of("consent", notJson.toString(), "--public-key", patientPem.toString()).unusable().stderr())
                .contains("is not a transaction's JSON");
    }
}
