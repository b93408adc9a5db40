package health.datasafe.verifier;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bundle: an exported range of a shard's chain verified offline, and every way an edited bundle is caught. */
class BundleCommandTest {

    @TempDir
    Path dir;

    /** Blocks 0..3 of shard 0 with 3, 2, 4 and 1 transactions: log size 10. */
    private final LedgerFixture fixture = new LedgerFixture(3, 2, 4, 1);
    private Path key;

    @BeforeEach
    void writeKey() throws IOException {
        key = fixture.writePublicKey(dir);
    }

    private Path write(Bundle bundle) throws IOException {
        return Files.write(dir.resolve("bundle-" + System.nanoTime() + ".json"), bundle.toJson());
    }

    private Run verify(Bundle bundle, Path publicKey) throws IOException {
        return Run.of("bundle", write(bundle).toString(), "--public-key", publicKey.toString());
    }

    @Test
    void aWholeChainVerifiesAgainstThePinnedKeyWithAOneLineSummary() throws IOException {
        assertThat(verify(fixture.bundle(0), key).valid().out()).isEqualTo(
                "valid: bundle of %s, shard 0, heights 0 to 3: 4 blocks, 10 transactions, log size 10, log root %s\n"
                        .formatted(LedgerFixture.ORIGIN, fixture.logRoot(10)));
    }

    @Test
    void aRangeStartingAfterGenesisVerifiesFromItsLogFrontier() throws IOException {
        assertThat(verify(fixture.bundle(2), key).valid().out()).isEqualTo(
                "valid: bundle of %s, shard 0, heights 2 to 3: 2 blocks, 5 transactions, log size 10, log root %s\n"
                        .formatted(LedgerFixture.ORIGIN, fixture.logRoot(10)));
    }

    @Test
    void theBundleCanComeFromStandardInput() {
        Run.inProcess(fixture.bundle(1).toJson(), "bundle", "-", "--public-key", key.toString()).valid();
    }

