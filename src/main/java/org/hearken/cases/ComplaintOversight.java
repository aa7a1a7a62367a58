package org.hearken.cases;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.OversightRule.Overseer;
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
 * <p>The rule itself is {@link OversightRule}, pure; this component only finds the people it is about.
 */
@Component
class ComplaintOversight {

    private final StaffDirectory directory;

    ComplaintOversight(StaffDirectory directory) {
        this.directory = directory;
    }

    /** Why the case may not be about {@code subjects}, or empty when someone would still oversee it ({@link OversightRule}). */
    static Optional<String> refusal(Collection<Long> subjects, List<Overseer> overseers) {
        return OversightRule.refusal(subjects, overseers);
    }

    /** Who may take a subject off a complaint ({@link OversightRule#mayTakeOff}). */
    static boolean mayTakeOff(Actor actor, boolean handlesTheCase) {
        return OversightRule.mayTakeOff(actor, handlesTheCase);
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
                                && OversightRule.mayTakeOff(lead, CaseAccess.canHandle(lead, apartFromSubjects)))));
        return overseers;
    }
}
