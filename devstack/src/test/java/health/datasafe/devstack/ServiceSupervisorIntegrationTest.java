package health.datasafe.devstack;

import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.process.HealthProbe;
import health.datasafe.devsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Supervising the service JVMs, against real child JVMs running stand-in jars. The stand-ins connect to nothing, so
 * no broker or database is started: the wiring names addresses nobody listens on.
 */
class ServiceSupervisorIntegrationTest {

    private static final DevstackKeys KEYS = new DevstackKeys("INITIATOR-PRIVATE", "INITIATOR-PUBLIC", "LEDGER-PRIVATE",
            "LEDGER-PUBLIC", "VAULT-MASTER");

    @TempDir
    Path temp;

    private Path repository;
    private DataDirectory data;
    private final List<ServiceSupervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void standIns() {
        repository = StandInRepository.create(temp.resolve("repo"));
        data = DataDirectory.open(temp.resolve("data"));
    }

    @AfterEach
    void stopEverything() {
        supervisors.forEach(ServiceSupervisor::close);
        data.close();
    }

    private ServiceSupervisor supervisor(Duration startupTimeout) {
        var wiring = new ServiceWiring("127.0.0.1:9", new PostgresDatabase("jdbc:postgresql://127.0.0.1:9/postgres", "postgres", "postgres"),
                "http://127.0.0.1:9/jwks", "http://127.0.0.1:9/token", KEYS, ServiceSupervisor.ports(0), "a-token");
        var supervisor = new ServiceSupervisor(repository, data, wiring, new HealthProbe(() -> "a-token"), startupTimeout);
        supervisors.add(supervisor);
        return supervisor;
    }

    @Test
    void everyServiceGetsItsOwnPortAndTheGatewayTheOneAskedFor() {
        Map<Service, Integer> ports = ServiceSupervisor.ports(18080);

        assertThat(ports).containsOnlyKeys(Service.values()).containsEntry(Service.GATEWAY, 18080);
        assertThat(new HashSet<>(ports.values())).hasSize(Service.values().length);
        assertThat(ServiceSupervisor.ports(0).values()).doesNotContain(0);
    }

    @Test
    void startsEveryServiceWithItsSettingsWaitsUntilAllAreHealthyAndStopsThemAllOnClose() throws Exception {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));

        services.startAll();

        List<Long> pids = new ArrayList<>();
        for (Service service : Service.values()) {
            assertThat(services.isRunning(service)).as(service.module()).isTrue();
            pids.add(services.pid(service).orElseThrow());
            assertThat(services.logFile(service)).isEqualTo(data.log(service.module()));
            assertThat(Files.readString(services.logFile(service))).contains("stand-in listening on " + services.port(service));
        }
        assertThat(services.url(Service.LEDGER)).isEqualTo("http://127.0.0.1:" + services.port(Service.LEDGER));
        String ledgerLog = Files.readString(services.logFile(Service.LEDGER));
        assertThat(ledgerLog).contains("arg --dsh.trust.initiators=INITIATOR-PUBLIC", "env DSH_LEDGER_PRIVATEKEY=LEDGER-PRIVATE");
        assertThat(ledgerLog.lines().filter(line -> line.startsWith("arg "))).noneMatch(line -> line.contains("LEDGER-PRIVATE"));

        services.close();

        for (Service service : Service.values()) {
            assertThat(services.isRunning(service)).as(service.module()).isFalse();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after close", pid).isEmpty();
        }
    }

    @Test
    void aKilledOrStoppedServiceStartsAgainOnItsPortInANewJvm() throws Exception {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));
        services.startAll();
        long ledgerPid = services.pid(Service.LEDGER).orElseThrow();

        services.kill(Service.LEDGER);
        assertThat(services.isRunning(Service.LEDGER)).isFalse();
        assertThat(services.pid(Service.LEDGER)).isEmpty();
        services.start(Service.LEDGER);

        assertThat(services.pid(Service.LEDGER).orElseThrow()).isNotEqualTo(ledgerPid);
        assertThat(Files.readString(services.logFile(Service.LEDGER)).lines()
                .filter(line -> line.equals("stand-in listening on " + services.port(Service.LEDGER)))).hasSize(2);

        services.stop(Service.REPORT);
        assertThat(services.isRunning(Service.REPORT)).isFalse();
        services.start(Service.REPORT);
        long reportPid = services.pid(Service.REPORT).orElseThrow();
        services.start(Service.REPORT);
        assertThat(services.pid(Service.REPORT)).as("starting a running service leaves it be").hasValue(reportPid);
    }

    @Test
    void aServiceNotHealthyInTimeFailsTheStartNamingItsLastAnswerAndTheTailOfItsLog() {
        StandInRepository.makeUnhealthy(repository, Service.REPORT);
        ServiceSupervisor services = supervisor(Duration.ofSeconds(5));

        assertThatThrownBy(services::startAll).isInstanceOfSatisfying(ServiceDidNotStart.class, failure -> {
            assertThat(failure.service()).isEqualTo(Service.REPORT);
            assertThat(failure.reason()).contains("not healthy after 5 s", "HTTP 503", "DOWN");
            assertThat(failure.logTail()).contains("stand-in listening on " + services.port(Service.REPORT));
            assertThat(failure.getSuppressed()).isEmpty();
        });
        assertThat(services.isRunning(Service.GATEWAY)).as("the others were healthy").isTrue();
    }

    @Test
    void onceClosedNoServiceStarts() {
        ServiceSupervisor services = supervisor(Duration.ofSeconds(60));
        services.close();

        assertThatThrownBy(services::startAll).isInstanceOf(DevstackStopped.class).hasMessageContaining("transaction-service");
        assertThatThrownBy(() -> services.start(Service.LEDGER)).isInstanceOf(DevstackStopped.class);
        for (Service service : Service.values()) {
            assertThat(services.isRunning(service)).isFalse();
            assertThat(services.logFile(service)).doesNotExist();
        }
    }
}
