package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.Hex;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Reads a block's hashed header from a row of table {@code block}, wherever a query selects its columns. */
public final class BlockRow {

    private BlockRow() {
    }

    /**
     * The header from columns {@code shard, height, previous_hash, merkle_root, tx_count, log_size, block_timestamp}
     * of the current row.
     */
    public static BlockHeader header(ResultSet rs) throws SQLException {
        return new BlockHeader(rs.getInt("shard"), rs.getLong("height"), Hex.of(rs.getBytes("previous_hash")),
                Hex.of(rs.getBytes("merkle_root")), rs.getInt("tx_count"), rs.getLong("log_size"),
                rs.getObject("block_timestamp", OffsetDateTime.class).toInstant());
    }
}
