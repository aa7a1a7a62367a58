package org.hearken.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.PreferredReply;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** The body of {@code POST /api/cases}, and what the staff entry page sends through {@link CaseIntake}. */
public record CaseRequest(
        @NotNull FeedbackKind kind,
        @NotNull Channel channel,
        /* When it reached the organisation (the time of the call, the date stamp on a letter); defaults to now. */
        OffsetDateTime receivedAt,

        @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\r\\n]*", message = "must be a single line")
        String subject,

        @NotBlank @Size(max = 20000) String description,
        @NotNull @Valid CustomerDetails customer,
        @Size(max = 32) String department,
        @Size(max = 64) String owner,
        Boolean confidential,
        /* Phone or visit: the standard acknowledgement (owner and expected date) was read out during the contact. */
        Boolean acknowledgedVerbally,
        /* Phone or visit answered on the spot: the case is acknowledged, responded to and closed at once. */
        @Valid CaseCommands.FirstContactResolution resolvedAtFirstContact,
        /* Usernames of staff members the complaint is about: they will never see the case. */
        @Size(max = 10) java.util.List<@NotBlank @Size(max = 64) String> aboutStaff,
        /* One of the service policy's products (ignoring case); any line of text when the policy lists none. */
        @Size(max = 100) @Pattern(regexp = "[^\\r\\n]*", message = "must be a single line")
        String product,
        /* When the customer sent it (the date on the letter), if known; not after receivedAt. */
        OffsetDateTime sentAt,
        /* The client organisation (its id) the customer is a contact of, when staff choose it; else found by
        the customer's earlier cases or their e-mail domain. */
        Long client) {

    CaseRequest(
            FeedbackKind kind,
            Channel channel,
            OffsetDateTime receivedAt,
            String subject,
            String description,
            CustomerDetails customer,
            String department,
            String owner,
            Boolean confidential,
            Boolean acknowledgedVerbally,
            CaseCommands.FirstContactResolution resolvedAtFirstContact,
            java.util.List<String> aboutStaff,
            String product,
            OffsetDateTime sentAt) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                department,
                owner,
                confidential,
                acknowledgedVerbally,
                resolvedAtFirstContact,
                aboutStaff,
                product,
                sentAt,
                null);
    }

    CaseRequest(
            FeedbackKind kind,
            Channel channel,
            OffsetDateTime receivedAt,
            String subject,
            String description,
            CustomerDetails customer,
            String department,
            String owner,
            Boolean confidential,
            Boolean acknowledgedVerbally,
            CaseCommands.FirstContactResolution resolvedAtFirstContact,
            java.util.List<String> aboutStaff) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                department,
                owner,
                confidential,
                acknowledgedVerbally,
                resolvedAtFirstContact,
                aboutStaff,
                null,
                null);
    }

    CaseRequest(
            FeedbackKind kind,
            Channel channel,
            OffsetDateTime receivedAt,
            String subject,
            String description,
            CustomerDetails customer,
            String department,
            String owner,
            Boolean confidential,
            Boolean acknowledgedVerbally,
            CaseCommands.FirstContactResolution resolvedAtFirstContact) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                department,
                owner,
                confidential,
                acknowledgedVerbally,
                resolvedAtFirstContact,
                null,
                null,
                null);
    }

    public record CustomerDetails(
            @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\r\\n]*", message = "must be a single line")
            String name,

            @Email @Size(max = 320) String email,

            @Size(max = 40)
            @Pattern(regexp = "[+0-9 ()./-]*", message = "may contain only digits, spaces and + ( ) . / -")
            String phone,

            @Size(max = 1000) String postalAddress,
            PreferredReply preferredReply) {}
}
