package org.hearken.training;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One training session of one member of staff on the complaints procedure under one service policy version.
 *
 * @param policyVersionId the stored policy version's id (as cases keep it)
 * @param policyVersion its number for people (1, 2, 3…)
 * @param current whether that version is the one in force now
 */
public record TrainingRecord(
        long id,
        String staff,
        String staffName,
        LocalDate trainedOn,
        long policyVersionId,
        int policyVersion,
        String policyName,
        boolean current,
        String note,
        Instant recordedAt,
        String recordedBy) {}
