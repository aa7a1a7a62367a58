package org.hearken.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearken.identity.StaffDirectory;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Demo mode never puts its accounts (password {@code demo}) into a database that holds anything but the demo: here the
 * shared test database, which holds other tests' departments, staff and cases. (On an empty database it loads the demo:
 * {@link DemoIT}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoDataIT extends IntegrationTest {

    @Autowired
    AutowireCapableBeanFactory beans;

    @Autowired
    StaffDirectory directory;

    @Test
    void demoModeOnADatabaseWithOtherDataLoadsNoDemoAccountAndSaysWhyInTheLog(CapturedOutput output) {
        department();

        beans.createBean(DemoData.class).run(new DefaultApplicationArguments());

        for (DemoData.Person person : DemoData.STAFF) {
            if (!person.username().equals("admin")) {
                assertThat(directory.staffByUsername(person.username()))
                        .as(person.username())
                        .isEmpty();
            }
        }
        assertThat(directory.departmentByCode("CS")).isEmpty();
        assertThat(output)
                .contains("ERROR")
                .contains("already holds data that is not the demo's")
                .contains("accounts with the password 'demo' are NOT loaded");
    }
}
