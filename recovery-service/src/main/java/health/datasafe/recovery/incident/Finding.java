package health.datasafe.recovery.incident;

import health.datasafe.integrity.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One thing found wrong with the ledger, before it is an incident: see {@link IntegrityIncident} for the fields. Two
 * findings with the same fingerprint are the same finding seen twice.
 */
public record Finding(String source, String failure, int shard, long height, String field, String expected,
                      String actual, String detail, String claimedBlockHash) {

    /** A block received on the blocks topic failed the witness's checks. */
    public static Finding ofWitness(int shard, long height, String failure, String expected, String actual,
                                    String detail, String claimedBlockHash) {
        return new Finding("witness", failure, shard, height, null, expected, actual, detail,
                claimedBlockHash == null ? "" : claimedBlockHash);
    }

    /** An audit found the ledger differing from the witness copy or from a signed checkpoint. */
    public static Finding ofAudit(String kind, int shard, long height, String field, Object expected, Object actual,
                                  String detail) {
        return new Finding("audit", kind, shard, height, field, expected == null ? null : expected.toString(),
                actual == null ? null : actual.toString(), detail, null);
    }

    /**
     * A record of {@code topic} that a service refused and dead-lettered ({@code record}: topic-partition@offset); the
     * same record dead-lettered by several consumers is one finding.
     */
    public static Finding ofDeadLetter(String failure, int shard, String topic, String record, String detail) {
        return new Finding("deadletter", failure, shard, -1, topic, null, record, detail, null);
    }

    /** Hex SHA-256 of what identifies the finding; the sentence in {@code detail} is not part of it. */
    public String fingerprint() {
        Stream<Object> parts = "witness".equals(source)
                ? Stream.of(source, shard, height, failure, claimedBlockHash)
                : Stream.of(source, failure, shard, height, field, expected, actual);
        return Sha256.hex(parts.map(part -> Objects.toString(part, "")).collect(Collectors.joining("|"))
                .getBytes(StandardCharsets.UTF_8));
    }
}
