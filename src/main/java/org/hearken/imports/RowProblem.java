package org.hearken.imports;

/** What is wrong with a row, or what was noted about it: its number, the column at fault (null for the whole row). */
record RowProblem(int row, String column, String message) {

    /** "Row 12, column Received: …" */
    public String inWords() {
        return "Row " + row + (column == null ? "" : ", column " + column) + ": " + message;
    }
}
