package health.datasafe.ledger.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * The PostgreSQL schemas of a rebuild: the live one this node serves from (the first on its connections' search
 * path), a fresh one a replay fills, migrated with the ledger's own Flyway migrations, and the atomic switch between
 * them: both renames in one transaction, the old schema kept as {@code <live>_replaced_<id>} for inspection, then every
 * pooled connection replaced so that no cached statement still reads the old tables.
 */
@Repository
class LedgerSchemas {

    private static final Logger log = LoggerFactory.getLogger(LedgerSchemas.class);
    private static final String MIGRATIONS = "classpath:db/migration";

    private final DataSource live;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate inOneTransaction;

    LedgerSchemas(DataSource live, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.live = live;
        this.jdbc = jdbc;
        this.inOneTransaction = new TransactionTemplate(transactionManager);
    }

    /** The schema this node serves its ledger from. */
    String live() {
        return jdbc.queryForObject("SELECT current_schema()", String.class);
    }

    /** A connection pool on a new, migrated, empty schema; close it when done. */
    HikariDataSource create(String schema) {
        HikariDataSource pool = DataSourceBuilder.derivedFrom(live).type(HikariDataSource.class).build();
        pool.setPoolName("ledger-rebuild");
        pool.setMaximumPoolSize(2);
        pool.setConnectionInitSql("SET search_path TO " + quoted(schema));
        Flyway.configure().dataSource(pool).schemas(schema).defaultSchema(schema).locations(MIGRATIONS).load().migrate();
        return pool;
    }

    /** The newest checkpoint note the live schema holds, if it still holds one. */
    Optional<String> newestLiveCheckpoint() {
        try {
            return jdbc.query("SELECT note FROM checkpoint ORDER BY id DESC LIMIT 1", (rs, row) -> rs.getString(1))
                    .stream().findFirst();
        } catch (RuntimeException unreadable) {
            log.warn("The live ledger's checkpoints cannot be read: {}", unreadable.getMessage());
            return Optional.empty();
        }
    }

    /**
     * In the rebuilt schema, marks announced what the live ledger announced (same block, same hash; same checkpoint
     * note), so that only blocks the live ledger lost or never announced are announced again after the switch.
     */
    void carryOverAnnouncements(String rebuilt, String liveSchema) {
        try {
            jdbc.update(("UPDATE %1$s.block r SET published = TRUE FROM %2$s.block l WHERE l.shard = r.shard"
                    + " AND l.height = r.height AND l.hash = r.hash AND l.published").formatted(quoted(rebuilt),
                    quoted(liveSchema)));
            jdbc.update(("UPDATE %1$s.checkpoint r SET published = TRUE FROM %2$s.checkpoint l WHERE l.shard = r.shard"
                    + " AND l.height = r.height AND l.note = r.note AND l.published").formatted(quoted(rebuilt),
                    quoted(liveSchema)));
        } catch (RuntimeException unreadable) {
            log.warn("The live ledger's announcements cannot be read ({}): every rebuilt block will be announced again",
                    unreadable.getMessage());
        }
    }

    /** Renames live to {@code replaced} and rebuilt to live in one transaction, then renews every pooled connection. */
    void switchTo(String rebuilt, String liveSchema, String replaced) {
        inOneTransaction.executeWithoutResult(status -> {
            boolean exists = Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, liveSchema));
            if (exists) {
                jdbc.execute("ALTER SCHEMA " + quoted(liveSchema) + " RENAME TO " + quoted(replaced));
            }
            jdbc.execute("ALTER SCHEMA " + quoted(rebuilt) + " RENAME TO " + quoted(liveSchema));
        });
        if (live instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        log.info("Switched the ledger to the rebuilt schema; the replaced one is kept as {}", replaced);
    }

    /** Drops a rebuilt schema that is not used. */
    void drop(String schema) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
    }

    private static String quoted(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return '"' + schema + '"';
    }
}
