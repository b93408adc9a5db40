package health.datasafe.bench;

import health.datasafe.bench.ed25519.Ed25519Benchmark;
import health.datasafe.bench.verify.VerifyBenchmark;

import java.util.Arrays;
import java.util.List;

/**
 * The entry point of {@code dsh-bench.jar}: the first argument names the benchmark, {@code submit} when it is
 * left out, so {@code java -jar dsh-bench.jar --duration 30s} still runs the submit benchmark.
 */
public final class DshBench {

    static final List<String> COMMANDS = List.of("submit", "verify", "ed25519", "help");

    static final String USAGE = """
            java -jar bench/target/dsh-bench.jar [COMMAND] [options]
              submit    (the default) committed tx/s of a running ./dsh-devstack versus raw PostgreSQL inserts
              verify    full-chain verification versus a plain scan of the same rows, on its own embedded PostgreSQL
              ed25519   Ed25519 sign/s and verify/s, BouncyCastle (integrity's Ed25519) versus the JDK's provider
              help      this text
            java -jar bench/target/dsh-bench.jar COMMAND --help   lists the options of one benchmark""";

    /**
     * A command line split into the benchmark to run and its own options.
     *
     * @param name    one of {@link #COMMANDS}, or an unknown word the user typed
     * @param options the arguments after the command's name
     */
    record Command(String name, String[] options) {

        static Command of(String... args) {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                return new Command("help", new String[0]);
            }
            if (args.length == 0 || args[0].startsWith("-")) {
                return new Command("submit", args);
            }
            return new Command(args[0], Arrays.copyOfRange(args, 1, args.length));
        }
    }

    private DshBench() {
    }

    public static void main(String[] args) {
        Command command = Command.of(args);
        switch (command.name()) {
            case "submit" -> SubmitBenchmark.main(command.options());
            case "verify" -> VerifyBenchmark.main(command.options());
            case "ed25519" -> Ed25519Benchmark.main(command.options());
            case "help" -> System.out.println(USAGE);
            default -> {
                System.err.println("dsh-bench: unknown command " + command.name() + "\n" + USAGE);
                System.exit(2);
            }
        }
    }
}
