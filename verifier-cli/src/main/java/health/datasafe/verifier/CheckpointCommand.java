package health.datasafe.verifier;

import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** Checks a signed checkpoint against a pinned key and prints what it states. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Checks a signed checkpoint (a C2SP signed note) against the ledger's public key and prints"
                + " its origin and each shard's log size and root.",
                "Output: a line `valid: checkpoint of ORIGIN`, then `shard S: size N, root HEX` per shard."})
final class CheckpointCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the signed note, - for standard input")
    private String file;

    @Option(names = "--public-key", required = true, paramLabel = "KEY",
            description = "the ledger's Ed25519 public key (PEM file); repeat to accept any of several")
    private List<String> publicKeys;

    @Override
    public Integer call() {
        var keys = PublicKeyFile.readAll(publicKeys, root.in);
        String note = new InputFile(file).text(root.in);
        Checkpoint checkpoint = BundleVerifier.verifiedCheckpoint(note, keys);
        root.out.println("valid: checkpoint of " + checkpoint.origin());
        for (Checkpoint.ShardLog shard : checkpoint.shards()) {
            root.out.println("shard %d: size %d, root %s".formatted(shard.shard(), shard.size(), shard.root()));
        }
        return DshVerify.VALID;
    }
}