    @Test
    void withoutAPinnedKeyTheBundlesOwnKeysAreTrustedWithAWarning() throws IOException {
        Run run = Run.of("bundle", write(fixture.bundle(0)).toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("valid: bundle of " + LedgerFixture.ORIGIN);
        assertThat(run.stderr()).startsWith("dsh-verify bundle: warning: the keys were not pinned")
                .contains(fixture.ledgerKey.verifyingKey().keyId(), "--public-key").hasLineCount(1);
    }

    @Test
    void aBundleSignedByAnotherKeyThanThePinnedOneIsInvalid() throws IOException {
        Path other = Files.writeString(dir.resolve("other.pem"), LedgerFixture.pem(Ed25519.SigningKey.generate().verifyingKey()));
        assertThat(verify(fixture.bundle(0), other).invalid().stderr())
                .contains("signature of " + fixture.ledgerKey.verifyingKey().keyId(), "block 0");
    }

    @Test
    void aBundleResignedWithAnotherKeyIsInvalidAgainstThePinnedKey() throws IOException {
        var forger = new LedgerFixture(3, 2, 4, 1);
        verify(forger.bundle(0), key).invalid();
        assertThat(Run.of("bundle", write(forger.bundle(0)).toString()).exitCode()).as("self-consistent, keys not pinned").isZero();
    }

    @Test
    void anEditedTransactionIsInvalidNamingItsHeightAndBothHashes() throws IOException {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().get(2);
        Bundle.Entry entry = block.transactions().get(1);
        String edited = entry.canonical().replace("\"patientId\":\"patient-", "\"patientId\":\"patienT-");
        assertThat(edited).isNotEqualTo(entry.canonical());
        Bundle tampered = LedgerFixture.withBlock(bundle, 2, LedgerFixture.withCanonical(block, 1, edited));

        String stderr = verify(tampered, key).invalid().stderr();
        String recomputed = Sha256.hex(edited.getBytes(StandardCharsets.UTF_8));
        assertThat(stderr).startsWith("dsh-verify bundle: invalid: ")
                .contains("transaction 1 of block 2 (shard 0)", entry.txHash(), recomputed);
    }

    @Test
    void anEditedTransactionIsInvalidWithoutAPinnedKeyToo() throws IOException {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().get(0);
        String edited = block.transactions().get(0).canonical().replace("RECORD_ADDED", "RECORD_DELETED");
        Run run = Run.of("bundle", write(LedgerFixture.withBlock(bundle, 0, LedgerFixture.withCanonical(block, 0, edited))).toString());
        run.invalid();
        assertThat(run.stderr()).contains("block 0");
    }

    @Test
    void aTransactionWhoseCommittedHashWasRewrittenBreaksTheMerkleRoot() throws IOException {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().get(1);
        String edited = block.transactions().get(0).canonical().replace("record-", "record-x");
        var entries = new ArrayList<>(block.transactions());
        Bundle.Entry entry = entries.get(0);
        entries.set(0, new Bundle.Entry(entry.leafIndex(), Sha256.hex(edited.getBytes(StandardCharsets.UTF_8)), edited));
        var rewritten = new Bundle.Block(block.header(), block.blockHash(), block.signer(), block.signature(), entries);
        assertThat(verify(LedgerFixture.withBlock(bundle, 1, rewritten), key).invalid().stderr())
                .contains("block 1 (shard 0) has Merkle root " + block.header().merkleRoot());
    }

    @Test
    void aBlockRebuiltAndResignedByAForgerBreaksTheChainOrTheSignature() throws IOException {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().get(1);
        BlockHeader h = block.header();
        var header = new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), h.txCount(), h.logSize(),
                h.timestamp().plusSeconds(1));
        var forger = Ed25519.SigningKey.generate();
        String hash = Blocks.hash(header);
        var forged = new Bundle.Block(header, hash, forger.verifyingKey().keyId(), Blocks.sign(hash, forger), block.transactions());
        assertThat(verify(LedgerFixture.withBlock(bundle, 1, forged), key).invalid().stderr()).contains("block 1");
        var sameSigner = new Bundle.Block(header, hash, block.signer(), block.signature(), block.transactions());
        assertThat(verify(LedgerFixture.withBlock(bundle, 1, sameSigner), key).invalid().stderr()).contains("block 1");
        var staleHash = new Bundle.Block(header, block.blockHash(), block.signer(), block.signature(), block.transactions());
        assertThat(verify(LedgerFixture.withBlock(bundle, 1, staleHash), key).invalid().stderr())
                .contains("block 1 (shard 0) is stored with hash " + block.blockHash());
    }

    @Test
    void aCheckpointThatDoesNotMatchTheBlocksIsInvalid() throws IOException {
        var shorter = new LedgerFixture(fixture.ledgerKey, 3, 2, 4);
        Bundle bundle = fixture.bundle(0);
        var stale = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                bundle.logFrontier(), bundle.blocks(), shorter.signedCheckpoint(), bundle.keys());
        assertThat(verify(stale, key).invalid().stderr()).contains("the checkpoint states shard 0's log as size 9");
    }

    @Test
    void aWrongLogFrontierIsCaughtByTheCheckpoint() throws IOException {
        Bundle bundle = fixture.bundle(2);
        var frontier = new ArrayList<>(bundle.logFrontier());
        frontier.set(0, Sha256.hex("forged".getBytes(StandardCharsets.UTF_8)));
        var forged = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                frontier, bundle.blocks(), bundle.checkpoint(), bundle.keys());
        verify(forged, key).invalid();
        var tooShort = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                List.of(), bundle.blocks(), bundle.checkpoint(), bundle.keys());
        verify(tooShort, key).unusable();
    }

    @Test
    void aBundleWithABlockLeftOutIsRefused() throws IOException {
        Bundle bundle = fixture.bundle(0);
        var blocks = new ArrayList<>(bundle.blocks());
        blocks.remove(1);
        var gap = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight() - 1,
                bundle.logFrontier(), blocks, bundle.checkpoint(), bundle.keys());
        verify(gap, key).unusable();
        var claimed = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                bundle.logFrontier(), blocks, bundle.checkpoint(), bundle.keys());
        verify(claimed, key).unusable();
    }

    @Test
    void anEditedGenesisLinkIsRefused() throws IOException {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().getFirst();
        BlockHeader h = block.header();
        var header = new BlockHeader(h.shard(), h.height(), "1".repeat(64), h.merkleRoot(), h.txCount(), h.logSize(), h.timestamp());
        var edited = new Bundle.Block(header, block.blockHash(), block.signer(), block.signature(), block.transactions());
        verify(LedgerFixture.withBlock(bundle, 0, edited), key).refused();
    }

    @Test
    void malformedBundlesAreUnusable() throws IOException {
        Run.inProcess("{".getBytes(StandardCharsets.UTF_8), "bundle", "-", "--public-key", key.toString()).unusable();
        Run.inProcess("{}".getBytes(StandardCharsets.UTF_8), "bundle", "-", "--public-key", key.toString()).unusable();
        Run.inProcess("[]".getBytes(StandardCharsets.UTF_8), "bundle", "-", "--public-key", key.toString()).unusable();
        String json = new String(fixture.bundle(0).toJson(), StandardCharsets.UTF_8);
        Run.inProcess(json.replace("datasafehealth-bundle/1", "datasafehealth-bundle/9").getBytes(StandardCharsets.UTF_8),
                "bundle", "-", "--public-key", key.toString()).unusable();
        Run.inProcess(json.replace("\"origin\"", "\"extra\":1,\"origin\"").getBytes(StandardCharsets.UTF_8),
                "bundle", "-", "--public-key", key.toString()).unusable();
        Run.of("bundle", dir.resolve("missing.json").toString(), "--public-key", key.toString()).unusable();
        Run.of("bundle", write(fixture.bundle(0)).toString(), "--public-key", dir.resolve("missing.pem").toString()).unusable();
        Run.of("bundle").unusable();
    }

    @Test
    void aBundleWithoutKeysNeedsAPinnedKey() throws IOException {
        Bundle bundle = fixture.bundle(0);
        var keyless = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                bundle.logFrontier(), bundle.blocks(), bundle.checkpoint(), List.of());
        assertThat(Run.of("bundle", write(keyless).toString()).unusable().stderr()).contains("--public-key");
        verify(keyless, key).valid();
        var badKey = new Bundle(bundle.format(), bundle.origin(), bundle.shard(), bundle.fromHeight(), bundle.toHeight(),
                bundle.logFrontier(), bundle.blocks(), bundle.checkpoint(), List.of(new Bundle.Key("k", "bm90IGEga2V5")));
        Run.of("bundle", write(badKey).toString()).unusable();
    }

    @Test
    void aLedgerStartedFromAGenesisVerifiesAgainstThatGenesisAndNotWithoutIt() throws IOException {
        var node1 = Ed25519.SigningKey.generate();
        var genesis = Genesis.of(LedgerFixture.ORIGIN, List.of(
                new Genesis.Node("ledger-1", node1.verifyingKey().toX509()),
                new Genesis.Node("ledger-2", Ed25519.SigningKey.generate().verifyingKey().toX509()),
                new Genesis.Node("ledger-3", Ed25519.SigningKey.generate().verifyingKey().toX509())));
        var started = new LedgerFixture(node1, genesis.hash(), 2, 3);
        Path genesisFile = Files.write(dir.resolve("genesis.json"), genesis.canonicalJson());
        Path bundle = write(started.bundle(0));

        assertThat(Run.of("bundle", bundle.toString(), "--genesis", genesisFile.toString(), "--min-signers", "1")
                .valid().out()).startsWith("valid: bundle of " + LedgerFixture.ORIGIN + ", shard 0, heights 0 to 1: 2 blocks");
        assertThat(Run.of("bundle", bundle.toString(), "--genesis", genesisFile.toString()).invalid().stderr())
                .contains("signature of only 1 trusted key(s)", "2 required");
        assertThat(Run.of("bundle", bundle.toString(), "--public-key", started.writePublicKey(dir).toString())
                .invalid().stderr()).contains("block 0", genesis.hash());
        var other = Genesis.of(LedgerFixture.ORIGIN, List.of(new Genesis.Node("ledger-1", node1.verifyingKey().toX509())));
        Path otherFile = Files.write(dir.resolve("other-genesis.json"), other.canonicalJson());
        assertThat(Run.of("bundle", bundle.toString(), "--genesis", otherFile.toString(), "--min-signers", "1")
                .invalid().stderr())
                .contains(other.hash(), genesis.hash());
        Path broken = Files.writeString(dir.resolve("broken-genesis.json"), "{\"version\":1}");
        assertThat(Run.of("bundle", bundle.toString(), "--genesis", broken.toString()).unusable().stderr())
                .contains("genesis document refused");
    }
}
