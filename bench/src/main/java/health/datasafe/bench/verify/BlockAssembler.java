package health.datasafe.bench.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.StoredBlock;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the rows of one shard into {@link StoredBlock}s exactly as the ledger-service's ChainAudit does (hashes as
 * lowercase hex, the signature as base64) and hands each on once its last transaction has been read.
 */
final class BlockAssembler implements ChainRows.Visitor {

    private final Consumer<StoredBlock> next;
    private BlockHeader header;
    private String blockHash;
    private String signer;
    private String signature;
    private List<StoredBlock.StoredTransaction> transactions = new ArrayList<>();

    BlockAssembler(Consumer<StoredBlock> next) {
        this.next = next;
    }

    @Override
    public void block(int shard, long height, byte[] hash, byte[] previousHash, byte[] merkleRoot, int txCount,
                      long logSize, OffsetDateTime timestamp, String signer, byte[] signature) {
        flush();
        this.header = new BlockHeader(shard, height, Hex.of(previousHash), Hex.of(merkleRoot), txCount, logSize,
                timestamp.toInstant());
        this.blockHash = Hex.of(hash);
        this.signer = signer;
        this.signature = Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public void transaction(long leafIndex, byte[] txHash, byte[] canonicalJson) {
        transactions.add(new StoredBlock.StoredTransaction(canonicalJson, Hex.of(txHash)));
    }

    @Override
    public void end() {
        flush();
    }

    private void flush() {
        if (header == null) {
            return;
        }
        var block = new StoredBlock(header, blockHash, signer, signature, transactions);
        header = null;
        transactions = new ArrayList<>(transactions.size());
        next.accept(block);
    }
}
