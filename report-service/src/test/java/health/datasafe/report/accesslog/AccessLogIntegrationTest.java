package health.datasafe.report.accesslog;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.PatientNotified;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.Poison;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TokenDefects;
import health.datasafe.integrity.Ed25519;
import health.datasafe.report.ReportServiceTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogIntegrationTest extends ReportServiceTestBase {

    private final DeadLetterTopic deadLetters = new DeadLetterTopic(Topics.LEDGER_BLOCKS);

    @Test
    void committedWritesReadsAndRefusalsAppearInThePatientsLogInCommitOrder() throws Exception {
        String patient = uniqueId("patient");
        String clinician = uniqueId("clinician");
        String stranger = uniqueId("stranger");
        var ownRecord = ledger.added(patient, patient, "rec-0");
        var added = ledger.added(patient, clinician, "rec-1");
        var read = ledger.accessed(patient, clinician, "rec-1", Purpose.TREATMENT);
        var refused = ledger.denied(patient, stranger, "rec-1", Purpose.RESEARCH, UUID.randomUUID().toString());
        var refusedWrite = ledger.deniedWrite(patient, stranger, "rec-2", Purpose.TREATMENT, UUID.randomUUID().toString());
        var first = ledger.block(1, ownRecord, added, read);
        var second = ledger.block(1, refused, refusedWrite);
        publish(first);
        publish(second);

        JsonNode log = awaitEntries(patient, tokenOf(patient, Role.PATIENT), 4);

        assertThat(log.get("patientId").asString()).isEqualTo(patient);
        JsonNode writeEntry = log.get("entries").get(0);
        assertThat(writeEntry.get("transactionId").asString())
                .as("the clinician's addition to her chart, not her own").isEqualTo(added.id());
        assertThat(writeEntry.get("outcome").asString()).isEqualTo("WRITTEN");
        assertThat(writeEntry.get("actorId").asString()).isEqualTo(clinician);
        assertThat(writeEntry.get("recordId").asString()).isEqualTo("rec-1");
        JsonNode readEntry = log.get("entries").get(1);
        assertThat(readEntry.get("transactionId").asString()).isEqualTo(read.id());
        assertThat(readEntry.get("actorId").asString()).isEqualTo(clinician);
        assertThat(readEntry.get("recordId").asString()).isEqualTo("rec-1");
        assertThat(readEntry.get("purpose").asString()).isEqualTo("TREATMENT");
        assertThat(readEntry.get("outcome").asString()).isEqualTo("READ");
        assertThat(readEntry.get("reason").isNull()).isTrue();
        assertThat(readEntry.get("at").asString()).isEqualTo(read.submittedAt().toString());
        assertThat(readEntry.get("txHash").asString()).isEqualTo(first.transactions().get(2).txHash());
        assertThat(readEntry.get("shard").asInt()).isEqualTo(1);
        assertThat(readEntry.get("blockHeight").asLong()).isEqualTo(first.header().height());
        JsonNode refusedEntry = log.get("entries").get(2);
        assertThat(refusedEntry.get("transactionId").asString()).isEqualTo(refused.id());
        assertThat(refusedEntry.get("actorId").asString()).isEqualTo(stranger);
        assertThat(refusedEntry.get("outcome").asString()).isEqualTo("DENIED");
        assertThat(refusedEntry.get("reason").asString()).isEqualTo("CONSENT_DENIED");
        assertThat(refusedEntry.get("purpose").asString()).isEqualTo("RESEARCH");
        assertThat(refusedEntry.get("blockHeight").asLong()).isEqualTo(second.header().height());
        JsonNode refusedWriteEntry = log.get("entries").get(3);
        assertThat(refusedWriteEntry.get("transactionId").asString()).isEqualTo(refusedWrite.id());
        assertThat(refusedWriteEntry.get("outcome").asString()).isEqualTo("WRITE_DENIED");
        assertThat(refusedWriteEntry.get("reason").asString()).isEqualTo("CONSENT_DENIED");
        assertThat(refusedWriteEntry.get("recordId").asString()).isEqualTo("rec-2");
    }

    @Test
    void aBreakGlassAndTheEmergencyReadsUnderItAreFlaggedInThePatientsLog() throws Exception {
        String patient = uniqueId("patient");
        String clinician = uniqueId("clinician");
        var until = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        var breakGlass = ledger.emergencyAccess(patient, clinician, "bg-" + patient, until);
        var emergencyRead = ledger.accessed(patient, clinician, "rec-1", Purpose.EMERGENCY);
        var treatmentRead = ledger.accessed(patient, clinician, "rec-1", Purpose.TREATMENT);
        publish(ledger.block(2, breakGlass, emergencyRead, treatmentRead));

        JsonNode entries = awaitEntries(patient, tokenOf(patient, Role.PATIENT), 3).get("entries");

        JsonNode opened = entries.get(0);
        assertThat(opened.get("transactionId").asString()).isEqualTo(breakGlass.id());
        assertThat(opened.get("outcome").asString()).isEqualTo("BREAK_GLASS");
        assertThat(opened.get("actorId").asString()).isEqualTo(clinician);
        assertThat(opened.get("purpose").asString()).isEqualTo("EMERGENCY");
        assertThat(opened.get("consentId").asString()).isEqualTo("bg-" + patient);
        assertThat(opened.get("validUntil").asString()).isEqualTo(until.toString());
        assertThat(opened.get("breakGlass").asBoolean()).isTrue();
        assertThat(entries.get(1).get("outcome").asString()).isEqualTo("READ");
        assertThat(entries.get(1).get("breakGlass").asBoolean()).as("read for EMERGENCY").isTrue();
        assertThat(entries.get(1).get("validUntil").isNull()).isTrue();
        assertThat(entries.get(2).get("breakGlass").asBoolean()).as("read for TREATMENT").isFalse();

        PatientNotified told = awaitNotifications(patient, 1).getFirst();
        assertThat(told).isEqualTo(new PatientNotified(patient, PatientNotified.Kind.BREAK_GLASS, clinician,
                breakGlass.id(), "bg-" + patient, until.toString(), breakGlass.submittedAt(),
                opened.get("txHash").asString(), 2, opened.get("blockHeight").asLong()));
    }

    @Test
    void herErasureOfARecordAndTheVaultsConfirmationAreInHerLog() throws Exception {
        String patient = uniqueId("patient");
        var erasure = ledger.recordErased(patient, "rec-9");
        var confirmed = ledger.erasureConfirmed(erasure);
        publish(ledger.block(2, erasure, confirmed));

        JsonNode entries = awaitEntries(patient, tokenOf(patient, Role.PATIENT), 2).get("entries");

        assertThat(entries.get(0).get("outcome").asString()).isEqualTo("ERASED");
        assertThat(entries.get(0).get("actorId").asString()).isEqualTo(patient);
        assertThat(entries.get(0).get("recordId").asString()).isEqualTo("rec-9");
        assertThat(entries.get(1).get("outcome").asString()).isEqualTo("ERASURE_CONFIRMED");
        assertThat(entries.get(1).get("actorId").asString()).isEqualTo(confirmed.actorId()).startsWith("vault-");
        assertThat(entries.get(1).get("recordId").asString()).isEqualTo("rec-9");
    }

    @Test
    void redeliveredBlockAddsNothing() throws Exception {
        String patient = uniqueId("patient");
        String clinician = uniqueId("clinician");
        var block = ledger.block(2, ledger.accessed(patient, clinician, "rec-r", Purpose.TREATMENT));
        publish(block);
        publish(block);
        // a later block on the same shard (same partition) is only seen after both copies were consumed
        var later = ledger.block(2, ledger.accessed(patient, clinician, "rec-later", Purpose.OPERATIONS));
        publish(later);

        JsonNode log = awaitEntries(patient, tokenOf("auditor-1", Role.AUDITOR), 2);

        assertThat(log.get("entries").get(0).get("recordId").asString()).isEqualTo("rec-r");
        assertThat(log.get("entries").get(1).get("recordId").asString()).isEqualTo("rec-later");
    }

    @Test
    void everyPoisonedBlockGoesToTheDeadLetterTopicAndTheShardsNextBlockIsLogged() throws Exception {
        String patient = uniqueId("patient");
        String clinician = uniqueId("clinician");
        BlockCommitted valid = ledger.block(0, ledger.accessed(patient, clinician, "rec-p", Purpose.TREATMENT));
        var poisons = new ArrayList<>(Poison.around(json.writeValueAsString(valid)));
        var forged = new TestLedger(Ed25519.SigningKey.generate())
                .block(0, ledger.accessed(patient, clinician, "rec-forged", Purpose.TREATMENT));
        poisons.add(new Poison("signed by an untrusted ledger key", json.writeValueAsBytes(forged)));
        BlockCommitted honest = ledger.block(0, ledger.accessed(patient, clinician, "rec-honest", Purpose.TREATMENT));
        poisons.add(new Poison("a transaction that does not hash to its tx hash", json.writeValueAsBytes(
                new BlockCommitted(honest.header(), honest.blockHash(), honest.signer(), honest.signature(),
                        List.of(new CommittedTransaction(ledger.accessed(patient, clinician, "rec-swapped",
                                Purpose.TREATMENT), honest.transactions().getFirst().txHash(), 0)),
                        honest.logFrontier(), honest.checkpoint()))));
        poisons.add(new Poison("a block with an unknown transaction type", json.writeValueAsString(valid)
                .replace("\"RECORD_ACCESSED\"", "\"RECORD_TELEPORTED\"").getBytes(StandardCharsets.UTF_8)));
        for (Poison poison : poisons) {
            kafka.send(Topics.LEDGER_BLOCKS, "0", poison.value()).get(10, TimeUnit.SECONDS);
        }
        BlockCommitted next = ledger.block(0, ledger.accessed(patient, clinician, "rec-after", Purpose.TREATMENT));
        publish(next);

        JsonNode log = awaitEntries(patient, tokenOf(patient, Role.PATIENT), 1);

        assertThat(log.get("entries")).hasSize(1);
        assertThat(log.get("entries").get(0).get("recordId").asString()).isEqualTo("rec-after");
        var refused = deadLetters.awaitAll(poisons.stream().map(Poison::value).toList());
        for (int i = 0; i < poisons.size(); i++) {
            assertThat(refused.get(i).reason()).as(poisons.get(i).name()).isNotBlank();
            assertThat(refused.get(i).key()).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @MethodSource("defectiveTokens")
    void aDefectiveTokenIsUnauthorizedWithAProblem(TokenDefects.Defect defect) throws Exception {
        String patient = uniqueId("patient");
        var response = accessLog(patient, defect.token());

        assertThat(response.statusCode()).as(defect.name()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("detail").asString())
                .isEqualTo("the bearer token is invalid or has expired");
    }

    static List<TokenDefects.Defect> defectiveTokens() {
        return TokenDefects.of(RealInfrastructure.tokens(), "patient-defect", Role.PATIENT);
    }

    @Test
    void anotherPatientIsRefusedWhetherOrNotThePatientExists() throws Exception {
        String patientA = uniqueId("patient-a");
        String patientB = uniqueId("patient-b");
        publish(ledger.block(1, ledger.accessed(patientA, uniqueId("clinician"), "rec-a", Purpose.TREATMENT)));
        awaitEntries(patientA, tokenOf(patientA, Role.PATIENT), 1);

        var existing = accessLog(patientA, tokenOf(patientB, Role.PATIENT));
        var absent = accessLog(uniqueId("nobody"), tokenOf(patientB, Role.PATIENT));

        assertThat(existing.statusCode()).isEqualTo(403);
        assertThat(existing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(existing.body()).get("status").asInt()).isEqualTo(403);
        assertThat(existing.body()).doesNotContain("rec-a");
        assertThat(absent.statusCode()).isEqualTo(403);
        assertThat(json.readTree(absent.body()).get("detail").asString())
                .isEqualTo(json.readTree(existing.body()).get("detail").asString());
    }

    @Test
    void clinicianCannotReadAPatientsLog() throws Exception {
        var response = accessLog(uniqueId("patient"), tokenOf(uniqueId("clinician"), Role.CLINICIAN));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        String patient = uniqueId("patient");
        var response = accessLog(patient, RealInfrastructure.tokens().mint(patient, Role.PATIENT, Duration.ofMinutes(-5)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() throws Exception {
        var response = http.send(HttpRequest.newBuilder(accessLogUri(uniqueId("patient"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void auditorAndAdministratorSeeAnyPatientsLog() throws Exception {
        String patient = uniqueId("patient");
        publish(ledger.block(2, ledger.accessed(patient, uniqueId("clinician"), "rec-x", Purpose.PAYMENT)));

        awaitEntries(patient, tokenOf(uniqueId("auditor"), Role.AUDITOR), 1);
        var asAdmin = accessLog(patient, tokenOf(uniqueId("admin"), Role.ADMIN));

        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(json.readTree(asAdmin.body()).get("entries")).hasSize(1);
    }

    @Test
    void unknownPatientHasAnEmptyLog() throws Exception {
        String patient = uniqueId("patient");
        var response = accessLog(patient, tokenOf(patient, Role.PATIENT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("entries")).isEmpty();
    }
}
