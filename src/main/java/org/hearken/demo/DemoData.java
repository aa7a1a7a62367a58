package org.hearken.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.ImprovementStatus;
import org.hearken.cases.OpenCase;
import org.hearken.cases.Outcome;
import org.hearken.cases.PreferredReply;
import org.hearken.cases.RemedyType;
import org.hearken.clients.Clients;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerDirectory;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.identity.StaffDirectory;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.hearken.surveys.Surveys;
import org.hearken.training.TrainingRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a small council's worth of departments, staff and feedback on the first start in demo mode
 * ({@code --spring.profiles.active=demo}). Every demo account's password is {@code demo}; see the README.
 * <p>
 * Those accounts go only into an empty database (no staff, no departments, hence no cases). A database that already
 * holds the demo is left as it is; one that holds anything else gets nothing, and the log says why in an error, so that
 * demo mode switched on by mistake against real data never opens it to the password {@code demo}.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "hearken.demo", havingValue = "true")
class DemoData implements ApplicationRunner {

    static final String PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final ZoneId ZONE = ZoneId.of("Australia/Sydney");

    record Dept(String code, String name, String lead, boolean isDefault) {}

    record Person(String username, String fullName, Set<Role> roles, Set<String> departments) {}

    record Sample(
            FeedbackKind kind,
            Channel channel,
            String department,
            String subject,
            String description,
            String customer,
            String email,
            String phone,
            String address,
            int daysAgo,
            String time,
            String loggedBy) {}

    static final List<Dept> DEPARTMENTS = List.of(
            new Dept("CS", "Customer Service", "marcus", true),
            new Dept("PLAN", "Planning and Building", "tom", false),
            new Dept("WASTE", "Waste and Recycling", "hassan", false),
            new Dept("PARKS", "Parks and Libraries", "ben", false),
            new Dept("RATES", "Finance and Rates", "fiona", false),
            // The council's housing, as a social landlord: policies/council-england.yaml routes its complaints to the
            // Housing Ombudsman's code, and the council's other complaints to the LGSCO's.
            new Dept("HOUSING", "Housing", "hana", false));

    /** The council's business clients, the staff who look after each, and the e-mail domains they write from. */
    static final List<Clients.Draft> CLIENTS = List.of(
            new Clients.Draft("Harbourside Property Group", "olivia", "jamal", List.of("harbourside.example")),
            new Clients.Draft("Greenway Schools Trust", "ben", "nina", List.of("greenwayschools.example")),
            new Clients.Draft("Northgate Retail Park", "hassan", "grace", List.of("northgate-retail.example")));

    static final List<Person> STAFF = List.of(
            new Person("admin", "Alex Admin", Set.of(Role.ADMIN), Set.of()),
            new Person("elena", "Elena Rossi (Chief Executive)", Set.of(Role.EXECUTIVE), Set.of()),
            new Person("david", "David Okafor (Director of Services)", Set.of(Role.EXECUTIVE), Set.of()),
            new Person("marcus", "Marcus Webb", Set.of(Role.MANAGER, Role.AGENT), Set.of("CS")),
            new Person("olivia", "Olivia Grant", Set.of(Role.AGENT), Set.of("CS")),
            new Person("jamal", "Jamal Haddad", Set.of(Role.AGENT), Set.of("CS")),
            new Person("tom", "Tom Sullivan", Set.of(Role.MANAGER, Role.AGENT), Set.of("PLAN")),
            new Person("priya", "Priya Natarajan", Set.of(Role.AGENT), Set.of("PLAN")),
            new Person("hassan", "Hassan Ali", Set.of(Role.MANAGER, Role.AGENT), Set.of("WASTE")),
            new Person("grace", "Grace Liu", Set.of(Role.AGENT), Set.of("WASTE")),
            new Person("ben", "Ben Carter", Set.of(Role.MANAGER, Role.AGENT), Set.of("PARKS")),
            new Person("nina", "Nina Kowalski", Set.of(Role.AGENT), Set.of("PARKS")),
            new Person("fiona", "Fiona McLeod", Set.of(Role.MANAGER, Role.AGENT), Set.of("RATES")),
            new Person("sanjay", "Sanjay Mehta", Set.of(Role.AGENT), Set.of("RATES")),
            new Person("hana", "Hana Novak", Set.of(Role.MANAGER, Role.AGENT), Set.of("HOUSING")),
            new Person("omar", "Omar Farouk", Set.of(Role.AGENT), Set.of("HOUSING")));

