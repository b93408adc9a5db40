package health.datasafe.verifier;

import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as an auditor runs it: {@code java -jar dsh-verify.jar ...} in a child JVM (the JDK running this
 * test), with a ledger key made by openssl when it is installed, as an operator would make it. Runs after
 * {@code package} (see the pom), so the jar under test is the one the build just made.
 */
class DshVerifyJarIntegrationTest {

    @TempDir
    static Path dir;

    private static Path jar;
    private static LedgerFixture fixture;
    private static Path publicKey;

    @BeforeAll
    static void buildLedger() throws Exception {
        jar = Path.of(System.getProperty("dsh-verify.jar", "target/dsh-verify.jar"));
        assertThat(jar).as("the shaded jar; run `./mvnw -pl verifier-cli verify`, which packages it first").isRegularFile();
        Ed25519.SigningKey ledgerKey;
        if (onPath("openssl")) {
            Path privatePem = dir.resolve("ledger.key.pem");
            publicKey = dir.resolve("ledger.pub.pem");
            exec(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", privatePem.toString()), new byte[0]).expect(0);
            exec(List.of("openssl", "pkey", "-in", privatePem.toString(), "-pubout", "-out", publicKey.toString()), new byte[0]).expect(0);
            String pem = Files.readString(privatePem);
            ledgerKey = Ed25519.SigningKey.fromPkcs8(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            fixture = new LedgerFixture(ledgerKey, 2, 3, 1);
        } else {
            fixture = new LedgerFixture(2, 3, 1);
            publicKey = fixture.writePublicKey(dir);
        }
    }

    private record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        Result expect(int code) {
            assertThat(exitCode).as("exit code; stdout: %s; stderr: %s", out(), stderr).isEqualTo(code);
            return this;
        }

        Result oneLineFailure(int code) {
            expect(code);
            assertThat(stdout).isEmpty();
            assertThat(stderr).endsWith("\n");
            assertThat(stderr.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    private static Result dshVerify(byte[] stdin, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        return exec(command, stdin);
    }

    private static Result exec(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".bin");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Path in = Files.write(Files.createTempFile(dir, "in", ".bin"), stdin);
        Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    @Test
    void theJarVerifiesABundleAgainstAnOpensslPublicKey() throws Exception {
        Path bundle = Files.write(dir.resolve("bundle.json"), fixture.bundle(0).toJson());
        Result result = dshVerify(new byte[0], "bundle", bundle.toString(), "--public-key", publicKey.toString()).expect(0);
        assertThat(result.out()).isEqualTo(
                "valid: bundle of %s, shard 0, heights 0 to 2: 3 blocks, 6 transactions, log size 6, log root %s\n"
                        .formatted(LedgerFixture.ORIGIN, fixture.logRoot(6)));
        assertThat(result.stderr).isEmpty();
    }

    @Test
    void theJarRefusesAnEditedBundleInOneLine() throws Exception {
        Bundle bundle = fixture.bundle(0);
        Bundle.Block block = bundle.blocks().get(1);
        String edited = block.transactions().get(2).canonical().replace("record-", "record-0");
        Path file = Files.write(dir.resolve("edited.json"),
                LedgerFixture.withBlock(bundle, 1, LedgerFixture.withCanonical(block, 2, edited)).toJson());
        Result result = dshVerify(new byte[0], "bundle", file.toString(), "--public-key", publicKey.toString())
                .oneLineFailure(1);
        assertThat(result.stderr).contains("transaction 2 of block 1 (shard 0)", block.transactions().get(2).txHash(),
                Sha256.hex(edited.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theJarChecksCheckpointsAndReceipts() throws Exception {
        Path note = Files.writeString(dir.resolve("checkpoint.txt"), fixture.signedCheckpoint());
        assertThat(dshVerify(new byte[0], "checkpoint", "--file", note.toString(), "--public-key", publicKey.toString())
                .expect(0).out()).startsWith("valid: checkpoint of " + LedgerFixture.ORIGIN
                        + " signed by 1 of the pinned keys\nshard 0: size 6, root ");
        dshVerify(fixture.receipt(5).toHeader().getBytes(StandardCharsets.US_ASCII), "receipt", "-", "--public-key",
                publicKey.toString()).expect(0);
        dshVerify(fixture.receipt(5).toJson(), "receipt", "-").oneLineFailure(2);
    }

    @Test
    void theJarPrintsCanonicalBytesAndHashes() throws Exception {
        var tx = fixture.transactions.getFirst();
        byte[] canonical = Transactions.canonical(tx);
        String spaced = new String(canonical, StandardCharsets.UTF_8).replace(",", " ,\n ");
        assertThat(dshVerify(spaced.getBytes(StandardCharsets.UTF_8), "canonicalize", "-").expect(0).stdout).isEqualTo(canonical);
        assertThat(dshVerify(spaced.getBytes(StandardCharsets.UTF_8), "tx-hash", "-").expect(0).out())
                .isEqualTo(Transactions.hash(tx) + "\n");
        String lines = String.join("\n", fixture.txHashes.stream().map(Hex::of).toList()) + "\n";
        assertThat(dshVerify(lines.getBytes(StandardCharsets.UTF_8), "root", "-").expect(0).out()).isEqualTo(fixture.logRoot(6) + "\n");
    }

    @Test
    void theJarAnswersUsageErrorsAndBadHexWithExitTwo() throws Exception {
        assertThat(dshVerify(new byte[0], "--help").expect(0).out()).contains("Exit status:");
        dshVerify(new byte[0], "inclusion", "--leaf-hash", "nothex", "--index", "0", "--tree-size", "1", "--root",
                "00".repeat(32), "--proof", "").oneLineFailure(2);
        dshVerify(new byte[0], "no-such-command").oneLineFailure(2);
        dshVerify("{\"a\":".getBytes(StandardCharsets.UTF_8), "canonicalize", "-").oneLineFailure(2);
    }
}
