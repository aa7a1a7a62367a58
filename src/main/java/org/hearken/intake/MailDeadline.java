package org.hearken.intake;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;

/**
 * The moment by which reading one message must be done. Every step of {@link MailParser} is linear in the size of the
 * message, so a message within the size limit is read in a fraction of a second; the budget is the second line of
 * defence, for a step that turns out slower on some input nobody foresaw.
 * <p>
 * Why a deadline that the work checks itself, rather than running the parser on another thread and giving up on it:
 * neither a regular expression nor jsoup can be interrupted, so an abandoned thread would go on burning a core for as
 * long as the input takes (hours, for the quadratic clean-up this replaced), and a few such messages would occupy
 * every thread of any bounded pool while the intake behind them stalls again. A deadline checked inside the loops
 * stops the work itself: the loops of the parser call {@link #check()}, and text that a regular expression or jsoup
 * reads goes through {@link #guard(CharSequence)} or {@link #guard(Reader)}, which check as the characters are read.
 * <p>
 * Elapsed time, not the time of day: the budget must run out even while a test holds the clock still.
 */
final class MailDeadline {

    /** No limit: for callers that parse trusted or tiny input. */
    static final MailDeadline NONE = new MailDeadline(Duration.ZERO, Long.MAX_VALUE);

    /** How many characters a guarded sequence hands out between two looks at the clock. */
    private static final int CHARS_PER_CHECK = 4096;

    /** Thrown when the budget has run out; its message says so in words an administrator can act on. */
    static final class Exceeded extends MailParser.MailFormatException {
        Exceeded(Duration budget) {
            super("Reading the message took longer than its time budget of " + seconds(budget)
                    + " (hearken.intake.mail.message-budget), so it was set aside and the messages behind it went on.");
        }
    }

    private final Duration budget;
    private final long deadline;

    private MailDeadline(Duration budget, long deadline) {
        this.budget = budget;
        this.deadline = deadline;
    }

    /** A deadline {@code budget} from now. */
    static MailDeadline after(Duration budget) {
        return new MailDeadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** Throws {@link Exceeded} once the budget has run out. */
    void check() {
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new Exceeded(budget);
        }
    }

    /** The text as it is, but reading it checks the deadline every few thousand characters. */
    CharSequence guard(CharSequence text) {
        return this == NONE ? text : new Guarded(text, this);
    }

    /** The reader as it is, but every read checks the deadline first. */
    Reader guard(Reader reader) {
        if (this == NONE) {
            return reader;
        }
        return new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                check();
                return reader.read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static String seconds(Duration budget) {
        long millis = budget.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static final class Guarded implements CharSequence {
        private final CharSequence text;
        private final MailDeadline deadline;
        private int reads;

        Guarded(CharSequence text, MailDeadline deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads == CHARS_PER_CHECK) {
                reads = 0;
                deadline.check();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Guarded(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
