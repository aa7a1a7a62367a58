package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProductionWarningsTest {

    @Test
    void theDemoDefaultsAreEachNamedWithTheSettingThatPutsThemRight() {
        assertThat(ProductionWarnings.warnings(
                        "http://localhost:8080",
                        ProductionWarnings.DEMO_NAME,
                        ProductionWarnings.DEMO_ADDRESS,
                        "hearken@localhost"))
                .hasSize(4)
                .anySatisfy(w -> assertThat(w).startsWith("HEARKEN_PUBLIC_URL is http://localhost:8080"))
                .anySatisfy(w -> assertThat(w).startsWith("HEARKEN_ORGANISATION_NAME is the demo's"))
                .anySatisfy(w -> assertThat(w).startsWith("HEARKEN_ORGANISATION_ADDRESS is the demo's"))
                .anySatisfy(w -> assertThat(w).startsWith("HEARKEN_MAIL_FROM is hearken@localhost"));
        assertThat(ProductionWarnings.warnings("", "Borough Council", "Town Hall", ""))
                .hasSize(2);
    }

    @Test
    void anOrganisationsOwnSettingsRaiseNothing() {
        assertThat(ProductionWarnings.warnings(
                        "https://feedback.example.org",
                        "Example Borough Council",
                        "Town Hall, High Street, Example EX1 1AA",
                        "complaints@example.org"))
                .isEmpty();
    }

    @Test
    void strictStartRefusesNamingEverythingNotReadyAndOtherwiseOnlyWarns() {
        java.util.List<String> notReady = java.util.List.of("first thing.", "second thing.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProductionWarnings.report(true, notReady))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Hearken refuses to start (HEARKEN_STRICT_START is true): first thing. second thing.");
        ProductionWarnings.report(false, notReady);
        ProductionWarnings.report(true, java.util.List.of());
    }

    @Test
    void aScrapeTokenTooShortToBeAcceptedIsNamedButNoneIsFine() {
        assertThat(ProductionWarnings.metricsTokenTooShort("short-token")).isTrue();
        assertThat(ProductionWarnings.metricsTokenTooShort("x".repeat(32))).isFalse();
        assertThat(ProductionWarnings.metricsTokenTooShort("")).isFalse();
        assertThat(ProductionWarnings.metricsTokenTooShort(null)).isFalse();
    }
}
