package health.datasafe.ledger;

import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Another ledger node in the test JVM, beside the one under test: its own schema, name, key and (optionally) genesis,
 * trusting the tests' initiator and validator, reading the same {@code dsh.tx.validated}.
 */
public final class GenesisNode {

    private GenesisNode() {
    }

    /** Starts a node; {@code genesis} null for one without a genesis. */
    public static ConfigurableApplicationContext start(String schema, String origin, String name, Ed25519.SigningKey key,
                                                       Genesis genesis) {
        return start(schema, origin, name, key, genesis == null ? null : text(genesis));
    }

    /** Starts a node with this genesis setting (the JSON), or none when null. */
    public static ConfigurableApplicationContext start(String schema, String origin, String name, Ed25519.SigningKey key,
                                                       String genesis) {
        return start(schema, origin, name, key, genesis, Map.of());
    }

    /** Starts a node of {@code genesis} with these settings besides. */
    public static ConfigurableApplicationContext start(String schema, String origin, String name, Ed25519.SigningKey key,
                                                       Genesis genesis, Map<String, Object> settings) {
        return start(schema, origin, name, key, text(genesis), settings);
    }

    private static ConfigurableApplicationContext start(String schema, String origin, String name, Ed25519.SigningKey key,
                                                        String genesis, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(RealInfrastructure.properties(schema));
        properties.put("server.port", 0);
        properties.put("dsh.trust.initiators", LedgerServiceTestBase.INITIATOR.publicKey());
        properties.put("dsh.trust.validators", TestInitiator.VALIDATOR.publicKeyX509());
        properties.put("dsh.ledger.private-key", key.toPkcs8());
        properties.put("dsh.ledger.node", name);
        properties.put("dsh.ledger.origin", origin);
        if (genesis != null) {
            properties.put("dsh.ledger.genesis", genesis);
        }
        properties.putAll(settings);
        // as command-line arguments: they win over application.yml, unlike the builder's default properties
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(LedgerServiceApplication.class).run(arguments);
    }

    /** The last epoch the node completed. */
    public static long lastEpoch(ConfigurableApplicationContext node) {
        return jdbc(node).queryForObject("SELECT coalesce(max(epoch), 0) FROM consumed_offset", Long.class);
    }

    public static JdbcTemplate jdbc(ConfigurableApplicationContext node) {
        return node.getBean(JdbcTemplate.class);
    }

    public static String text(Genesis genesis) {
        return new String(genesis.canonicalJson(), StandardCharsets.UTF_8);
    }

    /** {@code count} new node keys. */
    public static List<Ed25519.SigningKey> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> Ed25519.SigningKey.generate()).toList();
    }

    /** The genesis of these keys as nodes ledger-1, ledger-2, ..., majority quorum. */
    public static Genesis genesis(String origin, List<Ed25519.SigningKey> keys) {
        return Genesis.of(origin, IntStream.range(0, keys.size())
                .mapToObj(i -> new Genesis.Node("ledger-" + (i + 1), keys.get(i).verifyingKey().toX509())).toList());
    }

    /** A schema name no earlier run used. */
    public static String schema(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
