package health.datasafe.ledger.fork;

/**
 * This node's block at {@code height} of {@code shard} hashes to {@code ownHash}, but a quorum of the other ledger
 * nodes signed {@code quorumHash} there; {@code differing} names the header fields that differ (or {@code hash} when
 * the stored header is the quorum's but its stored hash is not). Published as an application event once per fork.
 */
public record ForkDetected(String node, int shard, long height, String ownHash, String quorumHash,
                           java.util.List<String> quorumSigners, String differing) {
}
