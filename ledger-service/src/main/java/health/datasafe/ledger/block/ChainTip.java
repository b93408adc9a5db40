package health.datasafe.ledger.block;

import health.datasafe.integrity.LogFrontier;

/**
 * The latest committed block of a shard, what the next block links to, and the frontier of the shard's Merkle log
 * after it. The frontier is never changed in place: it is copied in and handed out as a copy.
 */
record ChainTip(int shard, long height, String hash, LogFrontier log) {

    ChainTip {
        log = log.copy();
    }

    /** A copy of the frontier, free to append to. */
    @Override
    public LogFrontier log() {
        return log.copy();
    }

    long logSize() {
        return log.size();
    }

    /** The root of the shard's log after this block. */
    byte[] logRoot() {
        return log.root();
    }
}
