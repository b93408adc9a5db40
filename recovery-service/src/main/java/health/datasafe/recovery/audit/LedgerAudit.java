package health.datasafe.recovery.audit;

import health.datasafe.recovery.witness.WitnessStore;
import health.datasafe.recovery.witness.WitnessTip;
import health.datasafe.recovery.witness.WitnessedBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the ledger with the witness copy, shard by shard and block by block from height 0 up to the witness's
 * latest block, and stops at the first difference. Blocks the ledger has and the witness has not seen yet are not a
 * difference (the witness may lag); blocks the witness holds and the ledger no longer serves are.
 */
@Component
class LedgerAudit {

    private static final Logger log = LoggerFactory.getLogger(LedgerAudit.class);

    private final LedgerApi ledger;
    private final WitnessStore witness;

    LedgerAudit(LedgerApi ledger, WitnessStore witness) {
        this.ledger = ledger;
        this.witness = witness;
    }

    AuditResult audit(String bearerToken) {
        Map<Integer, LedgerHead.Shard> heads = ledger.head(bearerToken).shards().stream()
                .collect(Collectors.toMap(LedgerHead.Shard::shard, Function.identity(), (a, b) -> a));
        long compared = 0;
        for (WitnessTip tip : witness.tips()) {
            LedgerHead.Shard head = heads.get(tip.shard());
            if (head == null || head.height() < tip.height()) {
                return reported(AuditResult.difference(tip.shard(), tip.height(), "height", tip.height(),
                        head == null ? null : head.height()));
            }
            for (long height = 0; height <= tip.height(); height++) {
                Optional<WitnessedBlock> witnessed = witness.block(tip.shard(), height);
                if (witnessed.isEmpty()) {
                    continue;
                }
                Optional<LedgerBlock> served = ledger.block(tip.shard(), height, bearerToken);
                if (served.isEmpty()) {
                    return reported(AuditResult.difference(tip.shard(), height, "block", witnessed.get().blockHash(), null));
                }
                Optional<AuditResult> difference = differenceOf(witnessed.get(), served.get());
                if (difference.isPresent()) {
                    return reported(difference.get());
                }
                compared++;
            }
        }
        log.info("Audit: the ledger agrees with the witness on all {} witnessed blocks", compared);
        return AuditResult.consistent(compared);
    }

    private static Optional<AuditResult> differenceOf(WitnessedBlock w, LedgerBlock l) {
        int shard = w.shard();
        long height = w.height();
        if (l.shard() != shard || l.height() != height) {
            return Optional.of(AuditResult.difference(shard, height, "position", shard + "/" + height,
                    l.shard() + "/" + l.height()));
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
                .map(field -> AuditResult.difference(shard, height, field.name(), field.witnessed(), field.ledger()));
    }

    private static AuditResult reported(AuditResult difference) {
        log.error("Audit: the ledger differs from the witness in shard {} at height {}: {} witnessed {}, ledger {}",
                difference.shard(), difference.height(), difference.field(), difference.witnessed(), difference.ledger());
        return difference;
    }
}
