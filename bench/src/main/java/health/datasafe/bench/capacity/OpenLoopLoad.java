package health.datasafe.bench.capacity;

import health.datasafe.bench.latency.LatencySummary;
import health.datasafe.bench.processes.ProcessUsage;
import health.datasafe.bench.processes.ProcessWatch;
import health.datasafe.bench.processes.WatchedProcess;
import health.datasafe.bench.submit.BenchPatient;
import health.datasafe.bench.submit.Gateway;
import health.datasafe.bench.submit.RecordBodies;
import health.datasafe.bench.submit.RequestRefused;
import health.datasafe.bench.submit.SyntheticObservation;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * RECORD_ADDED through the gateway at a fixed arrival rate ({@link OpenLoop}), over a set of enrolled patients taken
 * in turn, each write asking {@code Prefer: wait=N} and followed by {@code GET /api/transactions/{id}} after a 202,
 * until the commit deadline. It also runs the one-client loop for the unloaded latency.
 */
public final class OpenLoopLoad {

    private static final int ERROR_SAMPLES = 8;

    private final Gateway gateway;
    private final List<BenchPatient> patients;
    private final RecordBodies bodies;
    private final Duration commitDeadline;
    private final int maxOutstanding;
    private final StoredTimestamps timestamps;
    private final Supplier<List<WatchedProcess>> processes;
    private volatile long lastLoadStoppedNanos;

    /**
     * @param commitDeadline how long after its due time an arrival may take to commit; also its {@code Prefer: wait}
     *                       (at most 30 s, the services' limit)
     * @param maxOutstanding requests in flight at most; further arrivals are not offered
     * @param processes      the processes to watch in each measured window (read again for each, so a restarted
     *                       service is followed)
     */
    public OpenLoopLoad(Gateway gateway, List<BenchPatient> patients, RecordBodies bodies, Duration commitDeadline,
                        int maxOutstanding, StoredTimestamps timestamps, Supplier<List<WatchedProcess>> processes) {
        if (patients.isEmpty()) {
            throw new IllegalArgumentException("no patients to submit for");
        }
        this.gateway = gateway;
        this.patients = List.copyOf(patients);
        this.bodies = bodies;
        this.commitDeadline = commitDeadline;
        this.maxOutstanding = maxOutstanding;
        this.timestamps = timestamps;
        this.processes = processes;
    }

    /** One step at {@code rate} arrivals per second: {@code warmup}, then the measured {@code window}. */
    public StepResult step(String label, double rate, Duration warmup, Duration window) throws InterruptedException {
        return finish(start(label, rate, warmup, window));
    }

    /**
     * Runs the arrivals of a step and returns as soon as the last one is due, with its answers still coming in:
     * {@link #finish} waits for them. In between, the next load can begin at once (the recovery check right after
     * an overload).
     */
    Running start(String label, double rate, Duration warmup, Duration window) {
        OpenLoop loop = new OpenLoop(rate, maxOutstanding);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        WallClock wall = WallClock.read();
        long start = System.nanoTime() + 50_000_000;
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + window.toNanos();
        AtomicReference<List<ProcessUsage>> usage = new AtomicReference<>(List.of());
        Thread watcher = Thread.ofVirtual().name("bench-window-watch").start(() -> watchWindow(measureFrom,
                measureUntil, usage));

        OpenLoop.Arrivals arrivals = loop.run(start, warmup.plus(window), new OpenLoop.Arrival() {
            @Override
            public void send(long index, long dueNanos) throws InterruptedException {
                outcomes.add(offer(index, dueNanos));
            }

            @Override
            public void notOffered(long index, long dueNanos) {
                outcomes.add(new Outcome(index, dueNanos, OutcomeKind.NOT_OFFERED, 0, false, "", dueNanos, ""));
            }
        });
        lastLoadStoppedNanos = System.nanoTime();
        return new Running(label, rate, warmup, window, loop, outcomes, start, wall, measureFrom, measureUntil,
                usage, watcher, arrivals);
    }

