package health.datasafe.verifier;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Prints the SHA-256 of a JSON text's canonical form: a transaction's tx hash. */
@Command(name = "tx-hash", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS,
        description = "Prints the SHA-256 (hex) of the RFC 8785 canonical form of the JSON in FILE: the tx hash, when"
                + " FILE holds a signed transaction.")
final class TxHashCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Parameters(paramLabel = "FILE", description = "JSON text, - for standard input")
    private String file;

    @Override
    public Integer call() {
        root.out.println(Sha256.hex(CanonicalJson.canonicalize(new InputFile(file).text(root.in))));
        return DshVerify.VALID;
    }
}
