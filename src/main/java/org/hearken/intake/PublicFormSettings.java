package org.hearken.intake;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The public feedback form ({@code hearken.public-form.*}): where its cases go, and how it keeps out spam and floods
 * without any third-party service.
 *
 * @param department       code of the department new cases go to; empty: the default department
 * @param maxPerAddress    accepted submissions from one client address within {@code window}; more are refused (429)
 * @param window           the window {@code maxPerAddress} counts over
 * @param minFillTime      a form sent sooner than this after it was shown is taken for a robot
 * @param maxFormAge       a form sent later than this after it was shown must be sent again
 * @param secret           signs the form's issued-at time and keys client-address hashes; empty: generated once and
 *                         kept in the database, shared by every instance
 * @param maxAttachments   files one submission may carry
 * @param maxAttachmentSize largest file accepted
 * @param attachmentTypes  file name extensions accepted, each checked against the file's content where it has a signature
 */
@ConfigurationProperties("hearken.public-form")
record PublicFormSettings(
        @DefaultValue("") String department,
        @DefaultValue("10") int maxPerAddress,
        @DefaultValue("PT1H") Duration window,
        @DefaultValue("PT3S") Duration minFillTime,
        @DefaultValue("PT4H") Duration maxFormAge,
        @DefaultValue("") String secret,
        @DefaultValue("3") int maxAttachments,
        @DefaultValue("5MB") DataSize maxAttachmentSize,

        @DefaultValue({"pdf", "jpg", "jpeg", "png", "gif", "txt", "doc", "docx", "odt", "rtf"})
        List<String> attachmentTypes) {

    String departmentOrNull() {
        return department == null || department.isBlank() ? null : department.strip();
    }
}