    /** Waits for the answers of a started step and sums it up. */
    StepResult finish(Running step) throws InterruptedException {
        // every arrival ends by its deadline; a little more for the last answers to arrive
        step.loop().awaitQuiet(commitDeadline.plusSeconds(5));
        step.watcher().join();
        List<Outcome> inWindow = new ArrayList<>();
        for (Outcome outcome : step.outcomes()) {
            if (outcome.dueNanos() >= step.measureFrom() && outcome.dueNanos() < step.measureUntil()) {
                inWindow.add(outcome);
            }
        }
        long offered = dueBetween(step.start(), step.rate(), step.measureFrom(), step.measureUntil());
        return summarise(step.label(), step.rate(), step.warmup(), step.window(), offered, inWindow,
                step.arrivals().maxLateMillis(), step.usage().get(), step.wall());
    }

    /** A step whose arrivals have all been sent, whose answers may still be coming in. */
    record Running(String label, double rate, Duration warmup, Duration window, OpenLoop loop,
                   ConcurrentLinkedQueue<Outcome> outcomes, long start, WallClock wall, long measureFrom,
                   long measureUntil, AtomicReference<List<ProcessUsage>> usage, Thread watcher,
                   OpenLoop.Arrivals arrivals) {
    }

    /**
     * Right after an overload: {@code rate} arrivals per second for {@code length}, and from when on every arrival
     * committed within {@code normalMillis}, counted from when the last step's arrivals stopped. Start it right after
     * {@link #start}, before {@link #finish}: the overload's last answers are still coming in, as they would for
     * any client arriving then.
     */
    public Recovery recovery(double rate, Duration length, double normalMillis) throws InterruptedException {
        long loadStopped = lastLoadStoppedNanos;
        OpenLoop loop = new OpenLoop(rate, maxOutstanding);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        loop.run(System.nanoTime(), length, new OpenLoop.Arrival() {
            @Override
            public void send(long index, long dueNanos) throws InterruptedException {
                outcomes.add(offer(index, dueNanos));
            }

            @Override
            public void notOffered(long index, long dueNanos) {
                outcomes.add(new Outcome(index, dueNanos, OutcomeKind.NOT_OFFERED, 0, false, "", dueNanos, ""));
            }
        });
        loop.awaitQuiet(commitDeadline.plusSeconds(5));
        return Recovery.of(rate, length.toNanos() / 1e9, List.copyOf(outcomes), normalMillis, loadStopped);
    }

    /** One client, back to back: send, wait for the commit, send the next; {@code warmup} not counted. */
    public SingleClient singleClient(Duration warmup, Duration window) throws InterruptedException {
        BenchPatient patient = patients.getFirst();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + window.toNanos();
        List<Long> latencies = new ArrayList<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        long index = 0;
        while (System.nanoTime() < measureUntil) {
            long due = System.nanoTime();
            Outcome outcome = offer(index++, due);
            if (due < measureFrom) {
                continue;
            }
            if (outcome.kind() == OutcomeKind.COMMITTED) {
                latencies.add(outcome.latencyNanos());
            } else {
                errors.merge(errorKey(outcome), 1L, Long::sum);
                Thread.sleep(100);
            }
        }
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return new SingleClient(window.toNanos() / 1e9, latencies.size(), LatencySummary.ofNanos(nanos), errors);
    }

    /** Arrivals due in [from, until) of a clock started at {@code start}, as {@link OpenLoop} schedules them. */
    static long dueBetween(long start, double rate, long from, long until) {
        double interval = 1e9 / rate;
        long count = 0;
        for (long index = 0; ; index++) {
            long due = start + Math.round(index * interval);
            if (due >= until) {
                return count;
            }
            if (due >= from) {
                count++;
            }
        }
    }

