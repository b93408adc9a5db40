package health.datasafe.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/**
 * {@code dsh}: what a patient (or a clinician) runs to act with her own key. The key stays in her file; the server
 * sees her public key, her proof of holding it and her signatures, never the key. Every request rule is the
 * server's and integrity's; this class reads the options shared by every command and turns outcomes into exit codes.
 */
@Command(name = "dsh", mixinStandardHelpOptions = true, versionProvider = Dsh.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"A DataSafeHealth user's client: keeps your Ed25519 key in a file, registers it, signs your"
                + " consents, reads and writes with it and sends them to the API gateway.",
                "docs/ledger-format.md sections 4e and 4f say exactly what is signed."},
        subcommands = {KeyCommand.class, RegisterCommand.class, ConsentCommand.class, RecordCommand.class,
                BreakGlassCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {"Exit status:",
                "  0  done: the server's answer (JSON) is on standard output",
                "  1  the server refused: its problem (status, title, detail) is on standard error",
                "  2  bad usage, an unreadable key file, or a server that cannot be reached",
                "  3  internal error in dsh (a bug: please report it)"})
public final class Dsh implements Callable<Integer> {

    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int UNUSABLE = 2;
    static final int INTERNAL_ERROR = 3;

    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:DSH_GATEWAY:-http://127.0.0.1:8080}",
            description = "the API gateway (env DSH_GATEWAY; default ${DEFAULT-VALUE})")
    URI gateway;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "JWT", defaultValue = "${env:DSH_TOKEN}",
            description = "your bearer token (env DSH_TOKEN)")
    String token;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:DSH_KEY_FILE:-dsh-key.pem}",
            description = "your private key, PKCS#8 PEM (env DSH_KEY_FILE; default ${DEFAULT-VALUE})")
    Path keyFile;

    @Option(names = "--sign-for", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "PT5M",
            description = "how long a signed request may take to reach the ledger, ISO-8601 (default"
                    + " ${DEFAULT-VALUE}); after that it is refused")
    Duration signFor;

    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    Dsh(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs one command; returns its exit code. Nothing is thrown: every failure becomes a line on {@code err}. */
    static int run(PrintStream out, PrintStream err, String... args) {
        try {
            return new CommandLine(new Dsh(out, err))
                    .setExpandAtFiles(false)
                    .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                    .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true))
                    .setParameterExceptionHandler((e, given) -> {
                        String command = e.getCommandLine().getCommandSpec().qualifiedName();
                        err.println("%s: error: %s (see '%s --help')".formatted(command, e.getMessage(), command));
                        return UNUSABLE;
                    })
                    .setExecutionExceptionHandler((e, command, parsed) -> {
                        int code = e instanceof Unusable ? UNUSABLE : INTERNAL_ERROR;
                        err.println("%s: %s: %s".formatted(command.getCommandSpec().qualifiedName(),
                                code == UNUSABLE ? "error" : "internal error", e.getMessage()));
                        return code;
                    })
                    .execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /** The gateway, as the bearer of {@code --token}. */
    Gateway gateway() {
        if (token == null || token.isBlank()) {
            throw new Unusable("no token: pass --token or set DSH_TOKEN");
        }
        return new Gateway(gateway, token.strip());
    }

    /** The instant after which a request signed now is refused ({@code --sign-for} from now, whole seconds). */
    Instant notAfter() {
        if (signFor.isNegative() || signFor.isZero()) {
            throw new Unusable("--sign-for must be positive, got " + signFor);
        }
        return Instant.now().plus(signFor).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Prints a 2xx answer's body and returns {@link #DONE}; a refusal goes to standard error as {@link #REFUSED}. */
    int answer(Gateway.Answer answer) {
        if (answer.succeeded()) {
            out.println(answer.body());
            return DONE;
        }
        err.println("dsh: refused: HTTP " + answer.status() + " " + answer.body());
        return REFUSED;
    }

    /** Input or surroundings dsh cannot work with: a missing token, an unreadable key file, an unreachable server. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Dsh.class.getPackage().getImplementationVersion();
            return new String[] {"dsh " + (version == null ? "dev" : version)};
        }
    }
}
