package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bundles: a range of one shard's chain exported with the frontier before it and the checkpoint signed after it, read
 * back strictly ({@link Bundle#parse}) and verified with nothing but a trusted key ({@link BundleVerifier}).
 */
class BundleVerifierTest {

    private final SignedChain chain = new SignedChain();
    private List<Ed25519.VerifyingKey> trusted;

    @BeforeEach
    void eightBlocksPerShard() {
        for (int height = 0; height < 8; height++) {
            for (int shard = 0; shard < SignedChain.SHARDS; shard++) {
                chain.next(shard, 1 + (height + 2 * shard) % 5);
            }
        }
        trusted = List.of(chain.ledgerNode.verifyingKey());
    }

    @Test
    void aRangeFromTheMiddleOfTheChainVerifiesAndStatesTheCheckpointedLog() {
        Bundle bundle = chain.bundle(1, 3, 6);

        var verified = BundleVerifier.verify(bundle, trusted);

        Checkpoint checkpoint = Checkpoint.parse(bundle.checkpoint());
        assertThat(verified.shard()).isEqualTo(1);
        assertThat(verified.fromHeight()).isEqualTo(3);
        assertThat(verified.toHeight()).isEqualTo(6);
        assertThat(verified.blocks()).isEqualTo(4);
        assertThat(verified.transactions()).isEqualTo(bundle.blocks().stream().mapToLong(b -> b.transactions().size()).sum());
        assertThat(verified.logSize()).isEqualTo(chain.block(1, 6).header().logSize()).isEqualTo(checkpoint.shard(1).size());
        assertThat(verified.logRoot()).isEqualTo(checkpoint.shard(1).root());
        assertThat(verified.origin()).isEqualTo(SignedChain.ORIGIN);
    }

    @Test
    void aRangeFromGenesisVerifiesWithAnEmptyFrontier() {
        Bundle bundle = chain.bundle(0, 0, 7);

        assertThat(bundle.logFrontier()).isEmpty();
        assertThat(BundleVerifier.verify(bundle, trusted).logSize()).isEqualTo(chain.log(0).size());
    }

    @Test
    void aBundleReadsBackEqualFromItsJson() {
        Bundle bundle = chain.bundle(2, 1, 4);

        Bundle read = Bundle.parse(bundle.toJson());

        assertThat(read).isEqualTo(bundle);
        assertThat(new String(bundle.toJson(), StandardCharsets.UTF_8)).startsWith("{\"format\":\"datasafehealth-bundle/1\"");
        BundleVerifier.verify(read, trusted);
    }

    @Test
    void anEditedCanonicalTransactionIsATransactionHashMismatchAtItsHeight() {
        Bundle bundle = chain.bundle(0, 2, 5);
        Bundle edited = withBlock(bundle, 2, block -> withEntry(block, 1, entry -> new Bundle.Entry(entry.leafIndex(), entry.txHash(),
                entry.canonical().replace("patient-0", "patient-9"))));

        var failure = catchThrowableOfType(LedgerInvalid.TransactionHashMismatch.class, () -> BundleVerifier.verify(edited, trusted));

        assertThat(failure.shard()).isZero();
        assertThat(failure.height()).isEqualTo(4);
        assertThat(failure.index()).isEqualTo(1);
        assertThat(failure.expected()).isEqualTo(bundle.blocks().get(2).transactions().get(1).txHash());
    }

    @Test
    void aTransactionReplacedWithItsHashIsAMerkleRootMismatch() {
        Bundle bundle = chain.bundle(0, 2, 5);
        var other = SignedChain.stored(chain.transaction(0));
        Bundle edited = withBlock(bundle, 0, block -> withEntry(block, 0, entry -> new Bundle.Entry(entry.leafIndex(), other.txHash(),
                new String(other.canonicalJson(), StandardCharsets.UTF_8))));

        var failure = catchThrowableOfType(LedgerInvalid.MerkleRootMismatch.class, () -> BundleVerifier.verify(edited, trusted));

        assertThat(failure.height()).isEqualTo(2);
    }

    @Test
    void aWrongFrontierIsALogRootMismatchAgainstTheCheckpoint() {
        Bundle bundle = chain.bundle(1, 4, 6);
        var frontier = new ArrayList<>(bundle.logFrontier());
        frontier.set(0, Sha256.hex(new byte[] {9}));

        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class,
                () -> BundleVerifier.verify(withFrontier(bundle, frontier), trusted));

        assertThat(failure.shard()).isEqualTo(1);
        assertThat(failure.height()).isEqualTo(6);
        assertThat(failure.expected()).isEqualTo(Checkpoint.parse(bundle.checkpoint()).shard(1).root());
    }

    @Test
    void aFrontierWithTheWrongNumberOfHashesIsMalformed() {
        Bundle bundle = chain.bundle(1, 4, 6);
        var frontier = new ArrayList<>(bundle.logFrontier());
        frontier.add(Sha256.hex());

        assertThatThrownBy(() -> BundleVerifier.verify(withFrontier(bundle, frontier), trusted))
                .isInstanceOf(Bundle.BundleMalformed.class).hasMessageContaining("logFrontier");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() {
        Bundle bundle = chain.bundle(0, 1, 3);
        String forged = Checkpoint.parse(bundle.checkpoint()).sign(Ed25519.SigningKey.generate());

        assertThatThrownBy(() -> BundleVerifier.verify(withCheckpoint(bundle, forged), trusted))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
    }

    @Test
    void blocksSignedByAnUntrustedKeyAreRefusedWhateverKeysTheBundleNames() {
        Bundle bundle = chain.bundle(0, 1, 3);

        var failure = catchThrowableOfType(LedgerInvalid.SignatureInvalid.class,
                () -> BundleVerifier.verify(bundle, List.of(Ed25519.SigningKey.generate().verifyingKey())));

        assertThat(failure.height()).isEqualTo(1);
        assertThatThrownBy(() -> BundleVerifier.verify(bundle, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckpointOfAnotherMomentIsALogRootMismatch() {
        Bundle bundle = chain.bundle(2, 2, 4);

        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class,
                () -> BundleVerifier.verify(withCheckpoint(bundle, chain.checkpointAfter(2, 5)), trusted));

        assertThat(failure.statedSize()).isEqualTo(chain.block(2, 5).header().logSize());
        assertThat(failure.actualSize()).isEqualTo(chain.block(2, 4).header().logSize());
    }

    @Test
    void aCheckpointOfAnotherOriginIsRefused() {
        Bundle bundle = chain.bundle(0, 1, 2);
        String other = new Checkpoint("other.example/ledger", Checkpoint.parse(bundle.checkpoint()).shards()).sign(chain.ledgerNode);

        assertThatThrownBy(() -> BundleVerifier.verify(withCheckpoint(bundle, other), trusted))
                .isInstanceOf(CheckpointInvalid.CheckpointMalformed.class).hasMessageContaining("origin");
    }

    @Test
    void aBundleWithAMissingBlockIsRefused() {
        Bundle bundle = chain.bundle(1, 2, 6);
        var withoutMiddle = new ArrayList<>(bundle.blocks());
        withoutMiddle.remove(2);
        var withoutLast = new ArrayList<>(bundle.blocks());
        withoutLast.removeLast();

        assertThatThrownBy(() -> Bundle.parse(withBlocks(bundle, withoutMiddle, 6).toJson()))
                .isInstanceOf(Bundle.BundleMalformed.class).hasMessageContaining("need 5 blocks, the bundle has 4");
        assertThatThrownBy(() -> Bundle.parse(withBlocks(bundle, withoutMiddle, 5).toJson()))
                .isInstanceOf(Bundle.BundleMalformed.class).hasMessageContaining("has height 5, expected 4");
        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class,
                () -> BundleVerifier.verify(Bundle.parse(withBlocks(bundle, withoutLast, 5).toJson()), trusted));
        assertThat(failure.height()).isEqualTo(5);
    }

    @Test
    void aWrongLeafIndexIsAHeaderInconsistency() {
        Bundle bundle = chain.bundle(0, 3, 4);
        Bundle edited = withBlock(bundle, 1, block -> withEntry(block, 0, entry -> new Bundle.Entry(entry.leafIndex() + 1,
                entry.txHash(), entry.canonical())));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> BundleVerifier.verify(edited, trusted));

        assertThat(failure.height()).isEqualTo(4);
        assertThat(failure.field()).startsWith("leafIndex");
    }

    @Test
    void aBlockWithAnAlteredSignatureIsRefusedAtItsHeight() {
        Bundle bundle = chain.bundle(2, 3, 5);
        Bundle edited = withBlock(bundle, 1, block -> new Bundle.Block(block.header(), block.blockHash(), block.signer(),
                Blocks.sign(block.blockHash(), Ed25519.SigningKey.generate()), block.transactions()));

        var failure = catchThrowableOfType(LedgerInvalid.SignatureInvalid.class, () -> BundleVerifier.verify(edited, trusted));

        assertThat(failure.height()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "null", "[]", "{}", "not json", "{\"format\":\"datasafehealth-bundle/2\"}",
            "{\"format\":\"datasafehealth-bundle/1\",\"origin\":\"o\",\"shard\":0,\"fromHeight\":0,\"toHeight\":0,"
                    + "\"logFrontier\":[],\"blocks\":[],\"checkpoint\":\"c\",\"keys\":[]}",
            "{\"format\":\"datasafehealth-bundle/1\",\"origin\":\"o\",\"shard\":0,\"fromHeight\":0,\"toHeight\":0,"
                    + "\"logFrontier\":[],\"blocks\":[null],\"checkpoint\":\"c\",\"keys\":[]}",
            "{\"format\":\"datasafehealth-bundle/1\",\"origin\":\"o\",\"shard\":null,\"fromHeight\":0,\"toHeight\":0,"
                    + "\"logFrontier\":[],\"blocks\":[],\"checkpoint\":\"c\",\"keys\":[]}"})
    void textThatIsNotABundleIsMalformed(String json) {
        assertThatThrownBy(() -> Bundle.parse(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Bundle.BundleMalformed.class);
    }

    @Test
    void aBundleWithAnUnknownMemberTrailingTextOrABadHashIsMalformed() {
        String json = new String(chain.bundle(0, 1, 2).toJson(), StandardCharsets.UTF_8);
        String txHash = chain.block(0, 1).transactions().getFirst().txHash();

        for (String bad : List.of(json.replaceFirst("\\{", "{\"extra\":1,"), json + " {}", json.replace(txHash, txHash.toUpperCase()),
                json.replace("\"shard\":0,\"fromHeight\"", "\"shard\":-1,\"fromHeight\""),
                json.replace("\"toHeight\":2", "\"toHeight\":0"), json.substring(0, json.length() - 1),
                "[".repeat(100) + "]".repeat(100))) {
            assertThatThrownBy(() -> Bundle.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad.length() > 80 ? bad.substring(0, 80) : bad)
                    .isInstanceOf(Bundle.BundleMalformed.class);
        }
    }

    // ---- the start of the range: genesis, or a previous hash and a frontier the checkpoint vouches for ----

    @Test
    void aGenesisBlockWithAnotherPreviousHashIsLedgerInvalidAtHeightZero() {
        Bundle bundle = chain.bundle(0, 0, 2);
        String elsewhere = Sha256.hex(new byte[] {5});
        Bundle edited = withBlock(bundle, 0, block -> new Bundle.Block(header(block.header(), elsewhere), block.blockHash(),
                block.signer(), block.signature(), block.transactions()));
        Bundle resigned = withBlock(bundle, 0, block -> {
            BlockHeader h = header(block.header(), elsewhere);
            String hash = Blocks.hash(h);
            return new Bundle.Block(h, hash, block.signer(), Blocks.sign(hash, chain.ledgerNode), block.transactions());
        });

        var failure = catchThrowableOfType(LedgerInvalid.BlockHashMismatch.class, () -> BundleVerifier.verify(edited, trusted));
        var broken = catchThrowableOfType(LedgerInvalid.ChainBroken.class, () -> BundleVerifier.verify(resigned, trusted));

        assertThat(failure.height()).isZero();
        assertThat(broken.height()).isZero();
        assertThat(broken.expected()).isEqualTo(Blocks.GENESIS_PREVIOUS_HASH);
    }

    @Test
    void aFirstBlockWhosePreviousHashIsNotAHashIsMalformed() {
        Bundle bundle = chain.bundle(0, 3, 4);
        Bundle edited = withBlock(bundle, 0, block -> new Bundle.Block(header(block.header(), "not a hash"), block.blockHash(),
                block.signer(), block.signature(), block.transactions()));

        assertThatThrownBy(() -> BundleVerifier.verify(edited, trusted)).isInstanceOf(Bundle.BundleMalformed.class)
                .hasMessageContaining("previous hash");
    }

    @Test
    void aGenesisBlockThatClaimsEarlierLeavesIsRefused() {
        Bundle bundle = chain.bundle(0, 0, 1);
        BlockHeader h = bundle.blocks().getFirst().header();
        var claimed = new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), h.txCount(), h.logSize() + 1, h.timestamp());
        Bundle edited = withBlock(bundle, 0, block -> new Bundle.Block(claimed, block.blockHash(), block.signer(),
                block.signature(), block.transactions()));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> BundleVerifier.verify(edited, trusted));
        assertThat(failure.field()).isEqualTo("logSize");
        assertThat(failure.height()).isZero();
        assertThatThrownBy(() -> BundleVerifier.verify(withFrontier(edited, List.of(Sha256.hex())), trusted))
                .isInstanceOf(Bundle.BundleMalformed.class).hasMessageContaining("logFrontier");
    }

    @Test
    void aMidChainFirstBlockWithFewerLeavesThanTransactionsIsAHeaderInconsistency() {
        Bundle bundle = chain.bundle(1, 2, 3);
        BlockHeader h = bundle.blocks().getFirst().header();
        var claimed = new BlockHeader(h.shard(), h.height(), h.previousHash(), h.merkleRoot(), h.txCount(), h.txCount() - 1L, h.timestamp());
        Bundle edited = withBlock(bundle, 0, block -> new Bundle.Block(claimed, block.blockHash(), block.signer(),
                block.signature(), block.transactions()));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> BundleVerifier.verify(edited, trusted));

        assertThat(failure.field()).isEqualTo("logSize");
        assertThat(failure.height()).isEqualTo(2);
    }

    // ---- copies with one thing changed ----

    static BlockHeader header(BlockHeader h, String previousHash) {
        return new BlockHeader(h.shard(), h.height(), previousHash, h.merkleRoot(), h.txCount(), h.logSize(), h.timestamp());
    }

    static Bundle withBlock(Bundle b, int index, UnaryOperator<Bundle.Block> edit) {
        var blocks = new ArrayList<>(b.blocks());
        blocks.set(index, edit.apply(blocks.get(index)));
        return withBlocks(b, blocks, b.toHeight());
    }

    static Bundle withBlocks(Bundle b, List<Bundle.Block> blocks, long toHeight) {
        return new Bundle(b.format(), b.origin(), b.shard(), b.fromHeight(), toHeight, b.logFrontier(), blocks, b.checkpoint(), b.keys());
    }

    static Bundle.Block withEntry(Bundle.Block block, int index, UnaryOperator<Bundle.Entry> edit) {
        var entries = new ArrayList<>(block.transactions());
        entries.set(index, edit.apply(entries.get(index)));
        return new Bundle.Block(block.header(), block.blockHash(), block.signer(), block.signature(), entries);
    }

    static Bundle withFrontier(Bundle b, List<String> frontier) {
        return new Bundle(b.format(), b.origin(), b.shard(), b.fromHeight(), b.toHeight(), frontier, b.blocks(), b.checkpoint(), b.keys());
    }

    static Bundle withCheckpoint(Bundle b, String checkpoint) {
        return new Bundle(b.format(), b.origin(), b.shard(), b.fromHeight(), b.toHeight(), b.logFrontier(), b.blocks(), checkpoint, b.keys());
    }
}
