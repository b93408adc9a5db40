package health.datasafe.verifier;

import health.datasafe.integrity.MerkleProofs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Checks an RFC 9162 consistency proof. */
@Command(name = "consistency", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = "Checks an RFC 9162 consistency proof: that the tree of --old-size leaves with root --old-root"
                + " is a prefix of the tree of --new-size leaves with root --new-root (nothing was rewritten).")
final class ConsistencyCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--old-size", required = true, paramLabel = "M", description = "the older tree's size")
    private long oldSize;

    @Option(names = "--new-size", required = true, paramLabel = "N", description = "the newer tree's size, >= M")
    private long newSize;

    @Option(names = "--old-root", required = true, paramLabel = "HASH", converter = HexHash.Converter.class,
            description = "the older tree's root")
    private HexHash oldRoot;

    @Option(names = "--new-root", required = true, paramLabel = "HASH", converter = HexHash.Converter.class,
            description = "the newer tree's root")
    private HexHash newRoot;

    @Option(names = "--proof", required = true, paramLabel = "H1,H2,...", converter = Proof.Converter.class,
            description = "the proof hashes, comma-separated (\"\" when M is 0 or M = N)")
    private Proof proof;

    @Override
    public Integer call() {
        if (oldSize < 0 || newSize < oldSize) {
            throw new ParameterException(spec.commandLine(),
                    "--old-size %d and --new-size %d are not tree sizes with 0 <= old <= new".formatted(oldSize, newSize));
        }
        MerkleProofs.verifyConsistency(oldSize, newSize, proof.hashes(), oldRoot.bytes(), newRoot.bytes());
        root.out.println("valid: the tree of size %d with root %s is a prefix of the tree of size %d with root %s"
                .formatted(oldSize, oldRoot.hex(), newSize, newRoot.hex()));
        return DshVerify.VALID;
    }
}
