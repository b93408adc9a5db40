package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validator state held in memory, for judging transactions one after another without a database. */
final class MemoryFacts implements Facts {

    private final Map<String, Role> identities = new HashMap<>();
    private final Map<String, String> publicKeys = new HashMap<>();
    private final Map<String, String> records = new HashMap<>();
    private final Map<String, Consent> consents = new HashMap<>();

    /** Applies the verdict's change when it is an acceptance; returns the verdict. */
    Verdict apply(Verdict verdict) {
        if (verdict instanceof Verdict.Accepted(Change change)) {
            switch (change) {
                case Change.Nothing nothing -> {
                }
                case Change.NewIdentity identity -> {
                    if (identities.putIfAbsent(identity.actorId(), identity.role()) == null && identity.publicKey() != null) {
                        publicKeys.put(identity.actorId(), identity.publicKey());
                    }
                }
                case Change.NewRecord record -> records.putIfAbsent(record.recordId(), record.patientId());
                case Change.NewConsent(Consent consent) -> consents.putIfAbsent(consent.consentId(), consent);
                case Change.Revocation revocation -> consents.computeIfPresent(revocation.consentId(), (id, c) ->
                        new Consent(c.consentId(), c.patientId(), c.grantee(), c.action(), c.purpose(), c.validFrom(),
                                c.validUntil(), c.grantedByTx(), revocation.txId()));
            }
        }
        return verdict;
    }

    @Override
    public Optional<Role> roleOf(String actorId) {
        return Optional.ofNullable(identities.get(actorId));
    }

    @Override
    public Optional<String> publicKeyOf(String actorId) {
        return Optional.ofNullable(publicKeys.get(actorId));
    }

    @Override
    public Optional<String> patientOfRecord(String recordId) {
        return Optional.ofNullable(records.get(recordId));
    }

    @Override
    public Optional<Consent> consent(String consentId) {
        return Optional.ofNullable(consents.get(consentId));
    }

    @Override
    public List<Consent> consentsGranted(String patientId, String grantee) {
        return new ArrayList<>(consents.values().stream()
                .filter(c -> c.patientId().equals(patientId) && c.grantee().equals(grantee))
                .toList());
    }
}
