package health.datasafe.devstack.postgres;

import health.datasafe.devsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistentPostgresIntegrationTest {

    @TempDir
    Path directory;

    @Test
    void schemasAndRowsSurviveARestartAndAServerLeftRunningIsStoppedFirst() throws Exception {
        Path data = directory.resolve("postgres");
        Path log = directory.resolve("logs/postgres.log");
        try (var postgres = PersistentPostgres.start(data, log);
             Connection db = connect(postgres.database())) {
            db.createStatement().execute("CREATE SCHEMA ledger");
            db.createStatement().execute("CREATE TABLE ledger.block (height bigint PRIMARY KEY, hash text NOT NULL)");
            db.createStatement().execute("INSERT INTO ledger.block VALUES (0, 'genesis')");
        }

        try (var second = PersistentPostgres.start(data, log)) {
            try (Connection db = connect(second.database());
                 var rows = db.createStatement().executeQuery("SELECT hash FROM ledger.block WHERE height = 0")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("genesis");
            }
            // as if the devstack holding it had died: the server left running on the directory is stopped
            PersistentPostgres.stopLeftoverServer(data);
            assertThatThrownBy(() -> connect(second.database()).close()).isInstanceOf(SQLException.class);
        }

        try (var third = PersistentPostgres.start(data, log);
             Connection db = connect(third.database());
             var rows = db.createStatement().executeQuery("SELECT count(*) FROM ledger.block")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
        assertThat(Files.readString(log)).contains("database system is ready to accept connections");
    }

    @Test
    void aRestartKeepsTheAddressSoTheSameUrlReachesTheSameRowsAgain() throws Exception {
        var postgres = PersistentPostgres.start(directory.resolve("postgres"), directory.resolve("logs/postgres.log"));
        try {
            String url = postgres.database().jdbcUrl();
            try (Connection db = connect(postgres.database())) {
                db.createStatement().execute("CREATE TABLE kept (id int PRIMARY KEY)");
                db.createStatement().execute("INSERT INTO kept VALUES (7)");
            }

            postgres.close();
            var stopped = postgres.database();
            assertThatThrownBy(() -> connect(stopped).close()).isInstanceOf(SQLException.class);
            postgres = postgres.restart();

            assertThat(postgres.database().jdbcUrl()).isEqualTo(url);
            try (Connection db = connect(postgres.database());
                 var rows = db.createStatement().executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        } finally {
            postgres.close();
        }
    }

    private static Connection connect(PostgresDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
