package health.datasafe.bench.processes;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process of a running devstack, found where it says: each service's pid in {@code devstack.json}'s
 * {@code services}, the launcher's {@code devstackPid} (it hosts the Kafka broker and the token issuer in-process),
 * PostgreSQL's postmaster as the parent of the backend serving one of the benchmark's own connections
 * ({@code pg_backend_pid()}), counted with its children, and the benchmark's own JVM.
 */
public final class DevstackProcesses {

    /** The name under which the benchmark reports itself. */
    public static final String BENCH = "dsh-bench (this load generator)";
    /** The name under which the launcher is reported. */
    public static final String LAUNCHER = "devstack launcher (Kafka broker, token issuer)";
    /** The name under which the database is reported. */
    public static final String POSTGRES = "postgresql (postmaster and children)";

    private DevstackProcesses() {
    }

    /** The processes named in {@code description} (devstack.json), PostgreSQL's and this JVM. */
    public static List<WatchedProcess> find(Path description, JsonMapper json, String jdbcUrl, String username,
                                            String password) {
        List<WatchedProcess> processes = new ArrayList<>();
        JsonNode root = json.readTree(description.toFile());
        for (Map.Entry<String, JsonNode> service : root.path("services").properties()) {
            JsonNode pid = service.getValue().path("pid");
            if (pid.isNumber()) {
                processes.add(new WatchedProcess(service.getKey(), pid.asLong(), false));
            }
        }
        if (root.path("devstackPid").isNumber()) {
            processes.add(new WatchedProcess(LAUNCHER, root.path("devstackPid").asLong(), false));
        }
        postmaster(jdbcUrl, username, password)
                .ifPresent(pid -> processes.add(new WatchedProcess(POSTGRES, pid, true)));
        processes.add(new WatchedProcess(BENCH, ProcessHandle.current().pid(), false));
        return processes;
    }

    /** The postmaster: the parent of the backend that serves a connection; empty when it runs elsewhere. */
    static Optional<Long> postmaster(String jdbcUrl, String username, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement();
             ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            return ProcEntry.read(backend.getLong(1)).map(ProcEntry::parentPid);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
