package health.datasafe.integrity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs command line tools for the interoperability tests. */
final class Shell {

    private Shell() {
    }

    static boolean onPath(String tool) {
        try {
            return !locate(tool).isEmpty();
        } catch (IOException | InterruptedException | AssertionError notThere) {
            return false;
        }
    }

    /** The absolute path of a tool on the PATH; fails if there is none. */
    static String locate(String tool) throws IOException, InterruptedException {
        return run(null, List.of("bash", "-c", "command -v \"$0\"", tool)).strip();
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Map.of());
    }

    /** Runs the command in the directory with these environment variables set; its standard output; fails on a non-zero exit. */
    static String run(Path dir, List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        var stderr = new ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                process.getErrorStream().transferTo(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        drain.join();
        if (process.exitValue() != 0) {
            throw new AssertionError("%s exited with %d%nstdout: %s%nstderr: %s".formatted(command, process.exitValue(), stdout,
                    stderr.toString(StandardCharsets.UTF_8)));
        }
        return stdout;
    }

    /**
     * What {@code openssl pkeyutl -verify -rawin} prints for this signature of these bytes by this key (base64 X.509),
     * with the files laid out in {@code dir} as docs/ledger-format.md names them.
     */
    static String opensslVerify(Path dir, String keyFile, String publicKey, String messageFile, byte[] message,
                                String signatureFile, byte[] signature) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(keyFile),
                "-----BEGIN PUBLIC KEY-----\n" + publicKey + "\n-----END PUBLIC KEY-----\n");
        Files.write(dir.resolve(messageFile), message);
        Files.write(dir.resolve(signatureFile), signature);
        return run(dir, List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", keyFile, "-rawin", "-in",
                messageFile, "-sigfile", signatureFile));
    }
}
