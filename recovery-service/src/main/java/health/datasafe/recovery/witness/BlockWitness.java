package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.recovery.incident.Finding;
import health.datasafe.recovery.incident.IncidentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Checks each received block as an independent witness, trusting nothing the ledger says about it: every tx hash is
 * recomputed from its transaction, then the Merkle root, the header hash, the height, tx count, log size and leaf
 * indexes against the last witnessed block of the shard, the link to that block (block 0's to the genesis), and the signature. A block that
 * passes is witnessed; one that fails is recorded as an integrity incident instead. Receiving a block again changes
 * nothing; a different block for a height already witnessed is an incident of its own (WitnessConflict). It works on
 * the schema its store and incident log point at, in the caller's transaction ({@link Witness}).
 */
class BlockWitness {

    private static final Logger log = LoggerFactory.getLogger(BlockWitness.class);

    private final WitnessStore store;
    private final LedgerSigners signers;
    private final IncidentLog incidents;
    private final String genesisHash;

    /** @param genesisHash what block 0 links to: the genesis hash of {@code dsh.trust.genesis}, or 64 zeros */
    BlockWitness(WitnessStore store, LedgerSigners signers, IncidentLog incidents, String genesisHash) {
        this.store = store;
        this.signers = signers;
        this.incidents = incidents;
        this.genesisHash = genesisHash;
    }

    /** Witnesses the block, or records and answers why it was not. */
    Optional<IntegrityFailure> receive(BlockCommitted block) {
        BlockHeader header = block.header();
        Optional<String> already = store.blockHash(header.shard(), header.height());
        if (already.isPresent()) {
            if (already.get().equals(block.blockHash())) {
                return Optional.empty();
            }
            return incident(block, new IntegrityFailure("WitnessConflict", already.get(), block.blockHash(),
                    "block %d of shard %d was witnessed with hash %s, a different block claiming hash %s arrived for it"
                            .formatted(header.height(), header.shard(), already.get(), block.blockHash())));
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
        incidents.record(Finding.ofWitness(block.header().shard(), block.header().height(), failure.failure(),
                failure.expected(), failure.actual(), failure.detail(), block.blockHash()));
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
        Blocks.verifyContents(block);
        long firstLeaf = previous == null ? 0 : previous.logSize();
        if (header.logSize() != firstLeaf + header.txCount()) {
            throw new LedgerInvalid.HeaderInconsistent(shard, height, "logSize", Long.toString(firstLeaf + header.txCount()),
                    Long.toString(header.logSize()));
        }
        String linked = previous == null ? genesisHash : previous.blockHash();
        if (!linked.equals(header.previousHash())) {
            throw new LedgerInvalid.ChainBroken(shard, height, linked, header.previousHash());
        }
        signers.verify(shard, height, block.blockHash(), block.signer(), block.signature());
    }
}
