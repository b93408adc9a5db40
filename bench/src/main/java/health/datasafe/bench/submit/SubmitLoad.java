package health.datasafe.bench.submit;

import health.datasafe.bench.latency.LatencySummary;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Registers one synthetic patient per client, then lets every client, each in its own virtual thread, add records
 * for its patient back to back: send, wait until committed, send the next. Only transactions committed inside the
 * measured window (after the warm-up) count.
 */
public final class SubmitLoad {

    /** How long a client follows a transaction that answered 202 before calling it an error. */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);
    /** After the window closes, how long in-flight submissions get to finish before their clients are interrupted. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    private static final int ERROR_SAMPLES = 5;
    private static final Duration ERROR_PAUSE = Duration.ofMillis(100);

    private final Gateway gateway;
    private final RecordBodies bodies;

    public SubmitLoad(Gateway gateway, int recordBytes) {
        this(gateway, RecordBodies.synthetic(recordBytes));
    }

    public SubmitLoad(Gateway gateway, RecordBodies bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    /** Tokens for and registration of {@code count} fresh patients {@code <runId>-<i>}, committed before it returns. */
    public List<BenchPatient> enrol(String runId, int count) throws InterruptedException {
        return enrol(gateway, runId, count, count);
    }

    /**
     * Tokens for and registration of {@code count} fresh patients {@code <runId>-<i>}, at most {@code concurrency} at
     * a time (the development token issuer and the pipeline are not to be flooded before the measurement), committed
     * before it returns.
     */
    public static List<BenchPatient> enrol(Gateway gateway, String runId, int count, int concurrency)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BenchPatient>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = runId + "-" + i;
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        String token = gateway.token(id, "PATIENT");
                        gateway.awaitCommitted(gateway.register(id, token), token, COMMIT_TIMEOUT);
                        return new BenchPatient(id, token);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<BenchPatient> patients = new ArrayList<>();
            for (Future<BenchPatient> future : futures) {
                try {
                    patients.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("registering the benchmark's patients failed: " + e.getCause(), e.getCause());
                }
            }
            return patients;
        }
    }

    /** Runs the load: {@code warmup} first, then the measured {@code duration}. */
    public SubmitResult run(List<BenchPatient> patients, Duration warmup, Duration duration) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        Set<String> errorSamples = new LinkedHashSet<>();
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            Client client = new Client(patients.get(i), measureFrom, measureUntil, errorSamples);
            clients.add(client);
            threads.add(Thread.ofVirtual().name("bench-client-" + i).start(client));
        }
        long drainDeadline = measureUntil + DRAIN.toNanos();
        for (Thread thread : threads) {
            long left = drainDeadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
        }
        long unfinished = 0;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                unfinished++;
                thread.interrupt();
            }
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10));
        }

        long committed = 0;
        long errors = 0;
        long polled = 0;
        long warmupCommitted = 0;
        long warmupErrors = 0;
        long[] latencies = new long[0];
        for (Client client : clients) {
            Tally tally = client.tally();
            committed += tally.latencies().length;
            errors += tally.errors();
            polled += tally.polled();
            warmupCommitted += tally.warmupCommitted();
            warmupErrors += tally.warmupErrors();
            latencies = concat(latencies, tally.latencies());
        }
        List<String> samples;
        synchronized (errorSamples) {
            samples = List.copyOf(errorSamples);
        }
        double seconds = duration.toNanos() / 1e9;
        return new SubmitResult(committed, seconds, committed / seconds, LatencySummary.ofNanos(latencies), errors,
                polled, warmupCommitted, warmupErrors, unfinished, samples);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private record Tally(long[] latencies, long polled, long errors, long warmupCommitted, long warmupErrors) {
    }

    /** One client's loop and its own tallies. */
    private final class Client implements Runnable {

        private final BenchPatient patient;
        private final long measureFrom;
        private final long measureUntil;
        private final Set<String> errorSamples;
        private long[] latencies = new long[1024];
        private int committed;
        private long errors;
        private long polled;
        private long warmupCommitted;
        private long warmupErrors;

        Client(BenchPatient patient, long measureFrom, long measureUntil, Set<String> errorSamples) {
            this.patient = patient;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.errorSamples = errorSamples;
        }

        @Override
        public void run() {
            long sequence = 0;
            while (System.nanoTime() < measureUntil && !Thread.currentThread().isInterrupted()) {
                byte[] body = bodies.body(patient.id(), sequence++);
                long sent = System.nanoTime();
                try {
                    boolean neededPolling = gateway.awaitCommitted(
                            gateway.addRecord(patient.id(), patient.token(), body), patient.token(), COMMIT_TIMEOUT);
                    finished(sent, System.nanoTime(), neededPolling);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | RuntimeException e) {
                    failed(System.nanoTime(), e);
                    try {
                        // an unreachable or failing gateway would otherwise be hammered in a tight loop
                        Thread.sleep(ERROR_PAUSE);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private synchronized void finished(long sent, long done, boolean neededPolling) {
            if (done < measureFrom) {
                warmupCommitted++;
            } else if (done <= measureUntil) {
                if (committed == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[committed++] = done - sent;
                if (neededPolling) {
                    polled++;
                }
            }
        }

        private synchronized void failed(long at, Exception e) {
            if (at < measureFrom) {
                warmupErrors++;
            } else if (at <= measureUntil) {
                errors++;
            }
            synchronized (errorSamples) {
                if (errorSamples.size() < ERROR_SAMPLES) {
                    errorSamples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }

        private synchronized Tally tally() {
            return new Tally(Arrays.copyOf(latencies, committed), polled, errors, warmupCommitted, warmupErrors);
        }
    }
}
