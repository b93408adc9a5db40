package health.datasafe.ledger.intake;

/** A refused record could not be published to its dead-letter topic; the committer starts over from its offsets. */
public final class DeadLetterNotSent extends RuntimeException {

    private final String topic;
    private final int partition;
    private final long offset;

    DeadLetterNotSent(String topic, int partition, long offset, Throwable cause) {
        super("could not dead-letter %s-%d@%d: %s".formatted(topic, partition, offset, cause), cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
