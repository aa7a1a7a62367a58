package org.hearken.intake;

import java.util.ArrayList;
import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CasePreview;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.PreferredReply;
import org.hearken.identity.Actor;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Logging a case for a signed-in member of staff, by the API or the staff entry page. With an idempotency key, a
 * repeat of the same request (a retry, a double-submitted form) returns the case the first one created.
 */
@Service
public class CaseIntake {

    /** The case, and whether it was created by an earlier request with the same idempotency key. */
    public record Logged(CaseView view, boolean replayed) {}

    private final ApiIntake intake;
    private final CaseManagement cases;

    CaseIntake(ApiIntake intake, CaseManagement cases) {
        this.intake = intake;
        this.cases = cases;
    }

    /**
     * Logs the case (already checked against {@link CaseRequest}'s constraints by the caller).
     *
     * @throws InvalidRequestException listing what is wrong; nothing is saved then
     */
    public Logged open(CaseRequest request, Actor actor, String idempotencyKey) {
        if (idempotencyKey != null
                && (idempotencyKey.isBlank()
                        || idempotencyKey.length() > 255
                        || !idempotencyKey.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e))) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        ApiIntake.Result result;
        try {
            result = intake.open(request, actor, idempotencyKey);
        } catch (DuplicateKeyException raced) {
            if (idempotencyKey == null) {
                throw raced;
            }
            result = intake.replayAfterRace(request, actor, idempotencyKey);
        }
        return new Logged(result.view(), result.replayed());
    }

    /**
     * What logging the request now would do, or the problems that stop it: {@code preview} is null when the owner or
     * the due dates cannot be worked out (no such department, say). Missing contact details are listed among the
     * problems but do not stop the preview, so that staff see the owner and dates while they are still typing.
     */
    public record Preview(CasePreview preview, List<FieldProblem> problems) {}

    /**
     * Who would own the case and when it would be due if it were logged now, by the same checks and rules as
     * {@link #open}; nothing is saved.
     */
    public Preview preview(CaseRequest request, Actor actor) {
        List<FieldProblem> problems = new ArrayList<>();
        CaseRequest.CustomerDetails c = request.customer();
        CaseRequest.CustomerDetails given = c == null
                ? new CaseRequest.CustomerDetails("", null, null, null, null)
                : new CaseRequest.CustomerDetails(
                        c.name() == null ? "" : c.name(), c.email(), c.phone(), c.postalAddress(), c.preferredReply());
        CustomerContact contact;
        try {
            contact = intake.contactOf(given);
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
            contact = new CustomerContact(
                    given.name().strip(),
                    given.email(),
                    given.phone(),
                    given.postalAddress(),
                    given.preferredReply() == null ? PreferredReply.EMAIL : given.preferredReply());
        }
        if (request.kind() == null || request.channel() == null) {
            return new Preview(null, problems);
        }
        try {
            return new Preview(cases.preview(intake.toOpenCase(request, contact, null), actor), problems);
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
            return new Preview(null, problems);
        }
    }
}
