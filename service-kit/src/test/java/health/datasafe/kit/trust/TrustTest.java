package health.datasafe.kit.trust;

import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustTest {

    private final String key = Ed25519.SigningKey.generate().verifyingKey().toX509();

    @Test
    void aServiceThatActsOnBlocksOrDecisionsDoesNotStartWithoutTheKeysItNeeds() {
        var none = Trust.of(new TrustSettings(List.of(), List.of(), List.of(), null));

        assertThatThrownBy(() -> none.requiredLedger("report-service")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dsh.trust.ledger-keys is empty: the report-service would refuse everything a"
                        + " ledger node signs");
        assertThatThrownBy(() -> none.requiredValidators("ledger-service")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dsh.trust.validators is empty: the ledger-service would refuse everything a"
                        + " validator signs");
    }

    @Test
    void eachRoleTrustsTheKeysOfItsOwnSetting() {
        var trust = Trust.of(new TrustSettings(List.of(), List.of(key), List.of(key), null));

        assertThat(trust.requiredLedger("transaction-service").keys()).hasSize(1);
        assertThat(trust.requiredValidators("transaction-service").keys()).hasSize(1);
        assertThat(trust.initiators().isEmpty()).isTrue();
    }

    @Test
    void aPinnedGenesisTrustsItsNodesKeysAndNamesTheHashBlockZeroLinksTo(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        var node1 = Ed25519.SigningKey.generate().verifyingKey();
        var node2 = Ed25519.SigningKey.generate().verifyingKey();
        var genesis = Genesis.of("o", List.of(new Genesis.Node("ledger-1", node1.toX509()),
                new Genesis.Node("ledger-2", node2.toX509())));
        Path file = Files.write(dir.resolve("genesis.json"), genesis.canonicalJson());

        for (String setting : List.of(file.toString(), new String(genesis.canonicalJson(), StandardCharsets.UTF_8))) {
            var trust = Trust.of(new TrustSettings(List.of(), List.of(key), List.of(), setting));
            assertThat(trust.requiredLedger("report-service").keyIds()).containsExactlyInAnyOrder(node1.keyId(),
                    node2.keyId(), Ed25519.VerifyingKey.fromX509(key).keyId());
            assertThat(trust.genesisHash()).isEqualTo(genesis.hash());
        }
        assertThat(Trust.of(new TrustSettings(List.of(), List.of(key), List.of(), null)).genesisHash())
                .isEqualTo(Blocks.GENESIS_PREVIOUS_HASH);
        assertThatThrownBy(() -> Trust.of(new TrustSettings(List.of(), List.of(), List.of(), "{\"version\":1}")))
                .isInstanceOf(Genesis.GenesisInvalid.class);
        assertThatThrownBy(() -> Trust.of(new TrustSettings(List.of(), List.of(), List.of(), dir.resolve("none").toString())))
                .hasMessageContaining("dsh.trust.genesis names the file");
    }
}
