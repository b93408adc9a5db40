package health.datasafe.verifier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One run of dsh-verify, in this JVM or as a child process: its exit code and what it wrote. */
record Run(int exitCode, byte[] stdout, String stderr) {

    /** Runs dsh-verify in this JVM, as {@code main} would, with {@code stdin} as standard input. */
    static Run inProcess(byte[] stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = DshVerify.run(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static Run of(String... args) {
        return inProcess(new byte[0], args);
    }

    /** Runs a child process ({@code java -jar dsh-verify.jar ...}, or a script that runs it) with {@code stdin} as its input. */
    static Run childProcess(ProcessBuilder command, byte[] stdin) throws IOException, InterruptedException {
        Path in = Files.write(Files.createTempFile("dsh-verify-in", ".bin"), stdin);
        Path out = Files.createTempFile("dsh-verify-out", ".bin");
        Path err = Files.createTempFile("dsh-verify-err", ".txt");
        try {
            Process process = command.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command.command());
            }
            return new Run(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.delete(in);
            Files.delete(out);
            Files.delete(err);
        }
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Succeeded: exit 0, nothing on stderr. */
    Run valid() {
        assertThat(exitCode).as("exit code; stderr: %s", stderr).isZero();
        assertThat(stderr).isEmpty();
        return this;
    }

    /**
     * Failed with this exit code, saying so in exactly one line on stderr with no stack trace and nothing on stdout
     * that could pass for a verdict.
     */
    Run failed(int expectedCode) {
        assertThat(exitCode).as("exit code; stdout: %s; stderr: %s", out(), stderr).isEqualTo(expectedCode);
        assertThat(stderr).as("stderr").endsWith("\n");
        assertThat(stderr.strip()).as("stderr is one line").doesNotContain("\n").doesNotContain("\r").isNotBlank();
        assertThat(stderr).as("no stack trace").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at health.")
                .doesNotContain("at picocli.").doesNotContain("at java.");
        assertThat(stdout).as("stdout").isEmpty();
        return this;
    }

    /** Failed, as invalid (1) or as unusable (2). */
    Run refused() {
        assertThat(exitCode).as("exit code; stderr: %s", stderr).isIn(DshVerify.INVALID, DshVerify.UNUSABLE);
        return failed(exitCode);
    }

    Run invalid() {
        return failed(DshVerify.INVALID);
    }

    Run unusable() {
        return failed(DshVerify.UNUSABLE);
    }
}
