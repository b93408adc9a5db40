package health.datasafe.bench.submit;

import java.nio.file.Path;

/** No Synthea corpus in the directory, and no Synthea there to generate one (or it generated nothing usable). */
public class SyntheaUnavailable extends RuntimeException {

    private final Path directory;

    public SyntheaUnavailable(Path directory, String why) {
        super("no Synthea corpus in " + directory + ": " + why);
        this.directory = directory;
    }

    public SyntheaUnavailable(Path directory, String why, Throwable cause) {
        super("no Synthea corpus in " + directory + ": " + why, cause);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
