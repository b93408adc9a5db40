package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-verifies stored blocks from genesis, one at a time and shard by shard: every tx hash is recomputed from
 * the stored bytes, then the Merkle root, the header hash, the link to the previous block and the signature.
 * Blocks of one shard must arrive in height order starting at 0. The first failure is thrown as a
 * {@link LedgerInvalid}.
 */
public final class ChainVerifier {

    private final Function<String, Ed25519.VerifyingKey> signers;
    private final String genesisHash;
    private final Map<Integer, Tip> tips = new HashMap<>();
    private long blocksVerified;
    private long transactionsVerified;

    /**
     * A verifier of a ledger without a genesis document, whose blocks 0 link to {@link Blocks#GENESIS_PREVIOUS_HASH}.
     *
     * @param signers the public key of a signer by key id, or null if the signer is unknown
     */
    public ChainVerifier(Function<String, Ed25519.VerifyingKey> signers) {
        this(signers, Blocks.GENESIS_PREVIOUS_HASH);
    }

    /**
     * @param signers     the public key of a signer by key id, or null if the signer is unknown
     * @param genesisHash what block 0 of every shard links to: {@link Genesis#hash()} of the ledger's genesis
     *                    document, or {@link Blocks#GENESIS_PREVIOUS_HASH} for a ledger without one
     */
    public ChainVerifier(Function<String, Ed25519.VerifyingKey> signers, String genesisHash) {
        if (!Hex.isHash(genesisHash)) {
            throw new IllegalArgumentException("a genesis hash is 64 lowercase hex digits, got " + genesisHash);
        }
        this.signers = signers;
        this.genesisHash = genesisHash;
    }

    private record Tip(long height, String hash, long logSize, LogFrontier log) {
    }

    /**
     * Starts a shard's chain after block {@code height - 1} instead of at genesis, for a range of blocks exported
     * from a longer chain: {@code previousHash} is taken as the hash of block {@code height - 1} and {@code log} as
     * the frontier of the shard's log before block {@code height}. Neither can be checked here; a checkpoint the
     * range ends at can ({@link #verifyCheckpoint}).
     */
    public void startAt(int shard, long height, String previousHash, LogFrontier log) {
        if (tips.containsKey(shard)) {
            throw new IllegalStateException("shard " + shard + " has been verified from height " + height + " before");
        }
        if (height == 0 ? log.size() != 0 || !genesisHash.equals(previousHash) : !Hex.isHash(previousHash)) {
            throw new IllegalArgumentException("a chain starts at height 0 with an empty log and no previous hash, or"
                    + " later with a previous block hash");
        }
        if (height > 0) {
            tips.put(shard, new Tip(height - 1, previousHash, log.size(), log.copy()));
        }
    }

    public void verify(StoredBlock block) throws LedgerInvalid {
        BlockHeader header = block.header();
        int shard = header.shard();
        long height = header.height();
        Tip tip = tips.get(shard);
        long expectedHeight = tip == null ? 0 : tip.height() + 1;
        if (height != expectedHeight) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "height", Long.toString(expectedHeight), Long.toString(height));
        }
        int count = block.transactions().size();
        byte[][] leaves = new byte[count][];
        for (int i = 0; i < count; i++) {
            var tx = block.transactions().get(i);
            byte[] digest = Sha256.hash(tx.canonicalJson());
            String recomputed = Hex.of(digest);
            if (!recomputed.equals(tx.txHash())) {
                throw new LedgerInvalid.TransactionHashMismatch(shard, height, i, tx.txHash(), recomputed);
            }
            leaves[i] = MerkleTree.leafHash(digest);
        }
        if (header.txCount() != count) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "txCount", Integer.toString(count),
                    Integer.toString(header.txCount()));
        }
        long expectedLogSize = (tip == null ? 0 : tip.logSize()) + count;
        if (header.logSize() != expectedLogSize) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "logSize", Long.toString(expectedLogSize),
                    Long.toString(header.logSize()));
        }
        String root = Hex.of(count == 0 ? MerkleTree.emptyRoot() : MerkleTree.rootOfLeaves(leaves));
        if (!root.equals(header.merkleRoot())) {
            throw new LedgerInvalid.MerkleRootMismatch(shard, height, header.merkleRoot(), root);
        }
        String headerHash = Blocks.hash(header);
        if (!headerHash.equals(block.blockHash())) {
            throw new LedgerInvalid.BlockHashMismatch(shard, height, block.blockHash(), headerHash);
        }
        String previous = tip == null ? genesisHash : tip.hash();
        if (!previous.equals(header.previousHash())) {
            throw new LedgerInvalid.ChainBroken(shard, height, previous, header.previousHash());
        }
        Ed25519.VerifyingKey key = signers.apply(block.signer());
        if (key == null || !Blocks.signatureValid(headerHash, block.signature(), key)) {
            throw new LedgerInvalid.SignatureInvalid(block.signer(), shard, height);
        }
        LogFrontier log = tip == null ? LogFrontier.empty() : tip.log();
        for (byte[] leaf : leaves) {
            log.append(leaf);
        }
        tips.put(shard, new Tip(height, headerHash, header.logSize(), log));
        blocksVerified++;
        transactionsVerified += count;
    }

    /** The root of a shard's log over every transaction verified so far (from its start). */
    public String logRoot(int shard) {
        Tip tip = tips.get(shard);
        return Hex.of(tip == null ? MerkleTree.emptyRoot() : tip.log().root());
    }

    public long logSize(int shard) {
        Tip tip = tips.get(shard);
        return tip == null ? 0 : tip.logSize();
    }

    /**
     * Checks that the checkpoint states, for every shard verified here, the log size and root recomputed from the
     * verified blocks; a shard verified past the checkpoint's size, or not as far, is a mismatch too.
     *
     * @throws LedgerInvalid.LogRootMismatch naming the shard, its last verified height and both roots
     */
    public void verifyCheckpoint(Checkpoint checkpoint) {
        for (int shard : new java.util.TreeSet<>(tips.keySet())) {
            verifyCheckpoint(checkpoint, shard);
        }
    }

    /**
     * Checks that the checkpoint states one shard's log at the size and root recomputed from its verified blocks.
     *
     * @throws LedgerInvalid.LogRootMismatch naming the shard, its last verified height and both roots
     */
    public void verifyCheckpoint(Checkpoint checkpoint, int shard) {
        Tip tip = tips.get(shard);
        long height = tip == null ? -1 : tip.height();
        long size = tip == null ? 0 : tip.logSize();
        String actual = logRoot(shard);
        if (shard >= checkpoint.shards().size()) {
            throw new LedgerInvalid.LogRootMismatch(shard, height, "(shard absent)", actual, -1, size);
        }
        Checkpoint.ShardLog stated = checkpoint.shard(shard);
        if (stated.size() != size || !stated.root().equals(actual)) {
            throw new LedgerInvalid.LogRootMismatch(shard, height, stated.root(), actual, stated.size(), size);
        }
    }

    public long blocksVerified() {
        return blocksVerified;
    }

    public long transactionsVerified() {
        return transactionsVerified;
    }
}
