package health.datasafe.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to reach a running devstack, as it describes itself in {@code <data-dir>/devstack.json} (other fields of that
 * file, such as the services and their pids, are ignored).
 *
 * @param gatewayUrl            the gateway, e.g. {@code http://localhost:8080}
 * @param tokenUri              the development token issuer's own {@code POST /token} (the gateway relays
 *                              {@code /dev/token} there)
 * @param jdbcUrl               the devstack's PostgreSQL database
 * @param username              its user
 * @param password              its password
 * @param kafkaBootstrapServers the broker (not used by the benchmark, shown for reference)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DevstackConnection(String gatewayUrl, String tokenUri, String jdbcUrl, String username, String password,
                                 String kafkaBootstrapServers) {

    /** The file name the devstack writes in its data directory while it runs. */
    public static final String FILE_NAME = "devstack.json";

    public static DevstackConnection read(Path dataDir) {
        return read(dataDir, JsonMapper.builder().build());
    }

    static DevstackConnection read(Path dataDir, JsonMapper json) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new DevstackNotRunning(file, "no such file, so no devstack is running with this data directory");
        }
        DevstackConnection connection;
        try {
            connection = json.readValue(file, DevstackConnection.class);
        } catch (JacksonException e) {
            throw new DevstackNotRunning(file, "not a devstack description: " + e.getOriginalMessage(), e);
        }
        if (connection == null) {
            throw new DevstackNotRunning(file, "empty");
        }
        requirePresent(file, "gatewayUrl", connection.gatewayUrl());
        requirePresent(file, "jdbcUrl", connection.jdbcUrl());
        requirePresent(file, "username", connection.username());
        return connection.password() == null ? connection.withPassword("") : connection;
    }

    /** The gateway URL without a trailing slash, so paths can be appended. */
    public String gatewayBase() {
        return gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    private DevstackConnection withPassword(String newPassword) {
        return new DevstackConnection(gatewayUrl, tokenUri, jdbcUrl, username, newPassword, kafkaBootstrapServers);
    }

    private static void requirePresent(Path file, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DevstackNotRunning(file, "has no " + field);
        }
    }
}
