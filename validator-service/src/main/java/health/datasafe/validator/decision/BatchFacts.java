package health.datasafe.validator.decision;

import health.datasafe.contracts.Role;
import health.datasafe.validator.consent.Change;
import health.datasafe.validator.consent.Facts;
import health.datasafe.validator.consent.RecordFacts;
import health.datasafe.validator.rules.Consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validator's state as one poll batch needs it: the stored rows its transactions can ask about, loaded in bulk
 * ({@link ValidatorState#factsFor}), with the batch's own changes and decisions applied in memory, in order, as they
 * are made. So the consent engine judges each transaction against exactly the state the transactions before it left,
 * as it would one by one, and the changes are written together at the end ({@link ValidatorState#store}).
 *
 * <p>A question about a row that was not loaded is a bug in the loading, not an absent row: it fails with
 * {@link FactNotLoaded} rather than answer "unknown", which would reject (or admit) a transaction wrongly.
 */
final class BatchFacts implements Facts {

    private final Map<String, Identity> identities = new HashMap<>();
    private final Set<String> loadedActors = new HashSet<>();
    private final Map<String, RecordFacts> records = new HashMap<>();
    private final Set<String> loadedRecords = new HashSet<>();
    private final Map<String, Consent> consents = new HashMap<>();
    private final Set<String> loadedConsents = new HashSet<>();
    private final Set<String> loadedPatients = new HashSet<>();
    private final Map<String, Decision> decisions = new HashMap<>();
    private final Set<String> loadedDecisions = new HashSet<>();

    private final List<Change.NewIdentity> newIdentities = new ArrayList<>();
    private final Map<String, Change.NewKey> newKeys = new LinkedHashMap<>();
    private final List<Change.NewRecord> newRecords = new ArrayList<>();
    private final List<Change.Erasure> newErasures = new ArrayList<>();
    private final Map<String, Consent> newConsents = new LinkedHashMap<>();
    private final List<Change.Revocation> storedConsentsRevoked = new ArrayList<>();
    private final List<Decision> newDecisions = new ArrayList<>();

    /** Starts from what was asked for: each set names the keys that were looked up, found or not. */
    BatchFacts(Set<String> actorIds, Set<String> recordIds, Set<String> consentIds, Set<String> patientIds,
               Set<String> txIds) {
        loadedActors.addAll(actorIds);
        loadedRecords.addAll(recordIds);
        loadedConsents.addAll(consentIds);
        loadedPatients.addAll(patientIds);
        loadedDecisions.addAll(txIds);
    }

    /** What the rules may ask of a registered identity; {@code publicKey} and {@code organization} may be null. */
    private record Identity(Role role, String publicKey, String organization) {
    }

    void storedIdentity(String actorId, Role role, String publicKey, String organization) {
        identities.put(actorId, new Identity(role, publicKey, organization));
    }

    void storedRecord(String recordId, RecordFacts record) {
        records.put(recordId, record);
    }

    void storedConsent(Consent consent) {
        consents.put(consent.consentId(), consent);
    }

    void storedDecision(Decision decision) {
        decisions.put(decision.txId(), decision);
    }

    @Override
    public Optional<Role> roleOf(String actorId) {
        return identity(actorId).map(Identity::role);
    }

    @Override
    public Optional<String> publicKeyOf(String actorId) {
        return identity(actorId).map(Identity::publicKey);
    }

    @Override
    public Optional<String> organizationOf(String actorId) {
        return identity(actorId).map(Identity::organization);
    }

    private Optional<Identity> identity(String actorId) {
        require(loadedActors, actorId, "identity");
        return Optional.ofNullable(identities.get(actorId));
    }

    @Override
    public Optional<RecordFacts> record(String recordId) {
        require(loadedRecords, recordId, "record");
        return Optional.ofNullable(records.get(recordId));
    }

    @Override
    public Optional<Consent> consent(String consentId) {
        require(loadedConsents, consentId, "consent");
        return Optional.ofNullable(consents.get(consentId));
    }

    @Override
    public List<Consent> consentsOf(String patientId) {
        require(loadedPatients, patientId, "consents of patient");
        return consents.values().stream()
                .filter(c -> c.patientId().equals(patientId))
                .toList();
    }

    /** The decision stored or made in this batch for a transaction id. */
    Optional<Decision> decision(String txId) {
        require(loadedDecisions, txId, "decision");
        return Optional.ofNullable(decisions.get(txId));
    }

    /** Applies an accepted transaction's change; false when the row it writes is already there (as the database would). */
    boolean apply(Change change) {
        return switch (change) {
            case Change.Nothing nothing -> true;
            case Change.NewIdentity identity -> {
                if (roleOf(identity.actorId()).isPresent()) {
                    yield false;
                }
                storedIdentity(identity.actorId(), identity.role(), identity.publicKey(), identity.organization());
                newIdentities.add(identity);
                yield true;
            }
            case Change.NewRecord record -> {
                if (record(record.recordId()).isPresent()) {
                    yield false;
                }
                records.put(record.recordId(), record.facts());
                newRecords.add(record);
                yield true;
            }
            case Change.NewConsent(Consent consent) -> {
                if (consent(consent.consentId()).isPresent()) {
                    yield false;
                }
                consents.put(consent.consentId(), consent);
                newConsents.put(consent.consentId(), consent);
                yield true;
            }
            case Change.NewBreakGlass(Consent window, Change.NewRecord reason) -> {
                if (consent(window.consentId()).isPresent() || record(reason.recordId()).isPresent()) {
                    yield false;
                }
                yield apply(new Change.NewConsent(window)) && apply(reason);
            }
            case Change.Revocation revocation -> revoke(revocation);
            case Change.Erasure erasure -> {
                RecordFacts record = record(erasure.recordId()).orElse(null);
                if (record == null || !record.patientId().equals(erasure.patientId()) || record.erased()) {
                    yield false;
                }
                records.put(erasure.recordId(), record.erasedBy(erasure.txId()));
                newErasures.add(erasure);
                yield true;
            }
            case Change.NewKey key -> {
                if (roleOf(key.actorId()).isEmpty()) {
                    yield false;
                }
                identities.computeIfPresent(key.actorId(),
                        (id, identity) -> new Identity(identity.role(), key.publicKey(), identity.organization()));
                newKeys.remove(key.actorId());
                newKeys.put(key.actorId(), key);
                yield true;
            }
        };
    }

    private boolean revoke(Change.Revocation revocation) {
        Consent consent = consent(revocation.consentId()).orElse(null);
        if (consent == null || !consent.patientId().equals(revocation.patientId()) || consent.revoked()) {
            return false;
        }
        Consent revoked = consent.revokedBy(revocation.txId());
        consents.put(revoked.consentId(), revoked);
        if (newConsents.containsKey(revoked.consentId())) {
            newConsents.put(revoked.consentId(), revoked);
        } else {
            storedConsentsRevoked.add(revocation);
        }
        return true;
    }

    /** Records a decision made in this batch for an id that had none ({@link #decision} was empty). */
    void decided(Decision decision) {
        if (decision(decision.txId()).isPresent()) {
            throw new IllegalStateException("transaction " + decision.txId() + " was decided already");
        }
        decisions.put(decision.txId(), decision);
        newDecisions.add(decision);
    }

    List<Change.NewIdentity> newIdentities() {
        return newIdentities;
    }

    /** The last key each actor got in this batch, in the order they got it. */
    List<Change.NewKey> newKeys() {
        return List.copyOf(newKeys.values());
    }

    List<Change.NewRecord> newRecords() {
        return newRecords;
    }

    /** Records erased in this batch, in order; each is stored (or inserted earlier in the batch) unerased. */
    List<Change.Erasure> newErasures() {
        return newErasures;
    }

    /** Consents granted in this batch, as they stand at its end (revoked by a later transaction of it, perhaps). */
    List<Consent> newConsents() {
        return List.copyOf(newConsents.values());
    }

    List<Change.Revocation> storedConsentsRevoked() {
        return storedConsentsRevoked;
    }

    List<Decision> newDecisions() {
        return newDecisions;
    }

    private static <K> void require(Set<K> loaded, K key, String what) {
        if (!loaded.contains(key)) {
            throw new FactNotLoaded(what, String.valueOf(key));
        }
    }
}
