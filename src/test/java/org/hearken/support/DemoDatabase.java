package org.hearken.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * For tests of demo mode: Hearken in demo mode on a database of its own, which holds the demo and what these tests add
 * to it, since demo mode loads nothing into a database that holds anything else. Every test class implementing this
 * shares one application context (and so one load of the demo).
 */
public interface DemoDatabase {

    @DynamicPropertySource
    static void demoDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.url("hearken_demo"));
        registry.add("hearken.demo", () -> "true");
    }
}
