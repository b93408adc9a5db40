package health.datasafe.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.process.HealthProbe;
import health.datasafe.devsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static health.datasafe.devstack.ServiceInstance.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Supervising the service JVMs, against real child JVMs running stand-in jars. The stand-ins connect to nothing, so
 * no broker or database is started: the wiring names addresses nobody listens on.
 */
class ServiceSupervisorIntegrationTest {

    private static final DevstackKeys KEYS = new DevstackKeys("INITIATOR-PRIVATE", "INITIATOR-PUBLIC", "VALIDATOR-PRIVATE",
            "VALIDATOR-PUBLIC", "LEDGER-PRIVATE",
            "LEDGER-PUBLIC", "VAULT-MASTER");

    @TempDir
    Path temp;

    private Path repository;
    private DataDirectory data;
    private final List<ServiceSupervisor> supervisors = new ArrayList<>();
    /** Probes 200 ms apart, restarts after three failed ones; the first restart waits 1 s (long enough for a test's own start to come first). */
    private static final RestartPolicy QUICK_RESTARTS = new RestartPolicy(Duration.ofMillis(200), 3, Duration.ofSeconds(1), Duration.ofSeconds(4));
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void listen() {
        warnings.start();
        ((Logger) LoggerFactory.getLogger(ServiceSupervisor.class)).addAppender(warnings);
    }

    @BeforeEach
    void standIns() {
        repository = StandInRepository.create(temp.resolve("repo"));
        data = DataDirectory.open(temp.resolve("data"));
    }

    @AfterEach
    void stopEverything() {
        supervisors.forEach(ServiceSupervisor::close);
        data.close();
        ((Logger) LoggerFactory.getLogger(ServiceSupervisor.class)).detachAppender(warnings);
    }

    private ServiceSupervisor supervisor(Duration startupTimeout) {
        return supervisor(startupTimeout, RestartPolicy.DEFAULT);
    }

    private ServiceSupervisor supervisor(Duration startupTimeout, RestartPolicy restarts) {
        return supervisor(startupTimeout, restarts, KEYS);
    }

    private ServiceSupervisor supervisor(Duration startupTimeout, RestartPolicy restarts, DevstackKeys keys) {
        var wiring = new ServiceWiring("127.0.0.1:9", new PostgresDatabase("jdbc:postgresql://127.0.0.1:9/postgres", "postgres", "postgres"),
                "http://127.0.0.1:9/jwks", "http://127.0.0.1:9/token", keys,
                ServiceSupervisor.ports(0, keys.ledger().nodes().size()), "a-token");
        var supervisor = new ServiceSupervisor(repository, data, wiring, new HealthProbe(() -> "a-token"), startupTimeout, restarts,
                restarted -> { });
        supervisors.add(supervisor);
        return supervisor;
    }

    @Test
    void everyServiceAndLedgerNodeGetsItsOwnPortAndTheGatewayTheOneAskedFor() {
        Map<ServiceInstance, Integer> ports = ServiceSupervisor.ports(18080, 3);

        assertThat(ports.keySet()).containsExactlyElementsOf(ServiceInstance.all(3));
        assertThat(ports).containsEntry(of(Service.GATEWAY), 18080);
        assertThat(new HashSet<>(ports.values())).hasSize(Service.values().length + 2);
        assertThat(ServiceSupervisor.ports(0, 1).values()).doesNotContain(0).hasSize(Service.values().length);
    }

