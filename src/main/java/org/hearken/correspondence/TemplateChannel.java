package org.hearken.correspondence;

/** How a template reaches the customer. Only e-mail is sent so far; letter templates are kept and previewed. */
public enum TemplateChannel {
    EMAIL,
    LETTER
}
