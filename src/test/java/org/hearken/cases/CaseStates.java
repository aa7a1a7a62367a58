package org.hearken.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * Case aggregate states for its unit tests, without a database: {@code aComplaint().receivedAt(t).acknowledged().build()}.
 * A complaint by e-mail, received at {@link #RECEIVED}, owned by Olive ({@link #OWNER}) in Billing ({@link #BILLING}), with a
 * two-day acknowledge target and a twenty-day respond target, unless told otherwise.
 */
final class CaseStates {

    static final Instant RECEIVED = Instant.parse("2026-03-02T09:00:00Z");
    static final Case.Team BILLING = new Case.Team(10, "BILLING", "Billing");
    static final Case.Team CLAIMS = new Case.Team(20, "CLAIMS", "Claims");
    static final Case.Person OWNER = new Case.Person(1, "olive", "Olive Owner");
    static final Case.Person CLARE = new Case.Person(2, "clare", "Clare Claims");
    static final Case.Person EVE = new Case.Person(3, "eve", "Eve Executive");
    static final Case.Person ERIC = new Case.Person(4, "eric", "Eric Executive");
    static final Case.Person SAM = new Case.Person(5, "sam", "Sam Subject");

    private FeedbackKind kind = FeedbackKind.COMPLAINT;
    private Channel channel = Channel.EMAIL;
    private Instant receivedAt = RECEIVED;
    private CaseStatus status = CaseStatus.RECEIVED;
    private Case.Person owner = OWNER;
    private Case.Team department = BILLING;
    private Case.Referral referral;
    private Instant acknowledgeBy = RECEIVED.plus(Duration.ofDays(2));
    private Instant acknowledgedAt;
    private Instant firstResponseBy;
    private Instant respondBy = RECEIVED.plus(Duration.ofDays(20));
    private Instant respondByOriginal = respondBy;
    private Instant respondCompletedAt;
    private StageOutcome respondOutcome;
    private Instant respondedAt;
    private Instant expectedBy;
    private boolean expectedByGiven;
    private Outcome outcome;
    private String category;
    private Instant closedAt;
    private int reopenCount;
    private Case.Review review;
    private Instant reviewBy;
    private Instant reviewedAt;
    private boolean confidential;
    private boolean reviewAvailable = true;
    private boolean interimMeetsRespondTarget;
    private Procedure procedure = Procedure.NONE;
    private final List<Long> named = new ArrayList<>();
    private final List<Long> subjects = new ArrayList<>();
    private final Set<Long> handlers = new HashSet<>(Set.of(OWNER.id()));
    private final Map<Long, RemedyStatus> remedies = new HashMap<>();

    private CaseStates() {}

    static CaseStates aComplaint() {
        return new CaseStates();
    }

    static CaseStates aSuggestion() {
        CaseStates b = new CaseStates();
        b.kind = FeedbackKind.SUGGESTION;
        b.respondBy = null;
        b.respondByOriginal = null;
        return b;
    }

    static CaseStates aQuestion() {
        CaseStates b = new CaseStates();
        b.kind = FeedbackKind.QUESTION;
        return b;
    }

    CaseStates receivedAt(Instant at) {
        receivedAt = at;
        return this;
    }

    CaseStates by(Channel c) {
        channel = c;
        return this;
    }

    CaseStates acknowledgeBy(Instant due) {
        acknowledgeBy = due;
        return this;
    }

    CaseStates firstResponseBy(Instant due) {
        firstResponseBy = due;
        return this;
    }

    CaseStates respondBy(Instant due) {
        respondBy = due;
        respondByOriginal = due;
        return this;
    }

    /** A respond target moved from {@code original} to {@code due} by an extension. */
    CaseStates respondByExtended(Instant original, Instant due) {
        respondBy = due;
        respondByOriginal = original;
        return this;
    }

    /** The customer was given {@code at} as the date to expect the response (an interim response, say). */
    CaseStates expectedBy(Instant at) {
        expectedBy = at;
        expectedByGiven = true;
        return this;
    }

    CaseStates noRespondTarget() {
        return respondBy(null);
    }

    CaseStates acknowledged() {
        status = CaseStatus.ACKNOWLEDGED;
        acknowledgedAt = receivedAt.plus(Duration.ofHours(1));
        return this;
    }

    /** No acknowledgement on record, whatever else happened (a response by post, say). */
    CaseStates unacknowledged() {
        acknowledgedAt = null;
        return this;
    }

    CaseStates responded() {
        acknowledged();
        status = CaseStatus.RESPONDED;
        respondedAt = receivedAt.plus(Duration.ofDays(3));
        respondCompletedAt = respondedAt;
        respondOutcome = StageOutcome.MET;
        outcome = Outcome.UPHELD;
        return this;
    }

    CaseStates closedAt(Instant at) {
        responded();
        status = CaseStatus.CLOSED;
        closedAt = at;
        return this;
    }

    /** Closed, then reopened: its response is due again at {@code due}, counted from the reopening. */
    CaseStates reopened(Instant due) {
        acknowledged();
        reopenCount = 1;
        respondBy(due);
        return this;
    }

    CaseStates underReview(Case.Person reviewer, Instant requestedAt, Instant due) {
        closedAt(requestedAt.minus(Duration.ofDays(1)));
        status = CaseStatus.UNDER_REVIEW;
        review = new Case.Review(requestedAt, "The customer disagrees", reviewer, null);
        reviewBy = due;
        return this;
    }

    CaseStates reviewed() {
        reviewedAt = closedAt.plus(Duration.ofDays(5));
        return this;
    }

    CaseStates ownedBy(Case.Person person, Case.Team team) {
        owner = person;
        department = team;
        handlers.add(person.id());
        return this;
    }

    CaseStates referredTo(Case.Person person, Case.Team team) {
        referral = new Case.Referral(person, team, "Theirs, really", RECEIVED, OWNER.id(), OWNER.username());
        return this;
    }

    CaseStates handledBy(Case.Person person) {
        handlers.add(person.id());
        return this;
    }

    CaseStates about(Case.Person person) {
        subjects.add(person.id());
        return this;
    }

    CaseStates naming(Case.Person person) {
        named.add(person.id());
        return this;
    }

    CaseStates confidential() {
        confidential = true;
        return this;
    }

    CaseStates withRemedy(long id, RemedyStatus s) {
        remedies.put(id, s);
        return this;
    }

    CaseStates category(String code) {
        category = code;
        return this;
    }

    CaseStates noReviewUnderPolicy() {
        reviewAvailable = false;
        return this;
    }

    CaseStates interimMeetsRespondTarget() {
        interimMeetsRespondTarget = true;
        return this;
    }

    /** The case runs under a rule pack's procedure. */
    CaseStates under(Procedure p) {
        procedure = p;
        return this;
    }

    Case build() {
        List<Stage> stages = List.of(
                new Stage(Stage.Kind.ACKNOWLEDGE, receivedAt, acknowledgeBy, acknowledgeBy, acknowledgedAt, null),
                new Stage(
                        Stage.Kind.FIRST_RESPONSE, receivedAt, firstResponseBy, firstResponseBy, acknowledgedAt, null),
                new Stage(
                        Stage.Kind.RESPOND,
                        // As the repository loads it: a reopened case's response is not counted from the receipt.
                        reopenCount == 0 ? receivedAt : null,
                        respondBy,
                        respondByOriginal,
                        respondCompletedAt,
                        respondOutcome),
                new Stage(
                        Stage.Kind.REVIEW,
                        review == null ? null : review.requestedAt(),
                        reviewBy,
                        reviewBy,
                        reviewedAt,
                        null));
        return new Case(
                42,
                "HK-2026-000042",
                kind,
                channel,
                receivedAt,
                confidential,
                OWNER.id(),
                new Case.Terms(reviewAvailable || procedure.stage2(), interimMeetsRespondTarget, procedure),
                7,
                status,
                owner,
                department,
                referral,
                stages,
                acknowledgedAt == null ? null : AcknowledgementMethod.EMAIL,
                respondedAt,
                outcome,
                false,
                category,
                expectedByGiven ? expectedBy : respondBy,
                closedAt,
                reopenCount,
                review,
                Case.Improvement.NONE,
                named,
                subjects,
                handlers,
                remedies,
                List.of());
    }

    // ---- people acting ------------------------------------------------------------------------------------------

    static Actor actor(Case.Person p, Set<Role> roles, Case.Team... teams) {
        Set<Long> ids = new HashSet<>();
        for (Case.Team t : teams) {
            ids.add(t.id());
        }
        return new Actor(p.id(), p.username(), p.name(), roles, ids);
    }

    /** Olive, the owner, an agent of Billing. */
    static Actor owner() {
        return actor(OWNER, Set.of(Role.AGENT), BILLING);
    }

    static Actor agentOf(Case.Team team) {
        return actor(new Case.Person(30 + team.id(), "agent" + team.id(), "An Agent"), Set.of(Role.AGENT), team);
    }

    static Actor managerOf(Case.Team team) {
        return actor(new Case.Person(60 + team.id(), "manager" + team.id(), "A Manager"), Set.of(Role.MANAGER), team);
    }

    static Actor executive(Case.Person p) {
        return actor(p, Set.of(Role.EXECUTIVE));
    }

    static Actor outsider() {
        return actor(new Case.Person(99, "ozzy", "Ozzy Outsider"), Set.of(Role.AGENT));
    }
}
