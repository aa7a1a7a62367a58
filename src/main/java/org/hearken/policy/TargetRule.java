package org.hearken.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One entry of the policy's {@code targets} list: the targets for some kinds of feedback arriving by some channels.
 *
 * @param channels the channels this rule applies to; all channels when the document leaves them out
 * @param line the rule's line in the policy document (1-based), 0 when built in code
 */
public record TargetRule(Set<FeedbackKind> kinds, Set<Channel> channels, Targets targets, int line) {

    public TargetRule {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a target rule needs at least one kind");
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a target rule needs at least one channel");
        }
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        channels = Collections.unmodifiableSet(EnumSet.copyOf(channels));
    }

    public boolean matches(FeedbackKind kind, Channel channel) {
        return kinds.contains(kind) && channels.contains(channel);
    }
}
