package health.datasafe.validator.intake;

/** A record on the submitted topic that is not a {@code TransactionSubmitted}: dead-lettered, never retried. */
class MalformedSubmission extends RuntimeException {

    MalformedSubmission(String detail) {
        super(detail);
    }
}
