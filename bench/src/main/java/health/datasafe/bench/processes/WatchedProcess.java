package health.datasafe.bench.processes;

import java.util.List;
import java.util.Optional;

/**
 * A process whose cost the benchmark reports, alone or with its children: PostgreSQL is a postmaster and one
 * process per connection and background worker, so it is counted as the postmaster and every child it has at the
 * time of each sample, plus what the children it has already reaped used ({@code cutime + cstime}); a JVM is one
 * process, its threads included.
 *
 * @param name         what to call it in the report, e.g. {@code transaction-service}
 * @param pid          the process, or the root of the tree
 * @param withChildren whether its children count too
 */
public record WatchedProcess(String name, long pid, boolean withChildren) {

    /** What it has used so far and holds now; empty once it has ended. */
    public Optional<Sample> sample() {
        Optional<ProcEntry> root = ProcEntry.read(pid);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!withChildren) {
            return Optional.of(new Sample(root.get().ownCpuSeconds(), root.get().rssKiB(), root.get().peakRssKiB()));
        }
        double cpu = root.get().ownCpuSeconds() + root.get().childrenCpuSeconds();
        long rss = root.get().rssKiB();
        List<Long> children = ProcEntry.children(pid);
        for (long child : children) {
            Optional<ProcEntry> entry = ProcEntry.read(child);
            if (entry.isPresent()) {
                cpu += entry.get().ownCpuSeconds() + entry.get().childrenCpuSeconds();
                rss += entry.get().rssKiB();
            }
        }
        // the peak of a tree is only known from the samples taken
        return Optional.of(new Sample(cpu, rss, 0));
    }

    /**
     * One reading.
     *
     * @param cpuSeconds CPU time used since the process started (a tree: the live processes and the reaped ones)
     * @param rssKiB     resident now (a tree: the sum of its processes, so shared memory is counted once per process
     *                   that touched it)
     * @param peakRssKiB {@code VmHWM}, the most it was ever resident; 0 for a tree
     */
    public record Sample(double cpuSeconds, long rssKiB, long peakRssKiB) {
    }
}