    private final StaffAccounts accounts;
    private final StaffDirectory directory;
    private final CaseManagement cases;
    private final CaseLifecycle lifecycle;
    private final ServicePolicies policies;
    private final CustomerDirectory customers;
    private final Clients clients;
    private final Surveys surveys;
    private final TrainingRecords training;
    private final TransactionTemplate tx;
    private final Clock clock;

    DemoData(
            StaffAccounts accounts,
            StaffDirectory directory,
            CaseManagement cases,
            CaseLifecycle lifecycle,
            ServicePolicies policies,
            CustomerDirectory customers,
            Clients clients,
            Surveys surveys,
            TrainingRecords training,
            TransactionTemplate tx,
            Clock clock) {
        this.surveys = surveys;
        this.training = training;
        this.lifecycle = lifecycle;
        this.policies = policies;
        this.accounts = accounts;
        this.directory = directory;
        this.cases = cases;
        this.customers = customers;
        this.clients = clients;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> staff = directory.allStaff().stream()
                .map(StaffDirectory.StaffDetails::username)
                .sorted()
                .toList();
        List<String> departments = directory.departments().stream()
                .map(org.hearken.identity.Department::code)
                .sorted()
                .toList();
        if (isDemo(staff, departments)) {
            log.info("Demo data already loaded");
            return;
        }
        if (!staff.isEmpty() || !departments.isEmpty()) {
            log.error(
                    "Demo mode is on, but this database already holds data that is not the demo's ({} staff account(s): {}; "
                            + "{} department(s): {}). The demo data and its accounts with the password 'demo' are NOT loaded into it. "
                            + "Use demo mode with an empty database (its own HEARKEN_DATA_DIR or HEARKEN_DB_URL), or start without the "
                            + "demo profile.",
                    staff.size(),
                    sample(staff),
                    departments.size(),
                    sample(departments));
            return;
        }
        tx.executeWithoutResult(status -> load());
        log.info(
                "Demo data loaded: {} departments, {} staff, {} client organisations, {} cases. Sign in as olivia / demo (agent), "
                        + "marcus / demo (manager), elena / demo (executive) or admin / demo (administrator).",
                DEPARTMENTS.size(),
                STAFF.size(),
                CLIENTS.size(),
                DemoCases.SAMPLES.size());
    }

    /** Every demo account and department is there (anything added to the demo since is the demo's users' business). */
    private static boolean isDemo(List<String> staff, List<String> departments) {
        return staff.containsAll(STAFF.stream().map(Person::username).toList())
                && departments.containsAll(DEPARTMENTS.stream().map(Dept::code).toList());
    }

    private static String sample(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", …";
    }

    private static String leadOf(String department) {
        return DEPARTMENTS.stream()
                .filter(d -> d.code().equals(department))
                .findFirst()
                .orElseThrow()
                .lead();
    }

