package health.datasafe.devstack.keys;

import health.datasafe.integrity.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DevstackKeysTest {

    @TempDir
    Path directory;

    @Test
    void keysAreGeneratedOnceAndTheSameOnesComeBackOnTheNextStart() {
        DevstackKeys first = DevstackKeys.loadOrCreate(directory);
        DevstackKeys second = DevstackKeys.loadOrCreate(directory);

        assertThat(second).isEqualTo(first);
        assertThat(first.initiatorPrivateKey()).isNotEqualTo(first.ledgerPrivateKey())
                .isNotEqualTo(first.validatorPrivateKey());
        assertThat(Base64.getDecoder().decode(first.vaultMasterKey())).hasSize(32);
    }

    @Test
    void publicKeysBelongToThePrivateKeysAndVerifyTheirSignatures() {
        DevstackKeys keys = DevstackKeys.loadOrCreate(directory);
        byte[] message = "block hash".getBytes(StandardCharsets.UTF_8);

        byte[] signature = Ed25519.SigningKey.fromPkcs8(keys.ledgerPrivateKey()).sign(message);

        assertThat(Ed25519.VerifyingKey.fromX509(keys.ledgerPublicKey()).verify(message, signature)).isTrue();
        assertThat(Ed25519.VerifyingKey.fromX509(keys.initiatorPublicKey()).verify(message, signature)).isFalse();
    }

    @Test
    void privateKeyFilesAreReadableByTheirOwnerOnly() throws Exception {
        DevstackKeys.loadOrCreate(directory);

        for (String file : new String[] {DevstackKeys.INITIATOR_FILE, DevstackKeys.VALIDATOR_FILE,
                DevstackKeys.LEDGER_FILE, DevstackKeys.VAULT_FILE}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file)))).isEqualTo("rw-------");
        }
    }

    @Test
    void aDeletedKeyIsReplacedWhileTheOthersStay() throws Exception {
        DevstackKeys first = DevstackKeys.loadOrCreate(directory);
        Files.delete(directory.resolve(DevstackKeys.LEDGER_FILE));

        DevstackKeys second = DevstackKeys.loadOrCreate(directory);

        assertThat(second.initiatorPrivateKey()).isEqualTo(first.initiatorPrivateKey());
        assertThat(second.vaultMasterKey()).isEqualTo(first.vaultMasterKey());
        assertThat(second.ledgerPrivateKey()).isNotEqualTo(first.ledgerPrivateKey());
    }

    @Test
    void toStringNeverShowsAPrivateKey() {
        DevstackKeys keys = DevstackKeys.loadOrCreate(directory);

        assertThat(keys.toString()).doesNotContain(keys.initiatorPrivateKey(), keys.ledgerPrivateKey(), keys.vaultMasterKey());
    }
}
