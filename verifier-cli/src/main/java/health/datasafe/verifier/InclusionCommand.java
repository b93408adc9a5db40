package health.datasafe.verifier;

import health.datasafe.integrity.MerkleProofs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Checks an RFC 9162 inclusion proof. */
@Command(name = "inclusion", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = "Checks an RFC 9162 inclusion proof: that the leaf with hash --leaf-hash is leaf --index of the"
                + " tree of --tree-size leaves whose root is --root. The leaf hash of a tx hash is what `leaf-hash`"
                + " prints.")
final class InclusionCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--leaf-hash", required = true, paramLabel = "HASH", converter = HexHash.Converter.class,
            description = "the leaf hash, SHA-256(0x00 || tx hash)")
    private HexHash leafHash;

    @Option(names = "--index", required = true, paramLabel = "I", description = "the leaf's index, 0-based")
    private long index;

    @Option(names = "--tree-size", required = true, paramLabel = "N", description = "the number of leaves in the tree")
    private long treeSize;

    @Option(names = "--root", required = true, paramLabel = "HASH", converter = HexHash.Converter.class,
            description = "the tree's root")
    private HexHash treeRoot;

    @Option(names = "--proof", required = true, paramLabel = "H1,H2,...", converter = Proof.Converter.class,
            description = "the proof hashes, leaf to root, comma-separated (\"\" when the tree has one leaf)")
    private Proof proof;

    @Override
    public Integer call() {
        if (treeSize < 1 || index < 0 || index >= treeSize) {
            throw new ParameterException(spec.commandLine(),
                    "--index %d is not a leaf of a tree of --tree-size %d (0 <= index < size)".formatted(index, treeSize));
        }
        MerkleProofs.verifyInclusion(leafHash.bytes(), index, treeSize, proof.hashes(), treeRoot.bytes());
        root.out.println("valid: leaf %d of the tree of size %d with root %s has leaf hash %s"
                .formatted(index, treeSize, treeRoot.hex(), leafHash.hex()));
        return DshVerify.VALID;
    }
}
