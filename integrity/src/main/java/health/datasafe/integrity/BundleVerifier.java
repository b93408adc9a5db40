package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies a {@link Bundle} with nothing but the keys the caller trusts: every tx hash recomputed from the stored
 * canonical JSON, each transaction at the next leaf of the log, each block's Merkle root, header hash, link and
 * signature ({@link ChainVerifier}), then the shard's log root recomputed from the frontier and every leaf and
 * compared with the signed checkpoint, whose signature must verify too. The first failure is thrown.
 */
public final class BundleVerifier {

    /** What a valid bundle proved. */
    public record Verified(int shard, long fromHeight, long toHeight, long blocks, long transactions, long logSize,
                           String logRoot, String origin) {
    }

    private BundleVerifier() {
    }

    /**
     * @param trusted the public keys blocks and checkpoint must be signed with
     * @throws LedgerInvalid            a block or the log does not hold together, naming the height
     * @throws CheckpointInvalid        the checkpoint is malformed or not signed by a trusted key
     * @throws Bundle.BundleMalformed   the frontier does not fit the first block
     */
    public static Verified verify(Bundle bundle, List<Ed25519.VerifyingKey> trusted) {
        return verify(bundle, trusted, Blocks.GENESIS_PREVIOUS_HASH);
    }

    /**
     * Verifies a bundle of a ledger started from a genesis document: as {@link #verify(Bundle, List)}, and block 0
     * must link to {@code genesisHash} ({@link Genesis#hash()}).
     */
    public static Verified verify(Bundle bundle, List<Ed25519.VerifyingKey> trusted, String genesisHash) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key is needed");
        }
        Map<String, Ed25519.VerifyingKey> byId = trusted.stream()
                .collect(Collectors.toMap(Ed25519.VerifyingKey::keyId, Function.identity(), (a, b) -> a));
        int shard = bundle.shard();
        Bundle.Block first = bundle.blocks().getFirst();
        BlockHeader firstHeader = first.header();
        var chain = new ChainVerifier(byId::get, genesisHash);
        long firstLeaf = 0;
        if (bundle.fromHeight() > 0) {
            // a range from the middle of the chain: its start is taken from the bundle, the checkpoint vouches for it
            firstLeaf = firstHeader.logSize() - first.transactions().size();
            if (firstLeaf < 0) {
                throw new LedgerInvalid.HeaderInconsistent(shard, firstHeader.height(), "logSize",
                        ">= " + first.transactions().size(), Long.toString(firstHeader.logSize()));
            }
            if (!Hex.isHash(firstHeader.previousHash())) {
                throw new Bundle.BundleMalformed("block " + firstHeader.height() + " has no previous hash");
            }
            LogFrontier frontier;
            try {
                frontier = LogFrontier.of(firstLeaf, bundle.logFrontier().stream().map(Hex::parseHash).toList());
            } catch (IllegalArgumentException e) {
                throw new Bundle.BundleMalformed("logFrontier does not fit block " + firstHeader.height() + ": "
                        + e.getMessage());
            }
            chain.startAt(shard, bundle.fromHeight(), firstHeader.previousHash(), frontier);
        } else if (!bundle.logFrontier().isEmpty()) {
            throw new Bundle.BundleMalformed("a bundle from height 0 must have an empty logFrontier");
        }
        long leaf = firstLeaf;
        for (Bundle.Block block : bundle.blocks()) {
            var stored = new ArrayList<StoredBlock.StoredTransaction>(block.transactions().size());
            for (int i = 0; i < block.transactions().size(); i++) {
                Bundle.Entry entry = block.transactions().get(i);
                if (entry.leafIndex() != leaf) {
                    throw new LedgerInvalid.HeaderInconsistent(shard, block.header().height(), "leafIndex of transaction " + i,
                            Long.toString(leaf), Long.toString(entry.leafIndex()));
                }
                stored.add(new StoredBlock.StoredTransaction(entry.canonicalBytes(), entry.txHash()));
                leaf++;
            }
            chain.verify(new StoredBlock(block.header(), block.blockHash(), block.signer(), block.signature(), stored));
        }
        Checkpoint checkpoint = verifiedCheckpoint(bundle.checkpoint(), trusted);
        if (!checkpoint.origin().equals(bundle.origin())) {
            throw new CheckpointInvalid.CheckpointMalformed(1, "the checkpoint's origin is " + checkpoint.origin()
                    + ", the bundle's " + bundle.origin());
        }
        chain.verifyCheckpoint(checkpoint);
        return new Verified(shard, bundle.fromHeight(), bundle.toHeight(), chain.blocksVerified(),
                chain.transactionsVerified(), chain.logSize(shard), chain.logRoot(shard), checkpoint.origin());
    }

    /** The checkpoint, once its signature by one of the trusted keys verifies. */
    public static Checkpoint verifiedCheckpoint(String note, List<Ed25519.VerifyingKey> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key is needed");
        }
        CheckpointInvalid failure = null;
        for (Ed25519.VerifyingKey key : trusted) {
            try {
                return Checkpoint.verify(note, key);
            } catch (CheckpointInvalid.CheckpointSignatureInvalid e) {
                failure = failure == null ? e : failure;
            }
        }
        throw failure;
    }
}
