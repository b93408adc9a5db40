package health.datasafe.bench;

import health.datasafe.bench.ed25519.Ed25519Benchmark;
import health.datasafe.bench.nodes.NodesBenchmark;
import health.datasafe.bench.replay.ReplayBenchmark;
import health.datasafe.bench.verify.VerifyBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The entry point of {@code dsh-bench.jar}: the first argument names the benchmark, {@code submit} when it is left
 * out, so {@code java -jar dsh-bench.jar --duration 30s} still runs the submit benchmark. Each benchmark reads its
 * own options (picocli) and returns its exit code: 0 when it ran and what it measured held (see each), 1 when it
 * failed, 2 for a bad option or command.
 */
@Command(name = "dsh-bench", sortOptions = false, usageHelpAutoWidth = true,
        description = "Benchmarks of DataSafeHealth, as programs (see docs/bench.md).",
        subcommands = {SubmitBenchmark.class, VerifyBenchmark.class, ReplayBenchmark.class, Ed25519Benchmark.class,
                NodesBenchmark.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {"With no command, or options first, the command is submit.",
                "java -jar bench/target/dsh-bench.jar COMMAND --help lists the options of one benchmark.",
                "Exit status: 0 ran (see each command), 1 failed, 2 bad option or command."})
public final class DshBench implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_OPTION = 2;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private DshBench() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the benchmark the arguments name; returns its exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        var commandLine = new CommandLine(new DshBench())
                .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true))
                .setParameterExceptionHandler((e, given) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    err.printf("%s: %s (see %s --help)%n", command, e.getMessage(), command);
                    return BAD_OPTION;
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    err.printf("%s: failed: %s%n", command.getCommandSpec().qualifiedName(), e);
                    e.printStackTrace(err);
                    return FAILED;
                });
        int exit = commandLine.execute(withCommand(args));
        out.flush();
        err.flush();
        return exit;
    }

    /** The arguments with {@code submit} put first when they name no command: none at all, or options first. */
    static String[] withCommand(String... args) {
        boolean helpAlone = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
        if (helpAlone || args.length > 0 && !args[0].startsWith("-")) {
            return args;
        }
        var withSubmit = new String[args.length + 1];
        withSubmit[0] = "submit";
        System.arraycopy(args, 0, withSubmit, 1, args.length);
        return withSubmit;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }
}
