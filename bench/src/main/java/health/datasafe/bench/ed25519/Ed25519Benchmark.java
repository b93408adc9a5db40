package health.datasafe.bench.ed25519;

import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.OptionValues;
import health.datasafe.bench.ResultFile;
import health.datasafe.bench.verify.SyntheticTransactions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Ed25519 signs and verifies per second with BouncyCastle's lightweight API, exactly as the integrity module calls it
 * ({@link Ed25519.SigningKey#sign}, {@link Ed25519.VerifyingKey#verify}), against the JDK's own
 * {@code Signature.getInstance("Ed25519")}: the same key, the same messages, one thread, in the same run. The messages
 * are what the system signs: 32-byte block hashes (a ledger node signs every block hash) and the signing input of
 * synthetic transactions (their canonical JSON without the signature, what an initiator signs and every validator
 * and auditor verifies). See docs/bench.md.
 */
@Command(name = "ed25519", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        description = "Ed25519 sign/s and verify/s, BouncyCastle (integrity's Ed25519) versus the JDK's provider.",
        footerHeading = "%n",
        footer = {"Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).",
                "Exit status: 0 both agreed on every signature, 1 they did not or something failed, 2 bad option."})
public final class Ed25519Benchmark implements Callable<Integer> {

    static final String BLOCK_HASH = "block hash";
    static final String TRANSACTION = "transaction";
    static final String BOUNCY_CASTLE = "BouncyCastle";
    static final String JDK = "JDK";
    static final String SIGN = "sign";
    static final String VERIFY = "verify";
    /** Operations between two looks at the clock. */
    private static final int BATCH = 8;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "5s",
            converter = OptionValues.DurationConverter.class,
            description = "how long each of the 8 measurements runs (sign and verify, two message sizes, two"
                    + " implementations) (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "2s", converter = OptionValues.DurationConverter.class,
            description = "how long each of the 8 loops runs, all of them, before the first is measured"
                    + " (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "256", converter = OptionValues.CountConverter.class,
            description = "distinct messages of each size, used in turn (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the JSON result goes (default: bench/target/ed25519-result.json, next to the jar)")
    Path output;

    Ed25519Benchmark() {
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.positive(spec, "--duration", duration);
        OptionValues.within(spec, "--messages", messages, 1, 1_000_000);
        Ed25519Result result = measure(System.out);
        System.out.print(result.table());
        Path file = output != null ? output : ResultFile.defaultPath("ed25519-result.json");
        ResultFile.write(JsonMapper.builder().build(), result, file);
        System.out.println("Result written to " + file);
        return result.signaturesIdentical() ? 0 : 1;
    }

    /** Both implementations on both kinds of message, sign then verify, each measured for {@code duration}. */
    Ed25519Result measure(PrintStream out) throws GeneralSecurityException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Double loadAtStart = MachineLoad.oneMinute();
        Ed25519.SigningKey bcKey = Ed25519.SigningKey.generate();
        Ed25519.VerifyingKey bcPublic = bcKey.verifyingKey();
        KeyFactory keys = KeyFactory.getInstance("Ed25519");
        PrivateKey jdkKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(bcKey.toPkcs8())));
        PublicKey jdkPublic = keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(bcPublic.toX509())));
        Signature jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(jdkKey);
        Signature jdkVerifier = Signature.getInstance("Ed25519");
        jdkVerifier.initVerify(jdkPublic);

        var random = new SplittableRandom(25519);
        byte[][] hashes = new byte[messages][32];
        for (byte[] hash : hashes) {
            random.nextBytes(hash);
        }
        byte[][] transactions = new byte[messages][];
        var synthetic = new SyntheticTransactions(random);
        String initiator = bcPublic.keyId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < transactions.length; i++) {
            transactions[i] = Transactions.signingInput(synthetic.transaction(at.plusMillis(i), initiator));
        }

        boolean identical = sameSignatures(hashes, bcKey, bcPublic, jdkSigner, jdkVerifier)
                & sameSignatures(transactions, bcKey, bcPublic, jdkSigner, jdkVerifier);
        out.printf(Locale.ROOT, "dsh-bench ed25519: %d messages of each size; BouncyCastle and JDK signatures %s%n",
                messages, identical ? "identical" : "DIFFER");

        List<Cell> cells = new ArrayList<>();
        for (byte[][] messages : List.of(hashes, transactions)) {
            String kind = messages == hashes ? BLOCK_HASH : TRANSACTION;
            double size = Arrays.stream(messages).mapToInt(m -> m.length).average().orElse(0);
            byte[][] signatures = new byte[messages.length][];
            for (int i = 0; i < messages.length; i++) {
                signatures[i] = bcKey.sign(messages[i]);
            }
            cells.add(new Cell(kind, size, SIGN, BOUNCY_CASTLE, messages.length, i -> bcKey.sign(messages[i])[0]));
            cells.add(new Cell(kind, size, SIGN, JDK, messages.length, i -> {
                jdkSigner.update(messages[i]);
                return jdkSigner.sign()[0];
            }));
            cells.add(new Cell(kind, size, VERIFY, BOUNCY_CASTLE, messages.length,
                    i -> bcPublic.verify(messages[i], signatures[i]) ? 1 : 0));
            cells.add(new Cell(kind, size, VERIFY, JDK, messages.length, i -> {
                jdkVerifier.update(messages[i]);
                return jdkVerifier.verify(signatures[i]) ? 1 : 0;
            }));
        }
        // every loop is warmed up before any is measured, so the JIT has compiled both libraries' code alike
        if (!warmup.isZero()) {
            out.printf(Locale.ROOT, "dsh-bench ed25519: warming up each of the %d loops for %s ...%n", cells.size(),
                    warmup);
            for (Cell cell : cells) {
                loop(cell, warmup.toNanos());
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (Cell cell : cells) {
            measurements.add(time(cell, out));
        }
        Double loadAtEnd = MachineLoad.oneMinute();
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < measurements.size(); i += 2) {
            comparisons.add(compare(measurements.get(i), measurements.get(i + 1)));
        }
        return new Ed25519Result(startedAt, Runtime.version().toString(), Runtime.getRuntime().availableProcessors(),
                bouncyCastleVersion(), jdkSigner.getProvider().getName() + " " + jdkSigner.getProvider().getVersionStr(),
                seconds(duration), seconds(warmup), messages,
                loadAtStart == null || loadAtEnd == null ? null : List.of(loadAtStart, loadAtEnd), identical,
                List.copyOf(measurements), List.copyOf(comparisons));
    }

    /** One operation on message {@code index}; returns a value that depends on the result, so it is not dropped. */
    @FunctionalInterface
    private interface Operation {
        int apply(int index) throws GeneralSecurityException;
    }

    /** One loop to time: an operation of one implementation over one kind of message. */
    private record Cell(String message, double messageBytes, String operation, String implementation, int messages,
                        Operation op) {
    }

    private Measurement time(Cell cell, PrintStream out) throws GeneralSecurityException {
        long start = System.nanoTime();
        long operations = loop(cell, duration.toNanos());
        double seconds = (System.nanoTime() - start) / 1e9;
        var measured = new Measurement(cell.message(), cell.messageBytes(), cell.operation(), cell.implementation(),
                operations, seconds, operations / seconds, seconds * 1e6 / operations);
        out.printf(Locale.ROOT, "dsh-bench ed25519: %-6s %-12s %-11s %,10.0f /s%n", cell.operation(),
                cell.implementation(), cell.message(), measured.perSecond());
        return measured;
    }

    /** Runs the cell's operation over its messages in turn for {@code nanos}; tells how many times it ran. */
    private static long loop(Cell cell, long nanos) throws GeneralSecurityException {
        boolean mustVerify = cell.operation().equals(VERIFY);
        long end = System.nanoTime() + nanos;
        long operations = 0;
        long sink = 0;
        int index = 0;
        do {
            for (int i = 0; i < BATCH; i++) {
                int result = cell.op().apply(index);
                if (mustVerify && result != 1) {
                    throw new IllegalStateException("a valid signature did not verify (" + cell.implementation()
                            + ", " + cell.message() + " " + index + ")");
                }
                sink += result;
                index = index + 1 == cell.messages() ? 0 : index + 1;
            }
            operations += BATCH;
        } while (System.nanoTime() < end);
        if (sink == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable; keeps the results used");
        }
        return operations;
    }

    /** Ed25519 is deterministic: with one key both must give the same signature, and each accepts the other's. */
    private static boolean sameSignatures(byte[][] messages, Ed25519.SigningKey bcKey, Ed25519.VerifyingKey bcPublic,
                                          Signature jdkSigner, Signature jdkVerifier) throws GeneralSecurityException {
        for (byte[] message : messages) {
            byte[] bc = bcKey.sign(message);
            jdkSigner.update(message);
            byte[] jdk = jdkSigner.sign();
            jdkVerifier.update(message);
            if (!Arrays.equals(bc, jdk) || !jdkVerifier.verify(bc) || !bcPublic.verify(message, jdk)) {
                return false;
            }
        }
        return true;
    }

    private static Comparison compare(Measurement bc, Measurement jdk) {
        return new Comparison(bc.message(), bc.messageBytes(), bc.operation(), bc.perSecond(), jdk.perSecond(),
                bc.perSecond() / jdk.perSecond());
    }

    /** The library's version as its provider states it; the provider is only asked, never installed. */
    private static String bouncyCastleVersion() {
        return new BouncyCastleProvider().getVersionStr() + " (bcprov), lightweight " + Ed25519Signer.class.getSimpleName();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