    private Outcome offer(long index, long dueNanos) throws InterruptedException {
        BenchPatient patient = patients.get((int) (index % patients.size()));
        byte[] body = bodies.body(patient.id(), index);
        long deadline = dueNanos + commitDeadline.toNanos();
        long waitSeconds = Math.max(0, Math.min(30, commitDeadline.toSeconds()));
        try {
            Gateway.Answer answer = gateway.offerRecord(patient.id(), patient.token(), body,
                    SyntheticObservation.MEDIA_TYPE, waitSeconds, remaining(deadline));
            long answered = System.nanoTime();
            int status = answer.httpStatus();
            if ((status == 201 || status == 202) && !answer.transactionId().isEmpty()) {
                if (answer.committed()) {
                    return new Outcome(index, dueNanos, OutcomeKind.COMMITTED, answered - dueNanos, false,
                            answer.transactionId(), answered, "");
                }
                String end = gateway.followUntil(answer.transactionId(), patient.token(), deadline);
                long seen = System.nanoTime();
                return switch (end) {
                    case "COMMITTED" -> new Outcome(index, dueNanos, OutcomeKind.COMMITTED, seen - dueNanos, true,
                            answer.transactionId(), seen, "");
                    case "REJECTED" -> new Outcome(index, dueNanos, OutcomeKind.REJECTED, seen - dueNanos, true,
                            answer.transactionId(), seen, "transaction " + answer.transactionId() + " rejected");
                    default -> new Outcome(index, dueNanos, OutcomeKind.TIMEOUT, seen - dueNanos, true,
                            answer.transactionId(), seen, "not committed within " + commitDeadline.toMillis() + " ms");
                };
            }
            if (status == 503 && answer.retryAfter() != null) {
                return new Outcome(index, dueNanos, OutcomeKind.SHED, answered - dueNanos, false, "", answered, "");
            }
            return new Outcome(index, dueNanos, OutcomeKind.REFUSED, answered - dueNanos, false,
                    answer.transactionId(), answered, Integer.toString(status) + (status == 503 ? " without Retry-After"
                    : "") + ": " + abbreviated(answer.body()));
        } catch (HttpTimeoutException e) {
            long now = System.nanoTime();
            return new Outcome(index, dueNanos, OutcomeKind.TIMEOUT, now - dueNanos, false, "", now,
                    "no answer within " + commitDeadline.toMillis() + " ms");
        } catch (IOException e) {
            long now = System.nanoTime();
            return new Outcome(index, dueNanos, OutcomeKind.UNREACHABLE, now - dueNanos, false, "", now, e.toString());
        } catch (RequestRefused e) {
            long now = System.nanoTime();
            return new Outcome(index, dueNanos, OutcomeKind.REFUSED, now - dueNanos, false, "", now,
                    e.status() + " on poll: " + e.getMessage());
        }
    }

    private StepResult summarise(String label, double rate, Duration warmup, Duration window, long offered,
                                 List<Outcome> inWindow, double maxLateMillis, List<ProcessUsage> usage,
                                 WallClock wall) {
        List<Long> committed = new ArrayList<>();
        List<Long> shed = new ArrayList<>();
        List<StoredTimestamps.Seen> seen = new ArrayList<>();
        List<StoredTimestamps.Submitted> submitted = new ArrayList<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        Set<String> samples = new LinkedHashSet<>();
        long polled = 0;
        long sent = 0;
        long notOffered = 0;
        for (Outcome outcome : inWindow) {
            if (outcome.kind() == OutcomeKind.NOT_OFFERED) {
                notOffered++;
            } else {
                sent++;
            }
            if (!outcome.transactionId().isEmpty()) {
                submitted.add(new StoredTimestamps.Submitted(outcome.transactionId(), wall.micros(outcome.dueNanos())));
            }
            switch (outcome.kind()) {
                case COMMITTED -> {
                    committed.add(outcome.latencyNanos());
                    if (outcome.polled()) {
                        polled++;
                    }
                    seen.add(new StoredTimestamps.Seen(outcome.transactionId(), wall.micros(outcome.dueNanos()),
                            wall.micros(outcome.answeredNanos())));
                }
                case SHED -> {
                    shed.add(outcome.latencyNanos());
                    errors.merge(errorKey(outcome), 1L, Long::sum);
                }
                default -> {
                    errors.merge(errorKey(outcome), 1L, Long::sum);
                    if (!outcome.detail().isEmpty() && samples.size() < ERROR_SAMPLES) {
                        samples.add(outcome.kind() + ": " + outcome.detail());
                    }
                }
            }
        }
        long unfinished = offered - inWindow.size();
        if (unfinished > 0) {
            errors.put("unfinished", unfinished);
        }
        double seconds = window.toNanos() / 1e9;
        long[] latencies = committed.stream().mapToLong(Long::longValue).toArray();
        long[] shedLatencies = shed.stream().mapToLong(Long::longValue).toArray();
        StoredTimestamps.StageSplit stages = timestamps == null ? null : timestamps.split(seen);
        LatencySummary blockCommitted = blockCommitted(submitted);
        return new StepResult(label, rate, warmup.toNanos() / 1e9, seconds, offered, sent, notOffered,
                committed.size(), offered == 0 ? 0 : committed.size() / (double) offered, committed.size() / seconds,
                LatencySummary.ofNanos(latencies), polled, errors, LatencySummary.ofNanos(shedLatencies),
                maxLateMillis, null, stages, blockCommitted, usage, List.copyOf(samples));
    }

