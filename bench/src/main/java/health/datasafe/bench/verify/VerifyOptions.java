package health.datasafe.bench.verify;

import health.datasafe.bench.CommandLine;

import java.nio.file.Path;

/**
 * What the verify benchmark is asked to do.
 *
 * @param transactions transactions in the synthetic ledger
 * @param shards       independent chains they are spread over
 * @param blockSize    transactions per block
 * @param rounds       measured rounds, each one scan and one verification
 * @param warmupRounds rounds before those, not counted
 * @param output       where the JSON result goes; null for {@code target/verify-result.json} next to the jar
 * @param help         print the usage and do nothing else
 */
public record VerifyOptions(int transactions, int shards, int blockSize, int rounds, int warmupRounds, Path output,
                            boolean help) {

    public static final String USAGE = """
            java -jar bench/target/dsh-bench.jar verify [options]   (starts its own embedded PostgreSQL)
              --transactions N   transactions in the synthetic signed ledger (default 200000; 200k and 2m work)
              --shards N         independent chains they are spread over (default 3)
              --block-size N     transactions per block (default 500)
              --rounds N         measured rounds, each one plain scan and one ChainAudit verification (default 5)
              --warmup-rounds N  rounds run first and not counted (default 2)
              --output FILE      JSON result (default bench/target/verify-result.json, next to the jar)
              --help             this text""";

    public static VerifyOptions defaults() {
        return new VerifyOptions(200_000, 3, 500, 5, 2, null, false);
    }

    public static VerifyOptions parse(String... args) {
        VerifyOptions d = defaults();
        var o = new Object() {
            int transactions = d.transactions;
            int shards = d.shards;
            int blockSize = d.blockSize;
            int rounds = d.rounds;
            int warmupRounds = d.warmupRounds;
            Path output = d.output;
        };
        boolean help = CommandLine.read(args, (name, value) -> {
            switch (name) {
                case "--transactions" -> o.transactions = CommandLine.integer(name, value, 1, 100_000_000);
                case "--shards" -> o.shards = CommandLine.integer(name, value, 1, 64);
                case "--block-size" -> o.blockSize = CommandLine.integer(name, value, 1, 100_000);
                case "--rounds" -> o.rounds = CommandLine.integer(name, value, 1, 100);
                case "--warmup-rounds" -> o.warmupRounds = CommandLine.integer(name, value, 0, 100);
                case "--output" -> o.output = CommandLine.path(name, value);
                default -> throw CommandLine.unknown(name);
            }
        });
        return new VerifyOptions(o.transactions, o.shards, o.blockSize, o.rounds, o.warmupRounds, o.output, help);
    }
}
