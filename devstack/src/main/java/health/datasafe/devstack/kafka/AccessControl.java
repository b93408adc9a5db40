package health.datasafe.devstack.kafka;

import health.datasafe.contracts.TopicAccess;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Kafka ACLs of {@link TopicAccess}, as the broker holds them: for each service principal, WRITE on each topic it
 * writes, READ on each topic it reads, READ on its consumer groups (by prefix) and WRITE on its transactional ids (by
 * prefix). Nothing else is allowed to anyone but the admin, a super user. Compose's {@code deploy/kafka/acls.conf}
 * says the same, line by line (a test holds them equal).
 */
public final class AccessControl {

    private AccessControl() {
    }

    /** Every ACL of every service principal. */
    public static Set<AclBinding> bindings() {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (TopicAccess access : TopicAccess.values()) {
            String principal = "User:" + access.principal();
            access.writes().forEach(topic -> bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE)));
            access.reads().forEach(topic -> bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ)));
            bindings.add(allow(principal, ResourceType.GROUP, access.groupPrefix(), PatternType.PREFIXED, AclOperation.READ));
            if (!access.transactionalIdPrefix().isEmpty()) {
                bindings.add(allow(principal, ResourceType.TRANSACTIONAL_ID, access.transactionalIdPrefix(),
                        PatternType.PREFIXED, AclOperation.WRITE));
            }
        }
        return bindings;
    }

    static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
