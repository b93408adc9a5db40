package health.datasafe.recovery.rebuild;

import health.datasafe.kit.web.MalformedBody;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.trust.Trust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts rebuilds at their target services and follows them: polled every {@code dsh.recovery.rebuilds.poll-interval}
 * while RUNNING and on every read of one, stored as the target last reported them, their progress logged every
 * {@code progress-log-interval}. A rebuild is marked FAILED by recovery itself when its target forgets it (404: it
 * restarted) or stays unreachable (no answer, a 5xx) for longer than {@code give-up-after}.
 *
 * <p>Which token polls: the admin's who asked, held in memory only ({@link HeldTokens}), and after that any admin's
 * who reads the rebuild's status, whichever lasts longer. Not the audit token
 * ({@code dsh.recovery.audit.ledger-token}): that is an AUDITOR token, and a rebuild's status is an admin's business
 * at its target as it is here, so it would be refused; giving recovery a standing ADMIN token instead would let a
 * compromised recovery start rebuilds of its own. And never a token in the database, where a backup or a reader of
 * the schema would find it. The price: after a restart of recovery, or once the admin's token expires (the target
 * answers 401), a rebuild's stored status stands still, still RUNNING, until an admin reads it
 * ({@code GET /api/recovery/rebuilds/{id}}, or the list), which refreshes it with that admin's token and lets the
 * poller go on with it.
 * <p>Named apart from the kit's rebuilds of the recovery-service's own state ({@link RecoveryRebuild}).
 */
