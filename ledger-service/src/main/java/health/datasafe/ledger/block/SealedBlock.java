package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.intake.AcceptedTransaction;
import health.datasafe.ledger.node.NodeKey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A block ready to be committed: the event that will announce it, and the canonical JSON stored for each of its
 * transactions (in block order, the bytes its tx hash is the SHA-256 of).
 */
record SealedBlock(BlockCommitted event, List<byte[]> canonicalJson) {

    /**
     * Cuts the next block of a shard from its transactions, in order: height and previous hash from the tip (height 0
     * and {@link Blocks#GENESIS_PREVIOUS_HASH} for the first block), Merkle root over the tx hashes, log size
     * continuing the shard's log, timestamp truncated to milliseconds, hash and signature of this node.
     */
    static SealedBlock cut(ChainTip tip, int shard, List<AcceptedTransaction> transactions, Instant at, NodeKey key) {
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("a block holds at least one transaction");
        }
        long height = tip == null ? 0 : tip.height() + 1;
        String previousHash = tip == null ? Blocks.GENESIS_PREVIOUS_HASH : tip.hash();
        long firstLeaf = tip == null ? 0 : tip.logSize();
        String merkleRoot = Hex.of(MerkleTree.root(transactions.stream().map(tx -> Hex.parseHash(tx.txHash())).toList()));
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
        var event = new BlockCommitted(header, blockHash, key.keyId(), key.sign(blockHash), List.copyOf(committed));
        return new SealedBlock(event, List.copyOf(canonical));
    }

    BlockHeader header() {
        return event.header();
    }

    ChainTip tip() {
        return new ChainTip(header().shard(), header().height(), event.blockHash(), header().logSize());
    }
}
