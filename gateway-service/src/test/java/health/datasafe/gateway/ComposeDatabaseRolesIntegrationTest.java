package health.datasafe.gateway;

import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compose's {@code deploy/postgres/roles.sql}, run against a real PostgreSQL into a database of its own (with the
 * passwords {@code roles.sh} would pass as psql variables): each service's role owns its schema and reaches no other.
 */
class ComposeDatabaseRolesIntegrationTest {

    private static final List<String> SCHEMAS = List.of("tx", "validator", "ledger", "recovery", "report");

    private static PostgresDatabase postgres;
    private static String database;

    @BeforeAll
    static void runTheRolesScript() throws Exception {
        postgres = RealInfrastructure.postgres();
        database = "compose_roles_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String script = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("deploy/postgres/roles.sql"));
        for (String schema : SCHEMAS) {
            script = script.replace(":'" + schema + "_password'", "'" + password(schema) + "'");
        }
        assertThat(script).doesNotContain(":'");
        try (Connection admin = connect(postgres.username(), postgres.password()); Statement statement = admin.createStatement()) {
            statement.execute(script);
        }
        for (String schema : SCHEMAS) {
            try (Connection owner = connect("dsh_" + schema, password(schema)); Statement statement = owner.createStatement()) {
                statement.execute("CREATE TABLE " + schema + ".kept (id int PRIMARY KEY)");
                statement.execute("INSERT INTO " + schema + ".kept VALUES (1)");
            }
        }
    }

    @Test
    void eachServiceRoleWorksInItsOwnSchema() throws SQLException {
        for (String schema : SCHEMAS) {
            try (Connection owner = connect("dsh_" + schema, password(schema)); Statement statement = owner.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as(schema).isEqualTo(1);
            }
        }
    }

    @Test
    void noServiceRoleReadsOrRewritesAnotherServicesSchema() throws SQLException {
        for (String role : SCHEMAS) {
            try (Connection connection = connect("dsh_" + role, password(role))) {
                for (String other : SCHEMAS) {
                    if (other.equals(role)) {
                        continue;
                    }
                    for (String sql : List.of("SELECT * FROM " + other + ".kept", "UPDATE " + other + ".kept SET id = 2",
                            "CREATE TABLE " + other + ".planted (id int)")) {
                        assertThatThrownBy(() -> execute(connection, sql)).as("dsh_%s: %s", role, sql).isInstanceOf(SQLException.class)
                                .hasMessageContaining("permission denied");
                    }
                }
            }
        }
    }

    @Test
    void eachServiceRoleCanRebuildIntoANewSchemaAndSwitchItOverItsLiveOne() throws SQLException {
        for (String schema : SCHEMAS) {
            try (Connection owner = connect("dsh_" + schema, password(schema)); Statement statement = owner.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema + "_rebuild_1");
                statement.execute("CREATE TABLE " + schema + "_rebuild_1.kept (id int PRIMARY KEY)");
                statement.execute("INSERT INTO " + schema + "_rebuild_1.kept VALUES (1)");
                owner.setAutoCommit(false);
                statement.execute("ALTER SCHEMA " + schema + " RENAME TO " + schema + "_replaced_1");
                statement.execute("ALTER SCHEMA " + schema + "_rebuild_1 RENAME TO " + schema);
                owner.commit();
                owner.setAutoCommit(true);
                statement.execute("DROP SCHEMA " + schema + "_replaced_1 CASCADE");
            }
        }
        try (Connection report = connect("dsh_report", password("report"))) {
            for (String sql : List.of("ALTER SCHEMA ledger RENAME TO ledger_gone", "DROP SCHEMA ledger CASCADE")) {
                assertThatThrownBy(() -> execute(report, sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
            }
        }
        eachServiceRoleWorksInItsOwnSchema();
    }

    @Test
    void noServiceRoleCreatesTablesInThePublicSchema() throws SQLException {
        try (Connection connection = connect("dsh_report", password("report"))) {
            assertThatThrownBy(() -> execute(connection, "CREATE TABLE public.planted (id int)")).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String password(String schema) {
        return "pw-" + schema + "-for-this-test";
    }

    private static Connection connect(String user, String password) throws SQLException {
        // without the URL's parameters: an embedded PostgreSQL's URL names its superuser there, which would win
        String server = postgres.jdbcUrl().split("\\?", 2)[0];
        return DriverManager.getConnection(server.substring(0, server.lastIndexOf('/') + 1) + database, user, password);
    }
}
