package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenesisTest {

    private final LedgerFormatExample example = new LedgerFormatExample();
    private final String key1 = example.ledgerNode.verifyingKey().toX509();
    private final String key2 = example.ledgerNode2.verifyingKey().toX509();
    private final String key3 = example.ledgerNode3.verifyingKey().toX509();

    @Test
    void theGenesisIsCanonicalJsonOfVersionOriginNodesAndQuorumAndItsHashIsItsSha256() {
        String canonical = new String(example.genesis.canonicalJson(), StandardCharsets.UTF_8);

        assertThat(canonical).isEqualTo("{\"nodes\":[{\"name\":\"ledger-1\",\"publicKey\":\"" + key1 + "\"},"
                + "{\"name\":\"ledger-2\",\"publicKey\":\"" + key2 + "\"},{\"name\":\"ledger-3\",\"publicKey\":\""
                + key3 + "\"}],\"origin\":\"datasafehealth.example/ledger\",\"quorum\":2,\"version\":1}");
        assertThat(example.genesis.hash()).isEqualTo(Sha256.hex(example.genesis.canonicalJson()));
    }

    @Test
    void aParsedGenesisIsTheOneWrittenAndNamesItsNodesKeys() {
        Genesis parsed = Genesis.parse(example.genesis.canonicalJson());

        assertThat(parsed).isEqualTo(example.genesis);
        assertThat(parsed.node("ledger-2")).map(Genesis.Node::publicKey).contains(key2);
        assertThat(parsed.nodeByKeyId(example.ledgerNode3.verifyingKey().keyId())).map(Genesis.Node::name)
                .contains("ledger-3");
        assertThat(parsed.keys().keyIds()).containsExactlyInAnyOrder(example.ledgerNode.verifyingKey().keyId(),
                example.ledgerNode2.verifyingKey().keyId(), example.ledgerNode3.verifyingKey().keyId());
    }

    @Test
    void theDefaultQuorumIsTheMajority() {
        var one = List.of(new Genesis.Node("ledger-1", key1));
        var three = List.of(new Genesis.Node("ledger-1", key1), new Genesis.Node("ledger-2", key2),
                new Genesis.Node("ledger-3", key3));

        assertThat(Genesis.of("o", one).quorum()).isEqualTo(1);
        assertThat(Genesis.of("o", three.subList(0, 2)).quorum()).isEqualTo(2);
        assertThat(Genesis.of("o", three).quorum()).isEqualTo(2);
    }

    @Test
    void aGenesisThatBreaksARuleIsRefusedWithTheRule() {
        var node1 = new Genesis.Node("ledger-1", key1);
        var node2 = new Genesis.Node("ledger-2", key2);
        var node3 = new Genesis.Node("ledger-3", key3);

        assertThatThrownBy(() -> new Genesis(1, "o", List.of(node1, node2, node3), 1))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("more than half");
        assertThatThrownBy(() -> new Genesis(1, "o", List.of(node1, node2), 3))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("got 3");
        assertThatThrownBy(() -> Genesis.of("o", List.of(node1, new Genesis.Node("ledger-2", key1))))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("the key of another node");
        assertThatThrownBy(() -> Genesis.of("o", List.of(node1, new Genesis.Node("ledger-1", key2))))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Genesis.of("o", List.of(new Genesis.Node("Ledger 1", key1))))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> Genesis.of("o", List.of(new Genesis.Node("ledger-1", "AAAA"))))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("no readable Ed25519 public key");
        assertThatThrownBy(() -> Genesis.of("a b", List.of(node1)))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> Genesis.of("o", List.of()))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("1 to 7 nodes");
        var eight = new java.util.ArrayList<Genesis.Node>();
        for (int i = 0; i < 8; i++) {
            eight.add(new Genesis.Node("ledger-" + i, Ed25519.SigningKey.generate().verifyingKey().toX509()));
        }
        assertThatThrownBy(() -> Genesis.of("o", eight))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("got 8");
    }

    @Test
    void aDocumentThatIsNotExactlyAGenesisIsRefused() {
        String good = new String(example.genesis.canonicalJson(), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Genesis.parse(good.replace("\"version\":1", "\"version\":2").getBytes()))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("version is 2");
        assertThatThrownBy(() -> Genesis.parse(good.replace("\"quorum\":2,", "\"quorum\":2,\"extra\":1,").getBytes()))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("not a genesis document");
        assertThatThrownBy(() -> Genesis.parse(good.replace("\"quorum\":2,", "").getBytes()))
                .isInstanceOf(Genesis.GenesisInvalid.class);
        assertThatThrownBy(() -> Genesis.parse("{".getBytes()))
                .isInstanceOf(Genesis.GenesisInvalid.class).hasMessageContaining("not a genesis document");
    }

    @Test
    void aChainStartedFromAGenesisLinksBlockZeroToItsHashAndNotToZeros() {
        var header = new BlockHeader(0, 0, example.genesis.hash(), example.merkleRoot, 3, 3,
                Instant.parse("2026-03-14T09:26:54.250Z"));
        String hash = Blocks.hash(header);
        var block = new StoredBlock(header, hash, example.ledgerNode.verifyingKey().keyId(),
                Blocks.sign(hash, example.ledgerNode), example.transactions.stream()
                .map(tx -> new StoredBlock.StoredTransaction(Transactions.canonical(tx), Sha256.hex(Transactions.canonical(tx))))
                .toList());
        var keys = example.genesis.keys();

        assertThatCode(() -> new ChainVerifier(id -> keys.byKeyId(id).orElse(null), example.genesis.hash())
                .verify(block)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ChainVerifier(id -> keys.byKeyId(id).orElse(null)).verify(block))
                .isInstanceOf(LedgerInvalid.ChainBroken.class);
    }
}
