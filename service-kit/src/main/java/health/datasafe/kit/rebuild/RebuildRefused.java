package health.datasafe.kit.rebuild;

/** A rebuilt state failed a check and must not replace the live one; the message names what differs. */
public class RebuildRefused extends RuntimeException {

    public RebuildRefused(String message) {
        super(message);
    }
}
