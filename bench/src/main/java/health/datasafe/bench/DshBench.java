package health.datasafe.bench;

import health.datasafe.bench.ed25519.Ed25519Benchmark;
import health.datasafe.bench.verify.VerifyBenchmark;

import java.util.Arrays;

/**
 * The entry point of {@code dsh-bench.jar}: the first argument names the benchmark, {@code submit} when it is
 * left out, so {@code java -jar dsh-bench.jar --duration 30s} still runs the submit benchmark.
 */
public final class DshBench {

    static final String USAGE = """
            java -jar bench/target/dsh-bench.jar [COMMAND] [options]
              submit    (the default) committed tx/s of a running ./dsh-devstack versus raw PostgreSQL inserts
              verify    full-chain verification versus a plain scan of the same rows, on its own embedded PostgreSQL
              ed25519   Ed25519 sign/s and verify/s, BouncyCastle (integrity's Ed25519) versus the JDK's provider
              help      this text
            java -jar bench/target/dsh-bench.jar COMMAND --help   lists the options of one benchmark""";

    private DshBench() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") && !isHelp(args)) {
            SubmitBenchmark.main(args);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "submit" -> SubmitBenchmark.main(rest);
            case "verify" -> VerifyBenchmark.main(rest);
            case "ed25519" -> Ed25519Benchmark.main(rest);
            case "help", "--help", "-h" -> System.out.println(USAGE);
            default -> {
                System.err.println("dsh-bench: unknown command " + args[0] + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    /** {@code --help} alone asks about the jar, not about the submit benchmark. */
    private static boolean isHelp(String[] args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }
}
