package health.datasafe.transaction.initiator;

/** A record on an outcome topic that does not parse or fails a check; it goes to the dead-letter topic. */
class MalformedOutcome extends RuntimeException {

    MalformedOutcome(String reason) {
        super(reason);
    }
}
