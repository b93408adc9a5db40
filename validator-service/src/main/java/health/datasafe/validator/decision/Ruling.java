package health.datasafe.validator.decision;

/** What became of one transaction of a batch ({@link Decider#decide}): a decision, or a refusal without one. */
public sealed interface Ruling {

    /** Validated or rejected, and stored: a redelivery gets this same decision. */
    record Decided(Decision decision) implements Ruling {
    }

    /**
     * Not decided at all (schema, initiator signature, an id already decided for another transaction): nothing is
     * stored, and the record is dead-lettered with this reason.
     */
    record Refused(String reason) implements Ruling {
    }
}
