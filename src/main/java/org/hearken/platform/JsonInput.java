package org.hearken.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string read from JSON passes the {@link StorableText} rule, whichever field it is in, so a request with a NUL
 * anywhere is refused with 400 naming the field instead of failing in the database. How deep a document may nest and
 * how long a string may be are Jackson's read constraints ({@code spring.jackson.factory.constraints.read.*} in
 * application.yml).
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    @Bean
    JacksonModule storableStrings() {
        return new SimpleModule("hearken-storable-text")
                .addDeserializer(String.class, new StorableStringDeserializer());
    }

    /** Jackson's own string reading (coercions included), then the rule. */
    static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            String problem = StorableText.problem(value);
            if (problem != null) {
                throw new UnstorableTextException(p, problem);
            }
            return value;
        }
    }

    /** Told apart from other bad values so that the answer quotes the rule, not the (possibly huge) value. */
    static final class UnstorableTextException extends InvalidFormatException {
        UnstorableTextException(JsonParser p, String problem) {
            super(p, problem, null, String.class);
        }
    }
}
