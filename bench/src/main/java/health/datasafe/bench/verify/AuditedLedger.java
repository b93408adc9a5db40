package health.datasafe.bench.verify;

import health.datasafe.kit.trust.TrustAutoConfiguration;
import health.datasafe.ledger.LedgerServiceApplication;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.NodeKey;
import health.datasafe.ledger.verify.ChainAudit;
import health.datasafe.ledger.verify.Verification;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The ledger-service's own {@link ChainAudit}, what {@code GET /api/ledger/verify} runs, built by Spring from the
 * service's classes as the service builds it: with its {@link NodeKey} (from {@code dsh.ledger.*}, bound to the
 * service's own settings records), its {@link MerkleNodeStore} and a transaction manager, over the benchmark's
 * database. Nothing else of the service is started.
 */
final class AuditedLedger implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;
    private final ChainAudit audit;

    /**
     * @param dataSource the database whose ledger is audited, the ledger schema first on its search path
     * @param nodeKey    base64 PKCS#8 Ed25519 private key of the ledger node that signed the blocks and checkpoints
     *                   ({@code dsh.ledger.private-key}); the audit trusts its public key
     */
    AuditedLedger(DataSource dataSource, String nodeKey) {
        context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("dsh-bench",
                Map.of("dsh.ledger.private-key", nodeKey)));
        context.registerBean(DataSource.class, () -> dataSource);
        context.register(Beans.class);
        context.refresh();
        audit = context.getBean(ChainAudit.class);
    }

    /** Runs the audit once over the whole ledger. */
    Verification verify() {
        return audit.verify();
    }

    @Override
    public void close() {
        context.close();
    }

    /** What ChainAudit needs, as the service's auto-configuration would provide it. */
    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = LedgerServiceApplication.class)
    @Import({ChainAudit.class, NodeKey.class, MerkleNodeStore.class})
    @ImportAutoConfiguration(TrustAutoConfiguration.class)
    static class Beans {

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }
}
