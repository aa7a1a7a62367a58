package org.hearken.correspondence;

/**
 * A message written to the outbox: its row id, the Message-ID it will carry however often sending is retried, and its
 * status ({@code PENDING}, or {@code FAILED} at once when the address cannot be used).
 */
public record QueuedEmail(long id, String messageId, String status) {}
