package health.datasafe.devstack;

import java.nio.file.Path;

/** A service JVM exited, or did not report healthy in time; carries the tail of its log. */
public final class ServiceDidNotStart extends IllegalStateException {

    private final Service service;
    private final String reason;
    private final Path logFile;
    private final String logTail;

    public ServiceDidNotStart(Service service, String reason, Path logFile, String logTail) {
        super(service.module() + " did not start: " + reason + "\n---- last lines of " + logFile + "\n" + logTail + "\n----");
        this.service = service;
        this.reason = reason;
        this.logFile = logFile;
        this.logTail = logTail;
    }

    public Service service() {
        return service;
    }

    public String reason() {
        return reason;
    }

    public Path logFile() {
        return logFile;
    }

    public String logTail() {
        return logTail;
    }
}
