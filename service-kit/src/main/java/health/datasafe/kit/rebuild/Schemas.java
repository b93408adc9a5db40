package health.datasafe.kit.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * The PostgreSQL schemas of a rebuild: the live one the service serves from (the first on its connections' search
 * path), a fresh one a replay fills, migrated with the service's own Flyway migrations, and the atomic switch between
 * them: both renames in one transaction, the old schema kept as {@code <live>_replaced_<id>} for inspection, then every
 * pooled connection replaced so that no cached statement still reads the old tables.
 */
public class Schemas {

    private static final Logger log = LoggerFactory.getLogger(Schemas.class);
    private static final String MIGRATIONS = "classpath:db/migration";

    private final DataSource live;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate inOneTransaction;

    Schemas(DataSource live) {
        this.live = live;
        this.jdbc = new JdbcTemplate(live);
        this.inOneTransaction = new TransactionTemplate(new DataSourceTransactionManager(live));
    }

    /**
     * The schema the service serves from. If a disaster dropped it, it is still the first on the search path (where
     * {@code current_schema()} no longer finds it), and a rebuild creates it again.
     */
    String live() {
        String current = jdbc.queryForObject("SELECT current_schema()", String.class);
        if (current != null) {
            return current;
        }
        String path = jdbc.queryForObject("SELECT current_setting('search_path')", String.class);
        String first = path == null ? "" : path.split(",")[0].trim().replace("\"", "");
        if (first.isEmpty() || first.equals("$user")) {
            throw new IllegalStateException("the service's schema is not on its search path: " + path);
        }
        return first;
    }

    /** A connection pool on a new, migrated, empty schema; close it when done. */
    HikariDataSource create(String schema) {
        if (!(live instanceof HikariDataSource source)) {
            throw new IllegalStateException("a rebuild needs the service's data source to be a Hikari pool, not "
                    + live.getClass().getName());
        }
        var pool = new HikariDataSource();
        pool.setJdbcUrl(source.getJdbcUrl());
        pool.setUsername(source.getUsername());
        pool.setPassword(source.getPassword());
        pool.setPoolName("rebuild");
        pool.setMaximumPoolSize(2);
        pool.setConnectionInitSql("SET search_path TO " + quoted(schema));
        Flyway.configure().dataSource(pool).schemas(schema).defaultSchema(schema).locations(MIGRATIONS).load().migrate();
        return pool;
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
        log.info("Switched to the rebuilt schema; the replaced one is kept as {}", replaced);
    }

    /** Drops a rebuilt schema that is not used. */
    void drop(String schema) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
    }

    /** The schema name in double quotes, for SQL; only plain lowercase names are taken. */
    public static String quoted(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return '"' + schema + '"';
    }
}
