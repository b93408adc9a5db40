package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlocksTest {

    private final Ed25519.SigningKey key = Ed25519.SigningKey.generate();
    private final BlockHeader header = new BlockHeader(1, 4, "ab".repeat(32), "cd".repeat(32), 2, 9,
            Instant.parse("2026-03-14T09:26:54.250Z"));

    @Test
    void blockHashIsTheSha256OfTheCanonicalHeader() {
        String canonical = "{\"height\":4,\"logSize\":9,\"merkleRoot\":\"" + "cd".repeat(32) + "\",\"previousHash\":\""
                + "ab".repeat(32) + "\",\"shard\":1,\"timestamp\":\"2026-03-14T09:26:54.250Z\",\"txCount\":2}";

        assertThat(Blocks.hash(header)).isEqualTo(Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(Hex.isHash(Blocks.hash(header))).isTrue();
    }

    @Test
    void theSignatureCoversThe32RawBytesOfTheBlockHashNotItsHexText() {
        String hash = Blocks.hash(header);
        byte[] signature = Base64.getDecoder().decode(Blocks.sign(hash, key));

        assertThat(signature).hasSize(64);
        assertThat(key.verifyingKey().verify(Hex.parse(hash), signature)).isTrue();
        assertThat(key.verifyingKey().verify(hash.getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
        assertThat(Blocks.signatureValid(hash, Blocks.sign(hash, key), key.verifyingKey())).isTrue();
        assertThat(Blocks.signatureValid(hash.toUpperCase(), Blocks.sign(hash, key), key.verifyingKey())).isTrue();
    }

    @Test
    void aSignatureOfAnotherHashOrByAnotherKeyIsNotValid() {
        String hash = Blocks.hash(header);
        String other = Sha256.hex(new byte[]{1});

        assertThat(Blocks.signatureValid(other, Blocks.sign(hash, key), key.verifyingKey())).isFalse();
        assertThat(Blocks.signatureValid(hash, Blocks.sign(hash, Ed25519.SigningKey.generate()), key.verifyingKey())).isFalse();
        assertThat(Blocks.signatureValid(hash, null, key.verifyingKey())).isFalse();
    }

    @Test
    void onlyA32ByteHashCanBeSigned() {
        assertThatThrownBy(() -> Blocks.sign("abcd", key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blocks.sign("zz".repeat(32), key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGenesisPreviousHashIs64Zeros() {
        assertThat(Blocks.GENESIS_PREVIOUS_HASH).isEqualTo("0000000000000000000000000000000000000000000000000000000000000000");
    }
}
