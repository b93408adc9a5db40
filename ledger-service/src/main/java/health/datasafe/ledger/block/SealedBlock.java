package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.intake.AcceptedTransaction;
import health.datasafe.ledger.node.NodeKey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A block ready to be committed: the event that will announce it (with the frontier of its shard's log before it and,
 * once its epoch is complete, the checkpoint signed at the end of that epoch), the canonical JSON stored for each of its transactions (in block order, the
 * bytes its tx hash is the SHA-256 of), the Merkle log nodes its leaves complete, and the chain tip it becomes.
 */
record SealedBlock(BlockCommitted event, List<byte[]> canonicalJson, List<LogFrontier.HashedNode> nodes, ChainTip tip,
                   CheckpointSigned checkpoint) {

    /**
     * Cuts the next block of a shard from its transactions, in order: height and previous hash from the tip (height 0
     * and the genesis hash, {@link NodeKey#genesisHash()}, for the first block), Merkle root over the tx hashes, log size
     * continuing the shard's log, timestamp (its epoch end's) truncated to milliseconds, hash and signature of this
     * node. The leaves are appended to a copy of the tip's log frontier. The block has no checkpoint yet.
     */
    static SealedBlock cut(ChainTip tip, int shard, List<AcceptedTransaction> transactions, Instant at, NodeKey key) {
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("a block holds at least one transaction");
        }
        long height = tip == null ? 0 : tip.height() + 1;
        String previousHash = tip == null ? key.genesisHash() : tip.hash();
        LogFrontier log = tip == null ? LogFrontier.empty() : tip.log();
        long firstLeaf = log.size();
        List<String> frontierBefore = log.hashes().stream().map(Hex::of).toList();
        byte[][] leaves = new byte[transactions.size()][];
        var nodes = new ArrayList<LogFrontier.HashedNode>(2 * transactions.size());
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = MerkleTree.leafHash(Hex.parseHash(transactions.get(i).txHash()));
            nodes.addAll(log.append(leaves[i]));
        }
        String merkleRoot = Hex.of(MerkleTree.rootOfLeaves(leaves));
        var header = new BlockHeader(shard, height, previousHash, merkleRoot, transactions.size(),
                firstLeaf + transactions.size(), at.truncatedTo(ChronoUnit.MILLIS));
        String blockHash = Blocks.hash(header);
        var committed = new ArrayList<CommittedTransaction>(transactions.size());
        var canonical = new ArrayList<byte[]>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            AcceptedTransaction tx = transactions.get(i);
            committed.add(new CommittedTransaction(tx.transaction(), tx.txHash(), firstLeaf + i));
            canonical.add(tx.canonicalJson());
        }
        var next = new ChainTip(shard, height, blockHash, log);
        var event = new BlockCommitted(header, blockHash, key.keyId(), key.sign(blockHash), List.copyOf(committed),
                frontierBefore, null);
        return new SealedBlock(event, List.copyOf(canonical), List.copyOf(nodes), next, null);
    }

    /** This block with the signed checkpoint of its epoch, which states this block's shard at this block's log size. */
    SealedBlock withCheckpoint(String note, String origin) {
        var announced = new BlockCommitted(event.header(), event.blockHash(), event.signer(), event.signature(),
                event.transactions(), event.logFrontier(), note);
        return new SealedBlock(announced, canonicalJson, nodes, tip,
                new CheckpointSigned(origin, event.header().shard(), event.header().height(), note));
    }

    BlockHeader header() {
        return event.header();
    }
}
