package org.hearken;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class HearkenApplication {

    public static void main(String[] args) {
        SpringApplication.run(HearkenApplication.class, args);
    }
}
