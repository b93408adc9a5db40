package health.datasafe.verifier;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Cosignature;
import health.datasafe.integrity.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Checks a signed checkpoint against pinned ledger keys and witnesses, and prints what it states. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Checks a signed checkpoint (a C2SP signed note) against the ledger's public key(s) or genesis"
                + " (at least --min-signers of them signed it) and, with --witness-key, the witnesses' cosignatures"
                + " (c2sp.org/tlog-cosignature; at least --min-witnesses of them), and prints its origin and each"
                + " shard's log size and root.",
                "Output: a line `valid: checkpoint of ORIGIN signed by K of the pinned keys`, a line `witnesses: W of N"
                        + " cosigned (NAMES)` when witnesses are pinned, then `shard S: size N, root HEX` per shard."})
final class CheckpointCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the signed note, - for standard input")
    private String file;

    @Mixin
    private LedgerPins pins = new LedgerPins();

    @Option(names = "--witness-key", paramLabel = "NAME=KEY",
            description = "a witness's name and Ed25519 public key (PEM file); repeatable")
    private Map<String, String> witnessKeys = new LinkedHashMap<>();

    @Option(names = "--min-witnesses", paramLabel = "K",
            description = "how many of the pinned witnesses must have cosigned (default: all of them)")
    private Integer minWitnesses;

    @Override
    public Integer call() {
        if (!pins.pinnedAny()) {
            throw new ParameterException(spec.commandLine(), "pass --public-key with the ledger's key, or --genesis");
        }
        LedgerPins.Pinned pinned = pins.read(root.in);
        String note = new InputFile(file).text(root.in);
        Checkpoint.Cosigned cosigned = Checkpoint.verifyQuorum(note, pinned.keys(), pinned.minSigners());
        Checkpoint checkpoint = cosigned.checkpoint();
        String witnessed = null;
        if (!witnessKeys.isEmpty()) {
            int required = minWitnesses == null ? witnessKeys.size() : minWitnesses;
            if (required < 0 || required > witnessKeys.size()) {
                throw new ParameterException(spec.commandLine(), "--min-witnesses must be between 0 and the "
                        + witnessKeys.size() + " witnesses pinned, not " + required);
            }
            var names = new ArrayList<String>();
            for (var witness : witnessKeys.entrySet()) {
                Ed25519.VerifyingKey key = new PublicKeyFile(witness.getValue()).read(root.in);
                try {
                    Cosignature.verify(note, witness.getKey(), key);
                    names.add(witness.getKey());
                } catch (CheckpointInvalid.CheckpointSignatureInvalid missing) {
                    // counts for nothing
                }
            }
            if (names.size() < required) {
                throw new CheckpointInvalid.TooFewSigners(required, names);
            }
            witnessed = "witnesses: %d of %d cosigned (%s)".formatted(names.size(), witnessKeys.size(),
                    String.join(", ", names));
        }
        root.out.println("valid: checkpoint of %s signed by %d of the pinned keys".formatted(checkpoint.origin(),
                cosigned.signers().size()));
        if (witnessed != null) {
            root.out.println(witnessed);
        }
        for (Checkpoint.ShardLog shard : checkpoint.shards()) {
            root.out.println("shard %d: size %d, root %s".formatted(shard.shard(), shard.size(), shard.root()));
        }
        return DshVerify.VALID;
    }
}