    @Test
    void eachLedgerNodeIsItsOwnJvmWithItsOwnLogAndIsKilledAndStartedAlone() throws Exception {
        DevstackKeys keys = DevstackKeys.loadOrCreate(temp.resolve("keys"), 2);
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60), RestartPolicy.DEFAULT, keys);
        services.startAll();
        ServiceInstance second = ServiceInstance.ledger(2);

        assertThat(services.logFile(second)).isEqualTo(data.log("ledger-service-2"));
        String secondLog = Files.readString(services.logFile(second));
        assertThat(secondLog).contains("stand-in listening on " + services.port(second), "arg --dsh.ledger.node=ledger-2",
                "arg --spring.flyway.schemas=ledger_2", "env DSH_LEDGER_PRIVATEKEY=" + keys.ledger().node(2).privateKey(),
                "-Xmx384m");
        assertThat(Files.readString(services.logFile(of(Service.LEDGER)))).contains("arg --dsh.ledger.node=ledger-1", "-Xmx512m")
                .doesNotContain("ledger-2");
        assertThat(services.port(second)).isNotEqualTo(services.port(ServiceInstance.ledger(1)));
        long firstPid = services.pid(ServiceInstance.ledger(1)).orElseThrow();
        long secondPid = services.pid(second).orElseThrow();

        services.kill(second);
        assertThat(services.isRunning(second)).isFalse();
        assertThat(services.isRunning(of(Service.LEDGER))).as("node 1 runs on").isTrue();
        services.start(second);

        assertThat(services.pid(second).orElseThrow()).isNotEqualTo(secondPid);
        assertThat(services.pid(of(Service.LEDGER))).hasValue(firstPid);
        assertThatThrownBy(() -> services.kill(ServiceInstance.ledger(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger-service-3");
    }

    @Test
    void startsEveryServiceWithItsSettingsWaitsUntilAllAreHealthyAndStopsThemAllOnClose() throws Exception {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));

        services.startAll();

        List<Long> pids = new ArrayList<>();
        for (Service service : Service.values()) {
            assertThat(services.isRunning(of(service))).as(service.module()).isTrue();
            pids.add(services.pid(of(service)).orElseThrow());
            assertThat(services.logFile(of(service))).isEqualTo(data.log(service.module()));
            assertThat(Files.readString(services.logFile(of(service)))).contains("stand-in listening on " + services.port(of(service)));
        }
        assertThat(services.url(of(Service.LEDGER))).isEqualTo("http://127.0.0.1:" + services.port(of(Service.LEDGER)));
        String ledgerLog = Files.readString(services.logFile(of(Service.LEDGER)));
        assertThat(ledgerLog).contains("arg --dsh.trust.initiators=INITIATOR-PUBLIC", "env DSH_LEDGER_PRIVATEKEY=LEDGER-PRIVATE");
        assertThat(ledgerLog.lines().filter(line -> line.startsWith("arg "))).noneMatch(line -> line.contains("LEDGER-PRIVATE"));

        services.close();

        for (Service service : Service.values()) {
            assertThat(services.isRunning(of(service))).as(service.module()).isFalse();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after close", pid).isEmpty();
        }
    }

    @Test
    void aKilledOrStoppedServiceStartsAgainOnItsPortInANewJvm() throws Exception {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));
        services.startAll();
        long ledgerPid = services.pid(of(Service.LEDGER)).orElseThrow();

        services.kill(of(Service.LEDGER));
        assertThat(services.isRunning(of(Service.LEDGER))).isFalse();
        assertThat(services.pid(of(Service.LEDGER))).isEmpty();
        services.start(of(Service.LEDGER));

        assertThat(services.pid(of(Service.LEDGER)).orElseThrow()).isNotEqualTo(ledgerPid);
        assertThat(Files.readString(services.logFile(of(Service.LEDGER))).lines()
                .filter(line -> line.equals("stand-in listening on " + services.port(of(Service.LEDGER))))).hasSize(2);

        services.stop(of(Service.REPORT));
        assertThat(services.isRunning(of(Service.REPORT))).isFalse();
        services.start(of(Service.REPORT));
        long reportPid = services.pid(of(Service.REPORT)).orElseThrow();
        services.start(of(Service.REPORT));
        assertThat(services.pid(of(Service.REPORT))).as("starting a running service leaves it be").hasValue(reportPid);
    }

    @Test
    void aServiceNotHealthyInTimeFailsTheStartNamingItsLastAnswerAndTheTailOfItsLog() {
        StandInRepository.makeUnhealthy(repository, Service.REPORT);
        ServiceSupervisor services = supervisor(Duration.ofSeconds(5));

        assertThatThrownBy(services::startAll).isInstanceOfSatisfying(ServiceDidNotStart.class, failure -> {
            assertThat(failure.service()).isEqualTo(Service.REPORT);
            assertThat(failure.reason()).contains("not healthy after 5 s", "HTTP 503", "DOWN");
            assertThat(failure.logTail()).contains("stand-in listening on " + services.port(of(Service.REPORT)));
            assertThat(failure.getSuppressed()).isEmpty();
        });
        assertThat(services.isRunning(of(Service.GATEWAY))).as("the others were healthy").isTrue();
    }

    @Test
    void aServiceKilledFromOutsideComesBackHealthyOnItsPortAndTheRestartIsLogged() throws Exception {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60), QUICK_RESTARTS);
        services.startAll();
        long ledgerPid = services.pid(of(Service.LEDGER)).orElseThrow();

        ProcessHandle.of(ledgerPid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(60)).until(() -> services.pid(of(Service.LEDGER)).isPresent()
                && services.pid(of(Service.LEDGER)).getAsLong() != ledgerPid && healthy(services, Service.LEDGER));
        assertThat(services.restarts(of(Service.LEDGER))).isEqualTo(1);
        assertThat(warnings.list).filteredOn(event -> event.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("ledger-service", "exited with code 137", "restart 1"));
        String ledgerLog = Files.readString(services.logFile(of(Service.LEDGER)));
        assertThat(ledgerLog.lines().filter(line -> line.equals("stand-in listening on " + services.port(of(Service.LEDGER))))).hasSize(2);
        assertThat(ledgerLog).contains("==== devstack restarts ledger-service: its JVM exited with code 137 (restart 1)");
        assertThat(services.isRunning(of(Service.REPORT))).as("the others run on").isTrue();
    }

    @Test
    void aServiceWhoseHealthChecksFailIsRestartedAndTheReasonLogged() {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60), QUICK_RESTARTS);
        services.startAll();
        long reportPid = services.pid(of(Service.REPORT)).orElseThrow();

        StandInRepository.makeUnhealthy(repository, Service.REPORT);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.restarts(of(Service.REPORT)) >= 1);
        StandInRepository.makeHealthy(repository, Service.REPORT);

        await().atMost(Duration.ofSeconds(60)).until(() -> services.pid(of(Service.REPORT)).isPresent()
                && services.pid(of(Service.REPORT)).getAsLong() != reportPid && healthy(services, Service.REPORT));
        assertThat(ProcessHandle.of(reportPid).filter(ProcessHandle::isAlive)).as("the unhealthy JVM was stopped").isEmpty();
        assertThat(warnings.list).filteredOn(event -> event.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("report-service", "health check failed 3 times in a row", "HTTP 503",
                        "restart 1"));
    }

    @Test
    void aServiceStoppedOrKilledThroughTheSupervisorStaysDownUntilStartedAndIsNotLaunchedTwice() {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60), QUICK_RESTARTS);
        services.startAll();

        services.kill(of(Service.LEDGER));
        services.stop(of(Service.REPORT));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> !services.isRunning(of(Service.LEDGER)) && !services.isRunning(of(Service.REPORT)));
        services.start(of(Service.LEDGER));
        long ledgerPid = services.pid(of(Service.LEDGER)).orElseThrow();

        // killed from outside, then started at once by a test: the restart waiting for its back-off launches nothing
        long gatewayPid = services.pid(of(Service.GATEWAY)).orElseThrow();
        ProcessHandle.of(gatewayPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> services.restarts(of(Service.GATEWAY)) == 1);
        services.start(of(Service.GATEWAY));
        long gatewayRestarted = services.pid(of(Service.GATEWAY)).orElseThrow();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> services.pid(of(Service.GATEWAY)).equals(OptionalLong.of(gatewayRestarted)));

        assertThat(gatewayRestarted).isNotEqualTo(gatewayPid);
        assertThat(services.restarts(of(Service.LEDGER))).isZero();
        assertThat(services.restarts(of(Service.REPORT))).isZero();
        assertThat(services.pid(of(Service.LEDGER))).hasValue(ledgerPid);
        assertThat(services.isRunning(of(Service.REPORT))).isFalse();
    }

    private static boolean healthy(ServiceSupervisor services, Service service) {
        return new HealthProbe(() -> "a-token").probe(URI.create(services.url(of(service)))).healthy();
    }

    @Test
    void onceClosedNoServiceStarts() {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));
        services.close();

        assertThatThrownBy(services::startAll).isInstanceOf(DevstackStopped.class).hasMessageContaining("transaction-service");
        assertThatThrownBy(() -> services.start(of(Service.LEDGER))).isInstanceOf(DevstackStopped.class);
        for (Service service : Service.values()) {
            assertThat(services.isRunning(of(service))).isFalse();
            assertThat(services.logFile(of(service))).doesNotExist();
        }
    }
}
