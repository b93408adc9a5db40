package health.datasafe.recovery.audit;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Purpose;
import health.datasafe.recovery.RecoveryServiceTestBase;
import health.datasafe.devsupport.TestLedger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerAuditIntegrationTest extends RecoveryServiceTestBase {

    private final TestLedger ledger = new TestLedger(LEDGER_KEY);

    @Test
    void ledgerThatServesTheWitnessedBlocksIsConsistent() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, ledger.accessed("patient-a1", "clinician-1", "rec-1", Purpose.TREATMENT)));
        commit(ledger.block(shard, ledger.accessed("patient-a1", "clinician-1", "rec-2", Purpose.TREATMENT)));
        awaitWitnessed(shard, 1);
        String token = auditorToken();

        var result = callForJson("POST", "/api/recovery/audit", token);

        assertThat(result.get("consistent").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("blocksCompared").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ledgerApi.authorizations()).contains("Bearer " + token);
    }

    @Test
    void blockWhoseHashDiffersOnTheLedgerIsReported() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, ledger.accessed("patient-a2", "clinician-1", "rec-1", Purpose.TREATMENT)));
        var second = ledger.block(shard, ledger.accessed("patient-a2", "clinician-1", "rec-2", Purpose.TREATMENT));
        commit(second);
        commit(ledger.block(shard, ledger.accessed("patient-a2", "clinician-1", "rec-3", Purpose.TREATMENT)));
        awaitWitnessed(shard, 2);
        String rewritten = "ab".repeat(32);
        var original = ledgerApi.tamper(shard, 1, "blockHash", rewritten);
        try {
            var result = callForJson("POST", "/api/recovery/audit", auditorToken());

            assertThat(result.get("consistent").asBoolean()).isFalse();
            assertThat(result.get("shard").asInt()).isEqualTo(shard);
            assertThat(result.get("height").asLong()).isEqualTo(1);
            assertThat(result.get("field").asString()).isEqualTo("blockHash");
            assertThat(result.get("witnessed").asString()).isEqualTo(second.blockHash());
            assertThat(result.get("ledger").asString()).isEqualTo(rewritten);
        } finally {
            ledgerApi.restore(original);
        }
    }

    @Test
    void aBlockEditedBeyondTheFirstPageReadIsReported() throws Exception {
        int shard = newShard();
        var blocks = new ArrayList<BlockCommitted>();
        for (int i = 0; i < LedgerAudit.PAGE + 3; i++) {
            blocks.add(ledger.block(shard, ledger.accessed("patient-a4", "clinician-1", "rec-" + i, Purpose.TREATMENT)));
            ledgerApi.commit(blocks.getLast());
        }
        for (var block : blocks) {
            deliver(block);
        }
        awaitWitnessed(shard, LedgerAudit.PAGE + 2);
        long edited = LedgerAudit.PAGE + 1;
        var original = ledgerApi.tamper(shard, edited, "merkleRoot", "cd".repeat(32));
        try {
            var result = callForJson("POST", "/api/recovery/audit", auditorToken());

            assertThat(result.get("consistent").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("shard").asInt()).isEqualTo(shard);
            assertThat(result.get("height").asLong()).isEqualTo(edited);
            assertThat(result.get("field").asString()).isEqualTo("merkleRoot");
            assertThat(result.get("witnessed").asString()).isEqualTo(blocks.get((int) edited).header().merkleRoot());
        } finally {
            ledgerApi.restore(original);
        }
    }

    @Test
    void witnessedTransactionMissingFromTheLedgerBlockIsReported() throws Exception {
        int shard = newShard();
        var block = ledger.block(shard, ledger.accessed("patient-a3", "clinician-1", "rec-1", Purpose.TREATMENT),
                ledger.accessed("patient-a3", "clinician-2", "rec-1", Purpose.TREATMENT));
        commit(block);
        awaitWitnessed(shard, 0);
        var original = ledgerApi.tamper(shard, 0, "txHashes", List.of(block.transactions().get(0).txHash()));
        try {
            var result = callForJson("POST", "/api/recovery/audit", auditorToken());

            assertThat(result.get("consistent").asBoolean()).isFalse();
            assertThat(result.get("shard").asInt()).isEqualTo(shard);
            assertThat(result.get("field").asString()).isEqualTo("txHashes[1]");
            assertThat(result.get("witnessed").asString()).isEqualTo(block.transactions().get(1).txHash());
            assertThat(result.has("ledger")).isFalse();
        } finally {
            ledgerApi.restore(original);
        }
    }

    @Test
    void ledgerThatCannotAnswerMakesTheAuditFailWithBadGateway() throws Exception {
        ledgerApi.failWith(503);
        try {
            var response = call("POST", "/api/recovery/audit", auditorToken());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(response.body()).get("detail").asString()).contains("answered HTTP 503");
        } finally {
            ledgerApi.failWith(0);
        }
    }
}
