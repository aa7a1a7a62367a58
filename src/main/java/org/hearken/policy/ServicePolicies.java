package org.hearken.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The stored versions of the service policy and the one in force. Versions never change once stored, so each is
 * parsed once and kept; the active version is re-checked against the database every few seconds, so that a version
 * activated by another instance takes over without a restart.
 */
@Service
public class ServicePolicies {

    /** The version in force. */
    public record ActivePolicy(long versionId, int version, ServicePolicy policy) {}

    private record Checked(ActivePolicy active, long checkedAtNanos) {}

    private static final Logger log = LoggerFactory.getLogger(ServicePolicies.class);

    /** How stale this instance's idea of the active version may get when another instance activates a new one. */
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PolicyVersionRepository repository;
    private final Clock clock;
    private final Map<Long, ServicePolicy> parsed = new ConcurrentHashMap<>();
    private volatile Checked current;

    ServicePolicies(PolicyVersionRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The version in force.
     *
     * @throws IllegalStateException if no version has been stored yet (start-up stores one)
     */
    public ActivePolicy active() {
        Checked c = current;
        // A monotonic timer decides cache freshness only; it is not a business time, so it does not come from the
        // Clock.
        long now = System.nanoTime();
        if (c != null && now - c.checkedAtNanos() < RECHECK_NANOS) {
            return c.active();
        }
        long id = repository
                .activeId()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "No service policy is active. Hearken stores one at start-up; set HEARKEN_POLICY to a policy file or upload one with PUT /api/policy."));
        ActivePolicy active = c != null && c.active().versionId() == id ? c.active() : load(id);
        current = new Checked(active, now);
        return active;
    }

    private ActivePolicy load(long id) {
        PolicyDocument doc =
                repository.byId(id).orElseThrow(() -> new IllegalStateException("policy version " + id + " vanished"));
        return new ActivePolicy(id, doc.info().version(), parsed.computeIfAbsent(id, k -> parseStored(doc)));
    }

    /**
     * A stored version by id, as cases record it.
     *
     * @throws NoSuchElementException if there is no such version
     */
    public ServicePolicy version(long versionId) {
        ServicePolicy p = parsed.get(versionId);
        if (p != null) {
            return p;
        }
        PolicyDocument doc = repository
                .byId(versionId)
                .orElseThrow(
                        () -> new NoSuchElementException("there is no service policy version with id " + versionId));
        return parsed.computeIfAbsent(versionId, k -> parseStored(doc));
    }

    private static ServicePolicy parseStored(PolicyDocument doc) {
        try {
            return PolicyParser.parse(doc.yaml());
        } catch (PolicyValidationException e) {
            // Only possible if a newer Hearken validates more strictly than the one that accepted the document.
            throw new IllegalStateException(
                    "Stored service policy version " + doc.info().version() + " no longer passes validation. "
                            + e.getMessage(),
                    e);
        }
    }

    /** Due dates under the version in force, tagged with that version's id for the case to keep. */
    public Deadlines deadlinesFor(FeedbackKind kind, Channel channel, Instant receivedAt) {
        ActivePolicy a = active();
        return a.policy().deadlines(a.versionId(), kind, channel, receivedAt);
    }

    /**
     * Validates {@code yaml} and stores it as a new version in force. Nothing changes if it is invalid.
     *
     * @throws PolicyValidationException listing the problems, each with its line
     */
    @Transactional
    public PolicyVersionInfo upload(String yaml, String uploadedBy) {
        ServicePolicy policy = PolicyParser.parse(yaml);
        repository.lockForUpload();
        return store(policy, yaml, uploadedBy);
    }

    /**
     * As {@link #upload}, unless {@code yaml} is the text of the version in force (ignoring leading and trailing
     * blank space): then nothing is stored and the result is empty. Re-sending the same document is harmless.
     */
    @Transactional
    public Optional<PolicyVersionInfo> uploadIfChanged(String yaml, String uploadedBy) {
        ServicePolicy policy = PolicyParser.parse(yaml);
        repository.lockForUpload();
        Optional<PolicyDocument> active = repository.active();
        if (active.isPresent() && active.get().yaml().strip().equals(yaml.strip())) {
            return Optional.empty();
        }
        return Optional.of(store(policy, yaml, uploadedBy));
    }

    /** Stores {@code yaml} as version 1 if no version exists yet; empty if one does. */
    @Transactional
    public Optional<PolicyVersionInfo> uploadIfNone(String yaml, String uploadedBy) {
        ServicePolicy policy = PolicyParser.parse(yaml);
        repository.lockForUpload();
        if (!repository.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store(policy, yaml, uploadedBy));
    }

    private PolicyVersionInfo store(ServicePolicy policy, String yaml, String uploadedBy) {
        PolicyVersionInfo info = repository.insertActive(policy.name(), yaml, clock.instant(), uploadedBy);
        Runnable publish = () -> {
            parsed.put(info.id(), policy);
            current = new Checked(new ActivePolicy(info.id(), info.version(), policy), System.nanoTime());
            log.info(
                    "Service policy version {} \"{}\" is now in force (uploaded by {})",
                    info.version(),
                    info.name(),
                    uploadedBy);
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish.run();
                }
            });
        } else {
            publish.run();
        }
        return info;
    }

    /** All versions, newest first. */
    public List<PolicyVersionInfo> versions() {
        return repository.all();
    }

    /** The version in force with its text. */
    public PolicyDocument activeDocument() {
        return repository.active().orElseThrow(() -> new IllegalStateException("No service policy is active."));
    }

    /** A version by its number (1, 2, 3…) with its text. */
    public Optional<PolicyDocument> document(int version) {
        return repository.byVersion(version);
    }
}
