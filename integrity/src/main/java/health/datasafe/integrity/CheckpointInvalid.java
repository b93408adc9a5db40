package health.datasafe.integrity;

/** A signed checkpoint (or other signed note) could not be read, or its signature did not verify. */
public abstract sealed class CheckpointInvalid extends RuntimeException
        permits CheckpointInvalid.CheckpointMalformed, CheckpointInvalid.CheckpointSignatureInvalid,
        CheckpointInvalid.TooFewSigners {

    CheckpointInvalid(String message) {
        super(message);
    }

    /** The note breaks the format at {@code line} (1-based; 0 for the note as a whole). */
    public static final class CheckpointMalformed extends CheckpointInvalid {
        private final int line;

        public CheckpointMalformed(int line, String why) {
            super(line == 0 ? "malformed checkpoint: " + why : "malformed checkpoint, line " + line + ": " + why);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** No signature by the expected key verifies over the note's text. */
    public static final class CheckpointSignatureInvalid extends CheckpointInvalid {
        private final String signer;
        private final String keyId;

        public CheckpointSignatureInvalid(String signer, String keyId, String why) {
            super("checkpoint signature of %s (key %s) is invalid: %s".formatted(signer, keyId, why));
            this.signer = signer;
            this.keyId = keyId;
        }

        public String signer() {
            return signer;
        }

        public String keyId() {
            return keyId;
        }
    }

    /** Fewer trusted keys than required signed the note's text. */
    public static final class TooFewSigners extends CheckpointInvalid {
        private final int required;
        private final java.util.List<String> signers;

        public TooFewSigners(int required, java.util.List<String> signers) {
            this(required, signers, java.util.List.of());
        }

        /** @param failures why each of the other keys counted for nothing */
        public TooFewSigners(int required, java.util.List<String> signers, java.util.List<String> failures) {
            super("the checkpoint signature of only %d trusted key(s) %s verifies, %d required%s".formatted(
                    signers.size(), signers, required, failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")"));
            this.required = required;
            this.signers = java.util.List.copyOf(signers);
        }

        public int required() {
            return required;
        }

        /** Key ids of the trusted keys whose signatures verify. */
        public java.util.List<String> signers() {
            return signers;
        }
    }
}
