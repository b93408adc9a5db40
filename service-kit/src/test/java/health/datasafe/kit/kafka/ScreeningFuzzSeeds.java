package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.devsupport.Poison;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TestValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed inputs of the screening fuzz targets: valid events and blocks signed with {@link ScreeningFuzzTargets#LEDGER},
 * and every {@link Poison} made of them. {@link ScreeningMutationTest} makes them afresh in every run; {@code main}
 * writes them to {@value #RESOURCES}/&lt;method&gt;/seed-N, where Jazzer's regression mode and fuzzing start from.
 */
final class ScreeningFuzzSeeds {

    static final String RESOURCES = "health/datasafe/kit/kafka/ScreeningFuzzTestInputs";

    private ScreeningFuzzSeeds() {
    }

    static Map<String, List<byte[]>> all() {
        var ledger = new TestLedger(ScreeningFuzzTargets.LEDGER);
        Transaction added = ledger.added("patient-1", "dr-1", "rec-1");
        Transaction read = ledger.accessed("patient-1", "dr-1", "rec-1", Purpose.TREATMENT);
        BlockCommitted first = ledger.block(0, added, read);
        BlockCommitted second = ledger.block(0, ledger.denied("patient-1", "dr-2", "rec-1", Purpose.RESEARCH,
                "00000000-0000-4000-8000-000000000000"));
        var events = new ArrayList<byte[]>();
        events.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(new TransactionSubmitted(added)));
        var validator = new TestValidator();
        events.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(validator.validated(read)));
        events.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(validator.rejected(read, RejectionReason.CONSENT_DENIED,
                "no consent")));
        var blocks = new ArrayList<byte[]>();
        blocks.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(first));
        blocks.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(second));
        blocks.add(ScreeningFuzzTargets.JSON.writeValueAsBytes(new BlockCommitted(second.header(), second.blockHash(),
                second.signer(), second.signature(), List.of(new CommittedTransaction(added,
                second.transactions().getFirst().txHash(), 0)))));
        var strict = new ArrayList<byte[]>(events);
        strict.addAll(poisons(events.getFirst()));
        events.addAll(poisons(events.get(1)));
        blocks.addAll(poisons(blocks.getFirst()));
        var seeds = new LinkedHashMap<String, List<byte[]>>();
        seeds.put("strictJson", strict);
        seeds.put("event", events);
        seeds.put("block", blocks);
        return seeds;
    }

    private static List<byte[]> poisons(byte[] valid) {
        return Poison.around(new String(valid, java.nio.charset.StandardCharsets.UTF_8)).stream().map(Poison::value).toList();
    }

    /** Writes the seed files under {@code args[0]} (the module's src/test/resources). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "service-kit/src/test/resources").resolve(RESOURCES);
        for (var target : all().entrySet()) {
            Path dir = Files.createDirectories(root.resolve(target.getKey()));
            for (int i = 0; i < target.getValue().size(); i++) {
                Files.write(dir.resolve("seed-" + i), target.getValue().get(i));
            }
        }
    }
}
