package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.LedgerCommitted;
import health.datasafe.transaction.rebuild.WritingResumed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities known to the ledger, in table {@code tx.identities}: an identity is added when its
 * IDENTITY_REGISTERED is committed in a block, whichever initiator submitted it. A committed registration never
 * changes, so roles once read are remembered (an unknown actor is asked about again every time).
 */
@Component
public class Identities {

    private static final Logger log = LoggerFactory.getLogger(Identities.class);

    /** How many registered roles are remembered; past that, the memory starts over. */
    private static final int REMEMBERED = 50_000;

    private final JdbcClient jdbc;
    /** Roles of committed registrations: a committed registration never changes, so it is remembered once read. */
    private final ConcurrentHashMap<String, Role> registered = new ConcurrentHashMap<>();

    Identities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The role the actor was registered with, if the registration is committed. */
    public Optional<Role> roleOf(String actorId) {
        Role known = registered.get(actorId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Role> stored = jdbc.sql("SELECT role FROM identities WHERE actor_id = :actorId")
                .param("actorId", actorId)
                .query(String.class)
                .optional()
                .map(Role::valueOf);
        stored.ifPresent(role -> {
            if (registered.size() >= REMEMBERED) {
                registered.clear();
            }
            registered.put(actorId, role);
        });
        return stored;
    }

    public boolean registered(String actorId) {
        return roleOf(actorId).isPresent();
    }

    /** The caller must be a registered identity; {@link CallerNotRegistered} otherwise. */
    public void requireRegistered(String actorId) {
        if (!registered(actorId)) {
            throw new CallerNotRegistered(actorId);
        }
    }

    public boolean isPatient(String actorId) {
        return roleOf(actorId).filter(role -> role == Role.PATIENT).isPresent();
    }

    /** The patient must be a registered patient; {@link UnknownPatient} otherwise. */
    public void requirePatient(String patientId) {
        if (!isPatient(patientId)) {
            throw new UnknownPatient(patientId);
        }
    }

    @EventListener
    void onWritingResumed(WritingResumed resumed) {
        registered.clear();
    }

    @EventListener
    void onCommitted(LedgerCommitted committed) {
        var tx = committed.transaction();
        registeredRole(tx).ifPresent(role -> jdbc.sql("""
                        INSERT INTO identities (actor_id, role, status, registered_by_tx)
                        VALUES (:actorId, :role, 'REGISTERED', :tx) ON CONFLICT (actor_id) DO NOTHING""")
                .param("actorId", tx.actorId())
                .param("role", role.name())
                .param("tx", tx.id())
                .update());
    }

    /**
     * The role a committed transaction registers its actor with: present for an IDENTITY_REGISTERED with an actor and
     * a known role (the first committed registration of an actor stands). Also what a rebuild replays.
     */
    public static Optional<Role> registeredRole(Transaction tx) {
        if (tx.type() != TransactionType.IDENTITY_REGISTERED || tx.actorId() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Role.valueOf(tx.meta(Metadata.ROLE)));
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("Committed registration {} names no known role: {}", tx.id(), tx.meta(Metadata.ROLE));
            return Optional.empty();
        }
    }
}
