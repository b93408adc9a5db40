package health.datasafe.integrity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserSignaturesTest {

    private static final Ed25519.SigningKey PATIENT_KEY = KeyPossessionTest.PATIENT_KEY;
    /** The example consent of docs/ledger-format.md section 4f. */
    private static final Map<String, String> GRANT = Map.of(Metadata.CONSENT_ID, "consent-7", Metadata.GRANTEE,
            "clinician-bob", Metadata.ACTION, "read", Metadata.PURPOSE, "TREATMENT",
            Metadata.VALID_FROM, "2026-03-14T00:00:00Z", Metadata.VALID_UNTIL, "2026-06-14T00:00:00Z",
            Metadata.NOT_AFTER, "2026-03-14T09:31:00Z");

    private static Transaction submitted(Map<String, String> metadata) {
        var signed = new HashMap<>(metadata);
        signed.put(Metadata.USER_SIGNATURE, exampleSignature());
        return new Transaction("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", TransactionType.CONSENT_GRANTED, "patient-alice",
                "patient-alice", Transactions.metadataHash(signed), signed, Instant.parse("2026-03-14T09:26:53.640Z"),
                "initiator", null);
    }

    @Test
    void theTransactionCarryingThePatientsSignatureIsSignedByHer() {
        assertThat(UserSignatures.signedBy(submitted(GRANT), PATIENT_KEY.verifyingKey().toX509())).isTrue();
    }

    @Test
    void everySignedValueAndWhoSignsAreCoveredButNotTheInitiatorsIdOrTime() {
        String key = PATIENT_KEY.verifyingKey().toX509();
        for (var entry : GRANT.entrySet()) {
            var changed = new HashMap<>(GRANT);
            changed.put(entry.getKey(), entry.getValue() + "0");
            assertThat(UserSignatures.signedBy(submitted(changed), key)).as(entry.getKey()).isFalse();
        }
        var tx = submitted(GRANT);
        var otherPatient = new Transaction(tx.id(), tx.type(), "patient-eve", "patient-eve", tx.payloadHash(),
                tx.metadata(), tx.submittedAt(), tx.initiator(), null);
        var revocation = new Transaction(tx.id(), TransactionType.CONSENT_REVOKED, tx.patientId(), tx.actorId(),
                tx.payloadHash(), tx.metadata(), tx.submittedAt(), tx.initiator(), null);
        var otherIdAndTime = new Transaction("0b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", tx.type(), tx.patientId(),
                tx.actorId(), tx.payloadHash(), tx.metadata(), tx.submittedAt().plusSeconds(60), "another", null);

        assertThat(UserSignatures.signedBy(otherPatient, key)).isFalse();
        assertThat(UserSignatures.signedBy(revocation, key)).isFalse();
        assertThat(UserSignatures.signedBy(tx, Ed25519.SigningKey.generate().verifyingKey().toX509())).isFalse();
        assertThat(UserSignatures.signedBy(otherIdAndTime, key)).isTrue();
    }

    @Test
    void aMissingOrMalformedSignatureOrKeySignsNothing() {
        var tx = submitted(GRANT);
        var unsigned = new HashMap<>(tx.metadata());
        unsigned.remove(Metadata.USER_SIGNATURE);

        assertThat(UserSignatures.signedBy(new Transaction(tx.id(), tx.type(), tx.patientId(), tx.actorId(),
                tx.payloadHash(), unsigned, tx.submittedAt(), tx.initiator(), null), PATIENT_KEY.verifyingKey().toX509()))
                .isFalse();
        assertThat(UserSignatures.signedBy(tx, null)).isFalse();
        assertThat(UserSignatures.signedBy(tx, "bm90IGEga2V5")).isFalse();
    }

    @Test
    void theDocumentShowsTheExampleStatementAndSignature() throws Exception {
        String doc = Files.readString(LedgerFormatRecipeTest.document());

        assertThat(doc).contains(new String(exampleStatement(), StandardCharsets.UTF_8), exampleSignature());
    }

    @Test
    void opensslVerifiesTheExampleSignatureAsTheDocumentSays(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Shell.onPath("openssl"), "openssl is not installed");

        String printed = Shell.opensslVerify(dir, "patient.pub.pem", PATIENT_KEY.verifyingKey().toX509(), "consent.json", exampleStatement(), "consent.sig",
                Base64.getDecoder().decode(exampleSignature()));

        assertThat(printed).contains("Signature Verified Successfully");
    }

    private static byte[] exampleStatement() {
        return UserSignatures.signingInput(TransactionType.CONSENT_GRANTED, "patient-alice", "patient-alice", GRANT);
    }

    private static String exampleSignature() {
        return UserSignatures.sign(PATIENT_KEY, TransactionType.CONSENT_GRANTED, "patient-alice", "patient-alice", GRANT);
    }

    /** Prints the example for the document. */
    public static void main(String[] args) {
        System.out.println(new String(exampleStatement(), StandardCharsets.UTF_8));
        System.out.println(exampleSignature());
    }
}
