package org.hearken.cases;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.springframework.stereotype.Component;

/**
 * Naming staff as the subjects of a complaint hides the case from them, so it must never hide it from everyone who
 * oversees complaints. An overseer is someone who may see the case and may take a subject off it again: an executive,
 * or the case's complaints lead. The <em>complaints lead</em> is the lead of the department the case is in, when they
 * are a manager who may see the case (a confidential case is need-to-know, so its department's lead oversees it only
 * if they own it or are named on it). At least one active overseer must be left who is not a subject.
 *
 * <p>The rule itself ({@link #refusal(Collection, List)}, {@link #mayTakeOff}) is pure; this component only finds the
 * people it is about.
 */
@Component
class ComplaintOversight {

    /** Someone who could oversee the case, and whether they may see it and take a subject off it, subjects aside. */
    record Overseer(long staffId, String name, boolean executive, boolean oversees) {}

    private final StaffDirectory directory;

    ComplaintOversight(StaffDirectory directory) {
        this.directory = directory;
    }

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

    /** {@link #refusal(Collection, List)} for a case with these parties, with today's executives and complaints lead. */
    Optional<String> refusal(CaseAccess.Parties parties, Collection<Long> subjects) {
        return refusal(subjects, overseers(parties));
    }

    /** Who could oversee a case with these parties, whoever it is about. */
    List<Overseer> overseers(CaseAccess.Parties parties) {
        CaseAccess.Parties apartFromSubjects = parties.withSubjects(List.of());
        List<Overseer> overseers = new ArrayList<>();
        directory.activeStaff().stream()
                .filter(s -> s.roles().contains(Role.EXECUTIVE))
                .forEach(s ->
                        overseers.add(new Overseer(s.member().id(), s.member().fullName(), true, true)));
        Optional<Long> leadId = directory.department(parties.departmentId()).map(Department::leadId);
        leadId.filter(id -> overseers.stream().noneMatch(o -> o.staffId() == id))
                .flatMap(directory::staff)
                .filter(lead -> lead.active())
                .flatMap(lead -> directory.actorFor(lead.username()))
                .ifPresent(lead -> overseers.add(new Overseer(
                        lead.staffId(),
                        lead.fullName(),
                        false,
                        CaseAccess.canSee(lead, apartFromSubjects)
                                && mayTakeOff(lead, CaseAccess.canHandle(lead, apartFromSubjects)))));
        return overseers;
    }

    /** Names for messages: "A, B and C". */
    private static String names(List<String> names) {
        return names.size() <= 1
                ? String.join("", names)
                : names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                        + names.getLast();
    }
}
