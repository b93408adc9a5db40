package health.datasafe.kit.trust;

import health.datasafe.integrity.Genesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A setting that names a ledger's genesis document ({@code dsh.ledger.genesis}, {@code dsh.trust.genesis}): the JSON
 * itself when it starts with '{', else the path of a file holding it.
 */
public final class GenesisSetting {

    private GenesisSetting() {
    }

    /**
     * The genesis the setting names.
     *
     * @throws Genesis.GenesisInvalid when it is not a valid genesis document
     * @throws UncheckedIOException   when it names a file that cannot be read
     */
    public static Genesis read(String setting, String name) {
        String value = setting.strip();
        if (value.startsWith("{")) {
            return Genesis.parse(value.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return Genesis.parse(Files.readAllBytes(Path.of(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " names the file " + value + ", which cannot be read", e);
        }
    }
}
