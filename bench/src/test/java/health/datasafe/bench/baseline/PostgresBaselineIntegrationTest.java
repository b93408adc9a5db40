package health.datasafe.bench.baseline;

import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresBaselineIntegrationTest {

    private final PostgresDatabase postgres = RealInfrastructure.postgres();

    @Test
    void insertsSingleRowsForTheGivenTimeAndDropsItsScratchSchema() throws Exception {
        var baseline = new PostgresBaseline(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_it");

        BaselineResult result = baseline.run(2, Duration.ofSeconds(1), 512);

        assertThat(result.clients()).isEqualTo(2);
        assertThat(result.rowBytes()).isEqualTo(512);
        assertThat(result.seconds()).isEqualTo(1.0);
        assertThat(result.errors()).isZero();
        assertThat(result.rows()).isPositive();
        assertThat(result.rowsPerSecond()).isEqualTo(result.rows() / 1.0);
        // every counted insert really is in the table; at most one in-flight insert per thread finished late
        assertThat(result.rowsInTable()).isBetween(result.rows(), result.rows() + 2);
        assertThat(schemaExists("bench_it")).isFalse();
    }

    @Test
    void leftOverScratchSchemaFromAnEarlierRunIsReplaced() throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS bench_leftover");
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_leftover.raw_tx (x int)");
        }

        BaselineResult result = new PostgresBaseline(postgres.jdbcUrl(), postgres.username(), postgres.password(),
                "bench_leftover").run(1, Duration.ofMillis(300), 256);

        assertThat(result.rows()).isPositive();
        assertThat(schemaExists("bench_leftover")).isFalse();
    }

    @Test
    void schemaNameThatCouldInjectSqlIsRefused() {
        assertThatThrownBy(() -> new PostgresBaseline(postgres.jdbcUrl(), postgres.username(), postgres.password(),
                "bench; DROP SCHEMA tx")).isInstanceOf(IllegalArgumentException.class);
    }

    private boolean schemaExists(String schema) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, schema);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