    /** Due to block committed on node 1, of the submitted transactions committed within the deadline; null: unknown. */
    private LatencySummary blockCommitted(List<StoredTimestamps.Submitted> submitted) {
        if (timestamps == null) {
            return null;
        }
        try {
            return LatencySummary.ofNanos(Arrays.stream(timestamps.dueToBlockCommitted(submitted))
                    .filter(nanos -> nanos <= commitDeadline.toNanos()).toArray());
        } catch (SQLException e) {
            return null;
        }
    }

    private void watchWindow(long from, long until, AtomicReference<List<ProcessUsage>> usage) {
        try {
            sleepUntil(from);
            try (ProcessWatch watch = ProcessWatch.start(processes.get())) {
                sleepUntil(until);
                usage.set(watch.stop());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a devstack.json that cannot be read leaves the window without process figures
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static String errorKey(Outcome outcome) {
        return switch (outcome.kind()) {
            case SHED -> "shed503";
            case REFUSED -> "refused " + outcome.detail().split("[: ]", 2)[0];
            case REJECTED -> "rejected";
            case TIMEOUT -> "timeout";
            case UNREACHABLE -> "unreachable";
            case NOT_OFFERED -> "notOffered";
            case COMMITTED -> "committed";
        };
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
    }

    private static String abbreviated(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /**
     * Converts {@link System#nanoTime()} readings to wall-clock microseconds (the clock of the services' stored
     * timestamps), from one reading of both.
     */
    record WallClock(long anchorNanos, long anchorWallMicros) {

        long micros(long nanos) {
            return anchorWallMicros + (nanos - anchorNanos) / 1000;
        }

        /**
         * Both clocks read together: of a few tries, the one where the fewest nanoseconds passed around the wall-clock
         * reading, anchored at its middle. Two readings apart can be tens of milliseconds apart on a loaded machine
         * (this thread descheduled between them), and every stored timestamp would then seem that much later.
         */
        static WallClock read() {
            WallClock best = null;
            long narrowest = Long.MAX_VALUE;
            for (int i = 0; i < 8; i++) {
                long before = System.nanoTime();
                Instant wall = Instant.now();
                long after = System.nanoTime();
                if (after - before < narrowest) {
                    narrowest = after - before;
                    best = new WallClock(before + (after - before) / 2,
                            wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000);
                }
            }
            return best;
        }
    }

    /**
     * One client, back to back.
     *
     * @param seconds   the measured window
     * @param committed transactions committed in it
     * @param latency   due to COMMITTED seen
     * @param errors    failures by kind
     */
    public record SingleClient(double seconds, long committed, LatencySummary latency, Map<String, Long> errors) {
    }
}
