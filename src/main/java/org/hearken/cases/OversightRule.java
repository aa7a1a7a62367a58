package org.hearken.cases;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;

/**
 * Naming staff as the subjects of a complaint must never hide it from everyone who oversees complaints: at least one
 * active overseer who is not a subject must be left. Pure; {@link ComplaintOversight} finds the overseers.
 */
final class OversightRule {

    private OversightRule() {}

    /** Someone who could oversee the case, and whether they may see it and take a subject off it, subjects aside. */
    record Overseer(long staffId, String name, boolean executive, boolean oversees) {}

    /**
     * Why the case may not be about {@code subjects}, or empty when someone would still oversee it.
     *
     * @param subjects every member of staff the complaint would be about, those already recorded included
     */
    static Optional<String> refusal(Collection<Long> subjects, List<Overseer> overseers) {
        boolean someoneLeft = overseers.stream().anyMatch(o -> o.oversees() && !subjects.contains(o.staffId()));
        if (someoneLeft) {
            return Optional.empty();
        }
        List<String> lost = overseers.stream()
                .filter(Overseer::oversees)
                .map(o -> o.name() + (o.executive() ? "" : " (the complaints lead)"))
                .toList();
        return Optional.of(
                lost.isEmpty()
                        ? "nobody would be left to oversee this complaint: there is no active executive and no complaints lead who may see it"
                        : "nobody would be left to oversee this complaint: " + names(lost)
                                + (lost.size() == 1 ? " would be" : " would all be")
                                + " among the staff it is about; leave at least one out");
    }

    /** Who may take a subject off a complaint: an executive, or a manager who handles the case (its department's, or its owner). */
    static boolean mayTakeOff(Actor actor, boolean handlesTheCase) {
        return actor.has(Role.EXECUTIVE) || (actor.has(Role.MANAGER) && handlesTheCase);
    }

    /** Names for messages: "A, B and C". */
    private static String names(List<String> names) {
        return names.size() <= 1
                ? String.join("", names)
                : names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                        + names.getLast();
    }
}
