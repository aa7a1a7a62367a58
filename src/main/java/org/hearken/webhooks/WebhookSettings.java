package org.hearken.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered ({@code hearken.webhooks.*}).
 *
 * @param worker                {@code scheduler} (the default: every instance polls for due deliveries) or
 *                              {@code manual} (nothing runs on its own; {@link WebhookWorker#runDueNow()} delivers
 *                              what is due, as the tests do)
 * @param pollInterval          how often each instance looks for due deliveries
 * @param heartbeatInterval     how often an instance working on a case's deliveries says it is alive; after four
 *                              missed heartbeats another instance takes the work over
 * @param threads               deliveries made at once by one instance
 * @param connectTimeout        to connect to a receiver
 * @param readTimeout           for a receiver's answer, headers and the start of the body
 * @param firstRetry            wait after a first failure; each further failure doubles it
 * @param maxRetryInterval      the longest wait between two attempts
 * @param giveUpAfter           an event not delivered this long after its first attempt is marked failed, and the
 *                              case's later events go on
 * @param allowPrivateAddresses whether receivers may be on loopback, private or link-local addresses (and then by
 *                              plain http on this machine)
 * @param allowHttp             whether receivers may use plain http anywhere
 */
@ConfigurationProperties("hearken.webhooks")
record WebhookSettings(
        @DefaultValue("scheduler") String worker,
        @DefaultValue("PT2S") Duration pollInterval,
        @DefaultValue("PT10S") Duration heartbeatInterval,
        @DefaultValue("4") int threads,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT10S") Duration readTimeout,
        @DefaultValue("PT30S") Duration firstRetry,
        @DefaultValue("PT1H") Duration maxRetryInterval,
        @DefaultValue("P1D") Duration giveUpAfter,
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("false") boolean allowHttp) {

    boolean manual() {
        return "manual".equalsIgnoreCase(worker);
    }

    /** The wait after the {@code attempts}-th failure: the first retry, doubled each time, at most the longest. */
    Duration backoff(int attempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempts && wait.compareTo(maxRetryInterval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
    }
}
