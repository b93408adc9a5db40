package health.datasafe.integrity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionsTest {

    private final Ed25519.SigningKey key = Ed25519.SigningKey.generate();

    private Transaction tx() {
        return new Transaction("3f1c2a9e-0000-4000-8000-000000000001", TransactionType.CONSENT_GRANTED, "patient-p", "patient-p",
                "a".repeat(64), Map.of(Metadata.GRANTEE, "doctor-d", Metadata.PURPOSE, "TREATMENT"),
                Instant.parse("2026-11-25T10:15:30.123Z"), key.verifyingKey().keyId(), null);
    }

    @Test
    void signedTransactionVerifiesAndSurvivesJsonRoundTripWithTheSameHash() {
        Transaction signed = Transactions.sign(tx(), key);
        assertThat(Transactions.signatureValid(signed, key.verifyingKey())).isTrue();

        byte[] json = Transactions.canonical(signed);
        Transaction read = CanonicalJson.read(json, Transaction.class);

        assertThat(read).isEqualTo(signed);
        assertThat(Transactions.hash(read)).isEqualTo(Transactions.hash(signed));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .startsWith("{\"actorId\":\"patient-p\",\"id\":")
                .contains("\"submittedAt\":\"2026-11-25T10:15:30.123Z\"")
                .doesNotContain("null");
    }

    @Test
    void changingAnyFieldAfterSigningBreaksTheSignature() {
        Transaction signed = Transactions.sign(tx(), key);
        Transaction forged = new Transaction(signed.id(), signed.type(), signed.patientId(), "doctor-e", signed.payloadHash(),
                signed.metadata(), signed.submittedAt(), signed.initiator(), signed.signature());
        assertThat(Transactions.signatureValid(forged, key.verifyingKey())).isFalse();
    }

    @Test
    void keysRoundTripThroughTheirDerEncodings() {
        var restored = Ed25519.SigningKey.fromPkcs8(key.toPkcs8());
        var publicKey = Ed25519.VerifyingKey.fromX509(key.verifyingKey().toX509());
        byte[] message = "block".getBytes(StandardCharsets.UTF_8);
        assertThat(publicKey.verify(message, restored.sign(message))).isTrue();
        assertThat(publicKey.keyId()).isEqualTo(key.verifyingKey().keyId());
    }

    @Test
    void theSigningInputIsTheCanonicalJsonWithoutTheSignature() {
        Transaction signed = Transactions.sign(tx(), key);
        String canonical = new String(Transactions.canonical(signed), StandardCharsets.UTF_8);
        String signingInput = new String(Transactions.signingInput(signed), StandardCharsets.UTF_8);

        assertThat(Transactions.signingInput(signed)).isEqualTo(Transactions.signingInput(tx()));
        assertThat(signingInput).doesNotContain("signature");
        assertThat(canonical).isEqualTo(signingInput.replace(",\"submittedAt\"", ",\"signature\":\"" + signed.signature() + "\",\"submittedAt\""));
        assertThat(signed.signature()).hasSize(88);
        assertThat(Transactions.hash(signed)).isEqualTo(Sha256.hex(Transactions.canonical(signed)));
    }

    @Test
    void anUnsignedTransactionIsNotValid() {
        assertThat(Transactions.signatureValid(tx(), key.verifyingKey())).isFalse();
        assertThat(Transactions.signatureValid(Transactions.sign(tx(), key), Ed25519.SigningKey.generate().verifyingKey())).isFalse();
    }

    @Test
    void theMetadataHashIsTheSha256OfTheCanonicalMetadata() {
        assertThat(Transactions.metadataHash(Map.of("role", "PATIENT", "a", "b")))
                .isEqualTo(Sha256.hex("{\"a\":\"b\",\"role\":\"PATIENT\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(Transactions.metadataHash(Map.of())).isEqualTo(Sha256.hex("{}".getBytes(StandardCharsets.UTF_8)));
    }
}
