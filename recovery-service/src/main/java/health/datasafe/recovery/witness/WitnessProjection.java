package health.datasafe.recovery.witness;

import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.trust.Trust;
import health.datasafe.recovery.incident.IncidentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * Makes the {@link Witness} of a schema: of the live one, for the listeners, or of one a replay fills, with the same
 * checks and the same trusted ledger keys ({@code dsh.trust.ledger-keys}).
 */
@Component
class WitnessProjection {

    private static final Logger log = LoggerFactory.getLogger(WitnessProjection.class);

    private final BlockScreen screen;
    private final EventReader events;
    private final TrustedKeys keys;
    private final String genesisHash;
    private final Witness live;

    WitnessProjection(BlockScreen screen, EventReader events, Trust trust, WitnessStore liveStore,
                      IncidentLog liveIncidents, DataSource liveDataSource) {
        this.screen = screen;
        this.events = events;
        this.keys = trust.ledger();
        this.genesisHash = trust.genesisHash();
        if (keys.isEmpty()) {
            log.warn("dsh.trust.ledger-keys is empty: the first block signer seen will be trusted on first use, and "
                    + "signed checkpoints cannot be verified and are not kept, so audits compare the ledger with the "
                    + "witnessed blocks only");
        }
        this.live = witness(liveStore, liveIncidents, liveDataSource);
    }

    /** The witness of the live schema. */
    Witness live() {
        return live;
    }

    /** The witness of the (migrated) schema {@code target} points at. */
    Witness into(DataSource target) {
        return witness(new WitnessStore(JdbcClient.create(target)), IncidentLog.of(target), target);
    }

    private Witness witness(WitnessStore store, IncidentLog incidents, DataSource dataSource) {
        return new Witness(screen, events, store, incidents,
                new BlockWitness(store, new LedgerSigners(keys, store), incidents, genesisHash),
                new CheckpointWitness(store, keys),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }
}
