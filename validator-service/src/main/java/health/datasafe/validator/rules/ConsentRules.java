package health.datasafe.validator.rules;

import health.datasafe.contracts.Grantee;
import health.datasafe.contracts.Metadata;
import health.datasafe.validator.rules.Permission.Basis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The consent rules, version {@value #VERSION} (docs/consent-rules.md): whether a patient's consents let an actor do
 * what he asks, decided from the consents and the request alone, so every validator that replays the same log decides
 * the same.
 *
 * <ol>
 *   <li>A consent is about a request when its root provision names the actor (by id, role or organization). Only such
 *   consents count.</li>
 *   <li>A consent applies when it is not revoked, the request falls in its period, and its root provision grants the
 *   action and purpose and covers the record. Then its decision is the type of the deepest provision that matches:
 *   the root, or an exception of it, or an exception of that exception (a denying exception wins among siblings).</li>
 *   <li>A denying consent that applies and decides "deny" refuses the request, whatever any other consent permits.
 *   Otherwise any consent that decides "permit" permits it (the one the request names, when it names one).</li>
 *   <li>When nothing permits, the answer names the permitting consent about the actor that came closest (the one
 *   naming him most closely: by id, then organization, then role; then the one that failed latest among revoked,
 *   period, action, purpose, record, exception; then the smallest id), and what it lacked.</li>
 * </ol>
 */
public final class ConsentRules {

    /** The version transactions name in {@code consentRules}; another version is not judged by these rules. */
    public static final String VERSION = Metadata.CONSENT_RULES_VERSION;

    private ConsentRules() {
    }

    /**
     * Whether {@code consents} (one patient's, revoked ones included) permit {@code request}.
     *
     * @param named the consent the request says it relies on; null to let any permitting consent decide
     */
    public static Permission decide(List<Consent> consents, Request request, String named) {
        List<Evaluation> evaluations = consents.stream()
                .sorted(Comparator.comparing(Consent::consentId))
                .map(consent -> evaluate(consent, request))
                .flatMap(Optional::stream)
                .toList();
        for (Evaluation evaluation : evaluations) {
            if (evaluation.basis() == Basis.DENIED_BY_CONSENT) {
                return evaluation.answer(request);
            }
        }
        if (named != null) {
            return evaluations.stream()
                    .filter(evaluation -> evaluation.consent().consentId().equals(named))
                    .findFirst()
                    .map(evaluation -> evaluation.answer(request))
                    .orElseGet(() -> new Permission(false, Basis.NO_CONSENT, null, "the patient has no consent " + named
                            + " about " + request.actorId()));
        }
        return evaluations.stream()
                .filter(Evaluation::permits)
                .findFirst()
                .or(() -> evaluations.stream()
                        .filter(evaluation -> evaluation.consent().provision().type() == Provision.Type.PERMIT)
                        .max(Comparator.comparingInt((Evaluation evaluation) -> evaluation.specificity(request))
                                .thenComparingInt(Evaluation::progress)
                                .thenComparing(evaluation -> evaluation.consent().consentId(),
                                        Comparator.reverseOrder())))
                .map(evaluation -> evaluation.answer(request))
                .orElseGet(() -> new Permission(false, Basis.NO_CONSENT, null, "no consent of the patient's is about "
                        + request.actorId() + " (by id, role or organization)"));
    }

    /** How one consent answers the request; empty when it is not about the actor. */
    private static Optional<Evaluation> evaluate(Consent consent, Request request) {
        Provision root = consent.provision();
        if (!root.addresses(request)) {
            return Optional.empty();
        }
        Basis basis;
        if (consent.revoked()) {
            basis = Basis.REVOKED;
        } else if (request.at().isBefore(root.start())) {
            basis = Basis.NOT_YET_VALID;
        } else if (!request.at().isBefore(root.end())) {
            basis = Basis.EXPIRED;
        } else if (!root.actions().contains(request.action())) {
            basis = Basis.ACTION_NOT_GRANTED;
        } else if (request.purpose() != null && !root.purposes().contains(request.purpose())) {
            basis = Basis.PURPOSE_NOT_GRANTED;
        } else if (!root.covers(request)) {
            basis = Basis.RECORD_NOT_COVERED;
        } else {
            Provision.Type decided = root.resolve(request);
            if (root.type() == Provision.Type.PERMIT) {
                basis = decided == Provision.Type.PERMIT ? Basis.PERMITTED : Basis.DENIED_BY_EXCEPTION;
            } else {
                basis = decided == Provision.Type.DENY ? Basis.DENIED_BY_CONSENT : Basis.PERMITTED_BY_EXCEPTION;
            }
        }
        return Optional.of(new Evaluation(consent, basis));
    }

    private record Evaluation(Consent consent, Basis basis) {

        /** How closely the consent names the actor: by id (3), organization (2), role (1). */
        int specificity(Request request) {
            Set<String> actors = consent.provision().actors();
            if (actors.contains(request.actorId())) {
                return 3;
            }
            return request.organization() != null && actors.contains(Grantee.ORG + request.organization()) ? 2 : 1;
        }

        /** How far the request got through the consent's checks before it failed. */
        int progress() {
            return switch (basis) {
                case REVOKED -> 1;
                case NOT_YET_VALID, EXPIRED -> 2;
                case ACTION_NOT_GRANTED -> 3;
                case PURPOSE_NOT_GRANTED -> 4;
                case RECORD_NOT_COVERED -> 5;
                default -> 6;
            };
        }

        boolean permits() {
            return basis == Basis.PERMITTED || basis == Basis.PERMITTED_BY_EXCEPTION;
        }

        Permission answer(Request request) {
            Provision root = consent.provision();
            String id = consent.consentId();
            String what = request.action().code() + (request.purpose() == null ? "" : " for " + request.purpose())
                    + (request.recordId() == null ? "" : " of record " + request.recordId());
            String detail = switch (basis) {
                case PERMITTED -> "consent " + id + " permits " + request.actorId() + " to " + what;
                case PERMITTED_BY_EXCEPTION -> "an exception in consent " + id + ", which denies otherwise, permits "
                        + request.actorId() + " to " + what;
                case DENIED_BY_CONSENT -> "consent " + id + " denies " + request.actorId() + " to " + what
                        + ", whatever other consents permit";
                case DENIED_BY_EXCEPTION -> "an exception in consent " + id + " denies " + request.actorId() + " to "
                        + what;
                case REVOKED -> "consent " + id + " was revoked by transaction " + consent.revokedByTx();
                case NOT_YET_VALID -> "consent " + id + " applies from " + root.start() + ", not at " + request.at();
                case EXPIRED -> "consent " + id + " ended at " + root.end() + ", before " + request.at();
                case ACTION_NOT_GRANTED -> "consent " + id + " grants " + codes(root.actions()) + ", not "
                        + request.action().code();
                case PURPOSE_NOT_GRANTED -> "consent " + id + " grants purposes " + root.purposes() + ", not "
                        + request.purpose();
                case RECORD_NOT_COVERED -> "consent " + id + " does not cover record " + request.recordId()
                        + " (it covers " + coverage(root) + ")";
                case NO_CONSENT -> throw new IllegalStateException("an evaluated consent is about the actor");
            };
            return new Permission(permits(), basis, id, detail);
        }

        private static String codes(Set<Action> actions) {
            return actions.stream().map(Action::code).toList().toString();
        }

        private static String coverage(Provision root) {
            var parts = new ArrayList<String>();
            if (!root.resourceTypes().isEmpty()) {
                parts.add("resource types " + root.resourceTypes());
            }
            if (!root.securityLabels().isEmpty()) {
                parts.add("labels " + root.securityLabels());
            }
            if (!root.recordIds().isEmpty()) {
                parts.add("records " + root.recordIds());
            }
            return String.join(", ", parts);
        }
    }
}
