package health.datasafe.verifier;

import health.datasafe.integrity.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Prints the RFC 8785 canonical form of a JSON text, the bytes a tx hash is taken over. */
@Command(name = "canonicalize", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS,
        description = "Prints the RFC 8785 canonical form of the JSON in FILE (UTF-8 bytes, nothing else, no newline).")
final class CanonicalizeCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Parameters(paramLabel = "FILE", description = "JSON text, - for standard input")
    private String file;

    @Override
    public Integer call() {
        byte[] canonical = CanonicalJson.canonicalize(new InputFile(file).text(root.in));
        root.out.write(canonical, 0, canonical.length);
        root.out.flush();
        return DshVerify.VALID;
    }
}
