package health.datasafe.bench;

import java.nio.file.Path;

/** No usable description of a running devstack at the given place. */
public class DevstackNotRunning extends RuntimeException {

    private final Path description;

    public DevstackNotRunning(Path description, String reason) {
        super(description + ": " + reason + " (start one with ./dsh-devstack, or pass --data-dir)");
        this.description = description;
    }

    public DevstackNotRunning(Path description, String reason, Throwable cause) {
        this(description, reason);
        initCause(cause);
    }

    public Path description() {
        return description;
    }
}
