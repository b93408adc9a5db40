package health.datasafe.ledger.query;

import health.datasafe.kit.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /api/ledger}: the head of every shard, a block by height or a page of blocks, and where a transaction was
 * committed. Blocks hold only hashes, so any authenticated caller may read them; a transaction is found by id by its
 * patient, auditors and administrators only, and anyone else is answered as for an id the ledger does not hold (a
 * clinician has the receipt of his own read; where another's transaction sits is none of his business).
 */
@RestController
@RequestMapping("/api/ledger")
class LedgerController {


    private final LedgerReader reader;

    LedgerController(LedgerReader reader) {
        this.reader = reader;
    }

    record Head(List<LedgerReader.ShardHead> shards) {
    }

    record TransactionView(String txId, String txHash, int shard, long height, long leafIndex) {
    }

    @GetMapping("/head")
    Head head() {
        return new Head(reader.heads());
    }

    @GetMapping("/blocks/{height}")
    LedgerReader.BlockView block(@PathVariable long height, @RequestParam(defaultValue = "0") int shard) {
        return reader.block(shard, height).orElseThrow(() -> new BlockNotFound(shard, height));
    }

    /** Up to {@code limit} consecutive blocks of a shard from height {@code from}: what an auditor walks a chain with. */
    record BlockPage(int shard, long from, List<LedgerReader.BlockView> blocks) {
    }

    @GetMapping("/blocks")
    BlockPage blocks(@RequestParam(defaultValue = "0") int shard, @RequestParam(defaultValue = "0") long from,
                     @RequestParam(defaultValue = "" + BlockPageOutOfRange.DEFAULT_LIMIT) int limit) {
        if (from < 0 || limit < 1 || limit > BlockPageOutOfRange.MAX_LIMIT) {
            throw new BlockPageOutOfRange(from, limit);
        }
        return new BlockPage(shard, from, reader.blocks(shard, from, limit));
    }

    @GetMapping("/transactions/{txId}")
    TransactionView transaction(@PathVariable String txId, Authentication caller) {
        var place = reader.transaction(txId)
                .filter(found -> Caller.of(caller).mayLookUp(found.patientId()))
                .orElseThrow(() -> new TransactionNotFound(txId));
        return new TransactionView(place.txId(), place.txHash(), place.shard(), place.height(), place.leafIndex());
    }
}
