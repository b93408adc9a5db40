package health.datasafe.verifier;

import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints the RFC 9162 root of a list of tx hashes: a block's Merkle root, or a shard log's root. */
@Command(name = "root", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS,
        description = {"Prints the RFC 9162 Merkle tree hash (hex) of the tx hashes in FILE, one per line, in order:"
                + " a block's merkleRoot from its tx hashes, or a shard log's root from all of them.",
                "An empty file gives the root of the empty tree; blank lines at the end are ignored."})
final class RootCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Parameters(paramLabel = "FILE", description = "tx hashes in hex, one per line, - for standard input")
    private String file;

    @Override
    public Integer call() {
        var input = new InputFile(file);
        root.out.println(Hex.of(MerkleTree.root(txHashes(input, input.text(root.in)))));
        return DshVerify.VALID;
    }

    private static List<byte[]> txHashes(InputFile input, String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        while (!lines.isEmpty() && lines.getLast().isBlank()) {
            lines.removeLast();
        }
        var hashes = new ArrayList<byte[]>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                throw new HashListMalformed(input.description(), i + 1, "an empty line before the last hash");
            }
            try {
                hashes.add(HexHash.parse(line, "").bytes());
            } catch (CommandLine.TypeConversionException e) {
                throw new HashListMalformed(input.description(), i + 1, e.getMessage());
            }
        }
        return hashes;
    }
}
