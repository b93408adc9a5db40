package health.datasafe.integrity;

/** An erasure receipt does not prove what it claims; the message says what does not hold. */
public final class ErasureReceiptInvalid extends RuntimeException {

    public ErasureReceiptInvalid(String why) {
        super(why);
    }
}
