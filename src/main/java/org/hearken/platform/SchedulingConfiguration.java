package org.hearken.platform;

import java.time.Clock;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Periodic jobs run on one instance at a time across the cluster, under {@link ClusterLocks}: a lease of 20 seconds in
 * PostgreSQL (timed by its clock), renewed while the job runs, so that a crashed instance holds up nobody for longer.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT20S")
class SchedulingConfiguration {

    @Bean
    ClusterLocks lockProvider(DataSource dataSource, Clock clock) {
        return ClusterLocks.withOwnPool(dataSource, clock);
    }
}
