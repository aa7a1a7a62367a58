package org.hearken.cases;

public enum RemedyStatus {
    OFFERED,
    ACCEPTED,
    DECLINED
}
