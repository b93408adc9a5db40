package health.datasafe.devstack.keys;

import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevstackKeysTest {

    @TempDir
    Path directory;

    @Test
    void keysAreGeneratedOnceAndTheSameOnesComeBackOnTheNextStart() {
        DevstackKeys first = DevstackKeys.loadOrCreate(directory, 1);
        DevstackKeys second = DevstackKeys.loadOrCreate(directory, 1);

        assertThat(second).isEqualTo(first);
        assertThat(first.initiatorPrivateKey()).isNotEqualTo(first.ledgerPrivateKey())
                .isNotEqualTo(first.validatorPrivateKey());
        assertThat(Base64.getDecoder().decode(first.vaultMasterKey())).hasSize(32);
    }

    @Test
    void publicKeysBelongToThePrivateKeysAndVerifyTheirSignatures() {
        DevstackKeys keys = DevstackKeys.loadOrCreate(directory, 1);
        byte[] message = "block hash".getBytes(StandardCharsets.UTF_8);

        byte[] signature = Ed25519.SigningKey.fromPkcs8(keys.ledgerPrivateKey()).sign(message);

        assertThat(Ed25519.VerifyingKey.fromX509(keys.ledgerPublicKey()).verify(message, signature)).isTrue();
        assertThat(Ed25519.VerifyingKey.fromX509(keys.initiatorPublicKey()).verify(message, signature)).isFalse();
    }

    @Test
    void privateKeyFilesAreReadableByTheirOwnerOnly() throws Exception {
        DevstackKeys.loadOrCreate(directory, 3);

        for (String file : new String[] {DevstackKeys.INITIATOR_FILE, DevstackKeys.VALIDATOR_FILE,
                DevstackKeys.LEDGER_FILE, "ledger-node-2.pkcs8", "ledger-node-3.pkcs8", DevstackKeys.VAULT_FILE}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file)))).as(file)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aDeletedKeyIsReplacedWhileTheOthersStay() throws Exception {
        DevstackKeys first = DevstackKeys.loadOrCreate(directory, 1);
        Files.delete(directory.resolve(DevstackKeys.INITIATOR_FILE));

        DevstackKeys second = DevstackKeys.loadOrCreate(directory, 1);

        assertThat(second.ledger()).isEqualTo(first.ledger());
        assertThat(second.vaultMasterKey()).isEqualTo(first.vaultMasterKey());
        assertThat(second.initiatorPrivateKey()).isNotEqualTo(first.initiatorPrivateKey());
    }

    @Test
    void toStringNeverShowsAPrivateKey() {
        DevstackKeys keys = DevstackKeys.loadOrCreate(directory, 2);

        assertThat(keys.toString()).doesNotContain(keys.initiatorPrivateKey(), keys.ledgerPrivateKey(),
                keys.ledger().node(2).privateKey(), keys.vaultMasterKey());
    }

    @Test
    void aNewLedgerHasThreeNodesUnlessAskedOtherwiseEachWithItsOwnKeyAndAGenesisListingThem() throws Exception {
        DevstackKeys keys = DevstackKeys.loadOrCreate(directory, LedgerKeys.AS_KEPT);

        LedgerKeys ledger = keys.ledger();
        assertThat(ledger.nodes()).extracting(LedgerNodeKey::name).containsExactly("ledger-1", "ledger-2", "ledger-3");
        assertThat(ledger.nodes()).extracting(LedgerNodeKey::publicKey).doesNotHaveDuplicates();
        assertThat(ledger.genesisFile()).isEqualTo(directory.resolve("genesis.json"));
        byte[] kept = Files.readAllBytes(directory.resolve("genesis.json"));
        assertThat(kept).as("the canonical JSON, no trailing newline").isEqualTo(ledger.genesis().canonicalJson());
        Genesis genesis = Genesis.parse(kept);
        assertThat(genesis.origin()).isEqualTo("datasafehealth.local/ledger");
        assertThat(genesis.quorum()).isEqualTo(2);
        assertThat(genesis.nodes()).containsExactly(new Genesis.Node("ledger-1", ledger.node(1).publicKey()),
                new Genesis.Node("ledger-2", ledger.node(2).publicKey()), new Genesis.Node("ledger-3", ledger.node(3).publicKey()));
        assertThat(directory.resolve("ledger-node.pkcs8")).content().isEqualToIgnoringNewLines(ledger.node(1).privateKey());
        assertThat(directory.resolve("ledger-node-3.pkcs8")).content().isEqualToIgnoringNewLines(ledger.node(3).privateKey());
        assertThat(directory.resolve("ledger-node-2.pub")).content().isEqualToIgnoringNewLines(ledger.node(2).publicKey());
        assertThat(keys.ledgerPublicKey()).isEqualTo(ledger.node(1).publicKey());
    }

    @Test
    void aKeptLedgerComesBackAsItIsWhenItsNumberOfNodesIsAskedForOrNoneIs() {
        DevstackKeys created = DevstackKeys.loadOrCreate(directory, 5);

        assertThat(DevstackKeys.loadOrCreate(directory, 5)).isEqualTo(created);
        assertThat(DevstackKeys.loadOrCreate(directory, LedgerKeys.AS_KEPT)).isEqualTo(created);
        assertThat(created.ledger().genesis().quorum()).isEqualTo(3);
    }

    @Test
    void anotherNumberOfNodesThanTheKeptLedgerHasIsRefusedInOneSentence() {
        DevstackKeys.loadOrCreate(directory, 3);

        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, 2)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessage("--ledger-nodes 2 asked for, but this data directory's ledger has 3 nodes (keys/genesis.json):"
                        + " start with --ledger-nodes 3, or with --fresh to begin a new ledger of 2");
        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, 1)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessageContaining("has 3 nodes");
    }

    @Test
    void aDataDirectoryFromBeforeGenesisDocumentsRunsItsOneNodeWithoutOneAndRefusesMore() throws Exception {
        String legacyKey = Ed25519.SigningKey.generate().toPkcs8();
        Files.writeString(directory.resolve("ledger-node.pkcs8"), legacyKey + "\n");

        DevstackKeys keys = DevstackKeys.loadOrCreate(directory, LedgerKeys.AS_KEPT);

        assertThat(keys.ledger().hasGenesis()).isFalse();
        assertThat(keys.ledger().nodes()).hasSize(1);
        assertThat(keys.ledgerPrivateKey()).isEqualTo(legacyKey);
        assertThat(directory.resolve("genesis.json")).doesNotExist();
        assertThat(DevstackKeys.loadOrCreate(directory, 1)).isEqualTo(keys);
        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, 3)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessage("--ledger-nodes 3 asked for, but this data directory's ledger has one node and no genesis"
                        + " document (it was made before them): start with --fresh to begin a new ledger of 3");
        assertThat(directory.resolve("genesis.json")).doesNotExist();
    }

    @Test
    void aNodeKeyTheGenesisPinsIsNeverReplacedButRefusedWhenMissingOrAnother() throws Exception {
        DevstackKeys.loadOrCreate(directory, 2);
        Path second = directory.resolve("ledger-node-2.pkcs8");
        String kept = Files.readString(second);

        Files.delete(second);
        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, 2)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessageContaining("ledger-node-2.pkcs8 is missing").hasMessageContaining("--fresh");
        assertThat(second).doesNotExist();

        Files.writeString(second, Ed25519.SigningKey.generate().toPkcs8() + "\n");
        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, 2)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessageContaining("ledger-node-2.pkcs8 is not the key keys/genesis.json lists for ledger-2");

        Files.writeString(second, kept);
        assertThat(DevstackKeys.loadOrCreate(directory, 2).ledger().nodes()).hasSize(2);
    }

    @Test
    void aGenesisThatCannotStartALedgerIsRefusedInOneSentence() throws Exception {
        DevstackKeys.loadOrCreate(directory, 1);
        Files.writeString(directory.resolve("genesis.json"), "{\"version\":1}");

        assertThatThrownBy(() -> DevstackKeys.loadOrCreate(directory, LedgerKeys.AS_KEPT)).isInstanceOf(KeptLedgerDiffers.class)
                .hasMessageContaining("genesis.json cannot start a ledger").hasMessageEndingWith("start with --fresh to begin a new one");
    }

    @Test
    void aLedgerOfSeveralNodesNeedsAGenesis() {
        var node = new LedgerNodeKey("ledger-1", "PRIVATE", "PUBLIC");

        assertThatThrownBy(() -> new LedgerKeys(List.of(node, node), null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LedgerKeys.withoutGenesis(node).node(1)).isEqualTo(node);
        assertThatThrownBy(() -> LedgerKeys.withoutGenesis(node).node(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
