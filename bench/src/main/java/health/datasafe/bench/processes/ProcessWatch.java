package health.datasafe.bench.processes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a set of processes over one measured window: their CPU seconds at the start and the end (the difference is
 * what the window cost) and their resident memory once a second in between (the highest reading is the window's
 * peak). A process that ends during the window keeps what was last read of it.
 */
public final class ProcessWatch implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final double KIB_PER_MIB = 1024.0;

    private final List<WatchedProcess> processes;
    private final Map<WatchedProcess, Reading> readings = new LinkedHashMap<>();
    private final Thread sampler;

    private ProcessWatch(List<WatchedProcess> processes) {
        this.processes = List.copyOf(processes);
        for (WatchedProcess process : this.processes) {
            Optional<WatchedProcess.Sample> first = process.sample();
            readings.put(process, new Reading(first.orElse(null)));
        }
        this.sampler = Thread.ofPlatform().daemon().name("bench-proc-sampler").start(this::sampleEverySecond);
    }

    /** Starts watching now. */
    public static ProcessWatch start(List<WatchedProcess> processes) {
        return new ProcessWatch(processes);
    }

    /** Stops watching and returns what each process used since {@link #start}. */
    public List<ProcessUsage> stop() {
        sampler.interrupt();
        try {
            sampler.join(INTERVAL.multipliedBy(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleOnce();
        List<ProcessUsage> usage = new ArrayList<>();
        synchronized (readings) {
            for (WatchedProcess process : processes) {
                usage.add(readings.get(process).usage(process));
            }
        }
        return usage;
    }

    @Override
    public void close() {
        sampler.interrupt();
    }

    private void sampleEverySecond() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            sampleOnce();
        }
    }

    private void sampleOnce() {
        for (WatchedProcess process : processes) {
            Optional<WatchedProcess.Sample> sample = process.sample();
            synchronized (readings) {
                sample.ifPresent(readings.get(process)::add);
            }
        }
    }

    /** The first and the latest sample of one process, and the highest resident set seen. */
    private static final class Reading {

        private final WatchedProcess.Sample first;
        private WatchedProcess.Sample last;
        private long highestRssKiB;
        private int count;

        Reading(WatchedProcess.Sample first) {
            this.first = first;
            if (first != null) {
                add(first);
            }
        }

        void add(WatchedProcess.Sample sample) {
            last = sample;
            highestRssKiB = Math.max(highestRssKiB, sample.rssKiB());
            count++;
        }

        ProcessUsage usage(WatchedProcess process) {
            if (first == null || last == null) {
                return new ProcessUsage(process.name(), process.pid(), 0, 0, null, 0);
            }
            Double peak = process.withChildren() || last.peakRssKiB() == 0 ? null : last.peakRssKiB() / KIB_PER_MIB;
            return new ProcessUsage(process.name(), process.pid(), Math.max(0, last.cpuSeconds() - first.cpuSeconds()),
                    highestRssKiB / KIB_PER_MIB, peak, count);
        }
    }
}
