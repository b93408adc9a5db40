package health.datasafe.bench.capacity;

import health.datasafe.bench.processes.ProcessUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One process over all measured windows of a run: the CPU it used in them, its highest resident set, and what that
 * comes to per committed transaction (the profile of where the CPU of one transaction goes, by process).
 *
 * @param name                  the process
 * @param cpuSeconds            CPU seconds used in the measured windows together
 * @param rssMiB                the highest resident set sampled in any of them
 * @param lifetimePeakRssMiB    {@code VmHWM} at the end (null for PostgreSQL's tree, or an ended process)
 * @param cpuMillisPerCommitted {@code cpuSeconds} in milliseconds per transaction committed in those windows
 *                              (null when none was)
 */
public record ProcessSummary(String name, double cpuSeconds, double rssMiB, Double lifetimePeakRssMiB,
                             Double cpuMillisPerCommitted) {

    /** The processes of these steps together, by name, in the order first seen. */
    static List<ProcessSummary> of(List<StepResult> steps) {
        Map<String, ProcessUsage> byName = new LinkedHashMap<>();
        long committed = 0;
        for (StepResult step : steps) {
            committed += step.committed();
            for (ProcessUsage usage : step.processes()) {
                byName.merge(usage.name(), usage, ProcessUsage::plus);
            }
        }
        List<ProcessSummary> summaries = new ArrayList<>();
        for (ProcessUsage usage : byName.values()) {
            summaries.add(new ProcessSummary(usage.name(), usage.cpuSeconds(), usage.rssMiB(),
                    usage.lifetimePeakRssMiB(), committed == 0 ? null : usage.cpuSeconds() * 1000 / committed));
        }
        return summaries;
    }
}
