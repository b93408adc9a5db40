package health.datasafe.devstack.kafka;

import health.datasafe.contracts.TopicAccess;
import health.datasafe.devstack.process.FreePort;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A real Kafka server (combined KRaft broker and controller, node 1) running in this JVM. Unlike spring-kafka-test's
 * embedded broker, its log directory is a directory we keep, so topics, records and committed offsets survive a
 * restart. The storage is formatted once, with a cluster id kept beside it; the controller quorum is static
 * ({@code controller.quorum.voters}), so each start may listen on new free loopback ports, or {@link #restart()} on
 * the same ones (clients keep their bootstrap address through a broker outage).
 *
 * <p>Its storage is formatted with the SCRAM credential of the admin principal ({@link TopicAccess#ADMIN_PRINCIPAL}),
 * whose password is kept beside it ({@link KafkaCredentials}). Started <em>locked</em>, it is locked down as docker
 * compose's broker is ({@link #LOCKED_DOWN}): clients authenticate with SASL/SCRAM-SHA-512, the admin is the only
 * super user, and every service principal gets its credential and exactly the ACLs of {@link AccessControl}; the
 * controller listener stays plaintext on the loopback interface, for the node itself. Unlocked, it takes plaintext
 * clients as anyone.
 */
public final class PersistentKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersistentKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLUSTER_ID_FILE = "cluster.id";
    private static final String LOG_DIR = "logs";
    private static final String CREDENTIALS_FILE = "credentials.properties";
    /** The client listener's name when locked, as in compose's {@code deploy/kafka/server.sh}. */
    private static final String LOCKED_LISTENER = "SASL_PLAINTEXT";

    /**
     * The settings that lock the broker down, the same as compose's {@code deploy/kafka/server.sh} (a test holds them
     * equal), but for the broker's own login on its client listener, which names the admin's password.
     */
    public static final Map<String, String> LOCKED_DOWN = Map.of(
            "listener.security.protocol.map", LOCKED_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
            "inter.broker.listener.name", LOCKED_LISTENER,
            "sasl.enabled.mechanisms", TopicAccess.SCRAM_MECHANISM,
            "sasl.mechanism.inter.broker.protocol", TopicAccess.SCRAM_MECHANISM,
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "allow.everyone.if.no.acl.found", "false",
            // the controller listener is plaintext, so the node's own requests to its controller come as ANONYMOUS
            "super.users", "User:" + TopicAccess.ADMIN_PRINCIPAL + ";User:ANONYMOUS");

    private final KafkaRaftServer server;
    private final Path directory;
    private final Map<String, String> brokerProperties;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private final boolean locked;
    private final KafkaCredentials credentials;
    private boolean closed;

    private PersistentKafka(KafkaRaftServer server, Path directory, Map<String, String> brokerProperties, int brokerPort,
                            int controllerPort, String clusterId, boolean locked, KafkaCredentials credentials) {
        this.server = server;
        this.directory = directory;
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.locked = locked;
        this.credentials = credentials;
    }

    /**
     * Formats {@code directory} on first use, then starts the server on free loopback ports.
     *
     * @param brokerProperties extra server settings, e.g. the single-node replication factors
     */
    public static PersistentKafka start(Path directory, Map<String, String> brokerProperties) {
        return start(directory, brokerProperties, false);
    }

    /**
     * Formats {@code directory} on first use, then starts the server on free loopback ports, {@code locked} down or
     * not.
     *
     * @throws KafkaStorageWithoutAdmin when asked to lock a storage formatted before it kept an admin credential
     */
    public static PersistentKafka start(Path directory, Map<String, String> brokerProperties, boolean locked) {
        int brokerPort = FreePort.any();
        int controllerPort;
        do {
            // two calls may hand out the same port, which Kafka refuses for two listeners
            controllerPort = FreePort.any();
        } while (controllerPort == brokerPort);
        return start(directory, brokerProperties, locked, brokerPort, controllerPort);
    }

    /**
     * Stops this server cleanly, then starts it again on the same directory and the same ports: what a broker
     * restart looks like to its clients.
     */
    public PersistentKafka restart() {
        close();
        return start(directory, brokerProperties, locked, brokerPort, controllerPort);
    }

    private static PersistentKafka start(Path directory, Map<String, String> brokerProperties, boolean locked,
                                         int brokerPort, int controllerPort) {
        Path logDir = directory.toAbsolutePath().resolve(LOG_DIR);
        String clusterId = clusterId(directory);
        Path credentialsFile = directory.resolve(CREDENTIALS_FILE);
        boolean formatted = Files.exists(logDir.resolve("meta.properties"));
        KafkaCredentials credentials = formatted ? KafkaCredentials.load(credentialsFile).orElse(null) : KafkaCredentials.generate();
        if (locked && credentials == null) {
            throw new KafkaStorageWithoutAdmin(directory);
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toString());
        settings.put("metadata.log.dir", logDir.toString());
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // the cleaner's 128 MB default buffer is for production brokers; a developer's compacted topics are small
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        if (locked) {
            settings.putAll(LOCKED_DOWN);
            settings.put("listeners", LOCKED_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
            settings.put("advertised.listeners", LOCKED_LISTENER + "://127.0.0.1:" + brokerPort);
            settings.put("listener.name." + LOCKED_LISTENER.toLowerCase(Locale.ROOT) + "."
                    + TopicAccess.SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    credentials.jaasConfig(TopicAccess.ADMIN_PRINCIPAL));
        }
        settings.putAll(brokerProperties);
        KafkaConfig config = new KafkaConfig(settings, false);

        if (!formatted) {
            credentials.keep(credentialsFile);
            format(logDir, clusterId, credentials);
        }
        var server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        var started = new PersistentKafka(server, directory, brokerProperties, brokerPort, controllerPort, clusterId,
                locked, credentials);
        if (locked) {
            try {
                started.grantAccess();
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        }
        log.info("Kafka (KRaft, cluster {}{}) at {}, log directory {}", clusterId, locked ? ", locked down" : "",
                started.bootstrapServers(), logDir);
        return started;
    }

    private static String clusterId(Path directory) {
        Path file = directory.resolve(CLUSTER_ID_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(directory);
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka cluster id in " + file, e);
        }
    }

    private static void format(Path logDir, String clusterId, KafkaCredentials credentials) {
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setScramArguments(List.of(TopicAccess.SCRAM_MECHANISM + "=[name=" + TopicAccess.ADMIN_PRINCIPAL
                            + ",password=" + credentials.password(TopicAccess.ADMIN_PRINCIPAL) + "]"))
                    .run();
            log.info("Formatted Kafka storage {} for cluster {}", logDir, clusterId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Whether clients must authenticate and are held to their ACLs. */
    public boolean locked() {
        return locked;
    }

    /** The passwords of its principals. */
    public KafkaCredentials credentials() {
        if (credentials == null) {
            throw new IllegalStateException("the Kafka in " + directory + " keeps no credentials (formatted before it did)");
        }
        return credentials;
    }

    /** The settings of a client of this broker authenticating as {@code principal} (only the address when unlocked). */
    public Map<String, Object> clientSettings(String principal) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (locked) {
            settings.putAll(credentials.clientSettings(principal));
        }
        return settings;
    }

    /** The settings of an admin client: a super user when locked. */
    public Map<String, Object> adminSettings() {
        return clientSettings(TopicAccess.ADMIN_PRINCIPAL);
    }

    /**
     * Sets every service principal's SCRAM credential to the kept password and creates the ACLs of
     * {@link AccessControl#bindings()} (both idempotent, so done at every locked start).
     */
    private void grantAccess() {
        try (var admin = Admin.create(adminSettings())) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (TopicAccess access : TopicAccess.values()) {
                users.add(new UserScramCredentialUpsertion(access.principal(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), credentials.password(access.principal())));
            }
            admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(AccessControl.bindings()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot grant the services their access on " + bootstrapServers() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting access", e);
        }
    }

    /**
     * Creates each topic that does not exist yet with {@code partitions} partitions (replication factor 1), sets
     * {@code configs} of each topic on every topic, new or existing (so a topic made before they were declared stops
     * expiring records; its other configs stay), and answers the partition count of every named topic, so a caller
     * can tell when an existing topic has another.
     */
    public Map<String, Integer> createTopicsIfAbsent(Collection<String> topics, int partitions,
                                                     Function<String, Map<String, String>> configs) {
        try (var admin = Admin.create(adminSettings())) {
            var existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1).configs(configs.apply(topic)));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                log.info("Created topics {} with {} partitions", missing.stream().map(NewTopic::name).toList(), partitions);
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (TopicDescription description : describe(admin, topics).values()) {
                counts.put(description.name(), description.partitions().size());
            }
            Map<ConfigResource, Collection<AlterConfigOp>> settings = new HashMap<>();
            for (String topic : topics) {
                var ops = configs.apply(topic).entrySet().stream()
                        .map(config -> new AlterConfigOp(new ConfigEntry(config.getKey(), config.getValue()), AlterConfigOp.OpType.SET))
                        .toList();
                if (!ops.isEmpty()) {
                    settings.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops);
                }
            }
            if (!settings.isEmpty()) {
                admin.incrementalAlterConfigs(settings).all().get(60, TimeUnit.SECONDS);
            }
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * The topics' descriptions. Just after they were created the broker may not know them yet for a moment
     * (UnknownTopicOrPartitionException): asked again until it does, for up to a minute.
     */
    private static Map<String, TopicDescription> describe(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Stops the server cleanly, so the next start finds its logs without recovery. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka at {} stopped", bootstrapServers());
    }
}
