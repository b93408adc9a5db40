package health.datasafe.transaction.initiator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Marks transactions published ({@code published_at}, the instant Kafka acknowledged them), many at once: a request
 * leaves its mark here and answers; one virtual thread at a time writes all the marks waiting, in one statement, and
 * goes on while more arrive (a group commit). A mark is bookkeeping for the relay, not a promise to the caller: one
 * lost with the process leaves the row unpublished, and the relay publishes it again ({@link Submitter}), which the
 * validator and the ledger take once.
 */
@Component
class PublishedMarks {

    private static final Logger log = LoggerFactory.getLogger(PublishedMarks.class);

    private record Mark(String id, Instant at) {
    }

    private final JdbcClient jdbc;
    private final ConcurrentLinkedQueue<Mark> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    PublishedMarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Leaves the mark to be written with the others waiting. */
    void published(String id, Instant at) {
        waiting.add(new Mark(id, at));
        if (writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("published-marks").start(this::writeAll);
        }
    }

    private void writeAll() {
        do {
            try {
                List<Mark> marks = new ArrayList<>();
                for (Mark mark; (mark = waiting.poll()) != null; ) {
                    marks.add(mark);
                }
                if (!marks.isEmpty()) {
                    write(marks);
                }
            } catch (RuntimeException e) {
                log.warn("Could not mark transactions published (the relay will publish them again): {}", e.toString());
            } finally {
                writing.set(false);
            }
        } while (!waiting.isEmpty() && writing.compareAndSet(false, true));
    }

    private void write(List<Mark> marks) {
        jdbc.sql("""
                        UPDATE transactions t SET published_at = m.at
                        FROM unnest(?::text[], ?::timestamptz[]) AS m (id, at)
                        WHERE t.id = m.id AND t.published_at IS NULL""")
                .param(marks.stream().map(Mark::id).toArray(String[]::new))
                .param(marks.stream().map(mark -> mark.at().toString()).toArray(String[]::new))
                .update();
    }
}
