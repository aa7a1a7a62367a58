package org.hearken.policy;

/** A stored policy version with its YAML text exactly as uploaded. */
public record PolicyDocument(PolicyVersionInfo info, String yaml) {}
