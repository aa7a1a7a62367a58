package org.hearken.correspondence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.policy.PackRoute;
import org.hearken.policy.RulePack;
import org.hearken.policy.ServicePolicy;

/**
 * What the rule packs of the policy in force require in the letters a template writes (docs/packs.md, "Letter
 * blocks"), and whether the template's own words already contain each block. A block the template lacks must be
 * written by staff in each answer; an answer that lacks it is refused.
 */
final class RequiredBlocks {

    /** One block a pack requires in a kind of letter, and whether the template has it. */
    record Requirement(
            String pack, String letter, String title, String clause, List<String> phrases, boolean present) {}

    private RequiredBlocks() {}

    /** The kinds of pack letter each template writes. */
    static List<String> letters(TemplateKey key) {
        return switch (key) {
            case ACKNOWLEDGEMENT -> List.of("acknowledgement");
            case EXTENSION_NOTICE -> List.of("extension", "delay-notice");
            case INTERIM_RESPONSE -> List.of("holding-response");
            case SUBSTANTIVE_RESPONSE ->
                List.of("final-response", "stage1-response", "summary-resolution", "idr-response", "not-accepted");
            case REVIEW_OUTCOME -> List.of("stage2-response");
            case SURVEY_INVITATION, MESSAGE -> List.of();
        };
    }

    static List<Requirement> of(ServicePolicy policy, TemplateKey key, String text) {
        Map<String, RulePack> packs = new LinkedHashMap<>();
        for (PackRoute r : policy.packs()) {
            packs.putIfAbsent(r.pack().id(), r.pack());
        }
        List<Requirement> result = new ArrayList<>();
        for (RulePack pack : packs.values()) {
            for (String letter : letters(key)) {
                for (RulePack.LetterBlock b : pack.letters().getOrDefault(letter, List.of())) {
                    result.add(new Requirement(
                            pack.id(),
                            letter.replace('-', ' '),
                            b.title(),
                            b.clause(),
                            b.mustContain(),
                            b.presentIn(text)));
                }
            }
        }
        return result;
    }

    /** How many required blocks {@code text} lacks. */
    static long missing(ServicePolicy policy, TemplateKey key, String text) {
        return of(policy, key, text).stream().filter(r -> !r.present()).count();
    }
}
