package health.datasafe.devsupport;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Transactions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds signed transactions and signed, hash-chained blocks exactly as the ledger-service commits them, with the
 * integrity module's rules: a stand-in for the initiator and one ledger node. Every block carries the frontier of its
 * shard's log before it and the checkpoint signed right after it, over {@link #SHARDS} shards.
 */
public final class TestLedger {

    private final Ed25519.SigningKey initiator = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey ledger;
    /** The shards a checkpoint covers, as many as the test broker's partitions. */
    public static final int SHARDS = 3;
    public static final String ORIGIN = "test.datasafe.health/ledger";

    private final Map<Integer, Tip> tips = new HashMap<>();

    /** A ledger node signing with {@code ledger}. */
    public TestLedger(Ed25519.SigningKey ledger) {
        this.ledger = ledger;
    }

    /** A ledger node with a key of its own. */
    public TestLedger() {
        this(Ed25519.SigningKey.generate());
    }

    private record Tip(long height, String hash, long logSize, LogFrontier log) {
    }

    public Ed25519.VerifyingKey ledgerKey() {
        return ledger.verifyingKey();
    }

    public Transaction accessed(String patientId, String actorId, String recordId, Purpose purpose) {
        return signed(TransactionType.RECORD_ACCESSED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, purpose.name()));
    }

    public Transaction denied(String patientId, String actorId, String recordId, Purpose purpose, String attemptId) {
        return signed(TransactionType.ACCESS_DENIED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, purpose.name(), Metadata.ATTEMPT_ID, attemptId,
                        Metadata.REASON, RejectionReason.CONSENT_DENIED.name()));
    }

    /** The refusal of a write: as {@link #denied}, with {@code action=write}. */
    public Transaction deniedWrite(String patientId, String actorId, String recordId, Purpose purpose, String attemptId) {
        return signed(TransactionType.ACCESS_DENIED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, purpose.name(), Metadata.ATTEMPT_ID, attemptId,
                        Metadata.REASON, RejectionReason.CONSENT_DENIED.name(), Metadata.ACTION, Metadata.WRITE));
    }

    public Transaction added(String patientId, String actorId, String recordId) {
        return signed(TransactionType.RECORD_ADDED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.CONTENT_TYPE, "application/fhir+json"));
    }

    /** A clinician's break-glass on the patient's records, its window closing at {@code validUntil}. */
    public Transaction emergencyAccess(String patientId, String actorId, String consentId, Instant validUntil) {
        return signed(TransactionType.EMERGENCY_ACCESS, patientId, actorId, Map.of(Metadata.CONSENT_ID, consentId,
                Metadata.PURPOSE, Purpose.EMERGENCY.name(), Metadata.VALID_UNTIL, validUntil.toString()));
    }

    /** An auditor's finding on a break-glass. */
    public Transaction emergencyReviewed(String patientId, String actorId, String consentId, ReviewFinding finding) {
        return signed(TransactionType.EMERGENCY_REVIEWED, patientId, actorId, Map.of(Metadata.CONSENT_ID, consentId,
                Metadata.FINDING, finding.name()));
    }

    /** The patient's erasure of her record. */
    public Transaction recordErased(String patientId, String recordId) {
        return signed(TransactionType.RECORD_ERASED, patientId, patientId, Map.of(Metadata.RECORD_ID, recordId));
    }

    /** The initiator's vault confirms it destroyed the record {@code erasure} erased. */
    public Transaction erasureConfirmed(Transaction erasure) {
        return signed(TransactionType.ERASURE_CONFIRMED, erasure.patientId(),
                Metadata.vaultOf(initiator.verifyingKey().keyId()), Map.of(Metadata.RECORD_ID,
                        erasure.meta(Metadata.RECORD_ID), Metadata.ERASURE_ID, erasure.id()));
    }

    private Transaction signed(TransactionType type, String patientId, String actorId, Map<String, String> metadata) {
        var unsigned = new Transaction(UUID.randomUUID().toString(), type, patientId, actorId,
                Transactions.metadataHash(metadata), metadata, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                initiator.verifyingKey().keyId(), null);
        return Transactions.sign(unsigned, initiator);
    }

    /** The next block of the shard, holding the given transactions in order. */
    public BlockCommitted block(int shard, Transaction... transactions) {
        Tip tip = tips.get(shard);
        long height = tip == null ? 0 : tip.height() + 1;
        long firstLeaf = tip == null ? 0 : tip.logSize();
        var committed = new ArrayList<CommittedTransaction>();
        var hashes = new ArrayList<String>();
        for (int i = 0; i < transactions.length; i++) {
            String hash = Transactions.hash(transactions[i]);
            hashes.add(hash);
            committed.add(new CommittedTransaction(transactions[i], hash, firstLeaf + i));
        }
        var header = new BlockHeader(shard, height, tip == null ? Blocks.GENESIS_PREVIOUS_HASH : tip.hash(),
                MerkleTree.rootHex(hashes), transactions.length, firstLeaf + transactions.length,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String blockHash = Blocks.hash(header);
        LogFrontier log = tip == null ? LogFrontier.empty() : tip.log().copy();
        List<String> frontier = log.hashes().stream().map(Hex::of).toList();
        hashes.forEach(hash -> log.append(MerkleTree.leafHash(Hex.parseHash(hash))));
        tips.put(shard, new Tip(height, blockHash, header.logSize(), log));
        return new BlockCommitted(header, blockHash, ledger.verifyingKey().keyId(), Blocks.sign(blockHash, ledger),
                List.copyOf(committed), frontier, checkpoint());
    }

    /** The signed checkpoint of every shard's log as it stands. */
    public String checkpoint() {
        var shards = new ArrayList<Checkpoint.ShardLog>();
        for (int shard = 0; shard < SHARDS; shard++) {
            Tip tip = tips.get(shard);
            LogFrontier log = tip == null ? LogFrontier.empty() : tip.log();
            shards.add(new Checkpoint.ShardLog(shard, log.size(), Hex.of(log.root())));
        }
        return new Checkpoint(ORIGIN, shards).sign(ledger);
    }
}
