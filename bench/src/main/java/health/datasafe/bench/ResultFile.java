package health.datasafe.bench;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where and how a benchmark writes its result as JSON: by default in the bench module's {@code target}, next to the jar. */
public final class ResultFile {

    private ResultFile() {
    }

    /** Writes {@code result} as pretty-printed JSON, creating the parent directories. */
    public static void write(JsonMapper json, Object result, Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(output, result);
    }

    /** {@code target/<fileName>} of the bench module: next to the jar, or above target/classes. */
    public static Path defaultPath(String fileName) {
        try {
            Path code = Path.of(ResultFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/dsh-bench.jar or target/classes: either way the parent is target
            return code.getParent().resolve(fileName);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench", "target", fileName);
        }
    }
}
