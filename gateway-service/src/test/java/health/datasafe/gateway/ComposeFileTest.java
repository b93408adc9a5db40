package health.datasafe.gateway;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import health.datasafe.contracts.TopicAccess;
import health.datasafe.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root {@code docker-compose.yml} is a valid Compose file (the Compose Specification's own JSON schema, kept in
 * {@code compose-spec.json}), and every image it builds comes from a module of the root POM that has a Dockerfile
 * copying that module's jar.
 */
class ComposeFileTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static Path root;
    private static JsonNode compose;
    private static Schema composeSpec;

    @BeforeAll
    static void load() throws Exception {
        root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).as("the repository root").exists();
        compose = YAML.readTree(Files.readString(root.resolve("docker-compose.yml")));
        assertThat(ComposeFileTest.class.getResource("/compose-spec.json")).as("compose-spec.json on the test classpath").isNotNull();
        composeSpec = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec.json"));
    }

    @Test
    void composeFileFollowsTheComposeSpecification() {
        List<Error> errors = composeSpec.validate(compose);
        assertThat(errors).as("violations of the Compose Specification").isEmpty();
    }

    @Test
    void theSchemaCatchesAFileThatBreaksTheSpecification() {
        ObjectNode broken = (ObjectNode) compose.deepCopy();
        ((ObjectNode) broken.get("services").get("gateway-service").get("depends_on").get("transaction-service"))
                .put("condition", "service_maybe");
        ((ObjectNode) broken.get("services").get("postgres")).put("unknown_key", true);
        assertThat(composeSpec.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyBuiltServiceIsAModuleOfTheRootPomWithADockerfileForItsJar() throws Exception {
        List<String> modules = rootModules();
        Map<String, String> builds = new TreeMap<>();
        compose.get("services").properties().forEach(service -> {
            JsonNode build = service.getValue().get("build");
            if (build != null) {
                builds.put(service.getKey(), build.isString() ? build.asString() : build.get("context").asString());
            }
        });
        assertThat(builds.keySet()).containsExactlyInAnyOrder("gateway-service", "transaction-service", "validator-service",
                "ledger-service", "recovery-service", "report-service");
        for (var build : builds.entrySet()) {
            Path context = root.resolve(build.getValue()).normalize();
            assertThat(context.getParent()).as(build.getKey() + " builds from a directory at the root").isEqualTo(root);
            String module = context.getFileName().toString();
            assertThat(modules).as(build.getKey() + " builds from a module of the root pom").contains(module);
            JsonNode dockerfileName = compose.get("services").get(build.getKey()).get("build").get("dockerfile");
            Path dockerfile = context.resolve(dockerfileName == null ? "Dockerfile" : dockerfileName.asString());
            assertThat(dockerfile).as(build.getKey() + "'s Dockerfile").isRegularFile();
            String text = Files.readString(dockerfile);
            assertThat(text).as(dockerfile + " copies the module's jar").contains("target/" + module + ".jar");
            assertThat(text).as(dockerfile + " runs as an unprivileged user").containsPattern("(?m)^USER (?!root\\b)\\S+");
        }
    }

    @Test
    void onlyTheGatewayPublishesAPort() {
        List<String> publishing = new ArrayList<>();
        compose.get("services").properties().forEach(service -> {
            if (service.getValue().has("ports")) {
                publishing.add(service.getKey());
            }
        });
        assertThat(publishing).containsExactly("gateway-service");
        assertThat(compose.at("/services/gateway-service/ports/0").asString()).isEqualTo("8080:8080");
    }

    @Test
    void theGatewayAloneIsOnTheEdgeAndKafkaAndPostgresOnlyOnAnInternalDataNetwork() {
        Map<String, List<String>> networks = new TreeMap<>();
        compose.get("services").properties().forEach(service -> {
            List<String> names = new ArrayList<>();
            service.getValue().path("networks").forEach(network -> names.add(network.asString()));
            networks.put(service.getKey(), names);
        });
        assertThat(networks.get("gateway-service")).containsExactlyInAnyOrder("edge", "services");
        for (String store : List.of("kafka", "kafka-setup", "postgres")) {
            assertThat(networks.get(store)).as(store).containsExactly("data");
        }
        for (String service : List.of("transaction-service", "validator-service", "ledger-service", "recovery-service",
                "report-service")) {
            assertThat(networks.get(service)).as(service).containsExactlyInAnyOrder("services", "data");
        }
        assertThat(compose.at("/networks/data/internal").asBoolean()).as("the data network has no way out").isTrue();
        assertThat(compose.get("networks").propertyNames()).containsExactlyInAnyOrder("edge", "services", "data");
    }

    @Test
    void eachServiceConnectsAsItsOwnDatabaseRoleMadeByTheRolesScript() throws Exception {
        String roles = Files.readString(root.resolve("deploy/postgres/roles.sql"));
        String rolesScript = Files.readString(root.resolve("deploy/postgres/roles.sh"));
        Map<String, String> schemas = Map.of("transaction-service", "tx", "validator-service", "validator",
                "ledger-service", "ledger", "recovery-service", "recovery", "report-service", "report");
        for (var service : schemas.entrySet()) {
            JsonNode environment = compose.at("/services/" + service.getKey() + "/environment");
            String schema = service.getValue();
            String variable = "DSH_DB_PASSWORD_" + schema.toUpperCase(Locale.ROOT);
            assertThat(environment.get("SPRING_DATASOURCE_USERNAME").asString()).isEqualTo("dsh_" + schema);
            assertThat(environment.get("SPRING_DATASOURCE_URL").asString()).endsWith("currentSchema=" + schema);
            assertThat(environment.get("SPRING_DATASOURCE_PASSWORD").asString()).startsWith("${" + variable + ":?");
            assertThat(compose.at("/services/postgres/environment").has(variable)).as(variable).isTrue();
            assertThat(rolesScript).contains(schema + "_password=\"${" + variable + ":?}\"");
            assertThat(roles).contains("CREATE ROLE dsh_" + schema + " LOGIN PASSWORD :'" + schema + "_password';")
                    .contains("CREATE SCHEMA " + schema + " AUTHORIZATION dsh_" + schema + ";");
        }
        assertThat(compose.at("/services/postgres/volumes").toString())
                .contains("./deploy/postgres/roles.sh:/docker-entrypoint-initdb.d/roles.sh:ro")
                .contains("./deploy/postgres/roles.sql:/dsh/roles.sql:ro");
        assertThat(rolesScript).contains("-f /dsh/roles.sql");
    }

    @Test
    void everyServiceWaitsForWhatItNeedsAndHasAHealthcheck() {
        JsonNode services = compose.get("services");
        services.properties().forEach(service -> {
            JsonNode dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null) {
                dependsOn.properties().forEach(dependency ->
                        assertThat(services.has(dependency.getKey())).as(service.getKey() + " depends on a service that exists").isTrue());
            }
            if (service.getValue().has("build")) {
                assertThat(service.getValue().has("healthcheck")).as(service.getKey() + " has a healthcheck").isTrue();
                assertThat(service.getValue().at("/healthcheck/test").toString()).contains("/actuator/health");
            }
        });
        for (String kafkaUser : List.of("transaction-service", "validator-service", "ledger-service", "recovery-service", "report-service")) {
            assertThat(services.at("/" + kafkaUser + "/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
            assertThat(services.at("/" + kafkaUser + "/depends_on/kafka-setup/condition").asString())
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(services.at("/kafka-setup/depends_on/kafka/condition").asString()).isEqualTo("service_healthy");
        assertThat(services.at("/kafka/image").asString()).isEqualTo("apache/kafka:4.1.0");
        assertThat(services.at("/postgres/image").asString()).isEqualTo("postgres:17");
    }

    @Test
    void theTopicsCreatedAreExactlyTheContractsTopics() throws Exception {
        List<String> topics = new ArrayList<>();
        for (String group : List.of("kept_topics", "vault_topics", "dead_letter_topics")) {
            topics.addAll(topicsOf(group));
        }
        assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    @Test
    void eachTopicGetsExactlyTheConfigsOfTheContracts() throws Exception {
        Map<String, String> kept = configOf("kept_config");
        Map<String, String> vault = configOf("vault_config");
        assertThat(kept).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
        assertThat(vault).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
        topicsOf("kept_topics").forEach(topic -> assertThat(Topics.configs(topic)).as(topic).isEqualTo(kept));
        topicsOf("vault_topics").forEach(topic -> assertThat(Topics.configs(topic)).as(topic).isEqualTo(vault));
        topicsOf("dead_letter_topics").forEach(topic -> assertThat(Topics.configs(topic)).as(topic).isEmpty());
        assertThat(setupScript()).contains("topics \"$kept_topics\" \"$kept_config\"")
                .contains("topics \"$vault_topics\" \"$vault_config\"")
                .contains("topics \"$dead_letter_topics\" \"\"")
                .contains("kafka-configs.sh").contains("--add-config \"$2\"");
    }

    @Test
    void eachServiceLogsInToKafkaAsItsOwnScramUserThatTheSetupJobMakes() throws Exception {
        JsonNode services = compose.get("services");
        Map<String, TopicAccess> users = Map.of("transaction-service", TopicAccess.TRANSACTION,
                "validator-service", TopicAccess.VALIDATOR, "ledger-service", TopicAccess.LEDGER,
                "recovery-service", TopicAccess.RECOVERY, "report-service", TopicAccess.REPORT);
        for (var user : users.entrySet()) {
            JsonNode environment = services.at("/" + user.getKey() + "/environment");
            String principal = user.getValue().principal();
            String variable = "DSH_KAFKA_PASSWORD_" + principal.substring("dsh_".length()).toUpperCase(Locale.ROOT);
            assertThat(environment.get("SPRING_KAFKA_SECURITY_PROTOCOL").asString()).isEqualTo("SASL_PLAINTEXT");
            assertThat(environment.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM").asString()).isEqualTo(TopicAccess.SCRAM_MECHANISM);
            assertThat(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG").asString())
                    .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                            + "\" password=\"${" + variable + ":?set " + variable + "}\";");
            assertThat(services.at("/kafka-setup/environment").has(variable)).as(variable).isTrue();
        }
        assertThat(setupScript()).contains("for service in TX VALIDATOR LEDGER RECOVERY REPORT; do")
                .contains("--entity-type users").contains("SCRAM-SHA-512=[iterations=8192,password=$password]");
        assertThat(services.at("/kafka/environment").has("DSH_KAFKA_PASSWORD_ADMIN")).isTrue();
        assertThat(services.at("/kafka-setup/environment").has("DSH_KAFKA_PASSWORD_ADMIN")).isTrue();
        assertThat(services.at("/kafka/volumes").toString()).contains("./deploy/kafka/server.sh:/dsh/server.sh:ro");
        assertThat(services.at("/kafka-setup/volumes").toString()).contains("./deploy/kafka/setup.sh:/dsh/setup.sh:ro")
                .contains("./deploy/kafka/acls.conf:/dsh/acls.conf:ro");
        assertThat(services.at("/gateway-service/environment").toString()).doesNotContain("KAFKA");
    }

    @Test
    void theAclsAreExactlyTheContractsTopicAccess() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (TopicAccess access : TopicAccess.values()) {
            String principal = access.principal();
            access.writes().forEach(topic -> expected.add(principal + " Write topic literal " + topic));
            access.reads().forEach(topic -> expected.add(principal + " Read topic literal " + topic));
            expected.add(principal + " Read group prefixed " + access.groupPrefix());
            if (!access.transactionalIdPrefix().isEmpty()) {
                expected.add(principal + " Write transactional-id prefixed " + access.transactionalIdPrefix());
            }
        }
        Set<String> granted = new TreeSet<>();
        for (String line : Files.readAllLines(root.resolve("deploy/kafka/acls.conf"))) {
            String[] fields = line.strip().split("\\s+");
            if (line.isBlank() || fields[0].startsWith("#")) {
                continue;
            }
            for (int name = 4; name < fields.length; name++) {
                granted.add(String.join(" ", fields[0], fields[1], fields[2], fields[3], fields[name]));
            }
        }
        assertThat(granted).isEqualTo(expected);
        assertThat(expected).noneMatch(acl -> acl.startsWith(TopicAccess.ADMIN_PRINCIPAL + " "));
    }

    private static String setupScript() throws Exception {
        return Files.readString(root.resolve("deploy/kafka/setup.sh"));
    }

    /** The words of the shell variable {@code name="..."} in setup.sh. */
    private static String setupVariable(String name) throws Exception {
        var matcher = java.util.regex.Pattern.compile("(?m)^" + name + "=\"([^\"]*)\"$").matcher(setupScript());
        assertThat(matcher.find()).as(name + " in setup.sh").isTrue();
        return matcher.group(1);
    }

    private static List<String> topicsOf(String variable) throws Exception {
        return Arrays.asList(setupVariable(variable).trim().split("\\s+"));
    }

    private static Map<String, String> configOf(String variable) throws Exception {
        Map<String, String> config = new TreeMap<>();
        for (String pair : setupVariable(variable).trim().split(",")) {
            String[] nameValue = pair.split("=", 2);
            config.put(nameValue[0], nameValue[1]);
        }
        return config;
    }

    @Test
    void everyServiceIsToldWhichTokensAndWhichSignaturesToTrust() {
        JsonNode services = compose.get("services");
        for (String service : List.of("transaction-service", "validator-service", "ledger-service", "recovery-service",
                "report-service", "gateway-service")) {
            JsonNode environment = services.at("/" + service + "/environment");
            assertThat(environment.has("DSH_SECURITY_JWKSETURI") && environment.has("DSH_SECURITY_ISSUER")
                    && environment.has("DSH_SECURITY_AUDIENCE")).as(service + " knows the token rule").isTrue();
        }
        for (String blockReader : List.of("transaction-service", "recovery-service", "report-service")) {
            assertThat(services.at("/" + blockReader + "/environment").has("DSH_TRUST_LEDGERKEYS"))
                    .as(blockReader + " checks the ledger's signatures").isTrue();
        }
        for (String initiatorChecker : List.of("validator-service", "ledger-service")) {
            assertThat(services.at("/" + initiatorChecker + "/environment").has("DSH_TRUST_INITIATORS"))
                    .as(initiatorChecker + " checks the initiator's signatures").isTrue();
        }
    }

    private static List<String> rootModules() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var pom = factory.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        NodeList nodes = pom.getElementsByTagName("module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(((Element) nodes.item(i)).getTextContent().trim());
        }
        return modules;
    }
}
