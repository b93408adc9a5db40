package health.datasafe.verifier;

import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Prints the RFC 9162 leaf hash of a tx hash, the value inclusion proofs start from. */
@Command(name = "leaf-hash", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS,
        description = "Prints the RFC 9162 leaf hash SHA-256(0x00 || tx hash) of a tx hash, as hex.")
final class LeafHashCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Parameters(paramLabel = "TX_HASH", converter = HexHash.Converter.class, description = "the tx hash, 64 hex digits")
    private HexHash txHash;

    @Override
    public Integer call() {
        root.out.println(Hex.of(MerkleTree.leafHash(txHash.bytes())));
        return DshVerify.VALID;
    }
}
