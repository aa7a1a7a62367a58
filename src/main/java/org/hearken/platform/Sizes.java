package org.hearken.platform;

/** Sizes for people to read: "5 MB", "256 KB", "1500 bytes". */
public final class Sizes {

    private Sizes() {}

    public static String inWords(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
