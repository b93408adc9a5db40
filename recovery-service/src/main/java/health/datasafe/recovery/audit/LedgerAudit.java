package health.datasafe.recovery.audit;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.recovery.incident.Finding;
import health.datasafe.recovery.witness.WitnessStore;
import health.datasafe.recovery.witness.WitnessTip;
import health.datasafe.recovery.witness.WitnessedBlock;
import health.datasafe.recovery.witness.WitnessedCheckpoint;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the ledger, as its HTTP API serves it, with the witness copy and with the newest signed checkpoints.
 *
 * <p>Blocks: shard by shard, block by block from height 0 up to the witness's latest block (read {@value #PAGE} at a
 * time from both), stopping in a shard at its first difference (what follows it would differ because of it). Blocks the
 * ledger has and the witness has not seen yet are not a difference (the witness may lag); blocks the witness holds and
 * the ledger no longer serves are.
 *
 * <p>Checkpoints: every shard's log as the ledger serves it must reach the size the checkpoint states, and its first
 * that many tx hashes must give the checkpoint's root; the witness copy, where it has that many leaves, must give it
 * too (otherwise the ledger signed a log other than the blocks it published).
 */
@Component
class LedgerAudit {

    /** Blocks read in one query of the witness copy and one request to the ledger. */
    static final int PAGE = 500;

    private final LedgerApi ledger;
    private final WitnessStore witness;

    LedgerAudit(LedgerApi ledger, WitnessStore witness) {
        this.ledger = ledger;
        this.witness = witness;
    }

    /** What one audit found: the findings, blocks first, and how many witnessed blocks the ledger agreed on. */
    record Report(List<Finding> findings, long blocksCompared) {
    }

    Report audit(String bearerToken) {
        // the witness is read before the ledger: the ledger only grows, and a block reaches the witness only after the
        // ledger committed it, so a witness read first is never ahead of an honest ledger read after it. Read the
        // other way round, blocks committed in between made a busy ledger look truncated.
        List<WitnessTip> tips = witness.tips();
        List<WitnessedCheckpoint> checkpoints = witness.checkpoints();
        var run = new Run(bearerToken);
        var findings = new ArrayList<Finding>();
        long compared = 0;
        for (WitnessTip tip : tips) {
            LedgerHead.Shard head = run.heads.get(tip.shard());
            long ledgerHeight = head == null ? -1 : head.height();
            Finding found = null;
            long last = Math.min(tip.height(), ledgerHeight);
            for (long from = 0; from <= last && found == null; from += PAGE) {
                for (WitnessedBlock witnessed : witness.blocks(tip.shard(), from, (int) Math.min(PAGE, last - from + 1))) {
                    long height = witnessed.height();
                    Optional<LedgerBlock> served = run.block(tip.shard(), height);
                    if (served.isEmpty()) {
                        found = Finding.ofAudit("BlockMissing", tip.shard(), height, "block", witnessed.blockHash(),
                                null, "block %d of shard %d was witnessed with hash %s; the ledger no longer serves it"
                                        .formatted(height, tip.shard(), witnessed.blockHash()));
                    } else {
                        found = differenceOf(witnessed, served.get()).orElse(null);
                        compared += found == null ? 1 : 0;
                    }
                    if (found != null) {
                        break;
                    }
                }
            }
            if (found == null && ledgerHeight < tip.height()) {
                found = Finding.ofAudit("LedgerTruncated", tip.shard(), tip.height(), "height", tip.height(),
                        head == null ? null : head.height(),
                        "the witness holds shard %d up to height %d; the ledger's latest block is at %s"
                                .formatted(tip.shard(), tip.height(), head == null ? "no height" : "height " + head.height()));
            }
            if (found != null) {
                findings.add(found);
            }
        }
        for (WitnessedCheckpoint checkpoint : checkpoints) {
            for (Checkpoint.ShardLog log : Checkpoint.parse(checkpoint.note()).shards()) {
                if (log.size() > 0) {
                    checkpointFinding(run, checkpoint, log).ifPresent(findings::add);
                }
            }
        }
        return new Report(List.copyOf(findings), compared);
    }

    private Optional<Finding> checkpointFinding(Run run, WitnessedCheckpoint checkpoint, Checkpoint.ShardLog log) {
        int shard = log.shard();
        LedgerHead.Shard head = run.heads.get(shard);
        long ledgerSize = head == null ? 0 : head.logSize();
        long height = witness.heightAtLogSize(shard, log.size()).orElse(head == null ? 0 : head.height() + 1);
        String signed = "the checkpoint %s signed after block %d of shard %d".formatted(checkpoint.origin(),
                checkpoint.height(), checkpoint.shard());
        if (ledgerSize < log.size()) {
            return Optional.of(Finding.ofAudit("CheckpointNotReached", shard, height, "logSize", log.size(), ledgerSize,
                    "%s states shard %d's log at size %d; the ledger's log has size %d".formatted(signed, shard,
                            log.size(), ledgerSize)));
        }
        List<String> witnessed = witness.txHashes(shard, log.size());
        if (witnessed.size() == log.size() && !MerkleTree.rootHex(witnessed).equals(log.root())) {
            return Optional.of(Finding.ofAudit("CheckpointWitnessMismatch", shard, height, "root", log.root(),
                    MerkleTree.rootHex(witnessed), "%s states shard %d's root at size %d as %s; the witnessed blocks give %s"
                            .formatted(signed, shard, log.size(), log.root(), MerkleTree.rootHex(witnessed))));
        }
        String served = run.rootAt(shard, log.size());
        if (!log.root().equals(served)) {
            return Optional.of(Finding.ofAudit("CheckpointRootMismatch", shard, height, "root", log.root(), served,
                    "%s states shard %d's root at size %d as %s; the ledger's blocks give %s".formatted(signed, shard,
                            log.size(), log.root(), served)));
        }
        return Optional.empty();
    }

