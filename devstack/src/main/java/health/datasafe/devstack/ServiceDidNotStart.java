package health.datasafe.devstack;

import java.nio.file.Path;

/** A service JVM exited, or did not report healthy in time; carries the tail of its log. */
public final class ServiceDidNotStart extends IllegalStateException {

    private final ServiceInstance instance;
    private final String reason;
    private final Path logFile;
    private final String logTail;

    public ServiceDidNotStart(ServiceInstance instance, String reason, Path logFile, String logTail) {
        super(instance.name() + " did not start: " + reason + "\n---- last lines of " + logFile + "\n" + logTail + "\n----");
        this.instance = instance;
        this.reason = reason;
        this.logFile = logFile;
        this.logTail = logTail;
    }

    public Service service() {
        return instance.service();
    }

    /** Which JVM of the service: for the ledger, which node. */
    public ServiceInstance instance() {
        return instance;
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
