package org.hearken.platform;

/** Cells of the CSV files Hearken exports, made safe to open in a spreadsheet. */
public final class CsvCells {

    private CsvCells() {}

    /**
     * A cell that a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or carriage
     * return first) is prefixed with an apostrophe, so that it is shown as the text it is (CSV injection).
     */
    public static String neutralised(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
