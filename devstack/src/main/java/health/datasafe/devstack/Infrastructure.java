package health.datasafe.devstack;

import health.datasafe.contracts.Topics;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.kafka.KafkaCredentials;
import health.datasafe.devstack.kafka.PersistentKafka;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.keys.LedgerKeys;
import health.datasafe.devstack.postgres.PersistentPostgres;
import health.datasafe.devsupport.DevTokenIssuer;
import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the services run on, in this JVM's care: the locked data directory (with this JVM's log in it), the kept
 * keys, a Kafka broker with the topics, a PostgreSQL and the token issuer. Closing it stops the broker, the issuer
 * and PostgreSQL, in that order, and releases the data directory, which keeps everything for the next start. It may
 * be closed from another thread while it starts (Ctrl-C): whatever starts after that is stopped at once.
 */
final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final DataDirectory data;

    private DevstackLog devstackLog;
    private DevstackKeys keys;
    private DevTokenIssuer tokens;
    private PersistentKafka kafka;
    private PersistentPostgres postgres;
    private CompletableFuture<PersistentPostgres> postgresStarting;
    private boolean closed;

    /** Takes the data directory, already locked by {@link DataDirectory#open(Path)}, into its care. */
    Infrastructure(DataDirectory data) {
        this.data = data;
    }

    /**
     * Stops service JVMs an earlier devstack left running here, wipes the directory when {@code fresh}, and attaches
     * this JVM's log to {@code logs/devstack.log}.
     */
    void prepareDataDirectory(boolean fresh) {
        List<String> leftovers = data.stopLeftoverServices();
        if (fresh) {
            data.wipe();
        }
        try {
            Files.createDirectories(data.logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        adopt(DevstackLog.attach(data.log("devstack")), file -> devstackLog = file);
        if (!leftovers.isEmpty()) {
            log.warn("Stopped {} left running by an earlier devstack", leftovers);
        }
    }

    /**
     * Loads (or creates) the keys, with a ledger of {@code ledgerNodes} nodes ({@link LedgerKeys#AS_KEPT}: as many as
     * the data directory keeps), then starts PostgreSQL in the background while the token issuer and Kafka start
     * and the topics are created with {@code partitions} partitions (existing topics keep theirs) and their configs
     * ({@link Topics#configs}: nothing expires); returns when all
     * three are up. Kafka is locked down when {@code kafkaLocked} ({@link PersistentKafka}). On failure what started stays in this object's care, to be stopped by {@link #close()}.
     */
    void start(int partitions, int ledgerNodes, boolean kafkaLocked) {
        keys = DevstackKeys.loadOrCreate(data.keys(), ledgerNodes);

        var postgresStart = CompletableFuture.supplyAsync(() -> PersistentPostgres.start(data.postgres(), data.log("postgres")));
        synchronized (this) {
            postgresStarting = postgresStart;
        }
        RuntimeException failure = null;
        try {
            adopt(DevTokenIssuer.start(0, data.keys().resolve("token-issuer.jwk")), issuer -> tokens = issuer);
            adopt(PersistentKafka.start(data.kafka(), RealInfrastructure.singleNodeBrokerProperties(), kafkaLocked), broker -> kafka = broker);
            kafka.createTopicsIfAbsent(Topics.all(), partitions, Topics::configs).forEach((topic, kept) -> {
                if (kept != partitions) {
                    log.warn("Topic {} keeps its {} partitions (--partitions {} applies to new topics only)", topic, kept, partitions);
                }
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            adopt(postgresStart.join(), database -> postgres = database);
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Takes a started resource into this object's care, to be closed with it. If it was closed meanwhile (Ctrl-C
     * while starting), the resource is closed at once instead.
     */
    private synchronized <T extends AutoCloseable> void adopt(T resource, Consumer<T> field) {
        if (closed) {
            quietly(new ArrayList<>(), resource);
            throw new DevstackStopped("starting");
        }
        field.accept(resource);
    }

    DataDirectory data() {
        return data;
    }

    /** Stops the broker cleanly; its clients find nothing at its address until {@link #startKafka()}. */
    void stopKafka() {
        current(() -> kafka).close();
    }

    /** Starts the broker again on its log directory and its ports (a no-op stop first if it still runs). */
    void startKafka() {
        adopt(current(() -> kafka).restart(), broker -> kafka = broker);
    }

    /** Stops PostgreSQL (a fast shutdown); its clients find nothing at its address until {@link #startPostgres()}. */
    void stopPostgres() {
        current(() -> postgres).close();
    }

    /** Starts PostgreSQL again on its data directory and its port. */
    void startPostgres() {
        adopt(current(() -> postgres).restart(), database -> postgres = database);
    }

    private synchronized <T> T current(Supplier<T> resource) {
        if (closed) {
            throw new DevstackStopped("restarting");
        }
        return resource.get();
    }

    DevstackKeys keys() {
        return keys;
    }

    DevTokenIssuer tokens() {
        return tokens;
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The broker's credentials when it is locked down; empty when any client may use it. */
    Optional<KafkaCredentials> kafkaCredentials() {
        return kafka.locked() ? Optional.of(kafka.credentials()) : Optional.empty();
    }

    /** The settings of a Kafka client authenticating as {@code principal} (just the address when not locked down). */
    Map<String, Object> kafkaClientSettings(String principal) {
        return kafka.clientSettings(principal);
    }

    PostgresDatabase postgres() {
        return postgres.database();
    }

    /**
     * Stops Kafka, the token issuer and PostgreSQL (waiting for one still starting, so it is not orphaned), deletes
     * {@code devstack.json}, and releases the log and the data directory.
     *
     * @throws IllegalStateException naming what did not stop cleanly, after trying everything
     */
    @Override
    public void close() {
        PersistentKafka kafkaToStop;
        DevTokenIssuer tokensToStop;
        PersistentPostgres postgresToStop;
        DevstackLog logToClose;
        CompletableFuture<PersistentPostgres> postgresInFlight;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            kafkaToStop = kafka;
            tokensToStop = tokens;
            postgresToStop = postgres;
            postgresInFlight = postgresStarting;
            logToClose = devstackLog;
        }
        List<RuntimeException> failures = new ArrayList<>();
        quietly(failures, kafkaToStop);
        quietly(failures, tokensToStop);
        if (postgresToStop == null && postgresInFlight != null) {
            // closed while PostgreSQL was still starting: let it finish, so it can be stopped rather than orphaned
            try {
                postgresToStop = postgresInFlight.get(90, TimeUnit.SECONDS);
            } catch (Exception startFailed) {
                // nothing was started, or it is stuck: the next start stops what is left
            }
        }
        quietly(failures, postgresToStop);
        try {
            Files.deleteIfExists(data.description());
        } catch (IOException e) {
            failures.add(new UncheckedIOException(e));
        }
        log.info("Devstack stopped; data kept in {}", data.root());
        quietly(failures, logToClose);
        quietly(failures, data);
        if (!failures.isEmpty()) {
            var failure = new IllegalStateException("the devstack did not stop cleanly: " + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void quietly(List<RuntimeException> failures, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (RuntimeException e) {
            failures.add(e);
        } catch (Exception e) {
            failures.add(new IllegalStateException(e));
        }
    }
}
