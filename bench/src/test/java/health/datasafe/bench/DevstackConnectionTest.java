package health.datasafe.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevstackConnectionTest {

    @TempDir
    Path dataDir;

    @Test
    void readsTheConnectionFieldsAndIgnoresTheRestOfTheDescription() throws IOException {
        Files.writeString(dataDir.resolve("devstack.json"), """
                {
                  "gatewayUrl" : "http://localhost:8080/",
                  "tokenUri" : "http://127.0.0.1:41234/token",
                  "jwkSetUri" : "http://127.0.0.1:41234/jwks",
                  "jdbcUrl" : "jdbc:postgresql://localhost:45678/postgres",
                  "username" : "postgres",
                  "password" : "secret",
                  "kafkaBootstrapServers" : "127.0.0.1:39092",
                  "partitions" : 3,
                  "devstackPid" : 4242,
                  "services" : { "gateway-service" : { "port" : 8080, "pid" : null } }
                }""");

        DevstackConnection connection = DevstackConnection.read(dataDir);

        assertThat(connection).isEqualTo(new DevstackConnection("http://localhost:8080/", "http://127.0.0.1:41234/token",
                "jdbc:postgresql://localhost:45678/postgres", "postgres", "secret", "127.0.0.1:39092"));
        assertThat(connection.gatewayBase()).isEqualTo("http://localhost:8080");
    }

    @Test
    void absentPasswordIsEmpty() throws IOException {
        Files.writeString(dataDir.resolve("devstack.json"), """
                {"gatewayUrl":"http://localhost:8080","jdbcUrl":"jdbc:postgresql://localhost:5432/postgres","username":"u"}""");

        assertThat(DevstackConnection.read(dataDir).password()).isEmpty();
    }

    @Test
    void missingDescriptionSaysNoDevstackIsRunning() {
        assertThatThrownBy(() -> DevstackConnection.read(dataDir))
                .isInstanceOf(DevstackNotRunning.class)
                .hasMessageContaining("devstack.json")
                .hasMessageContaining("./dsh-devstack")
                .satisfies(e -> assertThat(((DevstackNotRunning) e).description()).isEqualTo(dataDir.resolve("devstack.json")));
    }

    @Test
    void descriptionWithoutGatewayIsRefused() throws IOException {
        Files.writeString(dataDir.resolve("devstack.json"), """
                {"jdbcUrl":"jdbc:postgresql://localhost:5432/postgres","username":"u","password":"p"}""");

        assertThatThrownBy(() -> DevstackConnection.read(dataDir))
                .isInstanceOf(DevstackNotRunning.class)
                .hasMessageContaining("gatewayUrl");
    }

    @Test
    void descriptionThatIsNotJsonIsRefused() throws IOException {
        Files.writeString(dataDir.resolve("devstack.json"), "{\"gatewayUrl\": ");

        assertThatThrownBy(() -> DevstackConnection.read(dataDir))
                .isInstanceOf(DevstackNotRunning.class)
                .hasMessageContaining("not a devstack description");
    }
}
