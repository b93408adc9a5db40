package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.devstack.Devstack;
import health.datasafe.devstack.DevstackOptions;
import health.datasafe.devstack.RunningDevstack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A test class that runs on a whole devstack of its own (real broker, real PostgreSQL, six service JVMs), started
 * in a fresh data directory before its tests and stopped after them.
 */
abstract class OnTheDevstack {

    /** Kept when a test fails: its logs (logs/*.log), topics and tables are what tells why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static RunningDevstack stack;

    @BeforeAll
    static void startDevstack() {
        stack = Devstack.start(DevstackOptions.forTests(dataDir));
    }

    @AfterAll
    static void stopDevstack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** The gateway as a caller with a token for this subject and role. */
    Gateway as(String subject, Role role) {
        return new Gateway(stack.gatewayUrl(), stack.tokens().mint(subject, role));
    }

    /** A connection to the devstack's database, as its owner. */
    Connection database() throws Exception {
        var db = stack.postgres();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
