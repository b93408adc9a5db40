package health.datasafe.verifier;

import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.CheckpointsInconsistent;
import health.datasafe.integrity.ErasureReceiptInvalid;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.ProofInvalid;
import health.datasafe.integrity.Receipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code dsh-verify}: checks DataSafeHealth's hashes, Merkle proofs, checkpoints, bundles and receipts offline. Every
 * rule is integrity's; this class only reads arguments and files, calls integrity, and turns its verdict into an exit
 * code and one line of text.
 */
@Command(name = "dsh-verify", mixinStandardHelpOptions = true, versionProvider = DshVerify.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Checks DataSafeHealth ledger data offline, trusting nothing but the ledger's public key.",
                "Every rule is the one written down in docs/ledger-format.md and implemented by the integrity module."},
        subcommands = {CanonicalizeCommand.class, TxHashCommand.class, LeafHashCommand.class, RootCommand.class,
                InclusionCommand.class, ConsistencyCommand.class, CheckpointCommand.class, BundleCommand.class,
                ReceiptCommand.class, WitnessCommand.class, ConsentCommand.class, ErasureCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Input:",
                "  FILE may be - for standard input. Hashes, on the command line or in a root",
                "  FILE, are 64 hex digits in upper or lower case; output is always lower case.",
                "  A proof is a comma-separated list of such hashes, leaf to root; the empty",
                "  string is the empty proof. A public key file is a PEM \"PUBLIC KEY\" (as",
                "  `openssl pkey -pubout` writes it) or the bare base64 of the same DER bytes.",
                "",
                "Exit status:",
                "  0  valid, or the requested value was printed",
                "  1  invalid: the input is readable but does not verify (a hash, root, link,",
                "     signature or proof does not match); one line on stderr names what failed",
                "     and where, with the expected and the actual value",
                "  2  unusable: bad usage, or input that cannot be read as what it claims to be",
                "     (malformed JSON, hex, note, bundle or receipt; a hash of the wrong length;",
                "     a size out of range or an index >= the tree size; an unreadable file or",
                "     key); one line on stderr",
                "  3  internal error in dsh-verify (a bug: please report it)",
                "  Anything but 0 means: do not trust the input."})
public final class DshVerify implements Callable<Integer> {

    /** The footer of every command's help. */
    static final String EXIT_STATUS = "%nExit status: 0 valid (or the value printed), 1 invalid, 2 unusable input or"
            + " usage; see dsh-verify --help.";

    static final int VALID = 0;
    static final int INVALID = 1;
    static final int UNUSABLE = 2;
    static final int INTERNAL_ERROR = 3;

    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    DshVerify(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(System.in, out, err, args));
    }

    /** Runs one command; returns its exit code. Nothing is thrown: every failure becomes a line on {@code err}. */
    static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        try {
            var commandLine = new CommandLine(new DshVerify(in, out, err))
                    // "@name" is a file name like any other, never a file of more arguments
                    .setExpandAtFiles(false)
                    .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                    .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true))
                    .setParameterExceptionHandler((e, args1) -> usageError(e, err))
                    .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, err));
            return commandLine.execute(args);
        } catch (Throwable e) {
            err.println("dsh-verify: internal error: " + oneLine(e));
            return INTERNAL_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /** Bad usage: one line naming the command, what was wrong and where to read more. */
    private static int usageError(ParameterException e, PrintStream err) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println("%s: error: %s (see '%s --help')".formatted(command, oneLine(e), command));
        return UNUSABLE;
    }

    private static int failure(Exception e, CommandLine command, PrintStream err) {
        int code = exitCodeOf(e);
        String verdict = switch (code) {
            case INVALID -> "invalid";
            case UNUSABLE -> "error";
            default -> "internal error";
        };
        err.println("%s: %s: %s".formatted(command.getCommandSpec().qualifiedName(), verdict, oneLine(e)));
        return code;
    }

    /** Integrity's verdicts: data that does not verify is 1, data that cannot be read as what it claims to be is 2. */
    static int exitCodeOf(Throwable e) {
        return switch (e) {
            case LedgerInvalid invalid -> INVALID;
            case ProofInvalid invalid -> INVALID;
            case CheckpointInvalid.CheckpointSignatureInvalid invalid -> INVALID;
            case CheckpointInvalid.TooFewSigners invalid -> INVALID;
            case CheckpointsInconsistent inconsistent -> INVALID;
            case ConsentNotSigned unsigned -> INVALID;
            case ErasureReceiptInvalid invalid -> INVALID;
            case CheckpointInvalid.CheckpointMalformed malformed -> UNUSABLE;
            case CanonicalJson.MalformedJson malformed -> UNUSABLE;
            case Bundle.BundleMalformed malformed -> UNUSABLE;
            case Receipt.ReceiptMalformed malformed -> UNUSABLE;
            case Genesis.GenesisInvalid malformed -> UNUSABLE;
            case InputUnreadable unreadable -> UNUSABLE;
            case java.io.UncheckedIOException unwritable -> UNUSABLE;
            case HashListMalformed malformed -> UNUSABLE;
            case PublicKeyUnreadable unreadable -> UNUSABLE;
            // integrity refuses values that cannot be what they claim (hex, key encodings, sizes) this way
            case IllegalArgumentException malformed -> UNUSABLE;
            default -> INTERNAL_ERROR;
        };
    }

    /** The exception's message on one line: control characters (newlines included) become spaces. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    /** The version from the jar's manifest, "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DshVerify.class.getPackage().getImplementationVersion();
            return new String[] {"dsh-verify " + (version == null ? "dev" : version)};
        }
    }
}
