package org.hearken.correspondence;

/** A file sent to the customer with a message: a copy, kept with the message whatever becomes of the case's files. */
public record OutgoingFile(String filename, String contentType, byte[] data) {}
