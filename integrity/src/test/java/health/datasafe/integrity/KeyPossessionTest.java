package health.datasafe.integrity;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPossessionTest {

    /** The example patient's key of docs/ledger-format.md, "Identity keys": seed a0 a1 a2 ... bf. */
    static final Ed25519.SigningKey PATIENT_KEY = new Ed25519.SigningKey(new Ed25519PrivateKeyParameters(seed(0xa0), 0));
    private static final String PATIENT = "patient-alice";

    @Test
    void aProofMadeWithTheKeyForThisIdentityAndRoleIsProven() {
        String proof = KeyPossession.prove(PATIENT_KEY, PATIENT, "PATIENT");

        assertThat(KeyPossession.proven(PATIENT, "PATIENT", PATIENT_KEY.verifyingKey().toX509(), proof)).isTrue();
    }

    @Test
    void aProofProvesNothingForAnotherIdentityRoleOrKey() {
        String publicKey = PATIENT_KEY.verifyingKey().toX509();
        String proof = KeyPossession.prove(PATIENT_KEY, PATIENT, "PATIENT");
        var otherKey = Ed25519.SigningKey.generate();

        assertThat(KeyPossession.proven("patient-mallory", "PATIENT", publicKey, proof)).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "CLINICIAN", publicKey, proof)).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", otherKey.verifyingKey().toX509(), proof)).isFalse();
        // someone else's key with a proof made by another key: the registration would bind a key its maker does not hold
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", publicKey, KeyPossession.prove(otherKey, PATIENT, "PATIENT")))
                .isFalse();
    }

    @Test
    void aMissingMalformedOrForeignProofOrKeyIsNotProven() {
        String publicKey = PATIENT_KEY.verifyingKey().toX509();
        String proof = KeyPossession.prove(PATIENT_KEY, PATIENT, "PATIENT");

        assertThat(KeyPossession.proven(PATIENT, "PATIENT", publicKey, null)).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", null, proof)).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", publicKey, "not base64!")).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", "bm90IGEga2V5", proof)).isFalse();
        assertThat(KeyPossession.proven(PATIENT, "PATIENT", publicKey,
                Base64.getEncoder().encodeToString(new byte[64]))).isFalse();
    }

    @Test
    void theDocumentShowsTheExampleStatementKeyAndProof() throws Exception {
        String doc = Files.readString(LedgerFormatRecipeTest.document());

        assertThat(doc).contains(new String(exampleStatement(), StandardCharsets.UTF_8), Hex.of(seed(0xa0)),
                PATIENT_KEY.verifyingKey().toX509(), exampleProof());
    }

    @Test
    void opensslVerifiesTheExampleProofAsTheDocumentSays(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Shell.onPath("openssl"), "openssl is not installed");

        String printed = Shell.opensslVerify(dir, "patient.pub.pem", PATIENT_KEY.verifyingKey().toX509(), "statement.json", exampleStatement(), "proof.sig",
                Base64.getDecoder().decode(exampleProof()));

        assertThat(printed).contains("Signature Verified Successfully");
    }

    private static byte[] exampleStatement() {
        return KeyPossession.signingInput(PATIENT, "PATIENT", PATIENT_KEY.verifyingKey().toX509());
    }

    private static String exampleProof() {
        return KeyPossession.prove(PATIENT_KEY, PATIENT, "PATIENT");
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    /** Prints the example for the document. */
    public static void main(String[] args) {
        System.out.println(new String(exampleStatement(), StandardCharsets.UTF_8));
        System.out.println(Hex.of(seed(0xa0)));
        System.out.println(PATIENT_KEY.verifyingKey().toX509());
        System.out.println(exampleProof());
    }
}
