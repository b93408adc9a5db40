package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;

import java.util.List;

/**
 * A block as read back from storage, to be verified: the header, the hash and signature stored with it,
 * and its transactions as the canonical bytes stored for each, next to the tx hash committed for each.
 */
public record StoredBlock(BlockHeader header, String blockHash, String signer, String signature,
                          List<StoredTransaction> transactions) {

    public record StoredTransaction(byte[] canonicalJson, String txHash) {
    }
}
