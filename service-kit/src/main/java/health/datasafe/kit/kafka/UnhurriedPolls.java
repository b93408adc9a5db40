package health.datasafe.kit.kafka;

/**
 * Consumer settings, for {@code @KafkaListener(properties = {UnhurriedPolls.MIN_BYTES, UnhurriedPolls.MAX_WAIT})}, of a
 * listener no request waits for (a ledger node's fork watch, the recovery witness): each fetch waits
 * up to half a second for a mebibyte rather than answering as soon as one record is there. With several ledger nodes
 * such a topic gets a record per block from each node, many times a second; read one at a time, every record cost a
 * fetch, a wake-up and a database transaction of its own, while half a second of them costs one of each (for a batch
 * listener) and delays nothing anyone waits on. Not for the access log: a patient who was just refused or served
 * expects to find it in her log when she looks next.
 */
public final class UnhurriedPolls {

    public static final String MIN_BYTES = "fetch.min.bytes=1048576";
    public static final String MAX_WAIT = "fetch.max.wait.ms=500";

    private UnhurriedPolls() {
    }
}
