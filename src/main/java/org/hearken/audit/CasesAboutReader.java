package org.hearken.audit;

import java.util.Collection;
import java.util.Set;

/**
 * Nobody learns of a complaint about themselves, not even from the audit log: the module that owns cases tells the log
 * which of the given case references are complaints about the reader, and entries about those are withheld from them.
 */
public interface CasesAboutReader {

    /** Those of {@code references} that are recorded as being about the member of staff {@code username}. */
    Set<String> about(String username, Collection<String> references);
}
