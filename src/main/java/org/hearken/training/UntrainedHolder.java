package org.hearken.training;

import java.time.LocalDate;
import java.util.List;

/**
 * A member of staff who holds open cases but has not been trained on the policy version in force.
 *
 * @param openCases open cases they own, counting only cases the reader may see
 * @param lastTrainedOn their latest training on any version, null if never trained
 * @param lastTrainedVersion the policy version number of that training, null if never trained
 */
public record UntrainedHolder(
        String staff,
        String staffName,
        List<String> departments,
        boolean active,
        long openCases,
        LocalDate lastTrainedOn,
        Integer lastTrainedVersion) {}
