package health.datasafe.validator.rules;

import health.datasafe.contracts.Grantee;
import health.datasafe.contracts.Ids;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ResourceTypes;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One rule of a consent, shaped like FHIR R4 {@code Consent.provision}: whether it permits or denies, whom it is about,
 * which actions and purposes, which records (by resource type, security label or id), when, and the nested provisions
 * that are its exceptions. An empty set places no limit on its criterion; the root provision always names actors,
 * actions, purposes and a period.
 *
 * <p>It is written in a CONSENT_GRANTED transaction's metadata: the root's criteria under their own keys, lists
 * comma-separated, and the exceptions as a JSON array of objects with the same keys ({@link #fromMetadata}).
 *
 * @param type       permit or deny
 * @param actors     actor ids, {@code role:ROLE} or {@code org:ORGANIZATION}
 * @param start      first instant it applies (inclusive); null for an exception that keeps its parent's
 * @param end        instant it stops applying (exclusive); null for an exception that keeps its parent's
 * @param exceptions nested provisions, each of the opposite type, that carve exceptions out of this one
 */
public record Provision(Type type, Set<String> actors, Set<Action> actions, Set<Purpose> purposes,
                        Set<String> resourceTypes, Set<SecurityLabel> securityLabels, Set<String> recordIds,
                        Instant start, Instant end, List<Provision> exceptions) {

    /** Deepest nesting of exceptions accepted below the root. */
    public static final int MAX_DEPTH = 3;
    /** Most provisions one consent may hold, root included. */
    public static final int MAX_PROVISIONS = 32;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Whether a provision permits or denies what it matches. */
    public enum Type {
        PERMIT, DENY;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        Type opposite() {
            return this == PERMIT ? DENY : PERMIT;
        }

        static Type of(String code) {
            for (Type type : values()) {
                if (type.code().equals(code)) {
                    return type;
                }
            }
            throw new IllegalArgumentException(code);
        }
    }

    public Provision {
        actors = Collections.unmodifiableSet(new LinkedHashSet<>(actors));
        actions = actions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
        purposes = purposes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(purposes));
        resourceTypes = Collections.unmodifiableSet(new LinkedHashSet<>(resourceTypes));
        securityLabels = securityLabels.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(securityLabels));
        recordIds = Collections.unmodifiableSet(new LinkedHashSet<>(recordIds));
        exceptions = List.copyOf(exceptions);
    }

    /**
     * The consent's provision from its CONSENT_GRANTED metadata; {@link ProvisionInvalid} naming the first field that
     * breaks the rules. The root needs grantee, action, purpose, validFrom and validUntil.
     */
    public static Provision fromMetadata(Map<String, String> metadata) {
        var fields = new LinkedHashMap<String, Object>(terms(metadata));
        for (String required : List.of(Metadata.GRANTEE, Metadata.ACTION, Metadata.PURPOSE, Metadata.VALID_FROM,
                Metadata.VALID_UNTIL)) {
            if (fields.get(required) == null) {
                throw new ProvisionInvalid(required, "is required");
            }
        }
        String exceptions = metadata.get(Metadata.EXCEPTIONS);
        if (exceptions != null) {
            fields.put(Metadata.EXCEPTIONS, parseJson(exceptions));
        }
        int[] count = {0};
        return parse("", fields, null, 0, count);
    }

    /** The entries of a transaction's metadata that make up a provision (its terms), and no others. */
    public static Map<String, String> terms(Map<String, String> metadata) {
        var terms = new LinkedHashMap<String, String>();
        for (String key : Metadata.PROVISION_KEYS) {
            if (metadata.get(key) != null) {
                terms.put(key, metadata.get(key));
            }
        }
        return terms;
    }

    /** Whether the request meets every criterion of this provision (not of its exceptions). */
    boolean matches(Request request) {
        return addresses(request)
                && (actions.isEmpty() || actions.contains(request.action()))
                && (purposes.isEmpty() || request.purpose() == null || purposes.contains(request.purpose()))
                && covers(request)
                && inPeriod(request.at());
    }

    /** Whether the provision is about the requesting actor: by id, by role or by organization. */
    boolean addresses(Request request) {
        return actors.isEmpty()
                || actors.contains(request.actorId())
                || (request.role() != null && actors.contains(Grantee.ROLE + request.role().name()))
                || (request.organization() != null && actors.contains(Grantee.ORG + request.organization()));
    }

    /** Whether the request's record is among those the provision covers (any record, for a request without one). */
    boolean covers(Request request) {
        if (request.recordId() == null) {
            return true;
        }
        return (resourceTypes.isEmpty() || resourceTypes.contains(request.resourceType()))
                && (securityLabels.isEmpty() || request.securityLabels().stream().anyMatch(securityLabels::contains))
                && (recordIds.isEmpty() || recordIds.contains(request.recordId()));
    }

    boolean inPeriod(Instant at) {
        return (start == null || !at.isBefore(start)) && (end == null || at.isBefore(end));
    }

    /**
     * The type that decides a request this provision matches: that of the deepest exception it also matches, or the
     * provision's own; among sibling exceptions that match, a denying one wins.
     */
    Type resolve(Request request) {
        Type deciding = null;
        for (Provision exception : exceptions) {
            if (exception.matches(request)) {
                Type nested = exception.resolve(request);
                if (deciding == null || nested == Type.DENY) {
                    deciding = nested;
                }
            }
        }
        return deciding == null ? type : deciding;
    }

    private static Object parseJson(String exceptions) {
        try {
            JsonNode node = JSON.readTree(exceptions);
            if (!node.isArray()) {
                throw new ProvisionInvalid(Metadata.EXCEPTIONS, "must be a JSON array of provisions");
            }
            return node;
        } catch (JacksonException e) {
            throw new ProvisionInvalid(Metadata.EXCEPTIONS, "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Provision parse(String path, Map<String, Object> fields, Provision parent, int depth, int[] count) {
        if (++count[0] > MAX_PROVISIONS) {
            throw new ProvisionInvalid(path + Metadata.EXCEPTIONS, "holds more than " + MAX_PROVISIONS + " provisions");
        }
        Type type = parent == null ? Type.PERMIT : parent.type().opposite();
        String decision = text(path, fields, Metadata.DECISION);
        if (decision != null) {
            try {
                type = Type.of(decision);
            } catch (IllegalArgumentException e) {
                throw new ProvisionInvalid(path + Metadata.DECISION, "must be permit or deny");
            }
            if (parent != null && type == parent.type()) {
                throw new ProvisionInvalid(path + Metadata.DECISION, "must be the opposite of the provision it is an"
                        + " exception to (" + parent.type().code() + "): an exception that agrees changes nothing");
            }
        }
        Set<String> actors = list(path, fields, Metadata.GRANTEE, Provision::actor);
        Set<Action> actions = list(path, fields, Metadata.ACTION, Action::of);
        Set<Purpose> purposes = list(path, fields, Metadata.PURPOSE, Purpose::valueOf);
        Set<String> resourceTypes = list(path, fields, Metadata.RESOURCE_TYPE, Provision::resourceType);
        Set<SecurityLabel> labels = list(path, fields, Metadata.SECURITY_LABELS, SecurityLabel::valueOf);
        Set<String> recordIds = list(path, fields, Metadata.RECORD_IDS, Provision::id);
        Instant start = instant(path, fields, Metadata.VALID_FROM);
        Instant end = instant(path, fields, Metadata.VALID_UNTIL);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new ProvisionInvalid(path + Metadata.VALID_UNTIL, "must be after metadata." + path + Metadata.VALID_FROM);
        }
        if (parent != null) {
            within(path + Metadata.ACTION, actions, parent.actions());
            within(path + Metadata.PURPOSE, purposes, parent.purposes());
            if ((start != null && start.isBefore(parent.start()))
                    || (end != null && end.isAfter(parent.end()))) {
                throw new ProvisionInvalid(path + Metadata.VALID_FROM, "and validUntil must lie within the period of"
                        + " the provision it is an exception to");
            }
        }
        boolean manages = actions.contains(Action.MANAGE);
        if (manages && (parent != null || type != Type.PERMIT || actions.size() > 1 || !resourceTypes.isEmpty()
                || !labels.isEmpty() || !recordIds.isEmpty() || fields.get(Metadata.EXCEPTIONS) != null)) {
            throw new ProvisionInvalid(path + Metadata.ACTION, "manage stands alone: a delegation permits managing"
                    + " consents and nothing else, in a consent of its own without exceptions");
        }
        var root = new Provision(type, actors, actions, purposes, resourceTypes, labels, recordIds,
                start != null || parent == null ? start : parent.start(),
                end != null || parent == null ? end : parent.end(), List.of());
        Object nested = fields.get(Metadata.EXCEPTIONS);
        if (nested == null) {
            return root;
        }
        if (depth == MAX_DEPTH) {
            throw new ProvisionInvalid(path + Metadata.EXCEPTIONS, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (!(nested instanceof JsonNode array) || !array.isArray()) {
            throw new ProvisionInvalid(path + Metadata.EXCEPTIONS, "must be an array of provisions");
        }
        var exceptions = new ArrayList<Provision>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + Metadata.EXCEPTIONS + "[" + i + "].";
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                throw new ProvisionInvalid(at.substring(0, at.length() - 1), "must be an object");
            }
            var childFields = new LinkedHashMap<String, Object>();
            for (var property : element.properties()) {
                if (!Metadata.PROVISION_KEYS.contains(property.getKey())) {
                    throw new ProvisionInvalid(at + property.getKey(),
                            "is not a provision key " + Metadata.PROVISION_KEYS);
                }
                JsonNode value = property.getValue();
                if (property.getKey().equals(Metadata.EXCEPTIONS)) {
                    childFields.put(property.getKey(), value);
                } else if (value.isString()) {
                    childFields.put(property.getKey(), value.asString());
                } else {
                    throw new ProvisionInvalid(at + property.getKey(), "must be a string");
                }
            }
            exceptions.add(parse(at, childFields, root, depth + 1, count));
        }
        if (exceptions.isEmpty()) {
            throw new ProvisionInvalid(path + Metadata.EXCEPTIONS, "must not be an empty array");
        }
        return new Provision(root.type(), actors, actions, purposes, resourceTypes, labels, recordIds, root.start(),
                root.end(), exceptions);
    }

    private static String text(String path, Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ProvisionInvalid(path + key, "must be a non-blank string");
        }
        return text;
    }

    private static <T> Set<T> list(String path, Map<String, Object> fields, String key, Function<String, T> parse) {
        String text = text(path, fields, key);
        if (text == null) {
            return Set.of();
        }
        var values = new LinkedHashSet<T>();
        for (String entry : text.split(",", -1)) {
            T value;
            try {
                value = parse.apply(entry);
            } catch (IllegalArgumentException e) {
                throw new ProvisionInvalid(path + key, "names \"" + entry + "\", which is not " + what(key));
            }
            if (!values.add(value)) {
                throw new ProvisionInvalid(path + key, "names \"" + entry + "\" twice");
            }
        }
        return values;
    }

    private static String what(String key) {
        return switch (key) {
            case Metadata.GRANTEE -> "an actor id, role:ROLE or org:ORGANIZATION";
            case Metadata.ACTION -> "read, write or manage";
            case Metadata.PURPOSE -> "one of " + List.of(Purpose.values());
            case Metadata.RESOURCE_TYPE -> "a FHIR R4 resource type this ledger knows " + ResourceTypes.R4.stream().sorted().toList();
            case Metadata.SECURITY_LABELS -> "one of " + List.of(SecurityLabel.values());
            default -> "an id";
        };
    }

    private static String actor(String entry) {
        if (entry.startsWith(Grantee.ROLE)) {
            return Grantee.ROLE + Role.valueOf(entry.substring(Grantee.ROLE.length())).name();
        }
        if (entry.startsWith(Grantee.ORG)) {
            return Grantee.ORG + id(entry.substring(Grantee.ORG.length()));
        }
        return id(entry);
    }

    private static String id(String entry) {
        if (!Ids.valid(entry)) {
            throw new IllegalArgumentException(entry);
        }
        return entry;
    }

    private static String resourceType(String entry) {
        if (!ResourceTypes.R4.contains(entry)) {
            throw new IllegalArgumentException(entry);
        }
        return entry;
    }

    private static Instant instant(String path, Map<String, Object> fields, String key) {
        String text = text(path, fields, key);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProvisionInvalid(path + key, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private static <T> void within(String field, Set<T> nested, Set<T> parent) {
        if (!parent.isEmpty() && !parent.containsAll(nested)) {
            throw new ProvisionInvalid(field, "names " + nested + ", not all within the " + parent
                    + " of the provision it is an exception to, so it could never apply");
        }
    }
}
