package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.LogSlice;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Receipt;
import health.datasafe.kit.kafka.RecordRefused;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a shard's Merkle log as a block announces it: the frontier of the log before the block's first leaf, the
 * block's own leaves, and the checkpoint the ledger node signed right after the block. Once checked ({@link #of}), it
 * gives each of the block's transactions its {@link Receipt}: an inclusion proof against that checkpoint. The proofs of
 * all the block's transactions come from one walk over the block's tree ({@link LogSlice#inclusionProofs()}), made
 * when the first receipt is asked for: O(B log n) for a block of B transactions, not O(B) hashes per receipt.
 */
public final class BlockLog {

    private final BlockCommitted block;
    private final LogSlice slice;
    private List<List<String>> proofs;

    private BlockLog(BlockCommitted block, LogSlice slice) {
        this.block = block;
        this.slice = slice;
    }

    /**
     * The block's log, checked; the block itself was screened first ({@code BlockScreen.verified}: hashes, Merkle root,
     * leaf indexes running on from {@code logSize - txCount}, signature). The checkpoint parses and states
     * the block's shard at exactly {@code logSize} with the root the frontier and the block's tx hashes give, and it is
     * signed by one of the {@code trusted} keys. Empty when the block carries no frontier or no
     * checkpoint (a ledger that does not make them).
     *
     * @throws RecordRefused when a check fails; the block is then dead-lettered
     */
    public static Optional<BlockLog> of(BlockCommitted block, List<Ed25519.VerifyingKey> trusted) {
        if (block.logFrontier() == null || block.checkpoint() == null) {
            return Optional.empty();
        }
        var header = block.header();
        String where = "block " + header.shard() + "/" + header.height();
        long firstLeaf = header.logSize() - header.txCount();
        if (firstLeaf < 0) {
            throw new RecordRefused(where + ": logSize " + header.logSize() + " is smaller than txCount " + header.txCount());
        }
        var frontier = new ArrayList<byte[]>();
        for (String hash : block.logFrontier()) {
            if (!Hex.isHash(hash)) {
                throw new RecordRefused(where + ": logFrontier holds something that is not 64 lowercase hex digits");
            }
            frontier.add(Hex.parseHash(hash));
        }
        LogFrontier before;
        try {
            before = LogFrontier.of(firstLeaf, frontier);
        } catch (IllegalArgumentException e) {
            throw new RecordRefused(where + ": logFrontier does not fit the log before the block: " + e.getMessage());
        }
        var leaves = new ArrayList<byte[]>();
        for (CommittedTransaction committed : block.transactions()) {
            leaves.add(MerkleTree.leafHash(Hex.parseHash(committed.txHash())));
        }
        var slice = new LogSlice(before, leaves);

        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(block.checkpoint());
        } catch (CheckpointInvalid e) {
            throw new RecordRefused(where + ": the checkpoint does not parse: " + e.getMessage());
        }
        if (header.shard() >= checkpoint.shards().size()) {
            throw new RecordRefused(where + ": the checkpoint covers " + checkpoint.shards().size()
                    + " shards, not shard " + header.shard());
        }
        Checkpoint.ShardLog log = checkpoint.shard(header.shard());
        if (log.size() != header.logSize()) {
            throw new RecordRefused(where + ": the checkpoint states shard " + header.shard() + " at size " + log.size()
                    + " but the block ends the shard's log at size " + header.logSize());
        }
        String root = Hex.of(slice.root());
        if (!root.equals(log.root())) {
            throw new RecordRefused(where + ": the checkpoint's root of shard " + header.shard() + " is " + log.root()
                    + " but the block's logFrontier and transactions give " + root);
        }
        try {
            BundleVerifier.verifiedCheckpoint(block.checkpoint(), trusted);
        } catch (CheckpointInvalid e) {
            throw new RecordRefused(where + ": the checkpoint is not signed by a trusted ledger key: " + e.getMessage());
        }
        return Optional.of(new BlockLog(block, slice));
    }

    /** The receipt of one of the block's transactions: its inclusion proof in the log of {@code logSize} leaves. */
    public Receipt receiptOf(CommittedTransaction committed) {
        var header = block.header();
        long position = committed.leafIndex() - slice.firstLeaf();
        if (position < 0 || position >= slice.size() - slice.firstLeaf()) {
            throw new IllegalArgumentException("leaf %d is not in block %d/%d, which holds leaves [%d, %d)".formatted(
                    committed.leafIndex(), header.shard(), header.height(), slice.firstLeaf(), slice.size()));
        }
        if (proofs == null) {
            proofs = slice.inclusionProofs().stream().map(proof -> proof.stream().map(Hex::of).toList()).toList();
        }
        List<String> proof = proofs.get(Math.toIntExact(position));
        return new Receipt(committed.transaction().id(), committed.txHash(), header.shard(), header.height(),
                block.blockHash(), committed.leafIndex(), header.logSize(), proof, block.checkpoint());
    }
}
