package org.hearken.correspondence;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Stores the shipped default templates as version 1 on first start, ahead of demo data that sends mail (order 10). */
@Component
@Order(2)
class TemplateStartup implements ApplicationRunner {

    private final Templates templates;

    TemplateStartup(Templates templates) {
        this.templates = templates;
    }

    @Override
    public void run(ApplicationArguments args) {
        templates.installDefaults();
    }
}
