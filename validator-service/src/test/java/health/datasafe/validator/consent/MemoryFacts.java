package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;
import health.datasafe.validator.rules.Consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validator state held in memory, for judging transactions one after another without a database. */
final class MemoryFacts implements Facts {

    private final Map<String, Change.NewIdentity> identities = new HashMap<>();
    private final Map<String, RecordFacts> records = new HashMap<>();
    private final Map<String, Consent> consents = new HashMap<>();

    /** Applies the verdict's change when it is an acceptance; returns the verdict. */
    Verdict apply(Verdict verdict) {
        if (verdict instanceof Verdict.Accepted(Change change)) {
            switch (change) {
                case Change.Nothing nothing -> {
                }
                case Change.NewIdentity identity -> identities.putIfAbsent(identity.actorId(), identity);
                case Change.NewRecord record -> records.putIfAbsent(record.recordId(), record.facts());
                case Change.NewConsent(Consent consent) -> consents.putIfAbsent(consent.consentId(), consent);
                case Change.NewBreakGlass(Consent window, Change.NewRecord reason) -> {
                    consents.putIfAbsent(window.consentId(), window);
                    records.putIfAbsent(reason.recordId(), reason.facts());
                }
                case Change.Erasure erasure -> records.computeIfPresent(erasure.recordId(),
                        (id, record) -> record.erasedBy(erasure.txId()));
                case Change.Revocation revocation -> consents.computeIfPresent(revocation.consentId(),
                        (id, consent) -> consent.revokedBy(revocation.txId()));
                case Change.NewKey key -> identities.computeIfPresent(key.actorId(), (id, identity) ->
                        new Change.NewIdentity(id, identity.role(), key.publicKey(), identity.organization(),
                                identity.txId()));
            }
        }
        return verdict;
    }

    @Override
    public Optional<Role> roleOf(String actorId) {
        return Optional.ofNullable(identities.get(actorId)).map(Change.NewIdentity::role);
    }

    @Override
    public Optional<String> publicKeyOf(String actorId) {
        return Optional.ofNullable(identities.get(actorId)).map(Change.NewIdentity::publicKey);
    }

    @Override
    public Optional<String> organizationOf(String actorId) {
        return Optional.ofNullable(identities.get(actorId)).map(Change.NewIdentity::organization);
    }

    @Override
    public Optional<RecordFacts> record(String recordId) {
        return Optional.ofNullable(records.get(recordId));
    }

    @Override
    public Optional<Consent> consent(String consentId) {
        return Optional.ofNullable(consents.get(consentId));
    }

    @Override
    public List<Consent> consentsOf(String patientId) {
        return new ArrayList<>(consents.values().stream().filter(c -> c.patientId().equals(patientId)).toList());
    }
}
