package org.hearken.audit;

import java.util.Collection;
import java.util.Map;

/**
 * The one visibility rule, as the audit log needs it: the module that owns cases says, for each case an entry is about,
 * whether the reader may open it. An entry about a case the reader may not open keeps its action, actor and time (the
 * log stays complete) but not the case's reference or details; an entry about a complaint about the reader is withheld
 * altogether, as nobody learns of a complaint about themselves.
 */
public interface CaseSight {

    /** How a reader may see a case named in the audit log. */
    enum Sight {
        OPEN,
        NOT_OPEN,
        ABOUT_READER
    }

    /** For each of {@code references} that names a case, how the member of staff {@code username} may see it. */
    Map<String, Sight> sight(String username, Collection<String> references);
}
