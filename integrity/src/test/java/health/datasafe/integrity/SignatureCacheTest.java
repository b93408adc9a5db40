package health.datasafe.integrity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureCacheTest {

    private final Ed25519.SigningKey signer = Ed25519.SigningKey.generate();
    private final Ed25519.VerifyingKey key = signer.verifyingKey();

    @Test
    void aSignatureThatVerifiedVerifiesAgainFromMemory() {
        byte[] message = "checkpoint note".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(message);
        assertThat(SignatureCache.remembers(key, message, signature)).isFalse();

        assertThat(SignatureCache.verifies(key, message, signature)).isTrue();
        assertThat(SignatureCache.remembers(key, message, signature)).isTrue();
        assertThat(SignatureCache.verifies(key, message, signature)).isTrue();
    }

    @Test
    void aRememberedSignatureDoesNotVouchForAnotherMessageKeyOrSignature() {
        byte[] message = "block hash".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(message);
        assertThat(SignatureCache.verifies(key, message, signature)).isTrue();

        byte[] otherMessage = "block hasH".getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureCache.verifies(key, otherMessage, signature)).isFalse();
        assertThat(SignatureCache.verifies(Ed25519.SigningKey.generate().verifyingKey(), message, signature)).isFalse();
        byte[] flipped = signature.clone();
        flipped[5] ^= 1;
        assertThat(SignatureCache.verifies(key, message, flipped)).isFalse();
    }

    @Test
    void aSignatureThatFailedIsNotRememberedAndFailsEveryTime() {
        byte[] message = "forged".getBytes(StandardCharsets.UTF_8);
        byte[] signature = Ed25519.SigningKey.generate().sign(message);
        assertThat(SignatureCache.verifies(key, message, signature)).isFalse();
        assertThat(SignatureCache.remembers(key, message, signature)).isFalse();
        assertThat(SignatureCache.verifies(key, message, signature)).isFalse();
    }

    @Test
    void base64ThatIsNotBase64OrMissingDoesNotVerify() {
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureCache.verifiesBase64(key, message, "not base64!")).isFalse();
        assertThat(SignatureCache.verifiesBase64(key, message, null)).isFalse();
        assertThat(SignatureCache.verifiesBase64(key, message,
                Base64.getEncoder().encodeToString(signer.sign(message)))).isTrue();
    }

    @Test
    void memoryIsBoundedWhateverIsVerified() {
        for (int i = 0; i < SignatureCache.CAPACITY + 50; i++) {
            byte[] message = ("note " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(SignatureCache.verifies(key, message, signer.sign(message))).isTrue();
        }
        assertThat(SignatureCache.size()).isEqualTo(SignatureCache.CAPACITY);
    }
}
