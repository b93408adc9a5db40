package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Optional;

/**
 * Checks each received block as an independent witness, trusting nothing the ledger says about it: every tx hash is
 * recomputed from its transaction, then the Merkle root, the header hash, the height, tx count, log size and leaf
 * indexes against the last witnessed block of the shard, the link to that block, and the signature. A block that
 * passes is witnessed; one that fails is recorded as an integrity incident instead. Receiving a block again changes
 * nothing; a different block for a height already witnessed is an incident of its own (WitnessConflict).
 */
@Component
class BlockWitness {

    private static final Logger log = LoggerFactory.getLogger(BlockWitness.class);

    private final WitnessStore store;
    private final LedgerSigners signers;

    BlockWitness(WitnessStore store, LedgerSigners signers) {
        this.store = store;
        this.signers = signers;
    }

    /** Witnesses the block, or records and answers why it was not. */
    @Transactional
    Optional<IntegrityFailure> receive(BlockCommitted block) {
        BlockHeader header = block.header();
        var already = store.block(header.shard(), header.height());
        if (already.isPresent()) {
            if (already.get().blockHash().equals(block.blockHash())) {
                return Optional.empty();
            }
            return incident(block, new IntegrityFailure("WitnessConflict", already.get().blockHash(), block.blockHash(),
                    "block %d of shard %d was witnessed with hash %s, a different block claiming hash %s arrived for it"
                            .formatted(header.height(), header.shard(), already.get().blockHash(), block.blockHash())));
        }
        try {
            check(block, store.latest(header.shard()).orElse(null));
        } catch (LedgerInvalid.SignatureInvalid invalid) {
            return incident(block, new IntegrityFailure("SignatureInvalid", signers.trusted(), invalid.signer(),
                    invalid.getMessage()));
        } catch (LedgerInvalid invalid) {
            return incident(block, IntegrityFailure.of(invalid));
        }
        store.witness(block);
        return Optional.empty();
    }

    private Optional<IntegrityFailure> incident(BlockCommitted block, IntegrityFailure failure) {
        store.recordIncident(block.header().shard(), block.header().height(), block.blockHash(), failure);
        log.error("Integrity incident in shard {} at height {}: {}", block.header().shard(), block.header().height(),
                failure.detail());
        return Optional.of(failure);
    }

    private void check(BlockCommitted block, WitnessedBlock previous) {
        BlockHeader header = block.header();
        int shard = header.shard();
        long height = header.height();
        long expectedHeight = previous == null ? 0 : previous.height() + 1;
        if (height != expectedHeight) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "height", Long.toString(expectedHeight),
                    Long.toString(height));
        }
        long firstLeaf = previous == null ? 0 : previous.logSize();
        var txHashes = new ArrayList<String>(block.transactions().size());
        for (int i = 0; i < block.transactions().size(); i++) {
            CommittedTransaction committed = block.transactions().get(i);
            String recomputed = Transactions.hash(committed.transaction());
            if (!recomputed.equals(committed.txHash())) {
                throw new LedgerInvalid.TransactionHashMismatch(shard, height, i, committed.txHash(), recomputed);
            }
            if (committed.leafIndex() != firstLeaf + i) {
                throw new LedgerInvalid.HeaderInconsistent(shard, height, "leafIndex of transaction " + i,
                        Long.toString(firstLeaf + i), Long.toString(committed.leafIndex()));
            }
            txHashes.add(recomputed);
        }
        if (txHashes.isEmpty()) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "txCount", "at least 1", "0");
        }
        if (header.txCount() != txHashes.size()) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "txCount", Integer.toString(txHashes.size()),
                    Integer.toString(header.txCount()));
        }
        if (header.logSize() != firstLeaf + txHashes.size()) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "logSize", Long.toString(firstLeaf + txHashes.size()),
                    Long.toString(header.logSize()));
        }
        String root = MerkleTree.rootHex(txHashes);
        if (!root.equals(header.merkleRoot())) {
            throw new LedgerInvalid.MerkleRootMismatch(shard, height, header.merkleRoot(), root);
        }
        String headerHash = Blocks.hash(header);
        if (!headerHash.equals(block.blockHash())) {
            throw new LedgerInvalid.BlockHashMismatch(shard, height, block.blockHash(), headerHash);
        }
        String linked = previous == null ? Blocks.GENESIS_PREVIOUS_HASH : previous.blockHash();
        if (!linked.equals(header.previousHash())) {
            throw new LedgerInvalid.ChainBroken(shard, height, linked, header.previousHash());
        }
        signers.verify(shard, height, headerHash, block.signer(), block.signature());
    }
}