    private void load() {
        for (Dept d : DEPARTMENTS) {
            accounts.createDepartment(d.code(), d.name(), d.isDefault());
        }
        for (Person p : STAFF) {
            accounts.createStaff(new StaffAccounts.NewStaff(
                    p.username(),
                    p.fullName(),
                    p.username() + "@metart.example",
                    PASSWORD,
                    p.roles(),
                    p.departments()));
        }
        for (Dept d : DEPARTMENTS) {
            accounts.setDepartmentLead(d.code(), d.lead());
        }
        Actor admin = directory.actorFor("admin").orElseThrow();
        for (Clients.Draft client : CLIENTS) {
            clients.create(client, admin);
        }
        LocalDate today = clock.instant().atZone(ZONE).toLocalDate();
        List<Closed> closed = new ArrayList<>();
        for (Sample s : DemoCases.SAMPLES) {
            // Front-line staff log cases in their own department; cases for another department are logged by its lead.
            Actor actor = directory
                    .actorFor(s.loggedBy())
                    .filter(a -> a.belongsTo(directory
                            .departmentByCode(s.department())
                            .orElseThrow()
                            .id()))
                    .or(() -> directory.actorFor(leadOf(s.department())))
                    .orElseThrow();
            Instant received = today.minusDays(s.daysAgo())
                    .atTime(LocalTime.parse(s.time()))
                    .atZone(ZONE)
                    .toInstant();
            if (received.isAfter(clock.instant())) {
                received = clock.instant().minusSeconds(600);
            }
            PreferredReply reply = s.email() != null
                    ? PreferredReply.EMAIL
                    : s.phone() != null ? PreferredReply.PHONE : PreferredReply.POST;
            CustomerContact contact = new CustomerContact(s.customer(), s.email(), s.phone(), s.address(), reply);
            Customer customer = customers.findOrCreate(contact);
            CaseView opened = cases.open(
                    new OpenCase(
                                    s.kind(),
                                    s.channel(),
                                    received,
                                    s.subject(),
                                    s.description(),
                                    contact,
                                    s.department(),
                                    null,
                                    false,
                                    customer.id())
                            .withClient(clients.atIntake(customer, null, actor).orElse(null)),
                    actor);
            if (progress(s, opened)) {
                closed.add(new Closed(opened.reference(), actor));
            }
        }
        surveys(closed);
        training(today);
    }

    private record Closed(String reference, Actor actor) {}

    /** What the demo's customers answered, in the order their cases closed; the last ones have not answered yet. */
    static final List<DemoAnswer> ANSWERS = List.of(
            new DemoAnswer(5, "Quick and friendly, thank you."),
            new DemoAnswer(4, null),
            new DemoAnswer(2, "It took two letters before anyone called me back."),
            new DemoAnswer(5, "Exactly what I needed."),
            new DemoAnswer(3, "Fine in the end, but I had to explain it all twice."));

    record DemoAnswer(int rating, String comment) {}

    /**
     * The closed cases' survey invitations go out at once (instead of after the usual delay) and most customers with an
     * e-mail address answer; customers without one are recorded as not invited.
     */
    private void surveys(List<Closed> closed) {
        int answered = 0;
        for (Closed c : closed) {
            Optional<String> token = surveys.inviteNow(cases.idOf(c.reference(), c.actor()));
            if (token.isPresent() && answered < ANSWERS.size()) {
                DemoAnswer a = ANSWERS.get(answered++);
                surveys.answer(token.get(), a.rating(), a.comment());
            }
        }
    }

    /**
     * Some leads were trained on the procedure in force, one on it weeks ago; the others hold cases untrained, so the
     * training report has something to show.
     */
    private void training(LocalDate today) {
        Actor admin = directory.actorFor("admin").orElseThrow();
        training.record(
                new TrainingRecords.NewTraining("marcus", today.minusDays(20), null, "Complaints procedure induction"),
                admin);
        training.record(
                new TrainingRecords.NewTraining("olivia", today.minusDays(20), null, "Complaints procedure induction"),
                admin);
        training.record(
                new TrainingRecords.NewTraining("hassan", today.minusDays(6), null, "Refresher with the waste team"),
                admin);
        training.record(
                new TrainingRecords.NewTraining("grace", today.minusDays(6), null, "Refresher with the waste team"),
                admin);
    }

