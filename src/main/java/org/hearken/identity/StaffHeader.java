package org.hearken.identity;

import java.util.function.LongSupplier;
import org.springframework.dao.DataAccessException;

/**
 * What the header of a staff page shows beside the menu: the number of unread notices, counted when the page is
 * rendered (not for a redirect or a fragment), once per request.
 */
public final class StaffHeader {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StaffHeader.class);

    private final LongSupplier unread;
    private Long counted;

    StaffHeader(LongSupplier unread) {
        this.unread = unread;
    }

    /**
     * The signed-in member of staff's unread notices; 0 when they cannot be counted (the database is unreachable, say),
     * so that the page, or the error page saying so, still renders.
     */
    public long unreadNotices() {
        if (counted == null) {
            try {
                counted = unread.getAsLong();
            } catch (DataAccessException e) {
                log.warn("Could not count the unread notices for the header: {}", e.getMessage());
                counted = 0L;
            }
        }
        return counted;
    }
}
