package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A submission's row is marked published after it answers, by a group commit of all the marks waiting: many
 * submissions at once all get theirs, each the instant Kafka took it, and a row keeps the first mark it got.
 */
class PublishedMarksIntegrationTest extends TransactionServiceTestBase {

    @Autowired
    private Submissions submissions;

    @Autowired
    private PublishedMarks marks;

    @Autowired
    private JdbcClient jdbc;

    private Instant publishedAt(String id) {
        OffsetDateTime at = jdbc.sql("SELECT published_at FROM transactions WHERE id = ?").param(id)
                .query(OffsetDateTime.class).single();
        return at == null ? null : at.toInstant();
    }

    private String submitted() {
        return submissions.submit(Draft.of(TransactionType.IDENTITY_REGISTERED, null, uniqueId("clinician"),
                Map.of(Metadata.ROLE, Role.CLINICIAN.name()))).id();
    }

    @Test
    void manySubmissionsAtOnceAreAllMarkedPublishedWithinTheirOwnRequest() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Future<String>> ids = new ArrayList<>();
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) {
                ids.add(requests.submit(this::submitted));
            }
        }
        Instant after = Instant.now();

        for (Future<String> id : ids) {
            await().atMost(PATIENCE).until(() -> publishedAt(id.get()) != null);
            assertThat(publishedAt(id.get())).isBetween(before, after);
        }
    }

    @Test
    void aRowKeepsTheFirstMarkItGot() {
        String id = submitted();
        await().atMost(PATIENCE).until(() -> publishedAt(id) != null);
        Instant first = publishedAt(id);

        marks.published(id, first.plusSeconds(60));
        String next = submitted();
        await().atMost(PATIENCE).until(() -> publishedAt(next) != null);

        assertThat(publishedAt(id)).isEqualTo(first);
    }
}