    /** Moves older demo cases along their lifecycle so that every screen and report has something to show; true when it closed the case. */
    private boolean progress(Sample s, CaseView c) {
        Actor owner = directory.actorFor(c.owner().id()).orElseThrow();
        String ref = c.reference();
        // Under a rule pack whose response counts from the acknowledgement, a complaint has no response date yet.
        boolean needsResponse = c.respondBy() != null || c.pack() != null;
        AcknowledgementMethod via = acknowledgementVia(s.channel());
        if (s.daysAgo() == 0 && via != AcknowledgementMethod.VERBAL) {
            return false;
        }
        // Acknowledged as a good team would: during the call, or within a couple of hours of a written message.
        Instant at = c.receivedAt()
                .toInstant()
                .plus(via == AcknowledgementMethod.VERBAL ? Duration.ofMinutes(3) : Duration.ofHours(2));
        at = at.isAfter(clock.instant()) ? clock.instant() : at;
        c = lifecycle.acknowledge(
                ref, null, new CaseCommands.Acknowledge(via, at.atOffset(java.time.ZoneOffset.UTC), null), owner);
        if (s.subject().startsWith("Accessible parking")) {
            lifecycle.refer(
                    ref,
                    null,
                    new CaseCommands.Refer(
                            "PARKS",
                            null,
                            "The customer asked about the library car park, which Parks and Libraries manage."),
                    owner);
            return false;
        }
        if (!needsResponse) {
            // Suggestions and compliments need no response: acknowledged, they are closed (suggestions go to policy
            // review).
            lifecycle.close(
                    ref, null, new CaseCommands.Close("Acknowledged and passed on for the policy review."), owner);
            if (s.kind() == FeedbackKind.SUGGESTION && owner.has(Role.MANAGER)) {
                lifecycle.recordImprovement(
                        ref,
                        null,
                        new CaseCommands.RecordImprovement(
                                ImprovementStatus.UNDER_CONSIDERATION, "On the agenda of the next policy review."),
                        owner);
            }
            return true;
        }
        if (s.subject().startsWith("No reply about my development application")
                && (c.pack() == null || c.respondBy().toInstant().isAfter(clock.instant()))) {
            // Under a rule pack an extension is only possible before the due date.
            var calendar = policies.active().policy().calendar();
            LocalDate due = c.respondBy().atZoneSameInstant(calendar.zone()).toLocalDate();
            lifecycle.extend(
                    ref,
                    null,
                    new CaseCommands.Extend(
                            calendar.plusBusinessDays(due, 3),
                            "the assessing planner is on leave until next week",
                            AcknowledgementMethod.EMAIL,
                            null),
                    owner);
            return false;
        }
        if (needsResponse && s.daysAgo() >= 5) {
            Outcome outcome = s.kind() == FeedbackKind.COMPLAINT ? Outcome.PARTLY_UPHELD : Outcome.RESOLVED;
            lifecycle.respond(
                    ref,
                    null,
                    new CaseCommands.Respond(
                            s.email() != null ? AcknowledgementMethod.EMAIL : AcknowledgementMethod.LETTER,
                            "We looked into what happened and spoke to the team involved.",
                            "We have fixed the problem and written to explain what we changed."
                                    + (c.pack() == null
                                            ? ""
                                            : " If you are not satisfied with this answer, you can ask for your"
                                                    + " complaint to go to stage 2 of our complaints procedure; you"
                                                    + " need not say why."),
                            outcome,
                            null,
                            outcome == Outcome.PARTLY_UPHELD
                                    ? List.of(new CaseCommands.RemedyInput(
                                            RemedyType.APOLOGY, "Written apology", null, null))
                                    : null,
                            category(s.department())),
                    owner);
            lifecycle.close(ref, null, new CaseCommands.Close(null), owner);
            return true;
        }
        return false;
    }

    /** The root cause the demo files each department's responses under. */
    private static String category(String department) {
        return switch (department) {
            case "PLAN" -> "DELAY";
            case "WASTE" -> "SERVICE_QUALITY";
            case "RATES" -> "BILLING";
            case "PARKS" -> "ACCESS";
            default -> "COMMUNICATION";
        };
    }

    private static AcknowledgementMethod acknowledgementVia(Channel channel) {
        return switch (channel) {
            case PHONE, IN_PERSON -> AcknowledgementMethod.VERBAL;
            case POSTAL -> AcknowledgementMethod.LETTER;
            case EMAIL, WEB_FORM, API -> AcknowledgementMethod.EMAIL;
        };
    }
}
