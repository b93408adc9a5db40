package health.datasafe.transaction.vault;

import health.datasafe.integrity.Sha256;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCipherTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Observation\",\"valueString\":\"HbA1c 7.1%\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final RecordCipher cipher = new RecordCipher(randomBytes(32));
    private final byte[] patientKey = cipher.newWrappedPatientKey("patient-1");

    @Test
    void sealedContentOpensToTheSameBytes() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "application/fhir+json", CONTENT, patientKey);

        assertThat(cipher.open(sealed, patientKey)).isEqualTo(CONTENT);
    }

    @Test
    void sealedRecordHoldsNoPlaintextAndCommitsToSaltAndCiphertext() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "application/fhir+json", CONTENT, patientKey);

        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("HbA1c");
        assertThat(sealed.ciphertext()).hasSize(CONTENT.length + 16);
        assertThat(sealed.iv()).hasSize(12);
        assertThat(sealed.salt()).hasSize(32);
        assertThat(sealed.commitment()).isEqualTo(Sha256.hex(sealed.salt(), sealed.ciphertext())).hasSize(64);
    }

    @Test
    void tamperedCiphertextFailsToOpen() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[3] ^= 0x01;
        // an attacker who rewrites the ciphertext rewrites the commitment too, so only the GCM tag can catch it
        var rewritten = new SealedRecord(sealed.recordId(), sealed.patientId(), sealed.contentType(), tampered, sealed.iv(),
                sealed.wrappedDataKey(), sealed.salt(), Sha256.hex(sealed.salt(), tampered));

        assertThatThrownBy(() -> cipher.open(rewritten, patientKey))
                .isInstanceOf(RecordUnreadable.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void ciphertextThatNoLongerMatchesItsCommitmentFailsToOpen() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[0] ^= 0x40;
        var altered = new SealedRecord(sealed.recordId(), sealed.patientId(), sealed.contentType(), tampered, sealed.iv(),
                sealed.wrappedDataKey(), sealed.salt(), sealed.commitment());

        assertThatThrownBy(() -> cipher.open(altered, patientKey))
                .isInstanceOf(RecordUnreadable.class)
                .hasMessageContaining("commitment");
    }

    @Test
    void ciphertextMovedToAnotherRecordFailsToOpen() {
        SealedRecord first = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        SealedRecord second = cipher.seal("patient-1", "rec-2", "text/plain", "other".getBytes(StandardCharsets.UTF_8), patientKey);
        var swapped = new SealedRecord(second.recordId(), second.patientId(), second.contentType(), first.ciphertext(),
                first.iv(), first.wrappedDataKey(), first.salt(), first.commitment());

        assertThatThrownBy(() -> cipher.open(swapped, patientKey)).isInstanceOf(RecordUnreadable.class);
    }

    @Test
    void everyRecordGetsItsOwnDataKeyIvAndSalt() {
        SealedRecord first = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        SealedRecord second = cipher.seal("patient-1", "rec-2", "text/plain", CONTENT, patientKey);

        assertThat(cipher.dataKeyOf(first, patientKey)).hasSize(32).isNotEqualTo(cipher.dataKeyOf(second, patientKey));
        assertThat(first.wrappedDataKey()).isNotEqualTo(second.wrappedDataKey());
        assertThat(first.iv()).isNotEqualTo(second.iv());
        assertThat(first.salt()).isNotEqualTo(second.salt());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(first.commitment()).isNotEqualTo(second.commitment());
    }

    @Test
    void anotherPatientsKeyCannotOpenTheRecord() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        byte[] otherPatientsKey = cipher.newWrappedPatientKey("patient-2");

        assertThatThrownBy(() -> cipher.open(sealed, otherPatientsKey)).isInstanceOf(RecordUnreadable.class);
    }

    @Test
    void anotherMasterKeyCannotOpenTheRecord() {
        SealedRecord sealed = cipher.seal("patient-1", "rec-1", "text/plain", CONTENT, patientKey);
        var otherVault = new RecordCipher(randomBytes(32));

        assertThatThrownBy(() -> otherVault.open(sealed, patientKey)).isInstanceOf(RecordUnreadable.class);
    }

    @Test
    void masterKeyMustBe32Bytes() {
        assertThatThrownBy(() -> new RecordCipher(randomBytes(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
