package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.devstack.Devstack;
import health.datasafe.devstack.DevstackOptions;
import health.datasafe.devstack.RunningDevstack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A test class that runs on a whole devstack of its own (real broker, real PostgreSQL, the service JVMs, one ledger
 * node unless it asks for more with {@link LedgerNodes}), started in a fresh data directory before its tests and
 * stopped after them.
 */
abstract class OnTheDevstack {

    /** Kept when a test fails: its logs (logs/*.log), topics and tables are what tells why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static RunningDevstack stack;

    @BeforeAll
    static void startDevstack(TestInfo test) {
        int nodes = test.getTestClass().map(type -> type.getAnnotation(LedgerNodes.class)).map(LedgerNodes::value)
                .orElse(1);
        stack = Devstack.start(DevstackOptions.forTests(dataDir).withLedgerNodes(nodes));
    }

    /** How many ledger nodes the test class's devstack runs (one without this annotation). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface LedgerNodes {
        int value();
    }

    /** The devstack ledger's genesis document, as an auditor pins it. */
    static Path genesisFile() {
        return stack.keys().ledger().genesisFile();
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
