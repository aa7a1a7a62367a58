package org.hearken.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.OpenCase;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerDirectory;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feedback sent with the public form becomes a case, received now through the WEB_FORM channel, in one transaction
 * with its customer record, its files, its place in the submission count and the private status link: either all of
 * it is stored or none of it.
 */
@Service
class WebFormIntake {

    /** The new case's reference and the token of its private status link. */
    record Submitted(String reference, String statusToken) {}

    /** Hearken is set up so that the form cannot take feedback now (no department or no one to own the cases). */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    private final CaseManagement cases;
    private final StatusLinks statusLinks;
    private final org.hearken.clients.Clients clients;
    private final CustomerDirectory customers;
    private final StaffDirectory directory;
    private final WebFormAccount account;
    private final SubmissionLimit limit;
    private final PublicFormSettings settings;
    private final IntakeMailRepository mail;
    private final Clock clock;

    WebFormIntake(
            CaseManagement cases,
            StatusLinks statusLinks,
            CustomerDirectory customers,
            org.hearken.clients.Clients clients,
            StaffDirectory directory,
            WebFormAccount account,
            SubmissionLimit limit,
            PublicFormSettings settings,
            IntakeMailRepository mail,
            Clock clock) {
        this.cases = cases;
        this.statusLinks = statusLinks;
        this.customers = customers;
        this.clients = clients;
        this.directory = directory;
        this.account = account;
        this.limit = limit;
        this.settings = settings;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Stores the feedback.
     *
     * @throws SubmissionLimit.Reached when the client address has sent as many forms as it may for now
     * @throws UnavailableException when there is no department with an active lead to receive the case
     */
    @Transactional
    Submitted submit(FeedbackForm.Valid feedback, List<FormAttachments.Accepted> files, String clientAddress) {
        limit.take(clientAddress);
        String department = settings.departmentOrNull();
        requireReceiver(department);
        Actor actor = account.actorFor(department)
                .orElseThrow(() -> new UnavailableException("The staff account '" + WebFormAccount.USERNAME
                        + "' is deactivated, so the form cannot log cases; reactivate it."));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Customer customer = customers.findOrCreate(feedback.contact());
        CaseView view;
        try {
            view = cases.open(
                    new OpenCase(
                                    feedback.kind(),
                                    Channel.WEB_FORM,
                                    now,
                                    feedback.subject(),
                                    feedback.description(),
                                    feedback.contact(),
                                    department,
                                    null,
                                    false,
                                    customer.id())
                            .withClient(clients.atIntake(customer, null, actor).orElse(null)),
                    actor);
        } catch (InvalidRequestException e) {
            throw new UnavailableException("The public form cannot log cases: " + e.getMessage());
        }
        long caseId = cases.idOf(view.reference(), actor);
        for (FormAttachments.Accepted file : files) {
            mail.addFile(caseId, file, CaseAttachments.Source.WEB_FORM, null, now);
        }
        return new Submitted(view.reference(), statusLinks.issue(caseId));
    }

    private void requireReceiver(String departmentCode) {
        StaffDirectory.Assignment assignment = directory
                .assignment(departmentCode, null)
                .orElseThrow(() -> new UnavailableException(
                        departmentCode == null
                                ? "No default department is set up to receive feedback from the public form."
                                : "The public form's department " + departmentCode + " does not exist."));
        if (assignment.lead() == null || !assignment.lead().active()) {
            throw new UnavailableException(
                    "The department " + assignment.department().code()
                            + " has no active lead to own cases from the public form; give it one.");
        }
    }
}
