package health.datasafe.recovery.witness;

/** A record on the blocks topic is not a readable {@code BlockCommitted}; the detail says what is wrong. */
class MalformedBlock extends RuntimeException {

    MalformedBlock(String detail) {
        super("not a readable BlockCommitted: " + detail);
    }
}