@Component("recoveryRebuilds")
class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

    private final RebuildTargets targets;
    private final TargetRebuilds api;
    private final RebuildLog store;
    private final HeldTokens tokens;
    private final TrustedKeys ledgerKeys;
    private final RebuildSettings.Rebuilds settings;
    private final Map<String, Instant> unreachableSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> progressLogged = new ConcurrentHashMap<>();
    private final Set<String> waitingForToken = ConcurrentHashMap.newKeySet();

    Rebuilds(RebuildTargets targets, TargetRebuilds api, RebuildLog store, HeldTokens tokens, Trust trust,
             RebuildSettings settings) {
        this.targets = targets;
        this.api = api;
        this.store = store;
        this.tokens = tokens;
        this.ledgerKeys = trust.ledger();
        this.settings = settings.rebuilds();
    }

    /**
     * Checks the request, claims the service (one running rebuild each) and asks its target to rebuild with the
     * caller's token. Whatever the target refuses leaves nothing stored.
     */
    RebuildStatus start(RebuildRequest request, Jwt caller) {
        if (request.service() == null) {
            throw new MalformedBody("\"service\" is required: one of " + RebuildTargets.names());
        }
        Optional<RebuildTarget> found = targets.of(request.service());
        if (request.checkpoint() != null) {
            verify(request.checkpoint());
        }
        RebuildTarget target = found.orElseThrow(() -> new RebuildNotSupported(request.service(),
                "no URL is configured for it (dsh.recovery.services." + request.service() + ".url)"));
        String id = UUID.randomUUID().toString();
        store.reserve(id, target.service(), caller.getSubject());
        TargetStatus started;
        try {
            started = api.start(target, request.checkpoint(), caller.getTokenValue());
        } catch (RuntimeException refused) {
            store.release(id);
            throw refused;
        }
        // held before the poller can see the target's id, so that it never finds the rebuild without a token
        tokens.offer(id, caller.getTokenValue(), caller.getExpiresAt());
        store.started(id, started);
        progressLogged.put(id, Instant.now());
        log.info("Rebuild {} of {} started by {} ({} id {}){}", id, target.service(), caller.getSubject(),
                target.service(), started.id(), request.checkpoint() == null ? "" : ", to reach a checkpoint given");
        RebuildLog.Stored stored = store.find(id).orElseThrow();
        ended(stored);
        return stored.status();
    }

    /** The rebuild's status, refreshed from its target with the caller's token first while it runs. */
    RebuildStatus status(String id, Jwt caller) {
        RebuildLog.Stored stored = store.find(id).orElseThrow(() -> new RebuildNotFound(id));
        if (stored.running() && stored.targetId() != null) {
            targets.of(stored.status().service()).ifPresent(target -> {
                var polled = api.poll(target, stored.targetId(), caller.getTokenValue());
                if (polled instanceof TargetRebuilds.Status) {
                    tokens.offer(id, caller.getTokenValue(), caller.getExpiresAt());
                    waitingForToken.remove(id);
                }
                apply(stored, target, caller.getTokenValue(), polled);
            });
            return store.find(id).orElseThrow().status();
        }
        return stored.status();
    }

    /** Every rebuild, newest first; running ones the poller holds no token for get the caller's. */
    List<RebuildStatus> all(Jwt caller) {
        List<RebuildLog.Stored> all = store.all();
        all.stream()
                .filter(stored -> stored.running() && stored.targetId() != null && !tokens.holds(stored.id()))
                .forEach(stored -> {
                    tokens.offer(stored.id(), caller.getTokenValue(), caller.getExpiresAt());
                    waitingForToken.remove(stored.id());
                });
        return all.stream().map(RebuildLog.Stored::status).toList();
    }

    /** One round of the poller: every running rebuild it holds a token for asks its target how far it got. */
    void pollRunning() {
        for (RebuildLog.Stored stored : store.running()) {
            Optional<RebuildTarget> target = targets.of(stored.status().service());
            if (stored.targetId() == null) {
                failIfNeverStarted(stored);
            } else if (target.isEmpty()) {
                fail(stored, stored.status().service()
                        + " has no URL configured any more; its rebuild cannot be followed");
            } else {
                Optional<String> token = tokens.of(stored.id());
                if (token.isPresent()) {
                    apply(stored, target.get(), token.get(), api.poll(target.get(), stored.targetId(), token.get()));
                } else if (waitingForToken.add(stored.id())) {
                    log.warn("Rebuild {} of {}: no token to poll it with (recovery restarted, or the token expired); "
                                    + "its status is refreshed when an admin reads GET /api/recovery/rebuilds/{}",
                            stored.id(), stored.status().service(), stored.id());
                }
            }
        }
    }

    private void apply(RebuildLog.Stored stored, RebuildTarget target, String token, TargetRebuilds.Polled polled) {
        String id = stored.id();
        String service = target.service();
        switch (polled) {
            case TargetRebuilds.Status(TargetStatus status) -> {
                unreachableSince.remove(id);
                store.update(id, status);
                store.find(id).ifPresent(updated -> {
                    if (updated.running()) {
                        logProgress(updated);
                    } else {
                        ended(updated);
                    }
                });
            }
            case TargetRebuilds.Forgotten() -> fail(stored, service + " no longer knows its rebuild "
                    + stored.targetId() + " (it restarted since?): whether that rebuild completed is unknown");
            case TargetRebuilds.TokenRefused(int status) -> {
                tokens.refused(id, token);
                log.warn("Rebuild {} of {}: {} refused the token it was polled with (HTTP {}); its status is refreshed "
                        + "when an admin reads GET /api/recovery/rebuilds/{}", id, service, service, status, id);
            }
            case TargetRebuilds.Unreachable(String why) -> {
                Instant now = Instant.now();
                Instant since = unreachableSince.putIfAbsent(id, now);
                if (since == null) {
                    log.warn("Rebuild {} of {}: {} at {} {}; FAILED unless it answers within {}", id, service, service,
                            target.url(), why, seconds(settings.giveUpAfter()));
                } else if (Duration.between(since, now).compareTo(settings.giveUpAfter()) > 0) {
                    fail(stored, "%s at %s was unreachable for more than %s: it %s".formatted(service,
                            target.rebuild(stored.targetId()), seconds(settings.giveUpAfter()), why));
                } else {
                    log.debug("Rebuild {} of {}: {} still unreachable: {}", id, service, service, why);
                }
            }
        }
    }

    /** A rebuild stored but never asked of its target (recovery stopped in between) is failed once it is stale. */
    private void failIfNeverStarted(RebuildLog.Stored stored) {
        var stale = settings.giveUpAfter().plus(settings.timeout());
        if (Duration.between(stored.startedAt(), Instant.now()).compareTo(stale) > 0) {
            fail(stored, "recovery-service stopped before " + stored.status().service()
                    + " answered whether it started the rebuild");
        }
    }

    private void fail(RebuildLog.Stored stored, String failure) {
        if (store.fail(stored.id(), failure)) {
            store.find(stored.id()).ifPresent(this::ended);
        }
    }

    private void logProgress(RebuildLog.Stored running) {
        Instant now = Instant.now();
        Instant last = progressLogged.get(running.id());
        if (last == null || Duration.between(last, now).compareTo(settings.progressLogInterval()) >= 0) {
            progressLogged.put(running.id(), now);
            RebuildStatus status = running.status();
            log.info("Rebuild {} of {}: {} of {} records replayed, {}/s, about {}s left", status.id(), status.service(),
                    status.recordsReplayed(), status.recordsTotal(), status.perSecond(), status.etaSeconds());
        }
    }

    /** Logs the end of a rebuild that has ended, and forgets what was kept in memory for it. */
    private void ended(RebuildLog.Stored stored) {
        if (stored.running()) {
            return;
        }
        RebuildStatus status = stored.status();
        if (status.state() == RebuildStatus.State.DONE) {
            log.info("Rebuild {} of {} DONE: {} records replayed", status.id(), status.service(),
                    status.recordsReplayed());
        } else {
            log.warn("Rebuild {} of {} FAILED after {} of {} records: {}", status.id(), status.service(),
                    status.recordsReplayed(), status.recordsTotal(), status.failure());
        }
        tokens.forget(stored.id());
        unreachableSince.remove(stored.id());
        progressLogged.remove(stored.id());
        waitingForToken.remove(stored.id());
    }

    /**
     * A checkpoint is only passed on once it parses and one of the trusted ledger keys ({@code dsh.trust.ledger-keys})
     * signed it: the target checks it again, but a forged one is refused here without bothering it.
     */
    private void verify(String note) {
        try {
            Checkpoint.parse(note);
        } catch (CheckpointInvalid | IllegalArgumentException malformed) {
            throw new CheckpointUnverified(malformed.getMessage());
        }
        if (ledgerKeys.isEmpty()) {
            throw new CheckpointUnverified("no ledger key is trusted here (dsh.trust.ledger-keys), so no checkpoint "
                    + "can be verified");
        }
        for (Ed25519.VerifyingKey key : ledgerKeys.keys()) {
            try {
                Checkpoint.verify(note, key);
                return;
            } catch (CheckpointInvalid | IllegalArgumentException notThisKey) {
                // try the next trusted key
            }
        }
        throw new CheckpointUnverified("it is not signed by a trusted ledger key " + ledgerKeys.keyIds());
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