    private static Optional<Finding> differenceOf(WitnessedBlock w, LedgerBlock l) {
        int shard = w.shard();
        long height = w.height();
        if (l.shard() != shard || l.height() != height) {
            return Optional.of(Finding.ofAudit("BlockMoved", shard, height, "position", shard + "/" + height,
                    l.shard() + "/" + l.height(), "the ledger serves block %d of shard %d as block %d of shard %d"
                            .formatted(height, shard, l.height(), l.shard())));
        }
        record Field(String name, Object witnessed, Object ledger) {
        }
        var fields = new ArrayList<Field>();
        fields.add(new Field("blockHash", w.blockHash(), l.blockHash()));
        fields.add(new Field("previousHash", w.previousHash(), l.previousHash()));
        fields.add(new Field("merkleRoot", w.merkleRoot(), l.merkleRoot()));
        fields.add(new Field("txCount", w.txCount(), l.txCount()));
        fields.add(new Field("logSize", w.logSize(), l.logSize()));
        fields.add(new Field("timestamp", w.timestamp(), l.timestamp()));
        var ledgerTxHashes = l.txHashes() == null ? List.<String>of() : l.txHashes();
        for (int i = 0; i < Math.max(w.txHashes().size(), ledgerTxHashes.size()); i++) {
            fields.add(new Field("txHashes[" + i + "]", i < w.txHashes().size() ? w.txHashes().get(i) : null,
                    i < ledgerTxHashes.size() ? ledgerTxHashes.get(i) : null));
        }
        // several ledger nodes may each sign a block: a signature is compared only when the signer is the same
        if (Objects.equals(w.signer(), l.signer())) {
            fields.add(new Field("signature", w.signature(), l.signature()));
        }
        return fields.stream()
                .filter(field -> !Objects.equals(field.witnessed(), field.ledger()))
                .findFirst()
                .map(field -> Finding.ofAudit(kindOf(field.name(), field.witnessed(), field.ledger(), w, ledgerTxHashes),
                        shard, height, field.name(), field.witnessed(), field.ledger(),
                        "block %d of shard %d: %s was witnessed as %s, the ledger serves %s".formatted(height, shard,
                                field.name(), field.witnessed(), field.ledger())));
    }

    private static String kindOf(String field, Object witnessed, Object ledger, WitnessedBlock w, List<String> served) {
        if (!field.startsWith("txHashes")) {
            return "BlockEdited";
        }
        if (ledger == null) {
            return "TransactionMissing";
        }
        if (witnessed == null) {
            return "TransactionInserted";
        }
        boolean sameTransactions = w.txHashes().size() == served.size()
                && new HashSet<>(w.txHashes()).equals(new HashSet<>(served));
        return sameTransactions ? "TransactionsReordered" : "TransactionReplaced";
    }

    /** One audit's reads of the ledger: its head, read once, and every block read, read once. */
    private final class Run {

        private final String token;
        private final Map<Integer, LedgerHead.Shard> heads;
        private final Map<Integer, Map<Long, Optional<LedgerBlock>>> blocks = new HashMap<>();

        Run(String token) {
            this.token = token;
            this.heads = ledger.head(token).shards().stream()
                    .collect(Collectors.toMap(LedgerHead.Shard::shard, Function.identity(), (a, b) -> a));
        }

        /**
         * The block the ledger serves at this height, read with the {@value #PAGE} heights from it in one request
         * the first time one of them is asked for.
         */
        Optional<LedgerBlock> block(int shard, long height) {
            Map<Long, Optional<LedgerBlock>> read = blocks.computeIfAbsent(shard, s -> new HashMap<>());
            if (!read.containsKey(height)) {
                for (long h = height; h < height + PAGE; h++) {
                    read.putIfAbsent(h, Optional.empty());
                }
                // a block is kept at the height it names, so one served under another shard or height is compared
                // where it claims to be (BlockMoved)
                for (LedgerBlock served : ledger.blocks(shard, height, PAGE, token)) {
                    read.put(served.height(), Optional.of(served));
                }
            }
            return read.get(height);
        }

        /** The root of the shard's first {@code size} leaves, from the tx hashes of the blocks the ledger serves. */
        String rootAt(int shard, long size) {
            var txHashes = new ArrayList<String>();
            for (long height = 0; txHashes.size() < size; height++) {
                Optional<LedgerBlock> block = block(shard, height);
                if (block.isEmpty() || block.get().txHashes() == null || block.get().txHashes().isEmpty()) {
                    return "(block %d not served)".formatted(height);
                }
                txHashes.addAll(block.get().txHashes());
            }
            try {
                return MerkleTree.rootHex(txHashes.subList(0, (int) size));
            } catch (IllegalArgumentException notAHash) {
                return "(a tx hash served is not a hash)";
            }
        }
    }
}
