package health.datasafe.bench.processes;

/**
 * What one process (or tree) used in a measured window.
 *
 * @param name              as in {@link WatchedProcess}
 * @param pid               its pid (the root's, for a tree)
 * @param cpuSeconds        CPU seconds (user and system, every thread) used in the window
 * @param rssMiB            the highest resident set seen by the once-a-second samples in the window
 * @param lifetimePeakRssMiB {@code VmHWM} at the end: the most it was ever resident since it started; null for a tree
 *                           or a process that had ended
 * @param samples           how many samples were taken; 0 when the process could not be read at all
 */
public record ProcessUsage(String name, long pid, double cpuSeconds, double rssMiB, Double lifetimePeakRssMiB,
                           int samples) {

    /** The two windows together: CPU seconds added, memory the higher of the two. */
    public ProcessUsage plus(ProcessUsage later) {
        Double peak = later.lifetimePeakRssMiB != null ? later.lifetimePeakRssMiB : lifetimePeakRssMiB;
        return new ProcessUsage(name, later.pid, cpuSeconds + later.cpuSeconds, Math.max(rssMiB, later.rssMiB), peak,
                samples + later.samples);
    }
}
