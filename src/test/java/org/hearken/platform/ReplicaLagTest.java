package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaLagTest {

    @Test
    void saysWhetherThereIsAReplicaAndWhetherItIsUpToDate() {
        assertThat(ReplicaLag.none().text()).isEqualTo("no replica");
        assertThat(ReplicaLag.upToDate().text()).isEqualTo("up to date");
        assertThat(ReplicaLag.unreachable().text()).isEqualTo("unreachable");
        assertThat(ReplicaLag.none().secondsBehind()).isNull();
    }

    @Test
    void saysHowFarBehindInTheLargestWholeUnit() {
        assertThat(text(Duration.ofMillis(350))).isEqualTo("less than a second behind");
        assertThat(text(Duration.ofSeconds(1))).isEqualTo("1 second behind");
        assertThat(text(Duration.ofMillis(2900))).isEqualTo("2 seconds behind");
        assertThat(text(Duration.ofSeconds(119))).isEqualTo("119 seconds behind");
        assertThat(text(Duration.ofSeconds(120))).isEqualTo("2 minutes behind");
        assertThat(text(Duration.ofMinutes(119))).isEqualTo("119 minutes behind");
        assertThat(text(Duration.ofHours(2))).isEqualTo("2 hours behind");
        assertThat(text(Duration.ofHours(47))).isEqualTo("47 hours behind");
        assertThat(text(Duration.ofDays(3).plusHours(5))).isEqualTo("3 days behind");
        assertThat(ReplicaLag.behind(Duration.ofMillis(2500)).secondsBehind()).isEqualTo(2.5);
    }

    @Test
    void aClockAheadOnTheReplicaIsNoNegativeLagAndNoReplayYetIsSaid() {
        assertThat(text(Duration.ofSeconds(-3))).isEqualTo("less than a second behind");
        assertThat(ReplicaLag.behind(null).text()).isEqualTo("behind (no change replayed yet)");
        assertThat(ReplicaLag.behind(null).secondsBehind()).isNull();
    }

    private static String text(Duration d) {
        return ReplicaLag.behind(d).text();
    }
}
