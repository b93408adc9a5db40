package health.datasafe.devsupport;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RealInfrastructureIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void postgresAnswersQueriesInTheRequestedSchema() throws Exception {
        var db = RealInfrastructure.postgres();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS probe");
        }
        try (var connection = DriverManager.getConnection(db.jdbcUrl("probe"), db.username(), db.password());
             var rs = connection.createStatement().executeQuery("SELECT current_schema()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("probe");
        }
    }

    @Test
    void brokerHasEveryTopicWithSeveralPartitions() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()))) {
            var topics = admin.describeTopics(Topics.all()).allTopicNames().get();
            assertThat(topics).containsOnlyKeys(Topics.all());
            assertThat(topics.get(Topics.TX_VALIDATED).partitions()).hasSize(RealInfrastructure.PARTITIONS);
        }
    }

    @Test
    void brokerTopicsCarryExactlyTheConfigsTheContractsDeclare() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()))) {
            var resources = Topics.all().stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            var configs = admin.describeConfigs(resources).all().get();
            for (var resource : resources) {
                var set = configs.get(resource).entries().stream()
                        .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
                assertThat(set).as(resource.name()).isEqualTo(Topics.configs(resource.name()));
            }
        }
    }

    @Test
    void mintedTokensVerifyAgainstThePublishedJwks() throws Exception {
        var issuer = RealInfrastructure.tokens();
        String body = http.send(HttpRequest.newBuilder(URI.create(issuer.jwkSetUri())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        RSAKey key = (RSAKey) JWKSet.parse(body).getKeys().getFirst();

        SignedJWT jwt = SignedJWT.parse(issuer.mint("patient-p", Role.PATIENT));
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("patient-p");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("role")).isEqualTo("PATIENT");

        SignedJWT expired = SignedJWT.parse(issuer.mint("patient-p", Role.PATIENT, Duration.ofMinutes(-5)));
        assertThat(expired.getJWTClaimsSet().getExpirationTime()).isBefore(new Date());
    }

    @Test
    void tokenEndpointMintsForASubjectAndRoleAndRefusesNonsense() throws Exception {
        var issuer = RealInfrastructure.tokens();
        var ok = http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subject=doctor-d&role=CLINICIAN")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"access_token\":\"ey");

        var bad = http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri() + "?subject=x&role=KING"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
