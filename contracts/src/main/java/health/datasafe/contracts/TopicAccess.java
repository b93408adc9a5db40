package health.datasafe.contracts;

import java.util.ArrayList;
import java.util.List;

import static health.datasafe.contracts.Topics.INTEGRITY_ALERTS;
import static health.datasafe.contracts.Topics.LEDGER_BLOCKS;
import static health.datasafe.contracts.Topics.LEDGER_CHECKPOINTS;
import static health.datasafe.contracts.Topics.LEDGER_SIGNATURES;
import static health.datasafe.contracts.Topics.PATIENT_NOTIFICATIONS;
import static health.datasafe.contracts.Topics.TX_REJECTED;
import static health.datasafe.contracts.Topics.TX_SUBMITTED;
import static health.datasafe.contracts.Topics.TX_VALIDATED;
import static health.datasafe.contracts.Topics.VAULT_KEYS;
import static health.datasafe.contracts.Topics.VAULT_RECORDS;

/**
 * Who may do what on a locked-down Kafka: one principal per service, each writing only the topics it is the source of
 * (and the dead-letter topic of each topic it reads, where it puts what it refuses), reading only what it consumes,
 * in consumer groups named after it. Kafka's ACLs are made from this and nothing else: by the devstack's
 * {@code --kafka-auth} and, through {@code deploy/kafka/acls.conf} (which a test holds equal to this), by the docker
 * compose topic job. Each ledger node, and each transaction-service instance, is the same principal.
 *
 * @param principal             the SCRAM user name, {@code User:<principal>} in an ACL
 * @param writes                the topics it produces to (besides dead-letter topics)
 * @param reads                 the topics it consumes, by a listener or a rebuild's replay
 * @param groupPrefix           the prefix of every consumer group it uses
 * @param transactionalIdPrefix the prefix of its producers' transactional ids; empty when it sends outside Kafka transactions
 */
public enum TopicAccess {

    TRANSACTION("dsh_tx",
            List.of(TX_SUBMITTED, VAULT_RECORDS, VAULT_KEYS),
            List.of(TX_SUBMITTED, TX_REJECTED, LEDGER_BLOCKS, LEDGER_SIGNATURES, VAULT_RECORDS, VAULT_KEYS),
            "transaction-service", ""),
    VALIDATOR("dsh_validator",
            List.of(TX_VALIDATED, TX_REJECTED),
            List.of(TX_SUBMITTED, TX_VALIDATED, TX_REJECTED),
            "validator-service", "validator-"),
    LEDGER("dsh_ledger",
            List.of(LEDGER_BLOCKS, LEDGER_SIGNATURES, LEDGER_CHECKPOINTS, INTEGRITY_ALERTS),
            List.of(TX_VALIDATED, LEDGER_SIGNATURES, LEDGER_CHECKPOINTS),
            "ledger-", ""),
    RECOVERY("dsh_recovery",
            List.of(INTEGRITY_ALERTS),
            List.of(LEDGER_BLOCKS, LEDGER_CHECKPOINTS, INTEGRITY_ALERTS,
                    Topics.deadLetter(TX_SUBMITTED), Topics.deadLetter(TX_VALIDATED), Topics.deadLetter(TX_REJECTED),
                    Topics.deadLetter(LEDGER_BLOCKS), Topics.deadLetter(LEDGER_SIGNATURES),
                    Topics.deadLetter(LEDGER_CHECKPOINTS)),
            "recovery-service", ""),
    REPORT("dsh_report",
            List.of(PATIENT_NOTIFICATIONS),
            List.of(LEDGER_BLOCKS),
            "report-service", "");

    /** The SCRAM mechanism every principal authenticates with. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /** The operator's principal: a super user, which creates topics, users and these ACLs, and nothing else uses. */
    public static final String ADMIN_PRINCIPAL = "dsh_admin";

    private final String principal;
    private final List<String> writes;
    private final List<String> reads;
    private final String groupPrefix;
    private final String transactionalIdPrefix;

    TopicAccess(String principal, List<String> writes, List<String> reads, String groupPrefix, String transactionalIdPrefix) {
        this.principal = principal;
        this.writes = writes;
        this.reads = reads;
        this.groupPrefix = groupPrefix;
        this.transactionalIdPrefix = transactionalIdPrefix;
    }

    public String principal() {
        return principal;
    }

    public List<String> reads() {
        return reads;
    }

    public String groupPrefix() {
        return groupPrefix;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Every topic it may write: its own, then the dead-letter topic of each topic it reads that is not one itself. */
    public List<String> writes() {
        var all = new ArrayList<>(writes);
        reads.stream()
                .filter(topic -> !topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .map(Topics::deadLetter)
                .forEach(all::add);
        return List.copyOf(all);
    }
}
