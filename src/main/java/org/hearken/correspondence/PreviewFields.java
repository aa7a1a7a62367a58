package org.hearken.correspondence;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * The merge field values a preview renders with: those of a case the caller may open, or built-in sample values. The
 * API's preview and the template editor's live preview use the same values and the same engine.
 */
@Component
class PreviewFields {

    private final CaseManagement cases;
    private final MailSettings settings;

    PreviewFields(CaseManagement cases, MailSettings settings) {
        this.cases = cases;
        this.settings = settings;
    }

    /**
     * Every merge field in the order they are listed, from the case {@code reference} (when not blank) or the samples.
     *
     * @throws NotFoundException if there is no such case or the caller may not open it
     */
    Map<String, String> of(String reference, Actor actor) {
        Map<String, String> fields;
        if (reference != null && !reference.isBlank()) {
            long id = cases.idOfRead(reference.strip(), actor, "a template preview with its data");
            CaseFacts facts = cases.facts(id).orElseThrow(() -> new NotFoundException("No case " + reference));
            fields = new HashMap<>(MergeFields.messageSample(settings.publicUrl(), facts.reference()));
            fields.putAll(MergeFields.of(
                    facts,
                    settings.organisationName(),
                    MergeFields.statusLink(settings.publicUrl(), MergeFields.PREVIEW_TOKEN)));
            if (!fields.get("promisedDate").isEmpty()) {
                // An extension would move the date the case has now.
                fields.put("previousDate", fields.get("promisedDate"));
            }
        } else {
            fields = MergeFields.sample(settings.organisationName(), settings.publicUrl());
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        MergeFields.ALLOWED.keySet().forEach(name -> ordered.put(name, fields.getOrDefault(name, "")));
        return ordered;
    }

    /** The postal address lines of the case {@code reference} (when not blank), or sample lines. */
    java.util.List<String> address(String reference, Actor actor) {
        if (reference == null || reference.isBlank()) {
            return java.util.List.of("12 Sample Street", "Exampleton 2000");
        }
        CaseFacts facts = cases.facts(cases.idOfRead(reference.strip(), actor, "a template preview with its address"))
                .orElseThrow(() -> new NotFoundException("No case " + reference));
        return facts.customerAddress() == null
                ? java.util.List.of("(no postal address recorded)")
                : java.util.Arrays.stream(facts.customerAddress().split("[,\\n]"))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    String organisationName() {
        return settings.organisationName();
    }
}
