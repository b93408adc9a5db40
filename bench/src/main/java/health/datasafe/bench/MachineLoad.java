package health.datasafe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How busy the machine is: above its processor count, something else competed with a benchmark for them. */
public final class MachineLoad {

    private MachineLoad() {
    }

    /** The one-minute load average, or null where there is no /proc/loadavg. */
    public static Double oneMinute() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
